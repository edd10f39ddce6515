"""``python -m storage`` as an operator runs it: a real subprocess against the test database."""

import os
import subprocess
import sys
import uuid

from storage.config import PROJECT_ROOT


def run_storage(database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_FORMAT": "json"}
    return subprocess.run([sys.executable, "-m", "storage", *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_migrate_is_idempotent_from_the_command_line(fresh_database_url):
    first = run_storage(fresh_database_url, "migrate")
    assert first.returncode == 0, first.stderr
    assert "0001_extensions_schemas" in first.stdout
    second = run_storage(fresh_database_url, "migrate")
    assert second.returncode == 0
    assert second.stdout.strip() == "applied 0 migration(s)"


async def test_demo_user_with_balance_gets_a_meal_card(database_url, pg_pool, demo_data):
    external_id = f"cli-{uuid.uuid4().hex[:8]}"
    result = run_storage(database_url, "demo-user", "--platform", "kakao", "--external-id", external_id,
                         "--balance", "4200")
    assert result.returncode == 0, result.stderr
    user_id = int(result.stdout.strip())
    balance = await pg_pool.fetchval("SELECT balance FROM chatbot.foodcard_users WHERE user_id = $1", user_id)
    assert balance == 4200
    again = run_storage(database_url, "demo-user", "--platform", "kakao", "--external-id", external_id,
                        "--balance", "9000")
    assert int(again.stdout.strip()) == user_id
    assert await pg_pool.fetchval("SELECT balance FROM chatbot.foodcard_users WHERE user_id = $1", user_id) == 9000


def test_seed_demo_twice_changes_nothing_the_second_time(database_url, demo_data):
    result = run_storage(database_url, "seed-demo")
    assert result.returncode == 0, result.stderr
    assert "shops +0 ~0, menus +0 ~0 -0" in result.stdout


def test_without_database_url_it_says_so():
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run([sys.executable, "-m", "storage", "migrate"], cwd=PROJECT_ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "DATABASE_URL" in result.stderr
