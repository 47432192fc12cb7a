from __future__ import annotations

import hashlib
import os

from bootstrap import constants as C


def state_dir() -> str:
    """Our own state: manifests and lock files."""
    env = os.environ.get(C.ENV_HOME)
    if env:
        return os.path.abspath(env)
    import platformdirs

    return str(platformdirs.user_state_path('bootstrap-tools'))


def key(*parts: str) -> str:
    """A short stable file name for a tuple of paths or names."""
    digest = hashlib.sha256('\0'.join(parts).encode()).hexdigest()
    return digest[:24]


def lock_path(directory: str) -> str:
    real = os.path.realpath(directory)
    return os.path.join(state_dir(), 'locks', f'{key(real)}.lock')


def manifest_path(project: str, tool: str, root: str) -> str:
    name = key(os.path.realpath(project), tool, os.path.realpath(root))
    return os.path.join(state_dir(), 'manifests', f'{tool}-{name}.json')


def display(path: str, home: str, project: str | None = None) -> str:
    """`~/x` under the home directory, `x` under the project."""
    if project and path.startswith(project.rstrip(os.sep) + os.sep):
        return os.path.relpath(path, project)
    home = home.rstrip(os.sep)
    if path == home:
        return '~'
    if path.startswith(home + os.sep):
        return '~' + path[len(home) :]
    return path
