from __future__ import annotations

import os

import pytest

from bootstrap import config
from bootstrap import constants as C
from bootstrap.errors import UsageError

KNOWN = ('claude-code', 'codex', 'cursor', 'gemini-cli')


def _load(tmp_path, text, name=C.CONFIG_FILE):
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return config.load(str(path), KNOWN)


def _error(tmp_path, text, name=C.CONFIG_FILE):
    with pytest.raises(UsageError) as excinfo:
        _load(tmp_path, text, name)
    prefix = f'{tmp_path / name}:'
    message = str(excinfo.value)
    assert message.startswith(prefix)
    return message[len(prefix) :]


def test_load_defaults(tmp_path):
    cfg = _load(tmp_path, 'tools = ["cursor", "claude-code"]\n')
    assert cfg.path == str(tmp_path / C.CONFIG_FILE)
    assert cfg.project == str(tmp_path)
    assert cfg.source == str(tmp_path / '.ai')
    assert cfg.scope == 'user'
    assert cfg.tools == (
        config.ToolConfig('cursor', 'user', frozenset(C.KINDS)),
        config.ToolConfig('claude-code', 'user', frozenset(C.KINDS)),
    )
    assert cfg.targets == ()


def test_load_tables_override_scope_and_kinds(tmp_path):
    cfg = _load(
        tmp_path,
        'source = "shared/../bundle"\n'
        'scope = "project"\n'
        '[tools.cursor]\n'
        'scope = "user"\n'
        'mcp = false\n'
        'hooks = false\n'
        '[tools.codex]\n'
        'rules = true\n',
    )
    assert cfg.source == str(tmp_path / 'bundle')
    assert cfg.scope == 'project'
    assert cfg.tools == (
        config.ToolConfig(
            'cursor', 'user', frozenset(C.KINDS) - {'mcp', 'hooks'}
        ),
        config.ToolConfig('codex', 'project', frozenset(C.KINDS)),
    )


def test_load_inline_tables_bom_and_crlf(tmp_path):
    text = '\ufeffscope = "user"\r\ntools = { cursor = { scope = "project" } }'
    cfg = _load(tmp_path, text + '\r\n')
    assert cfg.tools == (
        config.ToolConfig('cursor', 'project', frozenset(C.KINDS)),
    )


def test_load_pyproject_section(tmp_path):
    cfg = _load(
        tmp_path,
        '[project]\nname = "x"\n\n'
        '[tool.coverage.run]\nsource = ["pkg"]\n\n'
        '[tool.bootstrap-tools]\nsource = "ai"\ntools = ["codex"]\n',
        'pyproject.toml',
    )
    assert cfg.source == str(tmp_path / 'ai')
    assert [t.name for t in cfg.tools] == ['codex']


