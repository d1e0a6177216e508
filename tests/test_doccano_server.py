"""Process bookkeeping of the local doccano server, without starting one."""

import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from zhibiao.cli import app
from zhibiao.doccano import (
    DoccanoSettings,
    ServerStartFailed,
    server,
    settings_from_env,
)
from zhibiao.doccano.lockdown import (
    bind_address,
    make_home,
    mode,
    refuse_unsafe,
    secret_key,
)
from zhibiao.doccano.server import (
    LAUNCHER,
    command_line,
    doccano_environment,
    pid_file,
    running_pid,
    status,
    stop,
)


def settings_in(tmp_path):
    return DoccanoSettings(url="http://127.0.0.1:8999", home=tmp_path / "home", venv=tmp_path / "venv")


def test_stop_with_nothing_started(tmp_path):
    assert stop(settings_in(tmp_path)) == []


def test_stale_pid_file_is_not_running_and_is_removed_by_stop(tmp_path):
    settings = settings_in(tmp_path)
    settings.home.mkdir(parents=True)
    pid_file(settings, "webserver").write_text("999999999\n")
    assert running_pid(settings, "webserver") is None
    assert stop(settings) == []
    assert not pid_file(settings, "webserver").exists()


def test_a_recycled_pid_of_another_program_is_never_stopped(tmp_path):
    settings = settings_in(tmp_path)
    settings.home.mkdir(parents=True)
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"], start_new_session=True)
    try:
        pid_file(settings, "task").write_text(f"{other.pid}\n")
        assert running_pid(settings, "task") is None
        assert stop(settings) == []
        assert other.poll() is None  # still alive
    finally:
        other.kill()
        other.wait()


def test_stop_ends_the_whole_process_group_it_recorded(tmp_path):
    settings = settings_in(tmp_path)
    settings.home.mkdir(parents=True)
    # A stand-in whose command line names doccano, with a child in its process group.
    script = tmp_path / "doccano-standin.py"
    script.write_text("import subprocess, sys, time\n"
                      "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
                      "time.sleep(60)\n")
    leader = subprocess.Popen([sys.executable, str(script)], start_new_session=True)
    pid_file(settings, "webserver").write_text(f"{leader.pid}\n")
    assert status(settings)["webserver"] == leader.pid
    assert stop(settings) == ["webserver"]
    assert leader.wait(timeout=5) is not None
    group_alive = subprocess.run(["pgrep", "-g", str(leader.pid)], capture_output=True, text=True).stdout.split()
    assert group_alive == []
    assert status(settings) == {"webserver": None, "task": None}


def test_doccano_environment_is_isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://elsewhere/db")
    monkeypatch.setenv("CELERY_BROKER_URL", "amqp://elsewhere")
    environment = doccano_environment(settings_in(tmp_path))
    home = (tmp_path / "home").resolve()
    assert environment["DOCCANO_HOME"] == str(home)
    assert environment["DATABASE_URL"] == f"sqlite:///{home / 'db.sqlite3'}"
    assert "CELERY_BROKER_URL" not in environment
    assert os.environ["DATABASE_URL"] == "postgres://elsewhere/db"


# ---------------------------------------------------------------- locked down

PASSWORD = "a-password-of-our-own"


def recording(calls):
    def record(arguments, **options):
        calls.append((arguments, options))
        return subprocess.CompletedProcess(arguments, 0)
    return record


def test_the_server_listens_on_loopback_unless_asked(tmp_path):
    settings = settings_in(tmp_path).but(password=PASSWORD)
    assert settings_from_env({}, tmp_path).host == "127.0.0.1"
    assert command_line(settings, "webserver")[-4:] == ["--bind", "127.0.0.1:8999", "--workers", "2"]
    assert settings_from_env({"ZHIBIAO_DOCCANO_HOST": "0.0.0.0"}, tmp_path).host == "0.0.0.0"
    assert bind_address(settings.but(host="0.0.0.0")) == "0.0.0.0:8999"
    assert bind_address(settings.but(host="::1")) == "[::1]:8999"
    assert [settings.but(host=h).loopback_only for h in ("127.0.0.1", "127.0.0.2", "::1", "localhost")] == [True] * 4
    assert [settings.but(host=h).loopback_only for h in ("0.0.0.0", "::", "192.168.1.5", "annotate.lan")] == [False] * 4


def test_no_command_line_holds_the_password(tmp_path):
    settings = settings_in(tmp_path).but(password=PASSWORD)
    for name in ("webserver", "task", "init", "createadmin"):
        assert not any(PASSWORD in argument for argument in command_line(settings, name)), name


