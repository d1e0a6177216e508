"""Run by doccano's own Python (in .venv-doccano), never imported by zhibiao: stdlib and doccano only.

`python launcher.py webserver --bind HOST:PORT [gunicorn options]` starts doccano 1.8.4's gunicorn
as `doccano webserver` does (backend/cli.py `run_on_nix`), except that the address is ours: doccano
hard-codes 0.0.0.0 there. `python launcher.py createadmin USERNAME EMAIL` creates or updates the
admin with the password read from the first line of stdin, where `doccano createuser` would take it
as `--password`, visible to every user of the machine in `ps`.
"""

import sys

# The imports inside the functions exist only in doccano's virtualenv, hence the type: ignore comments.


def doccano_setup():
    """Import doccano's CLI module for its side effects: DOCCANO_HOME, the settings module and sys.path."""
    from backend import cli  # type: ignore[import-not-found]

    return cli


def webserver(arguments: list[str]) -> None:
    cli = doccano_setup()
    from gunicorn.app.wsgiapp import WSGIApplication  # type: ignore[import-untyped]

    # doccano's own options (chdir to its backend, output captured into the log, level info); ours set the bind.
    sys.argv = ["doccano-webserver", "--chdir", cli.base, "--capture-output", "--log-level", "info",
                *arguments, "config.wsgi"]
    WSGIApplication("%(prog)s [OPTIONS]").run()


def createadmin(username: str, email: str) -> None:
    doccano_setup()
    import django  # type: ignore[import-not-found]
    from django.core import management  # type: ignore[import-not-found]

    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        sys.exit("no password on stdin")
    django.setup()
    management.call_command("create_admin", "--noinput", username=username, password=password, email=email)


def main() -> None:
    command, *arguments = sys.argv[1:] or [""]
    if command == "webserver":
        webserver(arguments)
    elif command == "createadmin" and len(arguments) == 2:
        createadmin(*arguments)
    else:
        sys.exit("usage: launcher.py webserver --bind HOST:PORT [gunicorn options] | createadmin USERNAME EMAIL")


if __name__ == "__main__":
    main()
