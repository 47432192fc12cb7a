"""A failure at any step of any target leaves that target's files
byte-identical (content, mode, times), and the report says so."""

from __future__ import annotations

import os
import shutil

import pytest

from bootstrap.all_targets import target_names
from bootstrap.all_targets import targets
from bootstrap.target_base import Context
from bootstrap.transaction import STEP_NAMES
from testing.fixtures import project
from testing.fixtures import run
from testing.fixtures import snapshot
from testing.fixtures import users_home


def _owned(snap, home, tool):
    """The part of a home snapshot that belongs to `tool`'s folders."""
    ctx = Context(str(home), str(home), 'user', frozenset(), os.environ)
    dirs = targets[tool].directories(ctx).values()
    rels = {os.path.relpath(d, home) for d in dirs}
    return {
        k: v
        for k, v in snap.items()
        if any(
            k == r or k.startswith(r.rstrip('/') + '/') or k.rstrip('/') == r
            for r in rels
        )
    }


@pytest.mark.parametrize('jobs', ['1', '0'])
@pytest.mark.parametrize('step', STEP_NAMES)
@pytest.mark.parametrize('tool', target_names)
def test_fault_leaves_failing_tool_untouched(
    tmp_path,
    sandbox,
    monkeypatch,
    capsys,
    tool,
    step,
    jobs,
):
    users_home(sandbox)
    proj = project(tmp_path, tools=target_names)
    if step == 'prune':  # give prune something to do
        assert run(proj, 'sync', '--home', str(sandbox)) == 0
        (proj / '.ai/agents/reviewer.md').unlink()
        shutil.rmtree(proj / '.ai/skills/release-notes')
    before = snapshot(sandbox)
    monkeypatch.setenv('BOOTSTRAP_TOOLS_FAULT', f'{tool}:{step}')
    capsys.readouterr()
    rc = run(proj, 'sync', '--home', str(sandbox), '-j', jobs)
    if rc == 0:  # the step had nothing to do for this tool
        assert step in ('write files', 'prune')
        assert targets[tool].KINDS['user'] <= {'mcp', 'hooks'}
        pytest.skip(f'{tool} writes no files: no {step!r} step to fail')
    assert rc == 1
    out = capsys.readouterr().out
    name = targets[tool].DISPLAY_NAME
    assert (
        f'[{name}] user: failed\n  error: injected fault at step '
        f"'{step}' -- every change to this tool was rolled back"
    ) in out
    after = snapshot(sandbox)
    changed = [
        t
        for t in target_names
        if f'[{targets[t].DISPLAY_NAME}] user: changed' in out
    ]

    def untouched(t):
        """`t`'s files, less those a tool that finished shares."""
        theirs = {k for c in changed for k in _owned(after, sandbox, c)}
        theirs |= {k for c in changed for k in _owned(before, sandbox, c)}
        mine_before = _owned(before, sandbox, t)
        mine_after = _owned(after, sandbox, t)
        return {k: v for k, v in mine_before.items() if k not in theirs} == {
            k: v for k, v in mine_after.items() if k not in theirs
        }

    assert untouched(tool)
    for other in target_names:
        other_name = targets[other].DISPLAY_NAME
        if f'[{other_name}] user: cancelled' in out:
            assert untouched(other), other
        elif other != tool:
            assert other in changed or f'{other} unchanged' in out, other
    assert f'{tool} failed' in out.splitlines()[-1]
    monkeypatch.delenv('BOOTSTRAP_TOOLS_FAULT')
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert not (tmp_path / 'state/journal').exists() or not os.listdir(
        tmp_path / 'state/journal',
    )
