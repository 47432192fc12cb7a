"""Ownership inside shared config files: only our keys move."""

from __future__ import annotations

import json

import pytest

from bootstrap import changeset
from testing.fixtures import run


def _project(tmp_path, servers=None, hooks=None, tools=('claude-code',)):
    proj = tmp_path / 'repo'
    (proj / '.ai').mkdir(parents=True)
    (proj / 'bootstrap-tools.toml').write_text(
        f'tools = {json.dumps(list(tools))}\n',
    )
    if servers is not None:
        (proj / '.ai/mcp.json').write_text(
            json.dumps({'mcpServers': servers}),
        )
    if hooks is not None:
        (proj / '.ai/hooks.json').write_text(json.dumps({'hooks': hooks}))
    return proj


DOCS = {'docs': {'command': 'uvx', 'args': ['docs-mcp']}}
OURS = {'type': 'stdio', 'command': 'uvx', 'args': ['docs-mcp']}


def _servers(home):
    return json.loads((home / '.claude.json').read_text())['mcpServers']


def test_users_server_of_the_same_name_is_a_conflict(
    tmp_path, sandbox, capsys
):
    (sandbox / '.claude.json').write_text(
        '{"mcpServers": {"docs": {"command": "my-docs"}}}',
    )
    proj = _project(tmp_path, DOCS)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert _servers(sandbox) == {'docs': {'command': 'my-docs'}}
    out = capsys.readouterr().out
    assert 'mcpServers/docs exists and is not ours; skipped -- --force' in out
    assert run(proj, 'sync', '--home', str(sandbox), '--force') == 0
    assert _servers(sandbox) == {'docs': OURS}
    capsys.readouterr()
    assert run(proj, 'uninstall', '--home', str(sandbox)) == 0
    assert (sandbox / '.claude.json').read_text() == (
        '{"mcpServers": {"docs": {"command": "my-docs"}}}'
    )  # byte for byte
    assert 'restore mcpServers/docs' in capsys.readouterr().out
    assert run(proj, 'uninstall', '--home', str(sandbox)) == 0
    assert _servers(sandbox) == {'docs': {'command': 'my-docs'}}


def test_forced_toml_table_is_restored_with_its_comments(
    tmp_path, sandbox, capsys
):
    config = sandbox / '.codex/config.toml'
    config.parent.mkdir()
    text = 'model = "o3"  # mine\n\n[mcp_servers.docs]\ncommand = "my-docs"\n'
    config.write_text(text)
    proj = _project(tmp_path, DOCS, tools=('codex',))
    assert run(proj, 'sync', '--home', str(sandbox), '--force') == 0
    assert 'uvx' in config.read_text()
    assert run(proj, 'uninstall', '--home', str(sandbox)) == 0
    assert config.read_text() == text  # byte for byte, comments included
    # once the user has touched the file since, values come back and
    # their later edit stays
    assert run(proj, 'sync', '--home', str(sandbox), '--force') == 0
    config.write_text(config.read_text().replace('"o3"', '"o4"'))
    (proj / '.ai/mcp.json').write_text('{"mcpServers": {}}')
    assert run(proj, 'sync', '--home', str(sandbox)) == 0  # pruned
    assert 'command = "my-docs"' in config.read_text()
    assert 'uvx' not in config.read_text()
    assert 'model = "o4"  # mine' in config.read_text()


def test_our_server_edited_by_hand_is_kept(tmp_path, sandbox, capsys):
    proj = _project(tmp_path, DOCS)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    path = sandbox / '.claude.json'
    path.write_text(path.read_text().replace('docs-mcp', 'docs-mcp@2'))
    edited = path.read_text()
    capsys.readouterr()
    assert run(proj, 'status', '--home', str(sandbox), '--json') == 0
    [row] = json.loads(capsys.readouterr().out)['tools']
    assert row['drifted'] == [f'{path}: mcpServers/docs']
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert path.read_text() == edited
    assert 'mcpServers/docs edited by hand since it was installed' in (
        capsys.readouterr().out
    )
    # and once it leaves the bundle, the edited entry stays
    (proj / '.ai/mcp.json').write_text('{"mcpServers": {}}')
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert path.read_text() == edited
    assert 'no longer installed, but edited by hand since' in (
        capsys.readouterr().out
    )


def test_deleted_by_the_user_comes_back(tmp_path, sandbox):
    hook = {'Stop': [{'hooks': [{'type': 'command', 'command': 'x'}]}]}
    proj = _project(tmp_path, DOCS, hook)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    (sandbox / '.claude.json').write_text('{"mcpServers": {}}')
    settings = sandbox / '.claude/settings.json'
    settings.write_text('{"hooks": {"Stop": []}}')
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert _servers(sandbox) == {'docs': OURS}
    assert json.loads(settings.read_text())['hooks'] == hook


def test_users_identical_hook_is_never_claimed(tmp_path, sandbox):
    hook = {'Stop': [{'hooks': [{'type': 'command', 'command': 'x'}]}]}
    settings = sandbox / '.claude/settings.json'
    settings.parent.mkdir()
    text = json.dumps({'hooks': hook}, indent=2)
    settings.write_text(text)
    proj = _project(tmp_path, hooks=hook)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert settings.read_text() == text  # present already: nothing added
    assert run(proj, 'uninstall', '--home', str(sandbox)) == 0
    assert settings.read_text() == text  # and theirs is not removed


def test_file_we_created_then_recreated_by_user_is_theirs(tmp_path, sandbox):
    proj = _project(tmp_path, DOCS)
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    path = sandbox / '.claude.json'
    path.write_text('{}')  # the user starts over
    (proj / '.ai/mcp.json').unlink()
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert path.read_text() == '{}'


@pytest.mark.parametrize(
    ('data', 'message'),
    [
        (b'\xff\xfe{}', 'not UTF-8 text; left unchanged'),
        (b'[]', 'the top level is not a JSON object; left unchanged'),
        (b'{"mcpServers": []}', 'mcpServers is not an object; left unchanged'),
        (b'{"mcpServers": {"a": 1}', "expected ',' or '}'"),
    ],
)
def test_unusable_config_is_never_replaced(
    tmp_path, sandbox, capsys, data, message
):
    path = sandbox / '.claude.json'
    path.write_bytes(data)
    proj = _project(tmp_path, DOCS)
    assert run(proj, 'sync', '--home', str(sandbox)) == 1
    assert path.read_bytes() == data
    out = capsys.readouterr().out
    assert f'{path}' in out and message in out


@pytest.mark.parametrize(
    ('disk', 'data', 'same'),
    [
        (b'a\nb\n', b'a\nb\n', True),
        (b'a\r\nb\r\n', b'a\nb\n', True),  # git's core.autocrlf
        (b'a\r\nb\n', b'a\nb\n', True),
        (b'a\r\nb\r\n', b'a\r\nb\n', False),  # we write that CR ourselves
        (b'a\nb\n', b'a\r\nb\r\n', False),
        (b'\x89PNG\0\r\n', b'\x89PNG\0\n', False),  # binary: bytes count
        (b'a\r\r\n', b'a\n', False),
        (b'a\r\nc\r\n', b'a\nb\n', False),
    ],
)
def test_same_text(disk, data, same):
    assert changeset.same_text(disk, data) is same
