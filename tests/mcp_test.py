from __future__ import annotations

import json

import pytest

from bootstrap import mcp
from bootstrap.errors import UsageError
from testing.fixtures import shared


def _server(raw, name='s'):
    return mcp._server('mcp.json', name, raw, 7)


# (raw entry, the fields of the normalised server)
DIALECTS = (
    pytest.param(
        {'command': 'npx', 'args': ['-y', 'x'], 'env': {'A': 'b'}},
        {
            'transport': 'stdio',
            'command': 'npx',
            'args': ('-y', 'x'),
            'env': (('A', 'b'),),
        },
        id='claude-stdio',
    ),
    pytest.param(
        {'type': 'stdio', 'command': 'node', 'cwd': './srv'},
        {'transport': 'stdio', 'command': 'node', 'cwd': './srv'},
        id='vscode-stdio',
    ),
    pytest.param(
        {
            'command': {
                'path': 'python',
                'args': ['-m', 'git'],
                'env': {'A': '1', 'B': '2'},
            },
            'args': ['--verbose'],
            'env': {'B': 'top'},
        },
        {
            'transport': 'stdio',
            'command': 'python',
            'args': ('-m', 'git', '--verbose'),
            'env': (('A', '1'), ('B', 'top')),
        },
        id='zed-command-object',
    ),
    pytest.param(
        {
            'type': 'local',
            'command': ['docker', 'run', '-i'],
            'environment': {'PORT': 8085, 'DEBUG': True},
            'enabled': True,
        },
        {
            'transport': 'stdio',
            'command': 'docker',
            'args': ('run', '-i'),
            'env': (('PORT', '8085'), ('DEBUG', 'true')),
            'extras': (('enabled', True),),
        },
        id='opencode-local',
    ),
    pytest.param(
        {'type': 'remote', 'url': 'https://x/mcp', 'headers': {'H': 'v'}},
        {
            'transport': 'http',
            'url': 'https://x/mcp',
            'headers': (('H', 'v'),),
        },
        id='opencode-remote',
    ),
    pytest.param(
        {'httpUrl': 'http://localhost:3000/mcp', 'timeout': 5000},
        {
            'transport': 'http',
            'url': 'http://localhost:3000/mcp',
            'extras': (('timeout', 5000),),
        },
        id='gemini-httpUrl',
    ),
    pytest.param(
        {'serverUrl': 'https://w/mcp'},
        {'transport': 'http', 'url': 'https://w/mcp'},
        id='windsurf-serverUrl',
    ),
    pytest.param(
        {'url': 'https://u/mcp'},
        {'transport': 'http', 'url': 'https://u/mcp'},
        id='url-without-type',
    ),
    pytest.param(
        {'type': 'SSE', 'url': 'https://u/sse'},
        {'transport': 'sse', 'url': 'https://u/sse'},
        id='sse',
    ),
    pytest.param(
        {'type': 'http', 'url': 'https://u/mcp'},
        {'transport': 'http', 'url': 'https://u/mcp'},
        id='http',
    ),
    pytest.param(
        {'type': 'sse', 'command': 'x'},
        {'transport': 'stdio', 'command': 'x'},
        id='a-command-is-stdio',
    ),
    pytest.param(
        {
            'command': 'gh',
            'trust': True,
            'autoApprove': [],
            'disabled': False,
            'tools': ['a'],
            'unknown-field': 1,
        },
        {
            'transport': 'stdio',
            'command': 'gh',
            'extras': (
                ('trust', True),
                ('autoApprove', []),
                ('disabled', False),
                ('tools', ['a']),
            ),
        },
        id='extras',
    ),
    pytest.param(
        {'command': 'x', 'args': None, 'env': None, 'headers': None},
        {'command': 'x', 'args': (), 'env': (), 'headers': ()},
        id='nulls',
    ),
    pytest.param(
        {'command': 'x', 'args': [1, 2.5, True, 'y']},
        {'command': 'x', 'args': ('1', '2.5', 'true', 'y')},
        id='scalars-as-config-text',
    ),
)


