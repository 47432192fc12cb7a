from __future__ import annotations

import os
import sys

from bootstrap import constants as C


def state_dir() -> str:
    """Our own state: manifests, locks, journals. Linux and macOS are
    computed here as platformdirs does (importing it costs more than the
    no-op fast path may take); other systems ask platformdirs."""
    env = os.environ.get(C.ENV_HOME)
    if env:
        return os.path.abspath(env)
    if sys.platform.startswith('linux'):
        base = os.environ.get('XDG_STATE_HOME', '')
        if not base.strip():
            base = os.path.expanduser('~/.local/state')
        return os.path.join(base, 'bootstrap-tools')
    if sys.platform == 'darwin':  # pragma: no cover (not this OS)
        return os.path.expanduser(
            '~/Library/Application Support/bootstrap-tools'
        )
    import platformdirs  # pragma: no cover (not this OS)

    return str(platformdirs.user_state_path('bootstrap-tools'))


def key(*parts: str) -> str:
    """A short stable file name for a tuple of paths or names."""
    import hashlib

    digest = hashlib.sha256('\0'.join(parts).encode()).hexdigest()
    return digest[:24]


def lock_path(directory: str) -> str:
    real = os.path.realpath(directory)
    return os.path.join(state_dir(), 'locks', f'{key(real)}.lock')


def manifest_path(project: str, tool: str, scope: str, root: str) -> str:
    """One per (project, tool, scope, root): with HOME inside the project
    the two scopes' roots can be one folder."""
    name = key(os.path.realpath(project), tool, scope, os.path.realpath(root))
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
