"""The `zhibiao` command line: one typer app; each module registers its commands on it with `@app.command`."""

from . import corpus, doccano, evaluation, extraction, panel  # noqa: F401  (register their commands)
from .app import app


def main() -> None:
    app()


if __name__ == "__main__":
    main()
