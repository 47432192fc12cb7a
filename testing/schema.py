"""The `--json` shapes documented in README.md, and a checker.

Notation (a JSON value describing JSON values): "<str>", "<int>",
"<bool>", "<str|null>" ... are types; "a|b" is one of those strings; any
other scalar is itself; [X] is a list of X; {"<str>": X} maps any keys
to X; any other object has exactly the keys given.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

TYPES: dict[str, Any] = {
    'str': str,
    'int': int,
    'bool': bool,
    'null': type(None),
}


def shapes(readme: Path) -> dict[str, Any]:
    """`<!-- shape: NAME -->` followed by a ```json block, in README."""
    text = readme.read_text()
    found = re.findall(
        r'<!-- shape: ([\w-]+) -->\s*```json\n(.*?)```', text, re.S
    )
    return {name: json.loads(body) for name, body in found}


def _type(spec: str, value: Any) -> bool:
    names = spec[1:-1].split('|')
    return any(
        isinstance(value, TYPES[n])
        and not (n == 'int' and isinstance(value, bool))
        for n in names
    )


def problems(spec: Any, value: Any, where: str = '$') -> list[str]:
    if isinstance(spec, str) and spec.startswith('<'):
        ok = _type(spec, value)
        return [] if ok else [f'{where}: {value!r} is not {spec}']
    if isinstance(spec, str) and '|' in spec:
        ok = value in spec.split('|')
        return [] if ok else [f'{where}: {value!r} is not one of {spec}']
    if isinstance(spec, list):
        if not isinstance(value, list):
            return [f'{where}: not a list']
        return [
            p
            for i, item in enumerate(value)
            for p in problems(spec[0], item, f'{where}[{i}]')
        ]
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            return [f'{where}: not an object']
        if list(spec) == ['<str>']:
            return [
                p
                for k, v in value.items()
                for p in problems(spec['<str>'], v, f'{where}.{k}')
            ]
        out = []
        if set(spec) != set(value):
            out.append(f'{where}: keys {sorted(value)} are not {sorted(spec)}')
        for k in spec.keys() & value.keys():
            out.extend(problems(spec[k], value[k], f'{where}.{k}'))
        return out
    return [] if spec == value else [f'{where}: {value!r} is not {spec!r}']
