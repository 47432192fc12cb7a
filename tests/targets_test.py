"""Every target, both scopes, on the demo bundle: the exact files.

The golden trees under tests/golden/TOOL-SCOPE/ were checked by hand
against the formats in the shared TARGETS.md (and against the real
tools, see clients_test.py). After a deliberate format change, rewrite
them with BOOTSTRAP_TOOLS_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from bootstrap.all_targets import target_names
from testing.fixtures import project
from testing.fixtures import run

GOLDEN = Path(__file__).parent / 'golden'
SKIP = {'.ai', 'bootstrap-tools.toml'}
# where platformdirs puts things differs per OS; the goldens are Linux's
OS_DEPENDENT = {('copilot', 'user'), ('claude-desktop', 'user')}


def tree(root: Path) -> dict[str, bytes]:
    out = {}
    for dirpath, _, filenames in os.walk(root):
        rel_dir = Path(dirpath).relative_to(root)
        if rel_dir.parts and rel_dir.parts[0] in SKIP:
            continue
        for name in filenames:
            rel = rel_dir / name
            if rel.parts[0] not in SKIP:
                out[rel.as_posix()] = (Path(dirpath) / name).read_bytes()
    return out


@pytest.mark.parametrize('scope', ('user', 'project'))
@pytest.mark.parametrize('tool', target_names)
def test_golden(tmp_path, sandbox, tool, scope):
    if (tool, scope) in OS_DEPENDENT and sys.platform != 'linux':
        pytest.skip('platformdirs folders differ on this OS')
    proj = project(tmp_path)
    assert (
        run(proj, 'sync', '--home', str(sandbox), '--scope', scope, tool) == 0
    )
    got = tree(sandbox if scope == 'user' else proj)
    golden = GOLDEN / f'{tool}-{scope}'
    if os.environ.get('BOOTSTRAP_TOOLS_UPDATE_GOLDEN'):
        shutil.rmtree(golden, ignore_errors=True)
        for rel, data in got.items():
            (golden / rel).parent.mkdir(parents=True, exist_ok=True)
            (golden / rel).write_bytes(data)
    assert got == tree(golden)
    # and the second run changes nothing
    assert (
        run(proj, 'sync', '--home', str(sandbox), '--scope', scope, tool) == 0
    )
    assert tree(sandbox if scope == 'user' else proj) == got


def test_front_matter_never_closed_falls_back_to_the_name(
    tmp_path, sandbox, capsys
):
    proj = project(tmp_path, tools=['claude-code'])
    broken = '---\nname: x\ndescription: Reviews code\n\nYou review.\n'
    (proj / '.ai' / 'agents' / 'broken.md').write_text(broken)
    skill = proj / '.ai' / 'skills' / 'half'
    skill.mkdir(parents=True)
    (skill / 'SKILL.md').write_text('---\nname: half\n\nSteps.\n')
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    out = capsys.readouterr().out
    assert 'warning: .ai/agents/broken.md:1: front matter' in out
    assert 'warning: .ai/skills/half/SKILL.md:1: front matter' in out
    agent = (sandbox / '.claude/agents/broken.md').read_text()
    assert agent.startswith('---\nname: broken\ndescription: broken\n---\n')
    assert agent.endswith(broken)  # the body bytes, as they were
    skill_md = (sandbox / '.claude/skills/half/SKILL.md').read_text()
    assert skill_md.startswith('---\nname: half\ndescription: half\n---\n')
