"""The `zhibiao` command line: one typer app; each module registers its commands on it with `@app.command`."""

from ..doccano.cli import agreement_command, doccano_app
from . import corpus, evaluation, extraction, panel  # noqa: F401  (register their commands)
from .app import app

app.add_typer(doccano_app, name="doccano")
app.command("agreement")(agreement_command)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