@pytest.mark.parametrize(('raw', 'fields'), DIALECTS)
def test_dialects_are_normalised(raw, fields):
    server = _server(raw)
    assert server.name == 's'
    assert server.line == 7
    defaults = mcp.Server('s', 'stdio')._asdict()
    for field, value in defaults.items():
        if field in ('name', 'transport', 'line', 'said'):
            continue
        assert getattr(server, field) == fields.get(field, value), field
    if 'transport' in fields:
        assert server.transport == fields['transport']


@pytest.mark.parametrize(
    ('text', 'want'),
    (
        ('$VAR', '${VAR}'),
        ('${VAR}', '${VAR}'),
        ('${env:VAR}', '${VAR}'),
        ('${VAR:-default}', '${VAR:-default}'),
        ('${env:VAR:-d}', '${VAR:-d}'),
        ('${VAR:-}', '${VAR:-}'),
        ('Bearer $TOKEN/x', 'Bearer ${TOKEN}/x'),
        ('$A$B', '${A}${B}'),
        ('${input:api-key}', '${input:api-key}'),
        ('${workspaceFolder}/x', '${workspaceFolder}/x'),
        ('$1 and $ and ${', '$1 and $ and ${'),
        ('${VAR-d}', '${VAR-d}'),
        ('${{ secrets.X }}', '${{ secrets.X }}'),
        ('plain', 'plain'),
    ),
)
def test_references_are_canonical(text, want):
    server = _server(
        {
            'command': text,
            'args': [text],
            'env': {'E': text},
            'cwd': text,
            'headers': {'H': text},
        }
    )
    assert server.command == want
    assert server.args == (want,)
    assert server.env == (('E', want),)
    assert server.cwd == want
    assert server.headers == (('H', want),)
    url = _server({'url': text}).url
    assert url == want


@pytest.mark.parametrize(
    ('raw', 'msg'),
    (
        ([], "server 's' must be an object"),
        ('npx', "server 's' must be an object"),
        ({}, "server 's' has neither a command nor a url -- add"),
        ({'command': '', 'url': ''}, 'neither a command nor a url'),
        ({'type': 'stdio', 'args': ['x']}, 'neither a command nor a url'),
        ({'command': []}, 'neither a command nor a url'),
        ({'command': 5}, "server 's': command must be a string"),
        ({'command': [5]}, "server 's': command must be a string"),
        ({'command': {'args': ['x']}}, 'neither a command nor a url'),
        ({'url': {'u': 1}}, "server 's': url must be a string"),
        ({'command': 'x', 'args': 'a b'}, 'args must be a list of strings'),
        ({'command': 'x', 'args': {'a': 'b'}}, 'args must be a list'),
        ({'command': 'x', 'args': [None]}, 'args must be a list'),
        ({'command': 'x', 'args': [['a']]}, 'args must be a list'),
        ({'command': ['x', {}]}, 'command must be a list'),
        ({'command': {'path': 'x', 'args': 'y'}}, 'command.args must be'),
        ({'command': {'path': 'x', 'env': ['A=1']}}, 'command.env must be'),
        ({'command': 'x', 'env': ['A=1']}, 'env must be an object of str'),
        ({'command': 'x', 'env': 'A=1'}, 'env must be an object'),
        ({'command': 'x', 'env': {'A': None}}, 'env must be an object'),
        ({'command': 'x', 'env': {'A': {'b': 1}}}, 'env must be an object'),
        ({'url': 'u', 'headers': ['H: v']}, 'headers must be an object'),
        ({'command': 'x', 'environment': 'A'}, 'env must be an object'),
    ),
)
def test_bad_entries_are_usage_errors_naming_file_and_line(raw, msg):
    with pytest.raises(UsageError) as excinfo:
        _server(raw)
    assert str(excinfo.value).startswith('mcp.json:7: ')
    assert msg in str(excinfo.value)


