"""Process bookkeeping of the local doccano server, without starting one."""

import os
import subprocess
import sys

from zhibiao.doccano import DoccanoSettings
from zhibiao.doccano.server import doccano_environment, pid_file, running_pid, status, stop


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