# (config text, 'line: message' of the error)
ERRORS = (
    (
        'tool = ["cursor"]',
        "1: unknown key 'tool' -- did you mean 'tools'? "
        '(known: source, tools, scope, targets)',
    ),
    (
        'tools = ["cursor"]\n\nsorce = ".ai"',
        "3: unknown key 'sorce' -- did you mean 'source'?",
    ),
    ('tools = ["cursor"]\nzzz = 1', "2: unknown key 'zzz' (known: "),
    (
        'tools = ["cursor"]\nsource = 1',
        "2: 'source' must be a directory name, e.g. '.ai'",
    ),
    ('source = ""\ntools = ["cursor"]', "1: 'source' must be a directory"),
    (
        'tools = ["cursor"]\nscope = "projct"',
        "2: scope must be 'user' or 'project', not 'projct' -- "
        "did you mean 'project'?",
    ),
    (
        'tools = ["cursor"]\nscope = 3',
        "2: scope must be 'user' or 'project', not 3",
    ),
    (
        'tools = "cursor"',
        "1: 'tools' must be a list of names or a table of [tools.NAME]",
    ),
    ('tools = [1]', "1: 'tools' must be a list of tool names"),
    ('tools = [{name = "cursor"}]', "1: 'tools' must be a list of tool"),
    (
        'scope = "user"\ntools = []',
        "2: 'tools' is empty -- name at least one of: claude-code, codex, "
        'cursor, gemini-cli',
    ),
    ('scope = "user"', "1: 'tools' is empty"),
    (
        'tools = [\n  "claude-code",\n  "cursr",\n]',
        "3: unknown tool 'cursr' -- did you mean 'cursor'? "
        '(run `bootstrap-tools targets` for the list)',
    ),
    (
        "tools = ['claude-code', 'codx']",
        "1: unknown tool 'codx' -- did you mean 'codex'?",
    ),
    (
        'scope = "user"\n\n[tools.cursr]\nscope = "user"',
        "3: unknown tool 'cursr' -- did you mean 'cursor'?",
    ),
    (
        '[tools]\ncursor = true',
        '2: tools.cursor must be a table, such as '
        '{scope = "project", mcp = false}',
    ),
    (
        'scope = "user"\n[tools.cursor]\nscop = "user"',
        "3: [tools.cursor]: unknown key 'scop' -- did you mean 'scope'? "
        '(known: scope, rules, agents, commands, skills, mcp, hooks)',
    ),
    (
        '[tools.cursor]\nrules = true\nmcp = "no"',
        "3: [tools.cursor] mcp must be true or false, not 'no'",
    ),
    (
        # the tool's own scope line, not the top-level one
        'scope = "user"\n[tools.codex]\n[tools.cursor]\nscope = "global"',
        "4: [tools.cursor] scope must be 'user' or 'project', not 'global'",
    ),
    (
        'scope = "user"\ntools.cursor.scope = "usr"',
        "2: [tools.cursor] scope must be 'user' or 'project', not 'usr' -- "
        "did you mean 'user'?",
    ),
    (
        'scope = "user"\ntools = { cursor = { scope = "x" } }',
        '2: [tools.cursor] scope must be',
    ),
    # TOML syntax: line and column, and the remedy
    (
        'tools = ["cursor"]\nscope "user"',
        "2:7: Expected '=' after a key in a key/value pair -- fix the TOML "
        'syntax',
    ),
    ('tools = ["cursor"]\nscope =', '2: Invalid value -- fix the TOML syntax'),
    ('[tools\n', "1:7: Expected ']' at the end of a table declaration"),
    # declared targets
    ('targets = 1\ntools = ["cursor"]', "1: 'targets' must be a table of"),
    (
        'tools = ["cursor"]\n[targets.cursor]\ndirectory = "x"',
        "2: [targets.cursor]: 'cursor' is already a target -- pick another",
    ),
    ('targets = { acme = 1 }', '1: [targets.acme] must be a table'),
    (
        'tools = ["acme"]\n[targets.acme]\ndirectory = "x"\ncolor = "red"',
        "4: [targets.acme]: unknown key 'color'",
    ),
    (
        'tools = ["acme"]\n\n[targets.acme]\nprogram = "acme"',
        '3: [targets.acme]: give `directory` (user scope) and/or',
    ),
    (
        'tools = ["acme"]\n[targets.acme]\ndirectory = "x"\n'
        'mcp = { file = "m.json", format = "zed" }',
        '4: [targets.acme] mcp format must be one of',
    ),
    (
        'tools = ["acme"]\n[targets.acme]\ndirectory = "x"\n'
        '[targets.acme.mcp]\nfile = "m.json"\nformat = "zed"',
        '6: [targets.acme] mcp format must be one of',
    ),
)


@pytest.mark.parametrize(('text', 'error'), ERRORS)
def test_errors_name_file_line_and_remedy(tmp_path, text, error):
    assert _error(tmp_path, text).startswith(error)