def test_refs_names_every_environment_variable():
    server = _server(
        {
            'command': '$BIN',
            'args': ['--db', '${DB:-x}', '${input:key}', '${workspaceFolder}'],
            'env': {'T': '${env:TOKEN}', 'U': '${userHome}/x'},
            'cwd': '${PROJECT}',
            'headers': {'H': 'Bearer $H_TOKEN'},
        }
    )
    assert mcp.refs(server) == {'BIN', 'DB', 'TOKEN', 'PROJECT', 'H_TOKEN'}
    assert mcp.refs(_server({'url': 'https://x/$PATHX'})) == {'PATHX'}
    assert mcp.refs(_server({'command': 'x'})) == set()


# how each tool writes a reference to the environment variable
TOOL_REFS = {
    'claude-code': lambda name, default: (
        f'${{{name}}}' if default is None else f'${{{name}:-{default}}}'
    ),
    'cursor': lambda name, default: f'${{env:{name}}}',
    'gemini': lambda name, default: f'${name}',
}


@pytest.mark.parametrize(
    ('tool', 'env', 'url'),
    (
        ('claude-code', '${GITHUB_TOKEN}', 'https://h/${DB:-main}'),
        ('cursor', '${env:GITHUB_TOKEN}', 'https://h/${env:DB}'),
        ('gemini', '$GITHUB_TOKEN', 'https://h/$DB'),
    ),
)
def test_c10_translate_writes_each_tools_reference(tool, env, url):
    # the canonical source form may be any of the dialects' forms
    for token in ('$GITHUB_TOKEN', '${GITHUB_TOKEN}', '${env:GITHUB_TOKEN}'):
        server = _server(
            {
                'command': 'github-mcp-server',
                'env': {'GITHUB_PERSONAL_ACCESS_TOKEN': token},
            }
        )
        notes: list[str] = []
        out = mcp.translate(server, TOOL_REFS[tool], notes)
        assert out.env == (('GITHUB_PERSONAL_ACCESS_TOKEN', env),)
        assert notes == []
    remote = _server({'url': 'https://h/${DB:-main}'})
    assert mcp.translate(remote, TOOL_REFS[tool], []).url == url


def test_translate_passes_defaults_and_rewrites_every_field():
    seen = []

    def ref(name, default):
        seen.append((name, default))
        return f'<{name}>'

    server = _server(
        {
            'command': '$BIN',
            'args': ['${A:-1}'],
            'env': {'E': '${B}'},
            'cwd': '${C}/x',
            'headers': {'H': 'Bearer ${D:-}'},
        }
    )
    out = mcp.translate(server, ref, [])
    assert (out.command, out.args, out.env, out.cwd, out.headers) == (
        '<BIN>',
        ('<A>',),
        (('E', '<B>'),),
        '<C>/x',
        (('H', 'Bearer <D>'),),
    )
    assert seen == [
        ('BIN', None),
        ('A', '1'),
        ('B', None),
        ('C', None),
        ('D', ''),
    ]
    assert out.name == server.name and out.line == server.line


@pytest.mark.parametrize(
    ('input_id', 'var'),
    (
        ('apiKey', 'API_KEY'),
        ('gh-token', 'GH_TOKEN'),
        ('github_mcp_pat', 'GITHUB_MCP_PAT'),
        ('gitHubToken', 'GIT_HUB_TOKEN'),
        ('1password', '_1PASSWORD'),
        ('--', '_'),
    ),
)
def test_translate_turns_inputs_into_environment_variables(input_id, var):
    server = _server(
        {
            'command': 'x',
            'args': [f'${{input:{input_id}}}'],
            'env': {'K': f'${{input:{input_id}}}'},
        }
    )
    notes: list[str] = []
    out = mcp.translate(server, TOOL_REFS['cursor'], notes)
    assert out.args == (f'${{env:{var}}}',)
    assert out.env == (('K', f'${{env:{var}}}'),)
    assert notes == [  # once, though used twice
        f's: ${{input:{input_id}}} prompt becomes environment variable {var}'
    ]


def test_translate_can_keep_inputs_and_list_them():
    server = _server(
        {'command': 'x', 'args': ['${input:a}', '${input:b}', '${input:a}']}
    )
    inputs: list[str] = []
    notes: list[str] = []
    out = mcp.translate(server, TOOL_REFS['cursor'], notes, inputs=inputs)
    assert out.args == ('${input:a}', '${input:b}', '${input:a}')
    assert inputs == ['a', 'b']
    assert notes == []


