from __future__ import annotations

import json
import shutil

import pytest

from bootstrap.commands.check import diff
from testing.fixtures import project
from testing.fixtures import run
from testing.fixtures import shared
from testing.fixtures import snapshot


def test_check_fresh_home_is_out_of_date_and_writes_nothing(
    tmp_path, sandbox, capsys
):
    proj = project(tmp_path)
    before = snapshot(sandbox), snapshot(proj)
    assert run(proj, 'check', '--home', str(sandbox)) == 1
    out = capsys.readouterr().out
    assert '[Claude Code] user: out of date' in out
    assert '  create ~/.claude/agents/reviewer.md' in out
    assert '    add mcpServers/github' in out
    assert out.splitlines()[-1].startswith(
        'check: 2 of 2 tools out of date (claude-code, cursor) -- run '
    )
    assert (snapshot(sandbox), snapshot(proj)) == before
    assert not (tmp_path / 'state' / 'locks').exists()


def test_check_after_sync_is_clean(tmp_path, sandbox, capsys):
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    capsys.readouterr()
    assert run(proj, 'check', '--home', str(sandbox)) == 0
    assert capsys.readouterr().out == 'bootstrap-tools: 2 tools up to date\n'


def test_check_says_which_tools_it_skipped(tmp_path, sandbox, capsys):
    proj = project(tmp_path)  # no --home: neither tool is on this machine
    assert run(proj, 'check') == 0
    assert capsys.readouterr().out == (
        'bootstrap-tools: 2 skipped, not on this machine: claude-code, '
        'cursor; name a tool to check it anyway\n'
    )
    (sandbox / '.cursor').mkdir()  # Cursor is installed now
    assert run(proj, 'check') == 1
    assert (
        capsys.readouterr()
        .out.splitlines()[-1]
        .startswith(
            'check: 1 of 1 tools out of date (cursor) (1 skipped, not on this '
            'machine: claude-code; name a tool to check it anyway) -- run '
        )
    )
    assert run(proj, 'sync') == 0
    capsys.readouterr()
    assert run(proj, 'check') == 0
    assert capsys.readouterr().out == (
        'bootstrap-tools: 1 tool up to date (1 skipped, not on this '
        'machine: claude-code; name a tool to check it anyway)\n'
    )


def test_check_lists_updates_removals_and_conflicts(tmp_path, sandbox, capsys):
    proj = project(tmp_path)
    assert run(proj, 'sync', '--home', str(sandbox), 'cursor') == 0
    (proj / '.ai/rules/style.md').write_text('# House style, v2\n')
    (proj / '.ai/commands/git/changelog.md').unlink()
    (sandbox / '.cursor/agents/reviewer.md').write_text('mine now\n')
    capsys.readouterr()
    assert run(proj, 'check', '--home', str(sandbox), 'cursor') == 1
    out = capsys.readouterr().out
    assert '  remove ~/.cursor/commands/git/changelog.md' in out
    assert (
        '  conflict: ' + str(sandbox / '.cursor/agents/reviewer.md') + ': '
        'edited by hand since it was installed' in out
    )
    assert out.splitlines()[-1] == (
        'check: 1 of 1 tools out of date (cursor) -- run `bootstrap-tools '
        'sync`; conflicts stay until you review them (`check --diff`) and '
        'run `sync --force`, or remove them'
    )
    # once sync has done what it can, only the conflict's remedy is left
    assert run(proj, 'sync', '--home', str(sandbox), 'cursor') == 0
    capsys.readouterr()
    assert run(proj, 'check', '--home', str(sandbox), 'cursor') == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        'check: 1 of 1 tools out of date (cursor) -- conflicts stay until '
        'you review them (`check --diff`) and run `sync --force`, or '
        'remove them'
    )
    assert run(proj, 'check', '--scope', 'project', '--json') == 1
    data = json.loads(capsys.readouterr().out)
    cursor = data['tools'][1]
    assert cursor['status'] == 'out of date'
    assert {
        'action': 'create',
        'path': '.cursor/rules/style.mdc',
        'ops': [],
    } in cursor['updates']