@pytest.mark.parametrize(
    ('text', 'error'),
    (
        (
            '[tool.coverage.run]\nsource = ["pkg"]\n'
            '[tool.ruff]\nscope = 1\n\n'
            '[tool.bootstrap-tools]\ntools = ["cursor"]\nsource = 1\n',
            "8: 'source' must be a directory name",
        ),
        (
            '[tool.bootstrap-tools]\nscope = "user"\n'
            '[tool.bootstrap-tools.tools.cursor]\nscope = "a"\n',
            "4: [tools.cursor] scope must be 'user' or 'project'",
        ),
        (
            '[tool.bootstrap-tools]\ntools = ["cursr"]\n',
            "2: unknown tool 'cursr' -- did you mean 'cursor'?",
        ),
        ('[tool]\nbootstrap-tools = 1\n', '2: [tool.bootstrap-tools] must be'),
        ('tool = 1\n', "1: 'tools' is empty"),
        ('[project]\nname = "x"\n', "1: 'tools' is empty"),
        ('[tool.bootstrap-tools\n', "1:22: Expected ']' at the end"),
    ),
)
def test_pyproject_errors_point_into_our_section(tmp_path, text, error):
    assert _error(tmp_path, text, 'pyproject.toml').startswith(error)


def test_declared_target_is_a_known_tool(tmp_path):
    cfg = _load(
        tmp_path,
        'tools = ["acme", "cursor"]\n'
        '[targets.acme]\n'
        'display_name = "Acme AI"\n'
        'project_directory = ".acme"\n'
        'rules = "rules"\n',
    )
    (target,) = cfg.targets
    assert target.NAME == 'acme'
    assert target.DISPLAY_NAME == 'Acme AI'
    assert [t.name for t in cfg.tools] == ['acme', 'cursor']


def test_not_utf8_config_is_read_with_replacement(tmp_path):
    cfg = _load(tmp_path, b'# caf\xe9\ntools = ["cursor"]\n')
    assert [t.name for t in cfg.tools] == ['cursor']


@pytest.mark.parametrize(
    ('text', 'path', 'line'),
    (
        ('a = 1\n\nb = 2', ('b',), 3),  # not the blank line before it
        ('a = 1\n  "b" = 2', ('b',), 2),
        ("'b'.c = 1", ('b', 'c'), 1),
        ('[x]\nb = 1\n[y]\nb = 2', ('y', 'b'), 4),
        ('[ x . "y" ]\nb = 1', ('x', 'y', 'b'), 2),
        ('[[x]]\nb = 1', ('x', 'b'), 2),
        ('x.y = 1\nx.z = 2', ('x', 'z'), 2),
        ('x = { z = 1 }', ('x', 'z'), 1),  # the line of the parent
        ('x = [\n  "a",\n  "b",\n]\ny = 1', ('x', 'b'), 3),
        ('x = [\n  "a",\n]\ny = ["b"]', ('x', 'b'), 1),  # not in x
        ('a = 1', ('b',), 1),
        ('', ('b',), 1),
        ('# b = 1\nb = 2', ('b',), 2),
    ),
)
def test_line_of(text, path, line):
    assert config._line_of(text, path) == line


# -- find --------------------------------------------------------------
def test_find_the_nearest_config(tmp_path):
    deep = tmp_path / 'a' / 'b'
    deep.mkdir(parents=True)
    (tmp_path / C.CONFIG_FILE).write_text('tools = ["cursor"]\n')
    assert config.find(str(deep)) == str(tmp_path / C.CONFIG_FILE)
    (tmp_path / 'a' / C.CONFIG_FILE).write_text('tools = ["codex"]\n')
    assert config.find(str(deep)) == str(tmp_path / 'a' / C.CONFIG_FILE)


