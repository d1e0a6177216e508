"""A local doccano 1.8.4: its own virtualenv, an isolated DOCCANO_HOME, the web server and the worker.

doccano pins Django, pydantic 2 and friends that clash with the project's own environment, so it
lives in `.venv-doccano` and is only ever run as a program. `serve` starts two processes, each the
leader of its own process group, and records their PIDs in DOCCANO_HOME; `stop` ends exactly
those groups. Without the worker (`doccano task`) the server accepts uploads and exports but never
runs them. The web server is doccano's gunicorn started by `launcher.py` with an explicit address
(see lockdown.py); the admin's password reaches doccano on stdin, never on a command line.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import DoccanoSettings, InstallFailed, ServerStartFailed
from .lockdown import (
    CHILD_UMASK,
    bind_address,
    logs_folder,
    make_home,
    probe_host,
    probe_url,
    refuse_unsafe,
    secret_key,
)

DOCCANO_REQUIREMENTS = ("doccano==1.8.4", "marshmallow<4", "numpy<2")
DOCCANO_VERSION = "1.8.4"
PROCESSES = ("webserver", "task")
INSTALL_TIMEOUT = 1800
INIT_TIMEOUT = 300
LAUNCHER = Path(__file__).with_name("launcher.py")
# Variables doccano must not see: a database or broker set for something else on this machine, and
# zhibiao's own password, which the server never needs (the admin's is set once, through stdin).
WITHHELD = {"DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE", "VIRTUAL_ENV", "PYTHONPATH",
            "SECRET_KEY", "ZHIBIAO_DOCCANO_PASSWORD"}


@dataclass
class ServeResult:
    url: str
    bind: str = ""
    tightened: list[str] = field(default_factory=list)
    started: list[str] = field(default_factory=list)
    already_running: list[str] = field(default_factory=list)
    installed: bool = False


# ---------------------------------------------------------------- installation

def doccano_program(settings: DoccanoSettings) -> Path:
    return settings.venv / "bin" / "doccano"


def installed_version(settings: DoccanoSettings) -> str | None:
    python = settings.venv / "bin" / "python"
    if not (python.exists() and doccano_program(settings).exists()):
        return None
    probe = subprocess.run(
        [str(python), "-c", "import importlib.metadata as m; print(m.version('doccano'))"],
        capture_output=True, text=True, timeout=60,
    )
    return probe.stdout.strip() if probe.returncode == 0 else None


def ensure_installed(settings: DoccanoSettings, python: str = sys.executable) -> bool:
    """Create the doccano virtualenv when it is missing or holds another version; True if it installed."""
    if installed_version(settings) == DOCCANO_VERSION:
        return False
    log = logs_folder(settings) / "install.log"
    steps = [
        [python, "-m", "venv", str(settings.venv)],
        [str(settings.venv / "bin" / "python"), "-m", "pip", "install", "--quiet", *DOCCANO_REQUIREMENTS],
    ]
    with log.open("a", encoding="utf-8") as handle:
        for step in steps:
            handle.write(f"$ {' '.join(step)}\n")
            handle.flush()
            try:
                done = subprocess.run(step, stdout=handle, stderr=subprocess.STDOUT, timeout=INSTALL_TIMEOUT)
            except (OSError, subprocess.TimeoutExpired) as err:
                raise InstallFailed(f"cannot install doccano into {settings.venv}: {err}") from None
            if done.returncode != 0:
                raise InstallFailed(f"installing doccano into {settings.venv} failed: {last_line(log)} (full log: {log})")
    if installed_version(settings) != DOCCANO_VERSION:
        raise InstallFailed(f"{settings.venv} still has no doccano {DOCCANO_VERSION} after installing (log: {log})")
    return True


def last_line(path: Path) -> str:
    lines = [line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


# ---------------------------------------------------------------- processes

def doccano_environment(settings: DoccanoSettings) -> dict[str, str]:
    """The environment of doccano's processes: everything it stores stays under DOCCANO_HOME."""
    environment = {key: value for key, value in os.environ.items() if key not in WITHHELD}
    home = settings.home.resolve()
    environment.update({
        "DOCCANO_HOME": str(home),
        "DATABASE_URL": f"sqlite:///{home / 'db.sqlite3'}",
        "MEDIA_ROOT": str(home / "media"),
        "DEBUG": "False",
        "SECRET_KEY": secret_key(settings),  # else doccano signs sessions with the key published in its source
    })
    return environment


def doccano_python(settings: DoccanoSettings) -> Path:
    return settings.venv / "bin" / "python"


def command_line(settings: DoccanoSettings, name: str, workers: int = 2) -> list[str]:
    """The argument vector of each doccano process, as `ps` shows it: no password in any.

    `-I` keeps the launcher's own folder (zhibiao/doccano, with a cli.py and a server.py) off doccano's path.
    """
    return {
        "webserver": [str(doccano_python(settings)), "-I", str(LAUNCHER), "webserver",
                      "--bind", bind_address(settings), "--workers", str(workers)],
        "task": [str(doccano_program(settings)), "task", "--concurrency", "1"],
        "init": [str(doccano_program(settings)), "init"],
        "createadmin": [str(doccano_python(settings)), "-I", str(LAUNCHER), "createadmin",
                        settings.username, settings.email],
    }[name]


def pid_file(settings: DoccanoSettings, name: str) -> Path:
    return settings.home / f"{name}.pid"