def test_initialise_sends_the_password_on_stdin_only(tmp_path, monkeypatch):
    monkeypatch.setenv("ZHIBIAO_DOCCANO_PASSWORD", PASSWORD)
    monkeypatch.setenv("SECRET_KEY", "inherited-from-elsewhere")
    settings = settings_in(tmp_path).but(password=PASSWORD)
    calls = []
    monkeypatch.setattr(server.subprocess, "run", recording(calls))
    server.initialise(settings)
    assert calls[0][0][1:] == ["init"]
    assert calls[1][0][1:] == ["-I", str(LAUNCHER), "createadmin", "admin", "admin@example.com"]
    assert calls[1][1]["input"] == PASSWORD + "\n"
    key = (settings.home / "secret_key").read_text().strip()
    for arguments, options in calls:
        assert PASSWORD not in " ".join(arguments)
        assert PASSWORD not in " ".join(options["env"].values())  # not even in doccano's environment
        assert options["env"]["SECRET_KEY"] == key
        assert options["umask"] == 0o077
    assert PASSWORD not in (settings.home / "logs" / "init.log").read_text()


def test_the_web_server_gets_an_explicit_loopback_bind(tmp_path, monkeypatch):
    settings = settings_in(tmp_path).but(password=PASSWORD)
    started = []

    class Process:
        pid = 4242

        def __init__(self, arguments, **options):
            started.append((arguments, options))

    monkeypatch.setattr(server.subprocess, "Popen", Process)
    assert server.start_process(settings, "webserver") == 4242
    [(arguments, options)] = started
    assert arguments[1:] == ["-I", str(LAUNCHER), "webserver", "--bind", "127.0.0.1:8999", "--workers", "2"]
    assert "0.0.0.0" not in " ".join(arguments)
    assert options["start_new_session"] and options["umask"] == 0o077
    assert options["env"]["SECRET_KEY"] == secret_key(settings)
    assert (mode(settings.home), mode(settings.home / "logs")) == (0o700, 0o700)  # a fresh home made private


def test_a_published_password_is_refused_on_any_address_but_loopback(tmp_path):
    home, venv = tmp_path / "home", tmp_path / "venv"
    environment = {"ZHIBIAO_DOCCANO_HOME": str(home), "ZHIBIAO_DOCCANO_VENV": str(venv)}
    for host in ("0.0.0.0", "192.168.1.5", "annotate.lan"):
        for password in (None, "password"):
            env = environment | ({"ZHIBIAO_DOCCANO_PASSWORD": password} if password else {})
            result = CliRunner().invoke(app, ["doccano", "serve", "--host", host], env=env)
            assert result.exit_code == 1, result.output
            assert result.output.strip().splitlines()[-1] == (
                f"error: refusing to listen on {host} with the published default password: "
                "set ZHIBIAO_DOCCANO_PASSWORD to a password of your own first")
    assert not home.exists() and not venv.exists()  # refused before installing or creating anything
    environment["ZHIBIAO_DOCCANO_HOST"] = "0.0.0.0"
    result = CliRunner().invoke(app, ["doccano", "serve"], env=environment)
    assert "error: refusing to listen on 0.0.0.0" in result.output
    refuse_unsafe(settings_in(tmp_path).but(host="0.0.0.0", password=PASSWORD))  # a password of one's own: allowed
    refuse_unsafe(settings_in(tmp_path).but(host="::1"))  # loopback: the local default is fine


def test_home_database_and_key_are_private(tmp_path):
    settings = settings_in(tmp_path)
    assert make_home(settings) == []
    assert mode(settings.home) == 0o700
    assert mode(settings.home / "db.sqlite3") == 0o600
    key = secret_key(settings)
    assert mode(settings.home / "secret_key") == 0o600
    assert len(key) >= 50 and secret_key(settings) == key  # made once, then kept
    other = settings_in(tmp_path / "other")
    make_home(other)
    assert secret_key(other) != key  # random per home, never doccano's published default


def test_a_home_left_open_is_tightened_and_said_so(tmp_path):
    settings = settings_in(tmp_path)
    settings.home.mkdir(mode=0o755)
    settings.home.chmod(0o755)
    (settings.home / "db.sqlite3").write_text("")
    (settings.home / "db.sqlite3").chmod(0o644)
    notes = make_home(settings)
    assert notes == [f"{settings.home}: permissions 0755 -> 0700 (other users could read it)",
                     f"{settings.home / 'db.sqlite3'}: permissions 0644 -> 0600 (other users could read it)"]
    assert (mode(settings.home), mode(settings.home / "db.sqlite3")) == (0o700, 0o600)


def test_a_shared_folder_is_not_taken_over(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    (shared / "notes.txt").write_text("someone else's")
    with pytest.raises(ServerStartFailed, match="is open to other users .mode 0755. and is not a doccano home"):
        make_home(settings_in(tmp_path).but(home=shared))
    assert mode(shared) == 0o755 and not (shared / "db.sqlite3").exists()
