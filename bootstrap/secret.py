"""Literal secrets in MCP definitions: flagged with their names, never
their values (mask.py hides them in the diffs we show)."""

from __future__ import annotations

import re

from bootstrap.mcp import Server

# tokens of a well-known shape, wherever they are
TOKENS = re.compile(
    r'\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}'
    r'|sk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}'
    r'|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{30,}|glpat-[A-Za-z0-9_-]{20,}'
    r'|eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+)',
)
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
            if _literal(value) and (_NAME.search(key) or TOKENS.search(value)):
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
        if TOKENS.search(arg) and '${' not in arg:
            out.append(
                f'{where}: argument {i + 1} looks like a token -- {fix}'
            )
    if TOKENS.search(server.url) and '${' not in server.url:
        out.append(f'{where}: the url holds what looks like a token -- {fix}')
    return out
