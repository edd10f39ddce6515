"""Settings read once from the environment (and a `.env` file) at start, then passed in.

Nothing here runs at import time: call :func:`load_settings` from an entry point.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_log_format() -> str:
    return "console" if sys.stderr.isatty() else "json"


@dataclass(frozen=True)
class Settings:
    """Everything a process of the bot needs to know about its surroundings (CONTRACTS §3)."""

    database_url: str | None = None
    redis_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 8080
    tz_name: str = "Asia/Seoul"
    line_channel_secret: str | None = field(default=None, repr=False)
    line_channel_access_token: str | None = field(default=None, repr=False)
    line_api_base_url: str = "https://api.line.me"
    kakao_skill_secret: str | None = field(default=None, repr=False)
    kakao_bot_id: str | None = None
    kakao_rest_api_key: str | None = field(default=None, repr=False)
    kakao_event_api_url: str = "https://bot-api.kakao.com"
    operator_token: str | None = field(default=None, repr=False)
    embedding_model: str | None = None
    log_format: str = "json"
    pseudonym_secret: str = field(default="naviyam-dev-pseudonym-key", repr=False)
    var_dir: Path = PROJECT_ROOT / "var"

    @property
    def line_enabled(self) -> bool:
        return bool(self.line_channel_secret and self.line_channel_access_token)

    @property
    def kakao_push_enabled(self) -> bool:
        return bool(self.kakao_bot_id and self.kakao_rest_api_key)

    def with_services(self, database_url: str, redis_url: str) -> Settings:
        return replace(self, database_url=database_url, redis_url=redis_url)


def _read_dotenv(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    from dotenv import dotenv_values

    return {k: v for k, v in dotenv_values(path).items() if v is not None}


def load_settings(environ: dict[str, str] | None = None, dotenv_path: Path | None = None) -> Settings:
    """Build :class:`Settings` from ``environ`` (default ``os.environ``) over a ``.env`` file."""
    env = _read_dotenv(dotenv_path or PROJECT_ROOT / ".env")
    env.update(os.environ if environ is None else environ)

    def get(name: str, default: str | None = None) -> str | None:
        value = env.get(name)
        return value if value not in (None, "") else default

    return Settings(
        database_url=get("DATABASE_URL"),
        redis_url=get("REDIS_URL"),
        host=get("HOST", "127.0.0.1") or "127.0.0.1",
        port=int(get("PORT", "8080") or 8080),
        tz_name=get("TZ_NAME", "Asia/Seoul") or "Asia/Seoul",
        line_channel_secret=get("LINE_CHANNEL_SECRET"),
        line_channel_access_token=get("LINE_CHANNEL_ACCESS_TOKEN"),
        line_api_base_url=get("LINE_API_BASE_URL", "https://api.line.me") or "",
        kakao_skill_secret=get("KAKAO_SKILL_SECRET"),
        kakao_bot_id=get("KAKAO_BOT_ID"),
        kakao_rest_api_key=get("KAKAO_REST_API_KEY"),
        kakao_event_api_url=get("KAKAO_EVENT_API_URL", "https://bot-api.kakao.com") or "",
        operator_token=get("OPERATOR_TOKEN"),
        embedding_model=get("EMBEDDING_MODEL"),
        log_format=get("LOG_FORMAT") or _default_log_format(),
        pseudonym_secret=get("PSEUDONYM_SECRET", "naviyam-dev-pseudonym-key") or "",
        var_dir=Path(get("NAVIYAM_VAR_DIR") or PROJECT_ROOT / "var"),
    )
