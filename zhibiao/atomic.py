"""Write a file so that it is either wholly replaced or left as it was, never half-written or emptied."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


class OutputError(Exception):
    """An output that cannot be written (a folder in its place, a file where its folder goes, no permission);
    the message names the path, for a one-line error."""


_ANY_WRITE = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


def unwritable(path: Path) -> str | None:
    """Why no file can be written at `path` (a message naming the path), or None."""
    path = Path(path)
    if path.is_dir():
        return f"{path}: is a folder; give a file name"
    if path.is_symlink() and not path.exists() and Path(os.path.realpath(path)).is_symlink():
        return f"{path}: a symlink loop; give a file path"
    if path.exists() and not path.is_file():
        # a FIFO, socket or device (such as /dev/null): the replacement would put a regular file in its place,
        # and as root destroy a system device
        return f"{path}: not a regular file; give a file path"
    if _read_only(path):
        return f"{path}: is read-only; make it writable or give another file"
    return _folder_problem(path.parent, path)


def _read_only(path: Path) -> bool:
    """Whether the file at `path` has no owner-write bit: someone protected it. Mode bits, not os.access, since
    root's os.access says yes and the replacement (a new file moved over it) would silently drop the protection."""
    try:
        return path.is_file() and not path.stat().st_mode & stat.S_IWUSR
    except OSError:
        return False


def output_folder(path: Path) -> Path:
    """Create the folder `path` (and its parents); OutputError naming the file in the way or the permission lacking."""
    path = Path(path)
    if problem := _folder_problem(path, path):
        raise OutputError(problem)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"{path}: cannot create the folder ({err.strerror or err})") from None
    return path


def folder_problem(path: Path) -> str | None:
    """Why `path` cannot be made a folder to write in (output_folder's OutputError message), without making it."""
    return _folder_problem(Path(path), Path(path))


def _folder_problem(folder: Path, needed_by: Path) -> str | None:
    """Why `folder` cannot be (made) a folder to write in for `needed_by`: a file in its place or in the place of
    one of its parents, or a folder that is not writable; None when it can."""
    existing = next((f for f in (folder, *folder.parents) if f.exists() or f.is_symlink()), None)
    if existing is None:
        return None
    if not existing.is_dir():
        return (f"{existing}: is a file, not a folder" if existing == needed_by
                else f"{existing}: is a file, but {needed_by} needs it to be a folder")
    # a folder nobody may write in is protected, even from root, whose os.access says yes
    if not os.access(existing, os.W_OK | os.X_OK) or not existing.stat().st_mode & _ANY_WRITE:
        return f"{existing}: cannot write in this folder (permission denied)"
    return None


@contextmanager
def replacing(*paths: Path) -> Iterator[list[Path]]:
    """Temporary paths beside `paths` to write; all of them replace their targets only if the block ends
    without an exception, otherwise every temporary file is removed and the targets stay as they were.
    A target that cannot be written raises OutputError before anything is written."""
    targets = [_through_links(Path(path)) for path in paths]
    temporary = []
    try:
        for path in targets:
            if problem := unwritable(path):
                raise OutputError(problem)
            output_folder(path.parent)
            try:
                handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=f".tmp{path.suffix}", dir=path.parent)
            except OSError as err:
                raise OutputError(f"{path}: cannot write ({err.strerror or err})") from None
            os.close(handle)
            temporary.append(Path(name))
            os.chmod(name, 0o600)  # the writer reopens it by name: writable whatever the umask took from mkstemp's mode
        try:
            yield temporary
        except OSError as err:
            if (named := _failed_target(err, targets, temporary)) is None:
                raise  # not the writing (an input the block reads): its caller says what it is
            raise OutputError(f"{named}: cannot write ({err.strerror or err}); left as it was") from None
        for path, written in zip(targets, temporary):
            try:
                # the target's mode only now that the file is written: a mode without write bits before would
                # stop the writing itself
                os.chmod(written, _mode(path))
                os.replace(written, path)
            except OSError as err:
                raise OutputError(f"{path}: cannot write ({err.strerror or err})") from None
    finally:
        for written in temporary:
            written.unlink(missing_ok=True)


# What a write into a temporary file raises when the disk, the quota or the file system fails it: the write names
# no file then, so the errno says it was the writing.
_WRITE_FAILURES = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS}


def _failed_target(err: OSError, targets: list[Path], temporary: list[Path]) -> str | None:
    """The target(s) a write failure in the block was writing (by the temporary file it names, else all of them),
    or None when the OSError is not about writing them."""
    written = {os.fspath(path): target for path, target in zip(temporary, targets)}
    if err.filename is not None and os.fspath(err.filename) in written:
        return str(written[os.fspath(err.filename)])
    if err.errno in _WRITE_FAILURES and err.filename is None:
        return ", ".join(map(str, targets))
    return None


def _through_links(path: Path) -> Path:
    """The file a symlink leads to, to be replaced in its place: replacing the link itself would leave the file
    the user meant as it was, and the link gone. A path without links is kept as given, for messages."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _mode(path: Path) -> int:
    """The mode `path` keeps (it exists) or would get from open() (the umask), not mkstemp's private 0600."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)  # the only way to read it
        os.umask(umask)
        return 0o666 & ~umask
