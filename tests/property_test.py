"""Generated bundles and generated existing config files, valid and
broken, thrown at sync: never a traceback, never a lost user byte."""

from __future__ import annotations

import json
import shutil

from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from testing.fixtures import run

BOM = b'\xef\xbb\xbf'
USER_FILES = (
    '.claude.json',
    '.claude/settings.json',
    '.cursor/mcp.json',
    '.cursor/hooks.json',
)

names = st.text('abcdefghijklmnopqrstuvwxyz-_ .#', min_size=1, max_size=12)
texts = st.text(max_size=80)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | texts,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(texts, children, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def config_file(draw):
    """An existing config file: JSON, JSONC, broken, empty or BOM'd."""
    value = draw(
        st.dictionaries(
            st.sampled_from(['mcpServers', 'hooks', 'theme', 'version', 'x']),
            json_values,
            max_size=4,
        )
    )
    text = json.dumps(value, indent=draw(st.sampled_from([None, 2, 4])))
    kind = draw(
        st.sampled_from(
            ['json', 'jsonc', 'broken', 'blank', 'bytes', 'bom', 'crlf']
        )
    )
    if kind == 'jsonc':
        text = '// mine\n' + text.replace('{', '{ /* c */', 1)
    elif kind == 'broken':
        text = text[: draw(st.integers(0, max(0, len(text) - 1)))]
    elif kind == 'blank':
        text = draw(st.sampled_from(['', '  \n', '\n\n']))
    elif kind == 'crlf':
        text = text.replace('\n', '\r\n')
    data = text.encode()
    if kind == 'bytes':
        data = draw(st.binary(max_size=40))
    elif kind == 'bom':
        data = BOM + data
    return data


@st.composite
def server(draw):
    kind = draw(st.sampled_from(['stdio', 'http', 'broken', 'weird']))
    if kind == 'stdio':
        return {
            'command': draw(texts),
            'args': draw(st.lists(texts, max_size=3)),
            'env': draw(st.dictionaries(texts, texts, max_size=2)),
        }
    if kind == 'http':
        return {
            'type': draw(st.sampled_from(['http', 'sse', 'remote'])),
            'url': draw(texts),
            'headers': {'A': '${TOKEN}'},
        }
    if kind == 'broken':
        return draw(json_values)
    return {'command': {'path': draw(texts)}, 'httpUrl': draw(texts)}


@st.composite
def bundle(draw):
    files = {}
    for kind in ('agents', 'commands', 'rules'):
        for name in draw(st.lists(names, max_size=3, unique=True)):
            head = draw(
                st.sampled_from(
                    [
                        '',
                        '---\nname: {n}\n---\n',
                        '---\nname: "{n}\ndesc\n---\n',
                        '---\nglobs: **/*.ts\nalwaysApply: maybe\n---\n',
                        '---\n: : :\n  - [\n---\n',
                    ]
                )
            )
            files[f'{kind}/{name.strip() or "x"}.md'] = (
                head.format(n=name) + draw(texts)
            ).encode()
    if draw(st.booleans()):
        servers = draw(st.dictionaries(names, server(), max_size=3))
        files['mcp.json'] = json.dumps({'mcpServers': servers}).encode()
    if draw(st.booleans()):
        files['hooks.json'] = json.dumps(
            {
                'hooks': draw(
                    st.dictionaries(
                        st.sampled_from(['PreToolUse', 'Stop', 'Odd']),
                        st.lists(
                            st.fixed_dictionaries(
                                {
                                    'matcher': texts,
                                    'hooks': st.just(
                                        [{'type': 'command', 'command': 'x'}]
                                    ),
                                }
                            ),
                            max_size=2,
                        ),
                        max_size=2,
                    )
                )
            }
        ).encode()
    return files


def _value_or_none(data):
    try:
        return json.loads(data.removeprefix(BOM).decode() or '{}')
    except ValueError:
        return None


plain = st.text(
    st.characters(min_codepoint=32, max_codepoint=126), max_size=12
)


@st.composite
def toml_file(draw):
    """An existing ~/.codex/config.toml: comments, dotted keys, tables,
    valid or broken."""
    lines = ['# personal defaults']
    for key in draw(
        st.lists(
            st.sampled_from(['model', 'approval', 'x']),
            unique=True,
            max_size=3,
        )
    ):
        lines.append(f'{key} = {json.dumps(draw(plain))}')
    if draw(st.booleans()):
        lines += [
            'mcp_servers.docs.command = "npx"',
            'mcp_servers.docs.args = ["-y", "docs"]   # pinned',
        ]
    if draw(st.booleans()):
        lines += ['', '[profiles.fast]', 'model = "o4-mini"']
    if draw(st.booleans()):
        lines += ['[mcp_servers.mine]', 'command = "mine"']
    text = '\n'.join(lines) + '\n'
    kind = draw(st.sampled_from(['ok', 'broken', 'crlf', 'blank']))
    if kind == 'broken':
        text = text[: draw(st.integers(0, max(0, len(text) - 1)))] + '[x'
    elif kind == 'crlf':
        text = text.replace('\n', '\r\n')
    elif kind == 'blank':
        text = ''
    return text.encode()


def _toml_or_none(data):
    from bootstrap.config import tomllib

    try:
        return tomllib.loads(data.decode())
    except (ValueError, UnicodeDecodeError):
        return None


def _contains(big, small):
    """Every key of `small` is in `big` with the same value (tables may
    have gained keys)."""
    for key, value in small.items():
        if isinstance(value, dict):
            if not isinstance(big.get(key), dict) or not _contains(
                big[key], value
            ):
                return False
        elif big.get(key) != value:
            return False
    return True


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
    ],
)
@given(files=bundle(), toml=toml_file())
def test_toml_config_never_loses_a_byte(
    tmp_path, capsys, monkeypatch, files, toml
):
    case = tmp_path / 'case'
    shutil.rmtree(case, ignore_errors=True)
    monkeypatch.setenv('BOOTSTRAP_TOOLS_HOME', str(case / 'state'))
    home, proj = case / 'home', case / 'proj'
    for rel, data in files.items():
        p = proj / '.ai' / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    (proj / '.ai').mkdir(parents=True, exist_ok=True)
    (proj / 'bootstrap-tools.toml').write_text('tools = ["codex"]\n')
    config = home / '.codex/config.toml'
    config.parent.mkdir(parents=True)
    config.write_bytes(toml)
    capsys.readouterr()
    rc = run(proj, 'sync', '--home', str(home))
    out, err = capsys.readouterr()
    assert rc in (0, 1, 2)
    assert 'Traceback' not in out + err
    before, after = _toml_or_none(toml), config.read_bytes()
    if after != toml:
        assert before is not None
        assert _contains(_toml_or_none(after), before)
        assert after.startswith(toml.rstrip(b'\r\n'))  # appended only
    assert run(proj, 'uninstall', '--home', str(home)) in (0, 1)
    # a file whose last line had no line end may keep the one we gave it
    # when several of our tables were appended (a known limit)
    assert config.read_bytes() in (toml, toml + b'\n')


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
    ],
)
@given(
    files=bundle(),
    existing=st.dictionaries(
        st.sampled_from(USER_FILES), config_file(), max_size=4
    ),
)
def test_never_a_traceback_never_a_lost_byte(
    tmp_path, capsys, monkeypatch, files, existing
):
    case = tmp_path / 'case'
    shutil.rmtree(case, ignore_errors=True)
    monkeypatch.setenv('BOOTSTRAP_TOOLS_HOME', str(case / 'state'))
    home, proj = case / 'home', case / 'proj'
    for rel, data in files.items():
        p = proj / '.ai' / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    (proj / '.ai').mkdir(parents=True, exist_ok=True)
    (proj / 'bootstrap-tools.toml').write_text(
        'tools = ["claude-code", "cursor"]\n',
    )
    for rel, data in existing.items():
        p = home / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    capsys.readouterr()
    rc = run(proj, 'sync', '--home', str(home))
    out, err = capsys.readouterr()
    assert rc in (0, 1, 2)
    assert 'Traceback' not in out + err
    assert 'unexpected error' not in out + err
    for rel, data in existing.items():
        after = (home / rel).read_bytes()
        before_value, after_value = _value_or_none(data), None
        if after != data:
            after_value = _value_or_none(after)
            assert isinstance(before_value, dict) or not data.strip(), rel
            assert isinstance(after_value, dict), rel
            for key, value in (before_value or {}).items():
                if isinstance(value, dict):  # ours may be added inside
                    assert value.items() <= after_value[key].items(), rel
                elif isinstance(value, list):
                    assert after_value[key][: len(value)] == value, rel
                else:
                    assert after_value[key] == value, rel
    assert run(proj, 'uninstall', '--home', str(home)) in (0, 1)
    for rel, data in existing.items():
        after = (home / rel).read_bytes()
        if after != data:  # a BOM or a blank file may be normalised
            assert after == data.removeprefix(BOM) or (
                not data.strip() and json.loads(after) == {}
            ), rel
