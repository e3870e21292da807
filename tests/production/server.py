"""A real gunicorn on a free 127.0.0.1 port, and a small JSON client for it (used by tests and bench)."""
from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
DEMO_PASSWORD = "Demo@2025"
TEST_APP = "service:create_app('service.config.TestConfig')"
PROD_APP = "service:create_app()"
# The production app refuses to start without real secrets: each test run makes its own.
RUN_SECRETS = {"SECRET_KEY": secrets.token_hex(32), "KEY_PASSPHRASE": secrets.token_hex(32)}


def _env(database_url: str, extra: dict | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VANBAN_TEST_", "WEB_CONCURRENCY"))}
    env.update(DATABASE_URL=database_url, FLASK_APP="service:create_app", PYTHONUNBUFFERED="1")
    for name, value in RUN_SECRETS.items():
        env.setdefault(name, value)
    env.update(extra or {})
    return env


def run_flask(database_url: str, *args: str, env: dict | None = None) -> str:
    """Run a `flask …` command against DATABASE_URL; raise with its output when it fails."""
    proc = subprocess.run([str(VENV_BIN / "flask"), *args], cwd=REPO, env=_env(database_url, env),
                          capture_output=True, text=True, timeout=300, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """`with Gunicorn(url, workers=2) as g: g.base` — started with gunicorn.conf.py, stopped in all cases.

    The combined stdout/stderr (app JSON logs, gunicorn's own log) is kept in `log_path`."""

    def __init__(self, database_url: str, *, workers: int = 2, app: str = PROD_APP, env: dict | None = None,
                 log_path: Path | None = None, timeout: int = 30) -> None:
        self.database_url = database_url
        self.workers = workers
        self.app = app
        self.extra_env = dict(env or {})
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_path) if log_path else None
        self.timeout = timeout
        self.proc: subprocess.Popen | None = None
        self._log = None

    def start(self) -> Gunicorn:
        env = _env(self.database_url, {"WEB_CONCURRENCY": str(self.workers),
                                       "BIND": f"127.0.0.1:{self.port}", **self.extra_env})
        self._log = open(self.log_path, "wb") if self.log_path else subprocess.DEVNULL
        self.proc = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-c", str(REPO / "gunicorn.conf.py"), "--timeout", str(self.timeout),
             self.app], cwd=REPO, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}; log: {self.log_text()[-3000:]}")
            try:
                if requests.get(self.base + "/readyz", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("gunicorn did not become ready in 60 s")

    def worker_pids(self) -> list[int]:
        out = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True, check=False)
        return [int(p) for p in out.stdout.split()]

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        if self._log not in (None, subprocess.DEVNULL):
            self._log.close()
            self._log = None

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path and self.log_path.exists() else ""

    def __enter__(self) -> Gunicorn:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()


class Client:
    """One signed-in person talking JSON to a live server (its own HTTP session, like a browser tab)."""

    def __init__(self, base: str, username: str | None = None, password: str = DEMO_PASSWORD) -> None:
        self.base = base
        self.http = requests.Session()
        self.http.trust_env = False
        self.username = username
        if username:
            r = self.http.post(base + "/api/auth/token", json={"username": username, "password": password}, timeout=30)
            assert r.status_code == 201, (r.status_code, r.text[:300])
            self.token = r.json()["token"]
            self.http.headers["Authorization"] = f"Bearer {self.token}"

    def get(self, path: str, **kw) -> requests.Response:
        return self.http.get(self.base + path, timeout=60, **kw)

    def post(self, path: str, json=None, **kw) -> requests.Response:
        return self.http.post(self.base + path, json=json, timeout=60, **kw)

    def put(self, path: str, json=None, **kw) -> requests.Response:
        return self.http.put(self.base + path, json=json, timeout=60, **kw)

    def complete(self, doc: dict, data: dict | None = None) -> requests.Response:
        return self.post(f"/api/documents/{doc['id']}/tasks/{doc['task_id']}", json=data or {})


def ok(r: requests.Response, status: int = 200) -> dict:
    assert r.status_code == status, (r.status_code, r.text[:500])
    return r.json()
