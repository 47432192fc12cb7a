"""The cases of ../shared/cases/CASES.md that concern Claude Code and
Cursor, each expected value a test. Inputs are written here (small)."""

from __future__ import annotations

import json
import os
import stat

import pytest

from testing.fixtures import run
from testing.fixtures import snapshot


def _project(
    tmp_path,
    tools,
    servers=None,
    hooks=None,
    commands=None,
    agents=None,
    skills=None,
):
    proj = tmp_path / 'repo'
    ai = proj / '.ai'
    ai.mkdir(parents=True)
    (proj / 'bootstrap-tools.toml').write_text(
        f'tools = {json.dumps(tools)}\n',
    )
    if servers is not None:
        (ai / 'mcp.json').write_text(json.dumps({'mcpServers': servers}))
    if hooks is not None:
        (ai / 'hooks.json').write_text(json.dumps({'hooks': hooks}))
    for kind, items in (('commands', commands), ('agents', agents)):
        for name, text in (items or {}).items():
            p = ai / kind / f'{name}.md'
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text)
    for name, text in (skills or {}).items():
        p = ai / 'skills' / name / 'SKILL.md'
        p.parent.mkdir(parents=True)
        p.write_text(text)
    return proj


REPO_DOCS = {'repo-docs': {'command': 'uvx', 'args': ['repo-docs-mcp']}}

C01_CURSOR = """{
  "mcpServers": {
    "my-notes": {
      "command": "node",
      "args": ["/home/alice/tools/notes-mcp/index.js"],
      "env": { "NOTES_DIR": "/home/alice/notes" },
      "disabledTools": ["delete_note"],
      "x-alice-comment": "keep me"
    }
  },
  "experimentalFlag": true
}
"""


@pytest.mark.parametrize(
    ('tool', 'rel'),
    [
        ('cursor', '.cursor/mcp.json'),
        ('claude-code', '.claude.json'),
    ],
)
def test_c01_users_servers_survive(tmp_path, sandbox, capsys, tool, rel):
    path = sandbox / rel
    path.parent.mkdir(exist_ok=True)
    path.write_text(C01_CURSOR)
    original = json.loads(C01_CURSOR)
    proj = _project(tmp_path, [tool], servers=REPO_DOCS)
    # run A
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    data = json.loads(path.read_text())
    assert data['mcpServers']['my-notes'] == original['mcpServers']['my-notes']
    assert data['experimentalFlag'] is True
    assert list(data) == list(original)
    assert list(data['mcpServers']) == ['my-notes', 'repo-docs']
    assert path.read_text().startswith(
        C01_CURSOR[: C01_CURSOR.index('\n  },')]
    )
    # run B: no write at all
    before = path.stat().st_mtime_ns, path.read_bytes()
    capsys.readouterr()
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before
    assert 'up to date' in capsys.readouterr().out
    # run C: a bundle with zero servers never empties a populated file
    os.remove(proj / '.ai/mcp.json')
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert path.read_text() == C01_CURSOR


def test_c01_empty_source_never_writes_empty_servers(tmp_path, sandbox):
    path = sandbox / '.cursor/mcp.json'
    path.parent.mkdir()
    path.write_text(C01_CURSOR)
    proj = _project(tmp_path, ['cursor'], servers={})
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert path.read_text() == C01_CURSOR


C03_SETTINGS = """{
  "model": "opus",
  "hooks": {
    "SessionStart": [
      { "matcher": "compact", "hooks": [ { "type": "command", "command": "/home/alice/bin/other-tool-reminder" } ] }
    ],
    "PreToolUse": [
      { "matcher": "Bash", "hooks": [ { "type": "command", "command": "/home/alice/bin/guard.sh" } ] }
    ]
  }
}
"""  # noqa: E501
C03_HOOKS = {
    'SessionStart': [
        {
            'matcher': 'startup',
            'hooks': [
                {'type': 'command', 'command': 'bootstrap-hook session-start'}
            ],
        }
    ],
    'PreToolUse': [
        {
            'matcher': 'Bash',
            'hooks': [
                {'type': 'command', 'command': 'bootstrap-hook bash-guard'}
            ],
        }
    ],
}


