"""``make run`` as a newcomer runs it: no DATABASE_URL, no REDIS_URL. The launcher starts embedded servers, the
web server, a worker and the scheduler; /readyz answers 200; Ctrl-C stops everything, nothing is left."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import psutil

from storage.config import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_ready(url: str, process: subprocess.Popen, timeout: float = 120) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the launcher exited early"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status
        except OSError:
            time.sleep(0.5)
    raise AssertionError("the bot did not become ready")


def test_make_run_starts_everything_on_embedded_servers_and_ctrl_c_stops_it(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(NAVIYAM_VAR_DIR=str(tmp_path / "var"), PORT=str(port), LOG_FORMAT="json", PYTHONUNBUFFERED="1")
    launcher = subprocess.Popen([sys.executable, "-m", "bot.launch"], cwd=PROJECT_ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True)
    try:
        assert wait_for_ready(f"http://127.0.0.1:{port}/readyz", launcher) == 200
        names = " ".join(" ".join(p.cmdline()) for p in psutil.Process(launcher.pid).children(recursive=True))
        assert "rq worker" in names and "workers.scheduler" in names and "-m bot" in names
    finally:
        os.killpg(launcher.pid, signal.SIGINT)
        output, _ = launcher.communicate(timeout=60)
    assert "Chat page:" in output
    leftovers = [p for p in psutil.process_iter(["cmdline"])
                 if any(str(tmp_path) in part for part in (p.info["cmdline"] or []))]
    assert leftovers == []
