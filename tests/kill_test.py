"""A sync killed with SIGKILL at random moments is repaired by the next
run: the final state always equals a clean run's, and the user's own
files are byte-identical."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time

from testing.fixtures import contents
from testing.fixtures import project
from testing.fixtures import run
from testing.fixtures import users_home

ROUNDS = int(os.environ.get('BOOTSTRAP_TOOLS_KILL_ROUNDS', '100'))


def _variant(proj, which):
    """Two bundles, so kills hit creates, updates and prunes."""
    agents = proj / '.ai/agents/many'
    shutil.rmtree(agents, ignore_errors=True)
    agents.mkdir(parents=True)
    n = 120 if which == 'a' else 60
    for i in range(n):
        (agents / f'agent-{i}.md').write_text(
            f'---\nname: agent-{i}\ndescription: helper {i} {which}\n---\n'
            f'You help with task {i}.\n' * (1 + i % 5),
        )
    mcp = proj / '.ai/mcp.json'
    mcp.write_text(
        '{"mcpServers": {"docs": {"command": "uvx", "args": ["%s"]}}}'
        % ('fetch' if which == 'a' else 'fetch-v2'),
    )


def _temp_files(*roots):
    return [
        os.path.join(d, f)
        for root in roots
        for d, _, files in os.walk(root)
        for f in files
        if f.endswith('.bt-tmp')
    ]


def test_kill_at_random_moments(tmp_path, sandbox):
    proj = project(tmp_path)
    users_home(sandbox)
    users = {
        k: v
        for k, v in contents(sandbox).items()
        if k in ('.claude/agents/mine.md',)
    }
    # clean runs of both variants, for reference
    expected = {}
    for which in 'ab':
        _variant(proj, which)
        ref = tmp_path / f'ref-{which}'
        ref.mkdir()
        users_home(ref)
        env_state = os.environ['BOOTSTRAP_TOOLS_HOME']
        os.environ['BOOTSTRAP_TOOLS_HOME'] = str(tmp_path / f'state-{which}')
        try:
            assert run(proj, 'sync', '--home', str(ref)) == 0
        finally:
            os.environ['BOOTSTRAP_TOOLS_HOME'] = env_state
        expected[which] = contents(ref)
    assert expected['a'] != expected['b']
    argv = [sys.executable, '-m', 'bootstrap', 'sync', '--home', str(sandbox)]
    # how long a full run takes here
    _variant(proj, 'a')
    start = time.monotonic()
    subprocess.run(argv, cwd=proj, check=True, capture_output=True)
    full = time.monotonic() - start
    rng = random.Random(20261203)
    killed = 0
    for i in range(ROUNDS):
        which = 'ab'[i % 2]
        _variant(proj, which)
        proc = subprocess.Popen(
            argv,
            cwd=proj,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0, full))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
        which = rng.choice('ab')  # the next run may have another bundle
        _variant(proj, which)
        assert run(proj, 'sync', '--home', str(sandbox)) == 0
        got = contents(sandbox)
        assert got == expected[which], f'round {i}'
        assert {k: got[k] for k in users} == users
        assert _temp_files(sandbox, tmp_path / 'state') == []
    assert killed >= ROUNDS // 4  # most kills landed mid-run


def test_killed_while_writing_its_journal(tmp_path, sandbox):
    """Killed before anything changed, while the journal itself was
    being written: its temp file is removed by the next run, even when
    that run has nothing else to do."""
    from bootstrap import journal

    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    before = contents(sandbox)
    root = str(sandbox / '.claude')
    folder = journal.directory(root)
    os.makedirs(folder)
    stale = os.path.join(folder, '.journal.json.99999-0.bt-tmp')
    with open(stale, 'w') as f:
        f.write('{"pid": 99999, "fi')
    assert journal.pending(root)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert not os.path.exists(folder)
    assert contents(sandbox) == before


def test_temp_file_beside_a_symlinked_files_target_is_removed(
    tmp_path, sandbox
):
    """A symlinked config file is written through the link: a run killed
    mid-write leaves its temp file beside the real file."""
    from bootstrap import journal

    dotfiles = tmp_path / 'dotfiles'
    dotfiles.mkdir()
    real = dotfiles / 'claude.json'
    real.write_text('{"mine": 1}\n')
    link = sandbox / '.claude.json'
    link.symlink_to(real)
    root = str(sandbox / '.claude')
    journal.write(root, [(str(link), real.read_bytes())], (), ())
    stale = dotfiles / '.claude.json.99999-0.bt-tmp'
    stale.write_text('{"mine": 1, "ours"')  # killed mid-write
    real.write_text('{"mine": 1, "ours": 2}\n')  # or after the replace
    assert journal.recover(root) == [str(link)]
    assert not stale.exists()
    assert link.is_symlink() and real.read_text() == '{"mine": 1}\n'
    assert not journal.pending(root)
