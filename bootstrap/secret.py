"""Literal secrets: flagged in MCP definitions (names, never values),
and masked in text we show (diffs), never in files.

A value counts as a secret when its key names one (`GITHUB_TOKEN`,
`Authorization`, `api_key`, ...) or when it looks like a well-known
token. References such as `${VAR}`, `${env:VAR}` or `{env:VAR}` are not
secrets and stay readable.
"""

from __future__ import annotations

import functools
import re

from bootstrap.mcp import Server

MASK = '***'
_KEY = (
    r'[A-Za-z0-9_.-]*'
    r'(?:token|secret|passw(?:or)?d|api[_-]?key|apikey|auth\w*|'
    r'credential|private[_-]?key|access[_-]?key|cookie|session)'
    r'[A-Za-z0-9_.-]*'
)
# "KEY": "value" (JSON), KEY = "value" (TOML), KEY: value (YAML)
_PAIR = (
    rf'(?P<k>["\']?{_KEY}["\']?\s*[:=]\s*)(?P<q>["\']?)(?P<v>[^"\'\s,}}]+'
    rf'(?:[ ][^"\',}}]+)?)(?P=q)'
)
_TOKENS = re.compile(
    r'\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}'
    r'|sk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}'
    r'|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{30,}|glpat-[A-Za-z0-9_-]{20,})',
)
_BEARER = r'\b(Bearer|Basic|token)\s+(?![$\{])([A-Za-z0-9._~+/=-]+)'
_REF = r'^\$?\{[^}]*\}$|^\$[A-Za-z_][A-Za-z0-9_]*$'


@functools.cache
def _masking() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """What only `mask` uses (a diff): compiled then, not by every sync."""
    return (
        re.compile(_PAIR, re.IGNORECASE),
        re.compile(_BEARER),
        re.compile(_REF),
    )


def _pair(m: re.Match[str]) -> str:
    ref = _masking()[2]
    value = m.group('v')
    if (
        ref.match(value)
        or value.isdigit()
        or value.lower() in ('true', 'false', 'null')
    ):
        return m.group(0)
    if value.startswith(('Bearer ', 'Basic ')):
        scheme, _, rest = value.partition(' ')
        if ref.match(rest):
            return m.group(0)
        value = f'{scheme} {MASK}'
    else:
        value = MASK
    return f'{m.group("k")}{m.group("q")}{value}{m.group("q")}'


def mask(text: str) -> str:
    pair, bearer, _ = _masking()
    text = pair.sub(_pair, text)
    text = bearer.sub(lambda m: f'{m.group(1)} {MASK}', text)
    return _TOKENS.sub(MASK, text)


_NAME = re.compile(
    r'(?i)(token|secret|passw(or)?d|pwd|api[_-]?key|auth|credential|'
    r'private[_-]?key|access[_-]?key|bearer)',
)
_FLAG = re.compile(r'(?i)^--?(api[_-]?key|token|password|secret)$')


def _literal(value: str) -> bool:
    return bool(value.strip()) and '${' not in value


def findings(server: Server, source: str) -> list[str]:
    """One warning per literal secret in `server` (names, not values)."""
    where = f'{source}:{server.line}: server {server.name!r}'
    fix = 'write a ${VAR} reference and set VAR in the environment'
    out = []
    for kind, pairs in (('env', server.env), ('header', server.headers)):
        for key, value in pairs:
            if _literal(value) and (
                _NAME.search(key) or _TOKENS.search(value)
            ):
                out.append(
                    f'{where}: {kind} {key} holds a literal value '
                    f'that looks like a secret -- {fix}'
                )
    for flag, value in zip(server.args, server.args[1:], strict=False):
        if _FLAG.match(flag) and _literal(value):
            out.append(
                f'{where}: argument after {flag} is a literal value '
                f'that looks like a secret -- {fix}'
            )
    for i, arg in enumerate(server.args):
        if _TOKENS.search(arg) and '${' not in arg:
            out.append(
                f'{where}: argument {i + 1} looks like a token -- {fix}'
            )
    if _TOKENS.search(server.url) and '${' not in server.url:
        out.append(f'{where}: the url holds what looks like a token -- {fix}')
    return out
