"""A usage error (unknown option or command, missing argument, bad value) as one line on stderr, exit code 2,
instead of the usage text and the boxed panel typer prints over several lines."""

from __future__ import annotations

import typer
from typer.core import TyperGroup

try:  # typer from 0.2x on parses with a copy of click of its own
    from typer._click import exceptions as _click_errors  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    from click import exceptions as _click_errors  # type: ignore[no-redef]

UsageError = _click_errors.UsageError
# the help printed when a group is run without a command (click ≥ 8.2 raises it as a usage error): kept as it is
_HELP = getattr(_click_errors, "NoArgsIsHelpError", ())


def one_line(err, ctx) -> str:
    """`error: <command>: <click's message>; see <command> --help`, on one line. An error click raises without
    its command's context (`Option '--out' requires an argument`) names the command the group was running."""
    if err.ctx is not None:
        command = err.ctx.command_path
    else:
        command = " ".join(filter(None, [ctx.command_path, ctx.invoked_subcommand]))
    return f"error: {command}: {' '.join(err.format_message().split()).rstrip('.')}; see {command} --help"


class OneLineUsageErrors(TyperGroup):
    """The app's group: a usage error of the group, or of any command or sub-group (parsed inside the group's
    invoke), is `one_line`."""

    def parse_args(self, ctx, args):
        try:
            return super().parse_args(ctx, args)
        except _HELP:
            raise
        except UsageError as err:
            _exit(err, ctx)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except _HELP:
            raise
        except UsageError as err:
            _exit(err, ctx)


def _exit(err, ctx) -> None:
    typer.echo(one_line(err, ctx), err=True)
    raise typer.Exit(err.exit_code)