def log_file(settings: DoccanoSettings, name: str) -> Path:
    return settings.home / "logs" / f"{name}.log"


def is_alive(pid: int) -> bool:
    try:
        # Reap it first if it is our own finished child (the test fixture starts servers in-process).
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    if stat.exists():
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except (OSError, IndexError):
            return True
    return True


def is_doccano_process(pid: int) -> bool:
    """Guards against a recycled PID: the process must still be a doccano program."""
    cmdline = Path(f"/proc/{pid}/cmdline")
    if not cmdline.exists():
        return True  # no /proc to ask: trust the PID file
    try:
        arguments = cmdline.read_bytes()
    except OSError:
        return False
    # Empty while the process is between fork and exec: too early to tell, and too early to be recycled.
    return not arguments or b"doccano" in arguments


def running_pid(settings: DoccanoSettings, name: str) -> int | None:
    path = pid_file(settings, name)
    try:
        pid = int(path.read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if is_alive(pid) and is_doccano_process(pid) else None


def run_doccano(settings: DoccanoSettings, name: str, what: str, stdin: str = "") -> None:
    log = logs_folder(settings) / "init.log"
    arguments = command_line(settings, name)
    with log.open("a", encoding="utf-8") as handle:
        handle.write(f"$ {' '.join(arguments)}\n")
        handle.flush()
        try:
            done = subprocess.run(arguments, input=stdin, text=True, stdout=handle, stderr=subprocess.STDOUT,
                                  env=doccano_environment(settings), timeout=INIT_TIMEOUT, umask=CHILD_UMASK,
                                  check=False)
        except subprocess.TimeoutExpired:
            raise ServerStartFailed(f"doccano's {name} ({what}) took over {INIT_TIMEOUT} s (log: {log})") from None
    if done.returncode != 0:
        raise ServerStartFailed(f"doccano's {name} ({what}) failed: {last_line(log)} (log: {log})")


def initialise(settings: DoccanoSettings) -> None:
    """Create or migrate the database and (re)set the admin account from the settings; both idempotent."""
    make_home(settings)
    run_doccano(settings, "init", "database set-up")
    run_doccano(settings, "createadmin", "admin account", stdin=settings.password + "\n")


def start_process(settings: DoccanoSettings, name: str, workers: int = 2) -> int:
    log = logs_folder(settings) / f"{name}.log"
    with log.open("a", encoding="utf-8") as handle:
        process = subprocess.Popen(
            command_line(settings, name, workers), stdout=handle, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, env=doccano_environment(settings), cwd=settings.home, umask=CHILD_UMASK,
            start_new_session=True,  # its own process group: stop() ends it and all its children, nothing else
        )
    pid_file(settings, name).write_text(f"{process.pid}\n")
    return process.pid


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def answers(url: str) -> bool:
    import requests

    try:
        requests.get(f"{url}/v1/projects", timeout=2)
    except requests.RequestException:
        return False
    return True


def wait_until_answering(settings: DoccanoSettings, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if answers(probe_url(settings)):
            return
        if running_pid(settings, "webserver") is None:
            log = log_file(settings, "webserver")
            raise ServerStartFailed(f"the doccano web server exited while starting: {last_line(log)} (log: {log})")
        time.sleep(0.5)
    raise ServerStartFailed(
        f"doccano did not answer at {probe_url(settings)} within {timeout:.0f} s "
        f"(log: {log_file(settings, 'webserver')})"
    )


def serve(settings: DoccanoSettings, start_timeout: float = 120, worker: bool = True, workers: int = 2) -> ServeResult:
    """Install if needed, initialise, start the web server and the worker, and wait until it answers."""
    refuse_unsafe(settings)
    local = probe_host(settings) in {"127.0.0.1", "localhost"}
    result = ServeResult(url=settings.url if local else probe_url(settings), bind=bind_address(settings))
    result.tightened = make_home(settings)
    result.installed = ensure_installed(settings)
    wanted = [name for name in PROCESSES if worker or name != "task"]
    running = {name for name in wanted if running_pid(settings, name)}
    if "webserver" not in running and port_in_use(settings.port, probe_host(settings)):
        raise ServerStartFailed(f"port {settings.port} is already in use by another program; "
                                f"set ZHIBIAO_DOCCANO_URL to another port")
    if len(running) < len(wanted):
        initialise(settings)
    for name in wanted:
        if name in running:
            result.already_running.append(name)
        else:
            start_process(settings, name, workers)
            result.started.append(name)
    wait_until_answering(settings, start_timeout)
    if worker and running_pid(settings, "task") is None:
        log = log_file(settings, "task")
        raise ServerStartFailed(f"the doccano worker exited while starting: {last_line(log)} (log: {log})")
    return result


def stop_process(settings: DoccanoSettings, name: str, grace: float = 15) -> bool:
    """End the process group recorded for `name`; True if something was running."""
    pid = running_pid(settings, name)
    pid_file(settings, name).unlink(missing_ok=True)
    if pid is None:
        return False
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return True
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            if not is_alive(pid):
                return True
            time.sleep(0.2)
    return True


def stop(settings: DoccanoSettings, names: tuple[str, ...] = PROCESSES) -> list[str]:
    """Stop the processes `serve` started (worker first, so no task is cut off by a missing server)."""
    return [name for name in reversed(names) if stop_process(settings, name)]


def status(settings: DoccanoSettings) -> dict[str, int | None]:
    return {name: running_pid(settings, name) for name in PROCESSES}