@pytest.mark.parametrize(
    ('pyproject', 'found'),
    (
        ('[tool.bootstrap-tools]\ntools = ["cursor"]\n', True),
        ('[tool.bootstrap-tools.tools.cursor]\nscope = "user"\n', True),
        ('[ tool . "bootstrap-tools" ]\ntools = ["x"]\n', True),
        ('[tool.bootstrap-tools-extra]\nx = 1\n', False),
        ('[tool.ruff]\n# [tool.bootstrap-tools]\n', False),
        ('[project]\nname = "bootstrap-tools"\n', False),
    ),
)
def test_find_pyproject_only_with_our_section(tmp_path, pyproject, found):
    (tmp_path / C.CONFIG_FILE).write_text('tools = ["cursor"]\n')
    sub = tmp_path / 'sub'
    sub.mkdir()
    (sub / 'pyproject.toml').write_text(pyproject)
    want = sub / 'pyproject.toml' if found else tmp_path / C.CONFIG_FILE
    assert config.find(str(sub)) == str(want)


def test_find_prefers_our_file_to_pyproject(tmp_path):
    (tmp_path / 'pyproject.toml').write_text('[tool.bootstrap-tools]\n')
    (tmp_path / C.CONFIG_FILE).write_text('tools = ["cursor"]\n')
    assert config.find(str(tmp_path)) == str(tmp_path / C.CONFIG_FILE)


def test_find_nothing_says_what_to_do(tmp_path):
    for parent in (tmp_path, *tmp_path.parents):
        if (parent / C.CONFIG_FILE).exists() or (
            parent / 'pyproject.toml'
        ).exists():
            pytest.skip(f'{parent} holds a config of its own')
    with pytest.raises(UsageError) as excinfo:
        config.find(str(tmp_path / '.'))
    msg = str(excinfo.value)
    assert msg.startswith(f'no {C.CONFIG_FILE} (or [tool.bootstrap-tools]')
    assert f'in {os.path.abspath(tmp_path)} or above -- run ' in msg
    assert '`bootstrap-tools init`' in msg


def test_missing_config_file_is_a_usage_error(tmp_path, sandbox, capsys):
    from testing.fixtures import run

    missing = tmp_path / 'nope.toml'
    assert run(tmp_path, 'sync', '--config', str(missing)) == 2
    err = capsys.readouterr().err
    assert err.startswith(f'bootstrap-tools: error: {missing}: cannot read')
    assert 'Traceback' not in err
    assert run(tmp_path, 'status', '--config', str(tmp_path)) == 2
    assert 'Is a directory' in capsys.readouterr().err


def test_every_problem_is_told_at_once_in_line_order(tmp_path):
    lines = _error(
        tmp_path,
        'scope = "projct"\nbogus = 1\n[tools.cusror]\n'
        '[tools.codex]\nrules = "no"\nmpc = false\n',
    ).splitlines()
    assert lines[0].startswith("1: scope must be 'user' or 'project'")
    assert [line.split(': ', 1)[0].rsplit(':', 1)[-1] for line in lines] == [
        '1',
        '2',
        '3',
        '5',
        '6',
    ]
    assert "unknown key 'bogus'" in lines[1]
    assert "unknown tool 'cusror' -- did you mean 'cursor'?" in lines[2]
    assert "rules must be true or false, not 'no'" in lines[3]
    assert "unknown key 'mpc' -- did you mean 'mcp'?" in lines[4]


def test_what_stops_reading_is_told_with_what_came_before(tmp_path):
    lines = _error(tmp_path, 'bogus = 1\ntools = 3\n').splitlines()
    assert "1: unknown key 'bogus'" in lines[0]
    assert lines[1].endswith(
        ":2: 'tools' must be a list of names or a table of [tools.NAME] tables"
    )


def test_a_bad_target_does_not_hide_the_tools_list(tmp_path):
    lines = _error(
        tmp_path,
        'tools = ["acme", "cursorr", 5]\n[targets.acme]\nfoo = 1\n'
        '[targets.cursor]\n',
    ).splitlines()
    assert len(lines) == 4
    assert 'must be a list of tool names, not 5' in lines[0]
    assert "unknown tool 'cursorr'" in lines[1]
    assert ':3: [targets.acme]: unknown key' in lines[2]
    assert "'cursor' is already a target" in lines[3]
