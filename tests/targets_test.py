"""Every target, both scopes, on the demo bundle: the exact files.

The golden trees under tests/golden/TOOL-SCOPE/ were checked by hand
against the formats in the shared TARGETS.md (and against the real
tools, see clients_test.py). After a deliberate format change, rewrite
them with BOOTSTRAP_TOOLS_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import json
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


def _big_rules(proj: Path, *sizes: int) -> None:
    for i, size in enumerate(sizes):
        text = ('Use tabs. ' * (size // 10 + 1))[:size]
        (proj / '.ai' / 'rules' / f'big{i}.md').write_text(text + '\n')


def test_windsurf_global_rules_over_6000_characters_warn(
    tmp_path, sandbox, capsys
):
    proj = project(tmp_path, tools=['windsurf', 'gemini-cli'])
    _big_rules(proj, 6_000)
    assert run(proj, 'sync', '--home', str(sandbox), 'windsurf') == 0
    out = capsys.readouterr().out
    [warning] = [line for line in out.splitlines() if 'warning:' in line]
    assert warning.startswith(
        '  warning: ~/.codeium/windsurf/memories/global_rules.md ('
    )
    assert 'characters): Windsurf reads only the first 6,000 characters ' in (
        warning
    )
    # Gemini CLI documents no size limit for GEMINI.md
    assert run(proj, 'sync', '--home', str(sandbox), 'gemini-cli') == 0
    assert 'warning' not in capsys.readouterr().out


def test_windsurf_rule_files_over_12000_characters_warn(
    tmp_path, sandbox, capsys
):
    proj = project(tmp_path, tools=['windsurf'], scope='project')
    _big_rules(proj, 11_000, 12_001)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    out = capsys.readouterr().out
    size = len((proj / '.windsurf/rules/big1.md').read_text())  # + `trigger`
    assert (
        f'warning: .windsurf/rules/big1.md ({size:,} characters): Windsurf '
        f'reads only the first 12,000 characters of a rule file'
    ) in out
    assert 'big0.md (' not in out  # 11,000 and a few: read whole


def test_codex_agents_md_over_32_kib_warns_without_failing(
    tmp_path, sandbox, capsys
):
    proj = project(tmp_path, tools=['codex'], scope='project')
    _big_rules(proj, 40_000)
    assert run(proj, 'sync', '--home', str(sandbox), '--json') == 0
    [tool] = json.loads(capsys.readouterr().out)['tools']
    [warning] = tool['warnings']
    assert warning.startswith('AGENTS.md (')
    assert 'Codex CLI reads only the first 32,768 bytes' in warning
    assert warning.endswith(
        "raise project_doc_max_bytes in Codex's config.toml"
    )
    assert tool['status'] == 'changed'