def test_check_diff_masks_secrets(tmp_path, sandbox, capsys):
    proj = project(tmp_path)
    (proj / '.ai/mcp.json').write_text(
        json.dumps(
            {
                'mcpServers': {
                    'db': {
                        'command': 'db-mcp',
                        'env': {
                            'DB_PASSWORD': 'hunter2hunter2',
                            'GITHUB_TOKEN': '${GITHUB_TOKEN}',
                        },
                        'args': ['--key', 'ghp_' + 'a1' * 18],
                    },
                },
            },
        ),
    )
    assert run(proj, 'check', '--home', str(sandbox), '--diff', 'cursor') == 1
    out = capsys.readouterr().out
    assert '+++ b/~/.cursor/mcp.json' in out
    assert '"DB_PASSWORD": "***"' in out
    assert '"GITHUB_TOKEN": "${env:GITHUB_TOKEN}"' in out
    assert 'hunter2' not in out and 'ghp_' not in out
    assert '+++ b/~/.cursor/agents/reviewer.md' in out


def test_check_diff_shows_a_file_in_the_way(tmp_path, sandbox, capsys):
    proj = project(tmp_path)
    (proj / '.cursor/rules').mkdir(parents=True)
    (proj / '.cursor/rules/style.mdc').write_text('old\n')
    assert run(proj, 'check', '--scope', 'project', '--diff', 'cursor') == 1
    out = capsys.readouterr().out
    assert 'conflict: ' in out
    assert '--- a/.cursor/rules/style.mdc' in out
    assert '-old' in out


def test_check_skips_tools_not_on_this_machine(tmp_path, sandbox, capsys):
    proj = project(tmp_path)
    (sandbox / '.claude').mkdir()
    assert run(proj, 'check') == 1
    out = capsys.readouterr().out
    assert 'Cursor' not in out
    assert 'check: 1 of 1 tools out of date (claude-code)' in out


def test_check_diff_masks_secrets_not_prose(tmp_path, sandbox, capsys):
    """The real bundle: skills' Markdown stays readable (no `### Basic
    ***`, no `var session = ***`); MCP env secrets are masked."""
    proj = tmp_path / 'project'
    shutil.copytree(shared('bundles', 'real', '.ai'), proj / '.ai')
    (proj / 'bootstrap-tools.toml').write_text(
        'tools = ["claude-code", "codex"]\nscope = "project"\n'
    )
    assert run(proj, 'check', '--diff') == 1
    out = capsys.readouterr().out
    assert '+### Basic Operations\n' in out
    assert '+var session = client.beta().sessions().create(' in out
    assert 'Basic ***' not in out and 'session = ***' not in out
    mcp = _section(out, '.mcp.json')
    assert '+        "BETTOREDGE_PASSWORD": "***"' in mcp
    assert 'BETTOREDGE_PASSWORD = "***"' in _section(out, '.codex/config.toml')
    assert 'your-password' not in mcp


def _section(out, path):
    """The diff of one file in `check --diff` output."""
    start = out.index(f'+++ b/{path}\n')
    end = out.find('\n--- ', start)
    return out[start:end]


def test_check_diff_keeps_names_of_variables(tmp_path, sandbox, capsys):
    proj = project(tmp_path)
    (proj / '.ai/mcp.json').write_text(
        json.dumps(
            {
                'mcpServers': {
                    'gh': {
                        'url': 'https://x/mcp',
                        'headers': {
                            'Authorization': 'Bearer ${GITHUB_TOKEN}',
                            'X-Api-Key': '${API_KEY}',
                        },
                    },
                },
            },
        ),
    )
    assert run(proj, 'check', '--home', str(sandbox), '--diff', 'codex') == 1
    out = capsys.readouterr().out
    assert '+bearer_token_env_var = "GITHUB_TOKEN"' in out
    assert '+env_http_headers = { X-Api-Key = "API_KEY" }' in out
    assert '***' not in out


def _crlf_rule(proj):
    """The style rule as sync writes it for Cursor, with CRLF endings."""
    rule = proj / '.cursor/rules/style.mdc'
    assert run(proj, 'sync', '--scope', 'project', 'cursor') == 0
    data = rule.read_bytes()
    rule.write_bytes(data.replace(b'\n', b'\r\n'))
    return rule, data


def test_crlf_line_ends_are_the_same_text(tmp_path, sandbox, capsys):
    """As git's core.autocrlf checks files out: nothing to do, nothing
    rewritten, no conflict."""
    proj = project(tmp_path)
    rule, _ = _crlf_rule(proj)
    crlf = rule.read_bytes()
    capsys.readouterr()
    assert run(proj, 'check', '--scope', 'project', 'cursor') == 0
    assert run(proj, 'sync', '--scope', 'project', 'cursor') == 0
    assert 'conflict' not in capsys.readouterr().out
    assert rule.read_bytes() == crlf


