"""The live display in a real terminal (tmux): one line per tool while
the tools run, the buffered blocks after."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time

import filelock
import pytest

from bootstrap import paths
from bootstrap import report as R
from bootstrap.live import Display
from testing.fixtures import HERE
from testing.fixtures import project

TMUX = shutil.which('tmux', path='/usr/bin:/bin:/usr/local/bin')


def _screen(base, text, timeout=15.0):
    """The pane's text once `text` is on it."""
    end = time.monotonic() + timeout
    out = ''
    while time.monotonic() < end:
        out = subprocess.run(
            (*base, 'capture-pane', '-p', '-t', 'bt'),
            capture_output=True,
            text=True,
        ).stdout
        if text in out:
            return out
        time.sleep(0.1)
    raise AssertionError(f'{text!r} not on the screen:\n{out}')


@pytest.mark.skipif(TMUX is None, reason='tmux is not installed')
def test_live_lines_then_blocks(tmp_path, sandbox):
    proj = project(tmp_path)
    # hold Cursor's lock: Cursor is still running when Claude Code is done
    held = filelock.FileLock(paths.lock_path(str(sandbox / '.cursor')))
    os.makedirs(os.path.dirname(held.lock_file), exist_ok=True)
    held.acquire()
    env = {
        'HOME': str(sandbox),
        'BOOTSTRAP_TOOLS_HOME': os.environ['BOOTSTRAP_TOOLS_HOME'],
        'PYTHONPATH': str(HERE),
        'PATH': os.defpath,
        'TERM': 'xterm-256color',
    }
    command = shlex.join(
        [
            'env',
            '-i',
            *(f'{k}={v}' for k, v in env.items()),
            sys.executable,
            '-m',
            'bootstrap',
            'sync',
            '--home',
            str(sandbox),
        ]
    )
    base = (str(TMUX), '-S', str(tmp_path / 'tmux.sock'))
    subprocess.run(
        (*base, 'new-session', '-d', '-s', 'bt', '-x', '120', '-y', '50'),
        check=True,
        cwd=proj,
        env={'PATH': os.defpath, 'TERM': 'xterm-256color'},
    )
    try:
        subprocess.run(
            (*base, 'send-keys', '-t', 'bt', f'{command}; echo EXIT=$?'),
            check=True,
        )
        subprocess.run((*base, 'send-keys', '-t', 'bt', 'Enter'), check=True)
        running = _screen(base, 'running')
        lines = [ln.split() for ln in running.splitlines()]
        assert ['✓', 'Claude', 'Code', 'user', 'changed'] in lines
        # a spinner, then the tool
        assert [ln[1:] for ln in lines if ln[-1:] == ['running']] == [
            ['Cursor', 'user', 'running']
        ]
        assert '[Claude Code] user: changed' in running  # its block, above
        assert '[Cursor]' not in running
        held.release()
        done = _screen(base, 'EXIT=0')
        assert '[Claude Code] user: changed' in done
        assert '[Cursor] user: changed' in done
        assert 'summary: claude-code changed, cursor changed' in done
        assert 'running' not in done  # the live lines are gone
        assert '✓ Claude Code' not in done
    finally:
        if held.is_locked:
            held.release()
        subprocess.run((*base, 'kill-server'), capture_output=True)


def test_display_never_imports_rich_for_a_quick_run():
    code = (
        'import sys\n'
        'from bootstrap.live import Display\n'
        'from bootstrap import report as R\n'
        'd = Display([("a", "A", "user")], color=False)\n'
        'd.tick()\n'
        'd.done(R.Report("a", "A", "user", R.UNCHANGED))\n'
        'd.close()\n'
        'print(any(m.startswith("rich") for m in sys.modules))\n'
    )
    out = subprocess.run(
        (sys.executable, '-c', code),
        capture_output=True,
        text=True,
        check=True,
        cwd=HERE,
    ).stdout
    assert out == 'False\n'


def test_display_without_a_terminal_run_is_never_started():
    d = Display([('a', 'A', 'user')], color=False)
    d.done(R.Report('a', 'A', 'user', R.OK))
    d.close()
    assert d.live is None
