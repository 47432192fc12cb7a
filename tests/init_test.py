from __future__ import annotations

import json
import os
import shutil

from bootstrap import frontmatter
from bootstrap.all_targets import target_names
from testing.fixtures import contents
from testing.fixtures import run
from testing.fixtures import shared
from testing.fixtures import snapshot
from testing.fixtures import tools_layout

AGENT = b'---\nname: helper\ndescription: Helps.\n---\nBe helpful.\n'
MDC = (
    b'---\ndescription: Python\nglobs: **/*.py\nalwaysApply: false\n---\n'
    b'Use ruff.\n'
)


def write(root, files):
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())


def adopting(tmp_path):
    repo = tmp_path / 'repo'
    write(
        repo,
        {
            '.claude/agents/helper.md': AGENT,
            '.claude/commands/git/log.md': (
                '---\ndescription: Log\n---\nRun it.\n'
            ),
            '.claude/skills/notes/SKILL.md': (
                '---\nname: notes\ndescription: d\n---\nx\n'
            ),
            '.claude/skills/notes/run.sh': '#!/bin/sh\necho hi\n',
            '.claude/settings.json': json.dumps(
                {
                    'model': 'opus',
                    'hooks': {
                        'Stop': [
                            {'hooks': [{'type': 'command', 'command': 'x'}]}
                        ]
                    },
                }
            ),
            '.mcp.json': json.dumps(
                {
                    'mcpServers': {
                        'docs': {'command': 'uvx', 'args': ['fetch']},
                        'gh': {
                            'type': 'http',
                            'url': 'https://x/mcp',
                            'headers': {'Authorization': 'Bearer ${GH}'},
                        },
                    }
                }
            ),
            '.cursor/mcp.json': json.dumps(
                {
                    'mcpServers': {
                        'gh': {
                            'url': 'https://x/mcp',
                            'headers': {'Authorization': 'Bearer ${env:GH}'},
                        },
                        'db': {'command': 'db-mcp'},
                    }
                }
            ),
            '.cursor/rules/python.mdc': MDC,
            '.github/instructions/python.instructions.md': (
                '---\napplyTo: "**/*.py"\n---\nUse ruff.\n'
            ),
            '.github/instructions/docs.instructions.md': 'Write docs.\n',
            '.github/copilot-instructions.md': 'Be brief.\n',
            'AGENTS.md': '# Project\nRun the tests.\n',
            'CLAUDE.md': '@AGENTS.md\n',
        },
    )
    os.chmod(repo / '.claude/skills/notes/run.sh', 0o755)
    return repo


def test_init_imports_what_the_repository_has(tmp_path, capsys):
    repo = adopting(tmp_path)
    before = snapshot(repo)
    theirs = contents(repo)
    assert run(repo, 'init') == 0
    out = capsys.readouterr().out
    ai = repo / '.ai'
    assert (ai / 'agents/helper.md').read_bytes() == AGENT
    assert (ai / 'commands/git/log.md').exists()
    assert os.access(ai / 'skills/notes/run.sh', os.X_OK)
    assert (ai / 'rules/python.md').read_bytes() == MDC  # first seen
    assert (ai / 'rules/docs.md').read_text() == 'Write docs.\n'
    assert (
        ai / 'rules/agents.md'
    ).read_text() == '# Project\nRun the tests.\n'
    assert (ai / 'rules/copilot-instructions.md').exists()
    assert not (ai / 'rules/claude.md').exists()  # only `@AGENTS.md`
    servers = json.loads((ai / 'mcp.json').read_text())['mcpServers']
    assert sorted(servers) == ['db', 'docs', 'gh']
    assert servers['gh']['headers'] == {'Authorization': 'Bearer ${GH}'}
    hooks = json.loads((ai / 'hooks.json').read_text())
    assert hooks == {
        'hooks': {'Stop': [{'hooks': [{'type': 'command', 'command': 'x'}]}]}
    }
    config = (repo / 'bootstrap-tools.toml').read_text()
    assert 'tools = ["claude-code", "cursor", "codex", "copilot"]' in config
    assert 'scope = "project"' in config
    assert 'imported 1 agents from .claude/agents' in out
    assert 'imported 3 MCP servers from' not in out
    assert 'note: CLAUDE.md: only imports other files (@AGENTS.md' in out
    assert (
        'note: AGENTS.md: now a rule in .ai/, which sync installs for every '
        'tool; a tool that also reads AGENTS.md itself would see it twice '
        '-- delete AGENTS.md (its text is in .ai/ now)'
    ) in out
    assert 'note: CLAUDE.md: now a rule' not in out  # skipped, above
    # the tools' own files are all still there, byte for byte
    after = snapshot(repo)
    assert {k: v for k, v in after.items() if k in before} == before
    assert run(repo, 'sync') == 0  # the result loads and installs
    # uninstall removes what sync added, never what was there before
    # (config files it merged into are rewritten: bytes compared)
    assert run(repo, 'uninstall') == 0
    after = contents(repo)
    assert {k: v for k, v in after.items() if k in theirs} == theirs


def test_same_name_different_content_keeps_both(tmp_path, capsys):
    repo = tmp_path / 'repo'
    write(
        repo,
        {
            '.cursor/rules/style.mdc': 'Cursor style.\n',
            '.github/instructions/style.instructions.md': 'Copilot style.\n',
        },
    )
    assert run(repo, 'init', 'cursor', '--scope', 'user') == 0
    assert (repo / '.ai/rules/style.md').read_text() == 'Cursor style.\n'
    assert (repo / '.ai/rules/style-copilot.md').read_text() == (
        'Copilot style.\n'
    )
    assert 'imported as rules/style-copilot.md' in capsys.readouterr().out
    config = (repo / 'bootstrap-tools.toml').read_text()
    assert 'tools = ["cursor"]' in config and 'scope = "user"' in config


