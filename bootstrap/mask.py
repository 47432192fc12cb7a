"""Secrets masked in text we show (diffs), never in files.

Masked are the values of keys whose name says secret (`GITHUB_TOKEN`,
`Authorization`, `api_key`, ...) in config files (JSON, TOML, YAML,
.env), and, in any text, tokens of a well-known shape (`ghp_...`,
`sk-...`, ...) and long credentials after `Bearer` or `Basic`. Prose
and Markdown are never read as key/value pairs (`### Basic Operations`,
`session = client.start()`). References (`${VAR}`, `${env:VAR}`,
`{env:VAR}`, `$VAR`) and the names of variables (Codex's
`bearer_token_env_var`, `env_http_headers`) are not secrets and stay
readable.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from bootstrap.secret import TOKENS

MASK = '***'
# files whose lines are key/value pairs (anything else is prose)
CONFIG_EXTENSIONS = frozenset(
    ('.json', '.jsonc', '.json5', '.toml', '.yaml', '.yml', '.env', '.ini')
)
# the last word of a key's name that says its value is a secret ...
_SECRET_WORDS = frozenset(
    (
        'token',
        'secret',
        'password',
        'passwd',
        'passphrase',
        'apikey',
        'authorization',
        'cookie',
    )
)
# ... or the last two
_SECRET_PAIRS = frozenset(
    ('api key', 'private key', 'access key', 'secret key', 'auth key')
)
_WORDS = re.compile(r'[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])')
# "KEY": "value" (JSON), KEY = "value" (TOML), KEY: value (YAML)
_PAIR = re.compile(
    r'(?P<k>(?<![\w$.-])(?P<kq>["\']?)(?P<name>[A-Za-z_][\w.-]*)(?P=kq)'
    r'[ \t]*[:=][ \t]*)'
    r'(?:"(?P<dq>(?:[^"\\\n]|\\.)*)"|\'(?P<sq>[^\'\n]*)\''
    r'|(?P<bare>[^\s"\',{}\[\]#&][^\s"\',#&]*'
    r'(?:[ \t]+[^\s"\',{}\[\]#&][^\s"\',#&]*)?))'
)
# a credential after an auth scheme: long, letters and digits mixed
_BEARER = re.compile(
    r'\b(Bearer|Basic)[ \t]+'
    r'(?=[\w.~+/-]*[0-9])(?=[\w.~+/-]*[A-Za-z])([\w.~+/-]{16,}=*)'
)
_SCHEME = re.compile(r'(?i)(bearer|basic|token)[ \t]+(\S.*)')
_REF = re.compile(r'\$\{|\{env:|^\$[A-Za-z_]\w*$|^%[A-Za-z_]\w*%$')
_LITERAL = re.compile(r'(?i)true|false|null|none|~|[-+]?[0-9_.]+')
# TOML tables and keys whose values name variables (Codex)
_TABLE = re.compile(r'^[ \t]*\[+[ \t]*([^\]]+?)[ \t]*\]+[ \t\r]*(?:#.*)?$')
_NAMES_TABLE = re.compile(r'env_http_headers["\']?$')
_NAMES_INLINE = re.compile(r'env_http_headers["\']?[ \t]*=[ \t]*\{[^}]*$')
# TOML's multi-line strings hold prose (prompts): not key/value lines
_MULTILINE = re.compile(r'\'\'\'|\"\"\"')


def secret_key(name: str) -> bool:
    """Does a key named `name` hold a secret? (Its last word says so.)"""
    words = [w.lower() for w in _WORDS.findall(name)]
    if not words:
        return False
    last = words[-1]
    return (
        last in _SECRET_WORDS
        or ' '.join(words[-2:]) in _SECRET_PAIRS
        or last.endswith(('password', 'token', 'secret', 'apikey'))
    )


def _secret_value(value: str) -> bool:
    return bool(
        value.strip()
        and not _REF.search(value)
        and not _LITERAL.fullmatch(value.strip())
    )


def _masked(value: str) -> str:
    scheme = _SCHEME.fullmatch(value)
    if scheme:
        return (
            f'{scheme.group(1)} {MASK}'
            if _secret_value(scheme.group(2))
            else value
        )
    return MASK if _secret_value(value) else value


def _pairs(line: str, names: bool) -> str:
    def one(m: re.Match[str]) -> str:
        if (
            names
            or _NAMES_INLINE.search(line, 0, m.start())
            or not secret_key(m.group('name'))
        ):
            return m.group(0)
        for q, group in (('"', 'dq'), ("'", 'sq'), ('', 'bare')):
            value = m.group(group)
            if value is not None:
                return f'{m.group("k")}{q}{_masked(value)}{q}'
        raise AssertionError('unreachable')

    return _PAIR.sub(one, line)


def _anywhere(line: str) -> str:
    line = _BEARER.sub(lambda m: f'{m.group(1)} {MASK}', line)
    return TOKENS.sub(MASK, line)


def mask_lines(lines: Iterable[str], config: bool = True) -> list[str]:
    """`lines` of one file, secrets masked; `config`: key/value lines."""
    out = []
    names = False  # in a TOML table of variable names
    quote = ''  # in a TOML multi-line string closed by `quote`
    for line in lines:
        if config and quote:
            if line.count(quote) % 2:
                quote = ''
        elif config:
            table = _TABLE.match(line)
            if table:
                names = bool(_NAMES_TABLE.search(table.group(1)))
            opens = _MULTILINE.search(line)
            if opens and line.count(opens.group()) % 2:
                quote = opens.group()
                line = (
                    _pairs(line[: opens.start()], names)
                    + line[opens.start() :]
                )
            elif not table:
                line = _pairs(line, names)
        out.append(_anywhere(line))
    return out


def mask(text: str, config: bool = True) -> str:
    """`text` with secrets masked; `config`: read as key/value lines."""
    return ''.join(mask_lines(text.splitlines(keepends=True), config))


def is_config(path: str) -> bool:
    """Is the file at `path` key/value lines (not prose)?"""
    name = os.path.basename(path)
    ext = os.path.splitext(name)[1].lower()
    return ext in CONFIG_EXTENSIONS or name.startswith('.env')