@pytest.mark.parametrize(
    ('workspace', 'want'),
    (
        (None, '${workspaceFolder}/db ${userHome}'),
        ('/home/alice/project', '/home/alice/project/db ${userHome}'),
        ('C:\\Users\\alice\\proj', 'C:\\Users\\alice\\proj/db ${userHome}'),
        ('${PWD:-.}', '<PWD:.>/db ${userHome}'),
    ),
)
def test_translate_workspace_folder(workspace, want):
    server = _server(
        {'command': 'x', 'args': ['${workspaceFolder}/db ${userHome}']}
    )
    out = mcp.translate(
        server, lambda n, d: f'<{n}:{d}>', [], workspace=workspace
    )
    assert out.args == (want,)


# -- files -------------------------------------------------------------
def _write(tmp_path, text, name='mcp.json'):
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return str(path)


@pytest.mark.parametrize('text', ('', '  \n\t', b'\xef\xbb\xbf', '{}'))
def test_load_empty_files_have_no_servers(tmp_path, text):
    assert mcp.load(_write(tmp_path, text)) == ()


def test_load_missing_file(tmp_path):
    assert mcp.load(str(tmp_path / 'absent.json')) == ()


def test_load_jsonc_with_bom_and_crlf(tmp_path):
    text = (
        '\ufeff{\r\n  // mine\r\n  "mcpServers": {\r\n'
        '    "a": {"command": "x",},\r\n'
        '    /* "b": {}, */\r\n'
        '    "c": {"url": "https://c"}\r\n  },\r\n}\r\n'
    )
    servers = mcp.load(_write(tmp_path, text))
    assert [(s.name, s.transport, s.line) for s in servers] == [
        ('a', 'stdio', 4),
        ('c', 'http', 6),
    ]


@pytest.mark.parametrize(
    ('root', 'text'),
    (
        ('mcpServers', '{"mcpServers": {"a": {"command": "x"}}}'),
        ('servers', '{"inputs": [], "servers": {"a": {"command": "x"}}}'),
        ('mcp', '{"$schema": "s", "mcp": {"a": {"command": ["x"]}}}'),
        ('context_servers', '{"context_servers": {"a": {"command": "x"}}}'),
        (
            'mcpServers first',
            '{"servers": {"b": {"command": "y"}}, '
            '"mcpServers": {"a": {"command": "x"}}}',
        ),
    ),
)
def test_load_root_keys(tmp_path, root, text):
    (server,) = mcp.load(_write(tmp_path, text))
    assert (server.name, server.command) == ('a', 'x')


@pytest.mark.parametrize(
    ('text', 'where', 'msg'),
    (
        ('{"mcpServers": {,}}', '1:17', 'expected a "quoted" property name'),
        ('{\n  "mcpServers": {\n    "a": {}\n', '4:1', "expected ',' or '}'"),
        ('[]', '1', 'expected {"mcpServers": {NAME: {...}}}'),
        ('"x"', '1', 'expected {"mcpServers"'),
        ('{"other": {}}', '1', 'expected {"mcpServers"'),
        ('{\n\n  "mcpServers": []\n}', '3', 'expected {"mcpServers"'),
        (
            '{"mcpServers": {\n  "a": {"command": "x"},\n  "b": 1\n}}',
            '3',
            "server 'b' must be an object",
        ),
        (
            '{"mcpServers": {\n\n  "empty": {"type": "stdio"}\n}}',
            '3',
            "server 'empty' has neither a command nor a url",
        ),
        (
            '{"mcpServers": {\n  "a": {"command": "x"},\n'
            '  "a": {"command": "y"}\n}}',
            '3',
            "server 'a' is defined twice (first on line 2)",
        ),
    ),
)
def test_load_errors_name_file_and_line(tmp_path, text, where, msg):
    path = _write(tmp_path, text)
    with pytest.raises(UsageError) as excinfo:
        mcp.load(path)
    assert str(excinfo.value).startswith(f'{path}:{where}: ')
    assert msg in str(excinfo.value)