def test_empty_repository(tmp_path, capsys):
    assert run(tmp_path, 'init') == 0
    assert 'nothing to import' in capsys.readouterr().out
    assert f'tools = {json.dumps(target_names)}' in (
        (tmp_path / 'bootstrap-tools.toml').read_text()
    )
    assert 'scope = "user"' in (tmp_path / 'bootstrap-tools.toml').read_text()
    assert (tmp_path / '.ai').is_dir()


def test_refuses_to_overwrite(tmp_path, capsys):
    repo = adopting(tmp_path)
    (repo / 'bootstrap-tools.toml').write_text('tools = ["cursor"]\n')
    before = snapshot(repo)
    assert run(repo, 'init') == 2
    err = capsys.readouterr().err
    assert err.startswith(
        'bootstrap-tools: error: bootstrap-tools.toml: already exists; '
        'nothing written -- '
    )
    assert snapshot(repo) == before


def test_dry_run_writes_nothing(tmp_path, capsys):
    repo = adopting(tmp_path)
    before = snapshot(repo)
    assert run(repo, 'init', '--dry-run') == 0
    assert 'would import 1 agents from .claude/agents' in (
        capsys.readouterr().out
    )
    assert snapshot(repo) == before


def test_symlink_out_of_the_repository_is_not_imported(tmp_path, capsys):
    repo = tmp_path / 'repo'
    secret = tmp_path / 'secret.md'
    secret.write_text('private\n')
    (repo / '.claude/agents').mkdir(parents=True)
    (repo / '.claude/agents/leak.md').symlink_to(secret)
    assert run(repo, 'init') == 0
    assert not (repo / '.ai/agents/leak.md').exists()
    assert 'symlink to outside the repository; skipped' in (
        capsys.readouterr().out
    )


def _docs(root):
    out = {}
    for top in ('.claude', '.cursor'):
        for dirpath, _, files in os.walk(root / top):
            for name in files:
                if name == 'settings.json':
                    continue  # compared as JSON below
                path = os.path.join(dirpath, name)
                out[os.path.relpath(path, root)] = path
    return out


def test_real_sources_round_trip(tmp_path, capsys):
    """The real bundle kept in the tools' own folders -> init -> sync
    --scope project in a fresh clone gives back every item."""
    repo = tmp_path / 'repo'
    repo.mkdir()
    tools_layout(shared('bundles', 'real', '.ai'), repo)
    write(
        repo,
        {
            '.claude/settings.json': json.dumps(
                {'hooks': {'Stop': [{'hooks': [{'command': 'say done'}]}]}}
            ),
        },
    )
    originals = _docs(repo)
    before = snapshot(repo)
    assert run(repo, 'init') == 0
    capsys.readouterr()

    clone = tmp_path / 'clone'
    clone.mkdir()
    shutil.copytree(repo / '.ai', clone / '.ai')
    shutil.copy(repo / 'bootstrap-tools.toml', clone)
    assert run(clone, 'sync', '--scope', 'project') == 0
    exact = same_body = 0
    for rel, path in originals.items():
        if os.path.basename(rel) in ('.mdc', '.md'):  # a nameless rule
            rel = os.path.join(os.path.dirname(rel), 'unnamed.mdc')
        got = clone / rel
        assert got.exists(), f'{rel} lost'
        a, b = open(path, 'rb').read(), got.read_bytes()
        if a == b:
            exact += 1
        else:  # front matter made loadable; the body is kept
            assert frontmatter.split(a).body == frontmatter.split(b).body
            same_body += 1
    print(f'{exact} exact, {same_body} same body of {len(originals)}')
    assert exact + same_body == len(originals) > 500
    assert exact > 0.9 * len(originals)
    want = json.loads((repo / '.mcp.json').read_text())['mcpServers']
    got = json.loads((clone / '.mcp.json').read_text())['mcpServers']
    assert sorted(got) == sorted(want)
    for rel in ('.github/copilot-instructions.md',):
        assert (repo / rel).read_bytes() in [
            p.read_bytes() for p in (clone / '.ai/rules').rglob('*.md')
        ]
    settings = json.loads((clone / '.claude/settings.json').read_text())
    assert settings['hooks']['Stop'] == [{'hooks': [{'command': 'say done'}]}]

    # in the repository itself: nothing of theirs is overwritten
    assert run(repo, 'sync', '--scope', 'project') == 0
    after = snapshot(repo)
    assert {k: after[k] for k in before} == before


def test_init_then_sync_gives_a_rule_back_byte_for_byte(tmp_path, capsys):
    """init imports a Cursor rule as it is; sync renders it back byte for
    byte (front matter and body each keep their own line endings), so
    the rule is adopted as identical, not reported as someone else's."""
    rules = {
        'lf-head.mdc': (
            b'---\ndescription: Python\nglobs: "**/*.py"\nalwaysApply: false\n'
            b'---\r\n# Y\r\nUse CRLF.\r\n'
        ),
        'crlf-head.mdc': (
            b'---\r\ndescription: Docs\r\nalwaysApply: true\r\n---\r\n'
            b'# Z\nUse LF.\n'
        ),
    }
    repo = tmp_path / 'repo'
    write(repo, {f'.cursor/rules/{k}': v for k, v in rules.items()})
    assert run(repo, 'init') == 0
    capsys.readouterr()
    assert run(repo, 'sync', 'cursor') == 0
    out = capsys.readouterr().out
    assert 'not ours' not in out
    for name, data in rules.items():
        assert (repo / '.cursor/rules' / name).read_bytes() == data
    assert run(repo, 'check', 'cursor') == 0