def test_check_diff_shows_a_hand_edit_beside_line_endings(
    tmp_path, sandbox, capsys
):
    proj = project(tmp_path)
    rule, data = _crlf_rule(proj)
    rule.write_bytes(rule.read_bytes() + b'mine\r\n')
    capsys.readouterr()
    assert run(proj, 'check', '--scope', 'project', '--diff', 'cursor') == 1
    out = capsys.readouterr().out
    assert 'style.mdc: edited by hand since it was installed' in out
    first = data.decode().splitlines()[0]
    assert '--- a/.cursor/rules/style.mdc' in out
    assert f'\n-{first}^M\n' in out
    assert f'\n+{first}\n' in out


def test_a_file_not_ours_of_the_same_text_in_crlf_is_taken_over(
    tmp_path, sandbox, capsys
):
    proj = project(tmp_path)
    rule, _ = _crlf_rule(proj)
    crlf = rule.read_bytes()
    assert run(proj, 'uninstall', '--scope', 'project', 'cursor') == 0
    rule.parent.mkdir(parents=True, exist_ok=True)
    rule.write_bytes(crlf)
    capsys.readouterr()
    assert run(proj, 'check', '--scope', 'project', 'cursor') == 1  # others
    assert 'style.mdc' not in capsys.readouterr().out
    assert run(proj, 'sync', '--scope', 'project', 'cursor') == 0
    assert run(proj, 'uninstall', '--scope', 'project', 'cursor') == 0
    assert rule.read_bytes() == crlf  # it was there before us: it stays


def test_check_diff_shows_a_config_key_in_the_way(tmp_path, sandbox, capsys):
    proj = project(tmp_path)
    (proj / '.mcp.json').write_text(
        json.dumps(
            {
                'mcpServers': {
                    'github': {
                        'command': 'my-github',
                        'env': {'GITHUB_TOKEN': 'ghp_' + 'a1' * 18},
                    },
                },
            },
            indent=2,
        )
        + '\n'
    )
    args = ('check', '--scope', 'project', '--diff', 'claude-code')
    assert run(proj, *args) == 1
    out = capsys.readouterr().out
    assert 'mcpServers/github exists and is not ours' in out
    assert '--- a/.mcp.json: mcpServers/github\n' in out
    assert '+++ b/.mcp.json: mcpServers/github\n' in out
    assert '-  "command": "my-github",\n' in out
    assert '-    "GITHUB_TOKEN": "***"\n' in out
    assert '+  "url": "https://api.githubcopilot.com/mcp/"' in out
    assert 'ghp_' not in out


def test_check_diff_shows_a_config_key_edited_by_hand(
    tmp_path, sandbox, capsys
):
    proj = project(tmp_path)
    assert run(proj, 'sync', '--scope', 'project', 'claude-code') == 0
    mcp = proj / '.mcp.json'
    mcp.write_text(mcp.read_text().replace('mcp-server-fetch', 'my-fetch'))
    capsys.readouterr()
    args = ('check', '--scope', 'project', '--diff', 'claude-code')
    assert run(proj, *args) == 1
    out = capsys.readouterr().out
    assert 'mcpServers/docs edited by hand since it was installed' in out
    assert '--- a/.mcp.json: mcpServers/docs\n' in out
    assert '-    "my-fetch"\n' in out
    assert '+    "mcp-server-fetch"\n' in out


@pytest.mark.parametrize(
    ('before', 'after', 'expected'),
    (
        pytest.param(
            b'a\r\nb\r\n',
            b'a\nb\r\n',
            ['@@ -1,2 +1,2 @@', '-a^M', '+a', ' b^M'],
            id='line-ending',
        ),
        pytest.param(
            b'\xef\xbb\xbfa\n',
            b'a\n',
            ['@@ -1 +1 @@', '-<BOM>a', '+a'],
            id='bom',
        ),
        pytest.param(
            b'a\r\nb\r\n',
            b'a\r\nc\r\n',
            ['@@ -1,2 +1,2 @@', ' a', '-b', '+c'],
            id='text-of-a-crlf-file',
        ),
        pytest.param(
            b'a\n',
            b'a',
            ['@@ -1 +1 @@', '-a', '+a', '\\ No newline at end of file'],
            id='final-newline',
        ),
    ),
)
def test_diff_shows_what_a_terminal_would_hide(before, after, expected):
    assert diff('f.md', before, after) == [
        '--- a/f.md',
        '+++ b/f.md',
        *expected,
    ]
