"""The real pre-commit, in real git repositories, running this project's
hooks (.pre-commit-hooks.yaml) from a commit of this working tree."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from testing.fixtures import git
from testing.fixtures import project
from testing.fixtures import snapshot
from testing.fixtures import snapshot_repo

pytest.importorskip('pre_commit', reason='pre-commit is not installed')
pytestmark = pytest.mark.precommit


@pytest.fixture(scope='session')
def hooks(tmp_path_factory):
    """(path, rev) of a repository holding this working tree."""
    dest = tmp_path_factory.mktemp('bootstrap-tools')
    return dest, snapshot_repo(dest)


@pytest.fixture(scope='session')
def store(tmp_path_factory):
    """One PRE_COMMIT_HOME for the session: the hook's environment is
    built (pip) once."""
    return tmp_path_factory.mktemp('pre-commit-home')


@pytest.fixture
def pc(store, monkeypatch):
    monkeypatch.setenv('PRE_COMMIT_HOME', str(store))

    def run(cwd, *args):
        return subprocess.run(
            (sys.executable, '-m', 'pre_commit', *args),
            cwd=cwd,
            capture_output=True,
            text=True,
            env=os.environ,
        )

    return run


def use(repo, hooks, *ids):
    path, rev = hooks
    lines = [f'repos:\n-   repo: {path}\n    rev: {rev}\n    hooks:']
    lines.extend(f'    -   id: {i}' for i in ids)
    (repo / '.pre-commit-config.yaml').write_text('\n'.join(lines) + '\n')


def ours(out):
    return [
        line
        for line in out.splitlines()
        if line.startswith(('[Claude Code]', '[Cursor]'))
    ]


MIXED = '[tools.claude-code]\n\n[tools.cursor]\nscope = "project"\n'


def test_try_repo_runs_both_hooks(hooks, pc, tmp_path, sandbox):
    """try-repo builds a fresh environment every time: one call, both
    hooks (manifest order: sync, then check)."""
    (sandbox / '.claude').mkdir()
    repo = project(tmp_path)
    (repo / 'bootstrap-tools.toml').write_text(MIXED)
    git(repo, 'init', '-q')
    git(repo, 'add', '-A')
    git(repo, 'commit', '-qm', 'bundle')
    r = pc(
        repo,
        'try-repo',
        str(hooks[0]),
        '--all-files',
        '--verbose',
        '--color',
        'always',  # pre-commit runs the hooks on a pty
    )
    assert r.returncode == 1, r.stdout + r.stderr
    out = r.stdout
    assert 'sync AI assistant configuration....' in out
    assert 'check AI assistant configuration is up to date....' in out
    claude, cursor = sorted(ours(out))  # completion order varies
    assert claude.startswith('[Claude Code] user: create ~/.claude/rules/')
    assert claude.endswith(', and 4 more')
    assert cursor.startswith(
        '[Cursor] project: create .cursor/rules/style.mdc, '
    )
    assert 'updated files in this repository' in out
    for line in out.splitlines():
        if line.startswith(('[Claude', '[Cursor', 'bootstrap-tools:')):
            assert '\033' not in line
    sync_part, check_part = out.split('check AI assistant', 1)
    assert 'Failed' in sync_part and 'Passed' in check_part
    assert (sandbox / '.claude/agents/reviewer.md').exists()
    assert (repo / '.cursor/rules/style.mdc').exists()
    assert not (sandbox / '.cursor').exists()


def test_project_scope_exits_1_then_0_and_check(hooks, pc, tmp_path, sandbox):
    repo = project(tmp_path, tools=['cursor'], scope='project')
    use(repo, hooks, 'bootstrap-tools', 'bootstrap-tools-check')
    git(repo, 'init', '-q')
    git(repo, 'add', '-A')
    git(repo, 'commit', '-qm', 'bundle')
    sync = ('run', 'bootstrap-tools', '--all-files', '--verbose')
    check = ('run', 'bootstrap-tools-check', '--all-files')
    r = pc(repo, *sync)
    assert r.returncode == 1, r.stdout
    assert '[Cursor] project: create .cursor/rules/style.mdc' in r.stdout
    r = pc(repo, *sync)
    assert r.returncode == 0, r.stdout
    assert ours(r.stdout) == []  # quiet: nothing changed
    assert pc(repo, *check).returncode == 0
    (repo / '.ai/rules/style.md').write_text('# House style, v2\n')
    before = snapshot(repo / '.cursor')
    r = pc(repo, *check)
    assert r.returncode == 1
    assert '  update .cursor/rules/style.mdc' in r.stdout
    assert snapshot(repo / '.cursor') == before


def test_post_checkout_and_post_merge_follow_the_bundle(
    hooks, pc, tmp_path, sandbox
):
    (sandbox / '.claude').mkdir()
    repo = project(tmp_path, tools=['claude-code'])
    use(repo, hooks, 'bootstrap-tools')
    git(repo, 'init', '-q')
    git(repo, 'add', '-A')
    git(repo, 'commit', '-qm', 'v1')
    r = pc(
        repo,
        'install',
        '--hook-type',
        'post-checkout',
        '--hook-type',
        'post-merge',
    )
    assert r.returncode == 0, r.stdout
    rule = sandbox / '.claude/rules/style.md'
    v1 = (repo / '.ai/rules/style.md').read_bytes()

    git(repo, 'checkout', '-q', '-b', 'feature')  # post-checkout, type 1
    assert rule.read_bytes() == v1
    (repo / '.ai/rules/style.md').write_text('# House style, v2\n')
    git(repo, 'commit', '-qam', 'v2')
    git(repo, 'checkout', '-q', 'main')
    assert rule.read_bytes() == v1
    git(repo, 'merge', '-q', 'feature')  # post-merge
    assert rule.read_text() == '# House style, v2\n'

    # `git checkout -- FILE` (type 0) moves no branch: nothing runs
    (repo / '.ai/rules/style.md').write_text('edited\n')
    before = snapshot(sandbox)
    git(repo, 'checkout', '--', '.ai/rules/style.md')
    assert snapshot(sandbox) == before


def test_commit_succeeds_without_cursor(hooks, pc, tmp_path, sandbox):
    (sandbox / '.claude').mkdir()
    repo = project(tmp_path)  # claude-code and cursor, user scope
    use(repo, hooks, 'bootstrap-tools')
    git(repo, 'init', '-q')
    assert pc(repo, 'install').returncode == 0
    git(repo, 'add', '-A')
    r = subprocess.run(
        ('git', 'commit', '-m', 'adopt bootstrap-tools'),
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert 'sync AI assistant configuration' in r.stdout + r.stderr
    assert (sandbox / '.claude/agents/reviewer.md').exists()
    assert not (sandbox / '.cursor').exists()
    assert git(repo, 'log', '--format=%s') == 'adopt bootstrap-tools\n'
