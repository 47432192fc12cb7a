"""A failure at any step of any target leaves that target's files
byte-identical (content, mode, times), and the report says so."""

from __future__ import annotations

import os

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
    before = snapshot(sandbox)
    monkeypatch.setenv('BOOTSTRAP_TOOLS_FAULT', f'{tool}:{step}')
    capsys.readouterr()
    assert run(proj, 'sync', '--home', str(sandbox), '-j', jobs) == 1
    out = capsys.readouterr().out
    name = targets[tool].DISPLAY_NAME
    assert (
        f'[{name}] user: failed\n  error: injected fault at step '
        f"'{step}' -- every change to this tool was rolled back"
    ) in out
    after = snapshot(sandbox)
    assert _owned(after, sandbox, tool) == _owned(before, sandbox, tool)
    for other in target_names:
        other_name = targets[other].DISPLAY_NAME
        if f'[{other_name}] user: cancelled' in out:
            assert _owned(after, sandbox, other) == _owned(
                before,
                sandbox,
                other,
            )
        elif other != tool:
            assert f'[{other_name}] user: changed' in out
    assert f'failed: {tool}' in out
    monkeypatch.delenv('BOOTSTRAP_TOOLS_FAULT')
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert not (tmp_path / 'state/journal').exists() or not os.listdir(
        tmp_path / 'state/journal',
    )