def test_c03_hook_arrays_are_appended_to(tmp_path, sandbox, capsys):
    path = sandbox / '.claude/settings.json'
    path.parent.mkdir()
    path.write_text(C03_SETTINGS)
    proj = _project(tmp_path, ['claude-code'], hooks=C03_HOOKS)
    assert run(proj, 'sync', '--home', str(sandbox), '--dry-run') == 0
    out = capsys.readouterr().out
    assert 'append to hooks/SessionStart' in out
    assert 'append to hooks/PreToolUse' in out
    assert 'replace' not in out
    assert path.read_text() == C03_SETTINGS
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    data = json.loads(path.read_text())
    assert data['model'] == 'opus'
    start = data['hooks']['SessionStart']
    assert [g['matcher'] for g in start] == ['compact', 'startup']
    commands = [
        h['command'] for g in data['hooks']['PreToolUse'] for h in g['hooks']
    ]
    assert commands == [
        '/home/alice/bin/guard.sh',
        'bootstrap-hook bash-guard',
    ]
    before = path.stat().st_mtime_ns
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert path.stat().st_mtime_ns == before
    assert run(proj, 'uninstall', '--home', str(sandbox)) == 0
    assert path.read_text() == C03_SETTINGS


def test_c03_cursor_gets_flat_hooks(tmp_path, sandbox):
    hooks = dict(
        C03_HOOKS,
        Notification=[{'hooks': [{'type': 'command', 'command': 'notify'}]}],
        Stop=[{'hooks': [{'type': 'prompt', 'prompt': 'check'}]}],
    )
    proj = _project(tmp_path, ['cursor'], hooks=hooks)
    assert run(proj, 'sync', '--home', str(sandbox), '-v') == 0
    data = json.loads((sandbox / '.cursor/hooks.json').read_text())
    assert data == {
        'version': 1,
        'hooks': {
            'sessionStart': [
                {
                    'command': 'bootstrap-hook session-start',
                    'matcher': 'startup',
                }
            ],
            'beforeShellExecution': [{'command': 'bootstrap-hook bash-guard'}],
        },
    }


def test_c05_invalid_strict_json_is_left_alone(tmp_path, sandbox, capsys):
    bad = sandbox / '.claude.json'
    bad.write_text(
        '{"numStartups": 12, "mcpServers": {"my-notes": '
        '{"command": "node", "args": ["/home/alice/notes.js"]},}}'
    )
    before = bad.stat().st_mtime_ns, bad.read_bytes()
    cursor = sandbox / '.cursor/mcp.json'
    cursor.parent.mkdir()
    cursor.write_text('{"mcpServers": {}}')
    proj = _project(tmp_path, ['claude-code', 'cursor'], servers=REPO_DOCS)
    (proj / '.ai/mcp.json').write_text(
        '{\n  // the source may be JSONC\n  "mcpServers": {"repo-docs": '
        '{"command": "uvx", "args": ["repo-docs-mcp"],},},\n}\n',
    )
    assert run(proj, 'sync', '--home', str(sandbox)) == 1
    assert (bad.stat().st_mtime_ns, bad.read_bytes()) == before
    out = capsys.readouterr().out
    assert f'{bad}:1:' in out and 'left unchanged' in out
    assert '[Cursor] user: changed' in out
    assert 'summary: ' in out and 'claude-code failed' in out
    assert json.loads(cursor.read_text())['mcpServers'] == REPO_DOCS
    assert not (tmp_path / 'state/backups').exists()


