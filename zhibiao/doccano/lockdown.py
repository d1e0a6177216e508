"""What keeps the local doccano private: its address, its home's permissions and its SECRET_KEY.

doccano 1.8.4 out of the box listens on every interface, signs sessions with the SECRET_KEY
published in its source, and leaves `db.sqlite3` readable by every user of the machine. Here the
server listens on loopback unless the user names another address, a published password is refused
on any other, the home is 0700 and the database and key 0600, and the key is random per home.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from . import PUBLISHED_PASSWORDS, DoccanoSettings, ServerStartFailed, UnsafeSettings

HOME_MODE = 0o700
FILE_MODE = 0o600
# Everything doccano's processes create (database journals, uploads, exports) is private as well.
CHILD_UMASK = 0o077
SECRET_KEY_FILE = "secret_key"
DATABASE_FILE = "db.sqlite3"
WILDCARDS = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}


def refuse_unsafe(settings: DoccanoSettings) -> None:
    if not settings.host.strip():
        raise UnsafeSettings("the address to listen on is empty: give --host or ZHIBIAO_DOCCANO_HOST an address")
    if not settings.loopback_only and settings.password in PUBLISHED_PASSWORDS:
        raise UnsafeSettings(f"refusing to listen on {settings.host} with the published default password: "
                             f"set ZHIBIAO_DOCCANO_PASSWORD to a password of your own first")


def bind_address(settings: DoccanoSettings) -> str:
    host = settings.host
    return f"[{host}]:{settings.port}" if ":" in host else f"{host}:{settings.port}"


def probe_host(settings: DoccanoSettings) -> str:
    """Where this machine reaches the server: loopback when it listens on every interface."""
    return WILDCARDS.get(settings.host, settings.host)


def probe_url(settings: DoccanoSettings) -> str:
    host = probe_host(settings)
    return f"http://[{host}]:{settings.port}" if ":" in host else f"http://{host}:{settings.port}"


def make_home(settings: DoccanoSettings) -> list[str]:
    """Create the home 0700 (and its database 0600); tighten them if looser. Returns what was tightened."""
    home = settings.home
    notes = []
    if not home.exists():
        home.mkdir(parents=True)
        home.chmod(HOME_MODE)
    elif mode(home) & 0o077:
        # Only a folder that is doccano's own is changed; a shared one is the user's to decide.
        if any(home.iterdir()) and not (home / DATABASE_FILE).exists():
            raise ServerStartFailed(f"{home} is open to other users (mode {mode(home):04o}) and is not a doccano home: "
                                    f"set ZHIBIAO_DOCCANO_HOME to a folder of its own")
        notes.append(tighten(home, HOME_MODE))
    database = home / DATABASE_FILE
    if not database.exists():
        # Created empty so that sqlite keeps this mode; its journals copy it.
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    elif mode(database) & 0o077:
        notes.append(tighten(database, FILE_MODE))
    return notes


def secret_key(settings: DoccanoSettings) -> str:
    """The home's own random SECRET_KEY, written 0600 on first use."""
    make_home(settings)
    path = settings.home / SECRET_KEY_FILE
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(50) + "\n")
    elif mode(path) & 0o077:
        tighten(path, FILE_MODE)
    key = path.read_text(encoding="ascii").strip()
    if not key:
        raise ServerStartFailed(f"{path} is empty: delete it and a new key is made (every login then ends)")
    return key


def logs_folder(settings: DoccanoSettings) -> Path:
    make_home(settings)
    folder = settings.home / "logs"
    folder.mkdir(mode=HOME_MODE, exist_ok=True)
    return folder


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def tighten(path: Path, wanted: int) -> str:
    before = mode(path)
    path.chmod(wanted)
    return f"{path}: permissions {before:04o} -> {wanted:04o} (other users could read it)"
