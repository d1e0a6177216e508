"""A usage error (unknown option or command, missing argument, bad value, an empty path) as one line on stderr,
exit code 2, instead of the usage text and the boxed panel typer prints over several lines."""

from __future__ import annotations

import typer
from typer.core import TyperGroup

try:  # typer from 0.2x on parses with a copy of click of its own
    from typer._click import exceptions as _click_errors  # type: ignore[attr-defined]
    from typer.models import TyperPath as _PathType  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    from click import Path as _PathType  # type: ignore[assignment]
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
    invoke), is `one_line`. Every path parameter of every command refuses an empty value (`non_empty_paths`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        non_empty_paths(self)

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


def non_empty_paths(command) -> None:
    """Give every path parameter of `command` and its sub-commands the validator `_refuse_empty` (before any
    validator of its own). An empty path (`--out ""`, an unset shell variable) is read as `.`, the working folder:
    `clean --out ""` wrote its corpus there, `validate ""` read every file of it."""
    for param in command.params:
        if isinstance(param.type, _PathType) and not getattr(param.callback, "refuses_empty", False):
            param.callback = _refuse_empty(param.callback)
    for sub in getattr(command, "commands", {}).values():
        non_empty_paths(sub)


def _refuse_empty(own):
    def check(ctx, param, value):
        values = value if isinstance(value, (list, tuple)) else [value]
        if any(item is not None and not str(item).strip() for item in values):
            raise _click_errors.BadParameter("an empty path; give a file or folder", ctx=ctx, param=param)
        return own(ctx, param, value) if own is not None else value

    check.refuses_empty = True  # type: ignore[attr-defined]
    return check