def test_c05_comment_in_strict_file_is_an_error(tmp_path, sandbox, capsys):
    bad = sandbox / '.claude.json'
    bad.write_text('{\n  // mine\n  "numStartups": 1\n}\n')
    proj = _project(tmp_path, ['claude-code'], servers=REPO_DOCS)
    assert run(proj, 'sync', '--home', str(sandbox)) == 1
    assert f'{bad}:2:3: comments are not allowed' in capsys.readouterr().out


@pytest.mark.parametrize(
    ('raw', 'kept'),
    [
        (b'', {}),
        (b'  \n', {}),
        (b'\xef\xbb\xbf{}\r\n', {}),
        (
            b'\xef\xbb\xbf{"mcpServers":{"mine":{"command":"C:\\\\tools\\\\mine.exe"'
            b'}},"globalShortcut":""}\r\n',
            {'mine': {'command': 'C:\\tools\\mine.exe'}},
        ),
    ],
)
def test_c06_empty_blank_or_bom(tmp_path, sandbox, raw, kept):
    path = sandbox / '.cursor/mcp.json'
    path.parent.mkdir()
    path.write_bytes(raw)
    proj = _project(tmp_path, ['cursor'], servers=REPO_DOCS)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    new = path.read_bytes()
    assert new[:1] == b'{'
    data = json.loads(new)
    assert data['mcpServers'] == {**kept, **REPO_DOCS}
    if b'\r\n' in raw:
        assert new.count(b'\n') == new.count(b'\r\n')
    if b'globalShortcut' in raw:
        assert data['globalShortcut'] == ''


def test_c17_failure_restores_before_images(
    tmp_path, sandbox, monkeypatch, capsys
):
    deploy = sandbox / '.claude/commands/deploy.md'
    deploy.parent.mkdir(parents=True)
    deploy.write_text('my deploy notes\n')
    deploy.chmod(0o640)
    claude_json = sandbox / '.claude.json'
    claude_json.write_text('{"numStartups": 3}\n')
    before = snapshot(sandbox)
    proj = _project(
        tmp_path,
        ['claude-code', 'cursor'],
        servers=REPO_DOCS,
        commands={'deploy': 'Deploy $ARGUMENTS\n'},
        agents={'reviewer': '---\nname: reviewer\ndescription: r\n---\nR\n'},
    )
    monkeypatch.setenv('BOOTSTRAP_TOOLS_FAULT', 'claude-code:manifest')
    assert run(proj, 'sync', '--home', str(sandbox), '--force', '-j', '1') == 1
    out = capsys.readouterr().out
    assert (
        '[Claude Code] user: failed\n  error: injected fault at step '
        "'manifest' -- every change to this tool was rolled back" in out
    )
    assert deploy.read_text() == 'my deploy notes\n'
    assert stat.S_IMODE(deploy.stat().st_mode) == 0o640
    assert not (sandbox / '.claude/agents').exists()
    assert snapshot(sandbox) == before  # cursor was cancelled, too
    # the run after the fault is fixed succeeds
    monkeypatch.delenv('BOOTSTRAP_TOOLS_FAULT')
    assert run(proj, 'sync', '--home', str(sandbox), '--force') == 0
    assert deploy.read_text() == 'Deploy $ARGUMENTS\n'
    backups = [
        p.read_text() for p in (tmp_path / 'state/backups').rglob('*deploy.md')
    ]
    assert set(backups) == {'my deploy notes\n'}


def test_c20_skill_names_cannot_escape(tmp_path, sandbox):
    proj = _project(
        tmp_path,
        ['claude-code'],
        skills={
            'good': '---\nname: ../../.config/autostart/x\n---\n',
            'abs': '---\nname: /etc/cron.d/x\ndescription: d\n---\n',
        },
    )
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    files = sorted(snapshot(sandbox))
    assert all(f.startswith('.claude/') or f == '.claude/' for f in files)
    skill = (sandbox / '.claude/skills/good/SKILL.md').read_text()
    assert skill.startswith('---\nname: good\n')
    assert not (sandbox / '.config').exists()


