"""Before-images of a run in progress, so that a run killed at any
instant (kill -9, power loss) is repaired by the next one.

Written, and flushed, before the first change to a tool's files; removed
after the manifest is written. A journal found at the start of a run
belongs to a dead run (we hold the tool's lock): its before-images are
put back, then the new run starts from the state before the dead one.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os

from bootstrap import fs
from bootstrap import paths
from bootstrap.fs import TMP_SUFFIX


def directory(root: str) -> str:
    return os.path.join(
        paths.state_dir(),
        'journal',
        paths.key(os.path.realpath(root)),
    )


def pending(root: str) -> bool:
    """Did a run die here? Its journal, or the temp file of a journal
    it was still writing, is left in the folder a finished run removes."""
    return os.path.isdir(directory(root))


Before = tuple[str, bytes | None | fs.Unread]  # path, bytes if known


def _image(path: str, data: bytes | None | fs.Unread) -> dict[str, object]:
    if isinstance(data, fs.Unread):
        data = fs.read_bytes(path)
    if data is None:
        return {'path': path, 'data': None}
    st = os.stat(path)
    return {
        'path': path,
        'data': base64.b64encode(data).decode(),
        'mode': st.st_mode & 0o7777,
        'times': [st.st_atime_ns, st.st_mtime_ns],
    }


def write(
    root: str,
    files: list[Before],
    mkdirs: tuple[str, ...],
    rmdirs: tuple[str, ...],
) -> None:
    """Record how `files` and the directories are now: each file's
    bytes as the caller read them under the lock, or read here."""
    d = directory(root)
    os.makedirs(d, exist_ok=True)
    data = {
        'pid': os.getpid(),
        'files': [_image(p, before) for p, before in files],
        'mkdirs': list(mkdirs),
        'rmdirs': list(rmdirs),
    }
    fs.write_atomic(
        os.path.join(d, 'journal.json'), json.dumps(data).encode(), 0o600
    )


def clear(root: str) -> None:
    """Remove the journal folder: its journal and any temp file of one,
    with plain removes (shutil costs an import); rmtree for the rest."""
    d = directory(root)
    try:
        names = os.listdir(d)
    except OSError:
        return
    if not os.path.islink(d):  # what rmtree would not follow either
        for name in names:
            with contextlib.suppress(OSError):
                os.remove(os.path.join(d, name))
        with contextlib.suppress(OSError):
            os.rmdir(d)
            return
    import shutil

    shutil.rmtree(d, ignore_errors=True)


def _temp_files(path: str) -> list[str]:
    import glob

    pattern = os.path.join(
        glob.escape(os.path.dirname(path)),
        f'.{glob.escape(os.path.basename(path))}.*{TMP_SUFFIX}',
    )
    return glob.glob(pattern)


def recover(root: str) -> list[str]:
    """Put back what a dead run changed; return what was repaired."""
    path = os.path.join(directory(root), 'journal.json')
    raw = fs.read_bytes(path)
    if raw is None:  # killed while writing it: nothing was changed yet
        clear(root)
        return []
    try:
        data = json.loads(raw)
    except ValueError:  # killed while the journal itself was written:
        clear(root)  # nothing was changed yet
        return []
    repaired = []
    for image in data['files']:
        target = image['path']
        # a symlinked file is written through: its temp file lies
        # beside the file the link points to
        for tmp in {*_temp_files(target), *_temp_files(fs.target(target))}:
            with contextlib.suppress(FileNotFoundError):
                os.remove(tmp)
        before = image['data']
        now = fs.read_bytes(target)
        if before is None:
            if now is not None:
                os.remove(target)
                repaired.append(target)
            continue
        old = base64.b64decode(before)
        if now != old:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            fs.write_atomic(target, old, image['mode'])
            repaired.append(target)
        os.utime(target, ns=tuple(image['times']))
    for d in data['rmdirs']:
        os.makedirs(d, exist_ok=True)
    for d in sorted(data['mkdirs'], key=len, reverse=True):
        with contextlib.suppress(OSError):
            os.rmdir(d)
    clear(root)
    return repaired