def test_every_bad_server_is_told_at_once(tmp_path):
    path = _write(
        tmp_path,
        '{"mcpServers": {\n  "a": {"args": ["x"]},\n  "ok": {"command": "x"},'
        '\n  "b": 1,\n  "ok": {"command": "y"}\n}}',
    )
    with pytest.raises(UsageError) as excinfo:
        mcp.load(path)
    assert [
        line.split(': ', 1)[0] for line in str(excinfo.value).splitlines()
    ] == [
        f'{path}:2',
        f'{path}:4',
        f'{path}:5',
    ]


def test_load_parse_error_says_how_to_fix(tmp_path):
    path = _write(tmp_path, '{"mcpServers": {"a": {"command": "x"}')
    with pytest.raises(UsageError, match=r'-- fix the JSON$'):
        mcp.load(path)


def test_load_not_utf8(tmp_path):
    path = _write(tmp_path, b'{"mcpServers": {"a": {"command": "\xff"}}}')
    with pytest.raises(UsageError) as excinfo:
        mcp.load(path)
    assert str(excinfo.value) == (
        f'{path}: not UTF-8 text (byte 34) -- save it as UTF-8'
    )


def test_load_the_real_mixed_dialect_file():
    path = shared('bundles', 'real', '.ai', 'mcp.json')
    servers = {s.name: s for s in mcp.load(str(path))}
    with open(path, encoding='utf-8') as f:
        raw = json.load(f)['mcpServers']
    assert list(servers) == list(raw)
    assert servers['mcp-server-git'].command == 'python'
    assert servers['mcp-server-git'].args == ('-m', 'mcp_server_git')
    assert servers['googleCloudServer'].url.endswith('/mcp')
    assert servers['googleCloudServer'].transport == 'http'
    assert servers['Name'].transport == 'sse'
    assert servers['postgres-documentation'].transport == 'http'
    assert dict(servers['pythonTools'].env) == {
        'DATABASE_URL': '${DB_CONNECTION_STRING}',
        'API_KEY': '${EXTERNAL_API_KEY}',
    }
    assert servers['github-agentic-workflows'].transport == 'stdio'
    assert mcp.refs(servers['filesystem']) == set()
    assert mcp.refs(servers['firecrawl']) == set()
    for server in servers.values():
        with open(path, encoding='utf-8') as f:
            line = f.read().splitlines()[server.line - 1]
        assert line.strip().startswith(json.dumps(server.name) + ':')


def test_every_problem_of_one_server_is_told_at_once(tmp_path):
    path = _write(
        tmp_path,
        '{"mcpServers": {"a": {"command": "x", "args": [[1]], '
        '"headers": [1], "url": 5}}}',
    )
    with pytest.raises(UsageError) as excinfo:
        mcp.load(path)
    lines = str(excinfo.value).splitlines()
    assert len(lines) == 3
    assert 'args must be a list of strings' in lines[0]
    assert 'headers must be an object of strings' in lines[1]
    assert 'url must be a string' in lines[2]


@pytest.mark.parametrize(
    ('server', 'warning'),
    [
        ({'type': 'bogus', 'command': 'x'}, "type 'bogus' is none we know"),
        ({'type': 'SSE', 'command': 'x'}, "type 'sse', but read as stdio"),
        (
            {'type': 'stdio', 'url': 'https://x'},
            'but read as http, from its url',
        ),
        ({'type': 'local', 'command': 'x'}, None),
        ({'type': 'streamable-http', 'url': 'https://x'}, None),
        ({'command': 'x'}, None),
    ],
)
def test_a_type_that_says_another_transport_is_a_warning(
    tmp_path, server, warning
):
    path = _write(tmp_path, json.dumps({'mcpServers': {'s': server}}))
    (found,) = mcp.load(path)
    warnings = mcp.type_warnings(found, 'mcp.json')
    if warning is None:
        assert warnings == []
    else:
        (line,) = warnings
        assert line.startswith("mcp.json:1: server 's': ")
        assert warning in line
