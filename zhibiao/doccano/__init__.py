"""doccano for the annotators: a local server, the project set-up, push, pull and merge.

Settings come from the environment so that project.yml, the CLI and the tests share them:

| variable | default | what |
|---|---|---|
| ZHIBIAO_DOCCANO_URL | http://127.0.0.1:8000 | where the server answers; `serve` listens on its port |
| ZHIBIAO_DOCCANO_HOST | 127.0.0.1 | the address `serve` listens on (`serve --host`); others need an own password |
| ZHIBIAO_DOCCANO_USER | admin | the admin account `serve` creates and the client logs in as |
| ZHIBIAO_DOCCANO_PASSWORD | zhibiao-local | its password: a local default only, refused on any address but loopback |
| ZHIBIAO_DOCCANO_EMAIL | admin@example.com | the admin's e-mail (doccano requires one) |
| ZHIBIAO_DOCCANO_PROJECT | zhibiao | name of the doccano project |
| ZHIBIAO_DOCCANO_HOME | <root>/.doccano | database, uploads, logs and PID files of the local server |
| ZHIBIAO_DOCCANO_VENV | <root>/.venv-doccano | virtualenv with doccano 1.8.4 (it conflicts with the project's deps) |
| ZHIBIAO_DOCCANO_TIMEOUT | 120 | seconds to wait for the doccano worker to run an import or export |

<root> is the nearest folder upwards from the working directory with a project.yml or pyproject.toml.
The password only ever travels through the environment and stdin, never a command line.
"""

from __future__ import annotations

import ipaddress
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlparse

DEFAULT_URL = "http://127.0.0.1:8000"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_USER = "admin"
DEFAULT_PASSWORD = "zhibiao-local"
DEFAULT_EMAIL = "admin@example.com"
DEFAULT_PROJECT = "zhibiao"
DEFAULT_TASK_TIMEOUT = 120.0
# Published in zhibiao's docs and doccano's: anyone who can reach the server could log in with them.
PUBLISHED_PASSWORDS = frozenset({DEFAULT_PASSWORD, "password"})


class DoccanoError(Exception):
    """Anything a user can cause or fix; the CLI prints it as one `error: ...` line."""


class ServerUnreachable(DoccanoError):
    pass


class AuthenticationFailed(DoccanoError):
    pass


class WorkerTimeout(DoccanoError):
    pass


class ProjectNotFound(DoccanoError):
    pass


class ProjectMismatch(DoccanoError):
    pass


class LabelMismatch(DoccanoError):
    pass


class BadSpan(DoccanoError):
    pass


class UploadRejected(DoccanoError):
    pass


class ExportUnreadable(DoccanoError):
    pass


class PreannotatorMissing(DoccanoError):
    pass


class ServerStartFailed(DoccanoError):
    pass


class InstallFailed(DoccanoError):
    pass


class UnsafeSettings(DoccanoError):
    pass


def project_root(start: Path | None = None) -> Path:
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / "project.yml").exists() or (folder / "pyproject.toml").exists():
            return folder
    return start


@dataclass(frozen=True)
class DoccanoSettings:
    url: str = DEFAULT_URL
    host: str = DEFAULT_HOST
    username: str = DEFAULT_USER
    password: str = DEFAULT_PASSWORD
    email: str = DEFAULT_EMAIL
    project: str = DEFAULT_PROJECT
    home: Path = Path(".doccano")
    venv: Path = Path(".venv-doccano")
    task_timeout: float = DEFAULT_TASK_TIMEOUT

    def __post_init__(self) -> None:
        # checked here, once for the environment and the command's options, not when a request fails on it
        if problem := url_problem(self.url):
            raise DoccanoError(f"ZHIBIAO_DOCCANO_URL (or --url) {self.url!r}: {problem}")
        if not (math.isfinite(self.task_timeout) and self.task_timeout > 0):
            raise DoccanoError(f"ZHIBIAO_DOCCANO_TIMEOUT must be a number of seconds above 0, not {self.task_timeout!r}")

    @property
    def port(self) -> int:
        parsed = urlparse(self.url)
        return parsed.port or (443 if parsed.scheme == "https" else 80)

    @property
    def loopback_only(self) -> bool:
        """True if only this machine can reach the address `serve` listens on."""
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False  # a host name: it may resolve to any interface

    def but(self, **changes) -> "DoccanoSettings":
        return replace(self, **changes)


def url_problem(url: str) -> str | None:
    """Why the server's address is none (`localhost:8000` without http://, a port that is no number), or None."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        return "must be http://host:port or https://host:port"
    try:
        parsed.port
    except ValueError:
        return "the port must be a number from 1 to 65535"
    return None


def settings_from_env(given: Mapping[str, str] | None = None, root: Path | None = None) -> DoccanoSettings:
    environ = os.environ if given is None else given
    root = root or project_root()
    return DoccanoSettings(
        url=environ.get("ZHIBIAO_DOCCANO_URL", DEFAULT_URL).rstrip("/"),
        host=environ.get("ZHIBIAO_DOCCANO_HOST", DEFAULT_HOST),
        username=environ.get("ZHIBIAO_DOCCANO_USER", DEFAULT_USER),
        password=environ.get("ZHIBIAO_DOCCANO_PASSWORD", DEFAULT_PASSWORD),
        email=environ.get("ZHIBIAO_DOCCANO_EMAIL", DEFAULT_EMAIL),
        project=environ.get("ZHIBIAO_DOCCANO_PROJECT", DEFAULT_PROJECT),
        home=Path(environ.get("ZHIBIAO_DOCCANO_HOME", root / ".doccano")),
        venv=Path(environ.get("ZHIBIAO_DOCCANO_VENV", root / ".venv-doccano")),
        task_timeout=_seconds(environ.get("ZHIBIAO_DOCCANO_TIMEOUT", DEFAULT_TASK_TIMEOUT)),
    )


def _seconds(value) -> float:
    try:
        return float(value)
    except ValueError:
        raise DoccanoError(f"ZHIBIAO_DOCCANO_TIMEOUT must be a number of seconds, not {value!r}") from None