def test_c25_second_run_changes_no_mtime(tmp_path, sandbox):
    proj = _project(tmp_path, ['claude-code', 'cursor'], servers=REPO_DOCS)
    assert run(proj, 'sync', '--scope', 'project') == 0
    before = snapshot(proj)
    assert run(proj, 'sync', '--scope', 'project') == 0
    assert snapshot(proj) == before
    text = (proj / '.mcp.json').read_text()
    assert str(sandbox) not in text and str(tmp_path) not in text


def test_deep_edit_below_the_shallow_read():
    from bootstrap.jsonedit import Document

    text = '{\n  "a": {"b": {"c": {"d": {"e": 1}}}},\n  "z": [[[[1]]]]\n}\n'
    doc = Document(text)
    a = doc.root.get('a')
    b = a and a.get('b')
    deep = b and b.get('c')
    assert deep and deep.opaque and deep.value == {'d': {'e': 1}}
    doc.set_members(('a', 'b', 'c', 'd'), {'x': 2})
    assert json.loads(doc.text) == {
        'a': {'b': {'c': {'d': {'e': 1, 'x': 2}}}},
        'z': [[[[1]]]],
    }
    assert doc.text.startswith('{\n  "a": {"b": {"c": {"d": {"e": 1, "x"')


def test_c13_big_claude_json_and_eight_processes(tmp_path, sandbox):
    import subprocess
    import sys

    user = {
        'numStartups': 12,
        'mcpServers': {'my-notes': {'command': 'node', 'args': ['n.js']}},
        'projects': {
            f'/home/alice/p{i}': {
                'allowedTools': [],
                'history': [{'display': 'x' * 200, 'pastedContents': {}}] * 5,
            }
            for i in range(4000)
        },
    }
    big = sandbox / '.claude.json'
    big.write_text(json.dumps(user, indent=2))
    assert big.stat().st_size > 5_000_000
    proj = _project(tmp_path, ['claude-code', 'cursor'], servers=REPO_DOCS)
    argv = [sys.executable, '-m', 'bootstrap', 'sync', '--home', str(sandbox)]
    procs = [
        subprocess.Popen(
            argv,
            cwd=proj,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(8)
    ]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, (out, err)
    data = json.loads(big.read_text())
    assert data['mcpServers'] == {
        'my-notes': {'command': 'node', 'args': ['n.js']},
        'repo-docs': {'type': 'stdio', **REPO_DOCS['repo-docs']},
    }
    assert {k: v for k, v in data.items() if k != 'mcpServers'} == {
        k: v for k, v in user.items() if k != 'mcpServers'
    }
    cursor = json.loads((sandbox / '.cursor/mcp.json').read_text())
    assert list(cursor['mcpServers']) == ['repo-docs']
    temps = [
        f for _, _, fs in os.walk(sandbox) for f in fs if f.endswith('.bt-tmp')
    ]
    assert temps == []


SECRET = 'ghp_EXAMPLEVALUE0000000000000000000000'
C10_SERVERS = {
    'gh': {
        'command': 'github-mcp-server',
        'env': {'GITHUB_PERSONAL_ACCESS_TOKEN': '${GITHUB_TOKEN}'},
    },
    'same': {'command': 'x', 'env': {'GITHUB_TOKEN': '${GITHUB_TOKEN}'}},
}
C10_EXPECTED = {  # file -> how GITHUB_TOKEN is written there
    '.claude.json': '"${GITHUB_TOKEN}"',
    '.cursor/mcp.json': '"${env:GITHUB_TOKEN}"',
    '.config/Code/User/mcp.json': '"${env:GITHUB_TOKEN}"',
    '.gemini/settings.json': '"${GITHUB_TOKEN}"',
    '.qwen/settings.json': '"${GITHUB_TOKEN}"',
    '.config/opencode/opencode.json': '"{env:GITHUB_TOKEN}"',
    '.codeium/windsurf/mcp_config.json': '"${env:GITHUB_TOKEN}"',
    '.copilot/mcp-config.json': '"${GITHUB_TOKEN}"',
}


def test_c10_references_per_tool_never_the_value(
    tmp_path, sandbox, monkeypatch, capsys
):
    from bootstrap.all_targets import target_names

    monkeypatch.setenv('GITHUB_TOKEN', SECRET)
    proj = _project(tmp_path, target_names, servers=C10_SERVERS)
    assert run(proj, 'sync', '--home', str(sandbox), '-v') == 0
    assert run(proj, 'sync', '--scope', 'project') == 0
    out = capsys.readouterr().out
    for root in (sandbox, proj, tmp_path / 'state'):
        for d, _, files in os.walk(root):
            for f in files:
                with open(os.path.join(d, f), 'rb') as fh:
                    assert SECRET.encode() not in fh.read(), (d, f)
    assert SECRET not in out
    for rel, ref in C10_EXPECTED.items():
        text = (sandbox / rel).read_text()
        assert f'"GITHUB_PERSONAL_ACCESS_TOKEN": {ref}' in text, rel
    # Codex passes variables through by name: the renamed one cannot be
    # expressed without the value, so that server is left out, saying so
    codex = (sandbox / '.codex/config.toml').read_text()
    assert '[mcp_servers."same"]' in codex
    assert 'env_vars = ["GITHUB_TOKEN"]' in codex
    assert 'mcp_servers."gh"' not in codex
    assert (
        'mcp gh: skipped -- env GITHUB_PERSONAL_ACCESS_TOKEN refers to '
        'another variable (${GITHUB_TOKEN})'
    ) in out
    # Claude Desktop expands no variables: skipped with a warning
    assert (
        'mcp gh: skipped -- needs GITHUB_TOKEN, and Claude Desktop does '
        'not expand variables'
    ) in out


def test_c15_home_is_the_repository(tmp_path, monkeypatch):
    # a dotfiles repository checked out at home: user and project paths
    # are the same files; AGENTS.md is wanted by two tools, written once
    proj = _project(
        tmp_path, ['codex', 'opencode', 'claude-code'], servers=REPO_DOCS
    )
    (proj / '.ai/rules').mkdir()
    (proj / '.ai/rules/style.md').write_text('Be brief.\n')
    (proj / '.ai/agents').mkdir()
    (proj / '.ai/agents/r.md').write_text(
        '---\nname: r\ndescription: reviews\n---\nReview.\n',
    )
    monkeypatch.setenv('HOME', str(proj))
    assert run(proj, 'sync', '--scope', 'project') == 0
    first = snapshot(proj)
    assert (proj / 'AGENTS.md').read_text().count('Be brief.') == 1
    # the same again, tools in another order: the same bytes, no write
    (proj / 'bootstrap-tools.toml').write_text(
        'tools = ["claude-code", "opencode", "codex"]\n',
    )
    assert run(proj, 'sync', '--scope', 'project') == 0
    second = snapshot(proj)
    first.pop('bootstrap-tools.toml')
    second.pop('bootstrap-tools.toml')
    assert second == first
    assert run(proj, 'sync') == 0  # user scope: HOME == the repository
    assert json.loads((proj / '.mcp.json').read_text())['mcpServers']


def test_c24_hook_definitions():
    import yaml

    hooks = {
        h['id']: h
        for h in yaml.safe_load(
            open(
                os.path.join(
                    os.path.dirname(__file__), '..', '.pre-commit-hooks.yaml'
                )
            ),
        )
    }
    for hook in hooks.values():
        assert hook['pass_filenames'] is False
        assert hook['always_run'] is True
        assert hook['require_serial'] is True
        assert 'commit-msg' not in hook['stages']
    assert {'pre-commit', 'post-checkout', 'post-merge'} <= set(
        hooks['bootstrap-tools']['stages'],
    )
