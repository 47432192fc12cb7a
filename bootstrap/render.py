"""Content rendering shared by several targets."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from typing import Any

from bootstrap import frontmatter
from bootstrap.bundle import Doc
from bootstrap.bundle import Skill
from bootstrap.target_base import FileOut


def globs(meta: dict[str, Any]) -> list[str]:
    """A rule's globs: `globs`, `applyTo` or `paths`; string or list."""
    raw = meta.get('globs', meta.get('applyTo', meta.get('paths')))
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else str(raw).split(',')
    return [str(g).strip() for g in items if str(g).strip()]


def always(meta: dict[str, Any]) -> bool:
    """Does the rule apply everywhere? (No globs, or '**', or asked.)"""
    g = globs(meta)
    return bool(meta.get('alwaysApply')) or not g or g in (['**'], ['**/*'])


def paths_rule(doc: Doc) -> bytes:
    """A rule as Claude Code (and Qwen Code) read them: `paths:` front
    matter when it has globs, else the body alone."""
    g = [] if always(doc.meta) else globs(doc.meta)
    return with_meta(doc.fm, {'paths': g}) if g else doc.fm.body


def with_meta(
    doc_fm: frontmatter.FrontMatter,
    meta: dict[str, Any],
    body: bytes | None = None,
) -> bytes:
    """New front matter, then `body` (the file's own by default).

    The front matter keeps the line endings of the one it replaces: its
    lines those of the opening `---`, the closing `---` its own (the
    body's may differ), so a file that needs no change comes back byte
    for byte. A file without front matter: those of its first lines.
    """
    if doc_fm.end:
        head = doc_fm.head
        crlf = head.split(b'\n', 1)[0].endswith(b'\r')
        last = b'\r\n' if head.endswith(b'\r\n') else b'\n'
    else:
        crlf = b'\r\n' in doc_fm.data[:200]
        last = b'\r\n' if crlf else b'\n'
    new = frontmatter.render(meta).encode()
    if crlf:
        new = new.replace(b'\n', b'\r\n')
    new = new.removesuffix(b'\r\n' if crlf else b'\n') + last
    return new + (doc_fm.body if body is None else body)


def description(fm: frontmatter.FrontMatter, fallback: str) -> str:
    """The `description`, else the body's first line, else `fallback`.
    Front matter that is never closed is no body to describe: its first
    lines are `---` and keys (the bundle warns about it)."""
    text = fm.meta.get('description')
    if isinstance(text, str) and text.strip():
        return text.strip()
    if fm.unclosed:
        return fallback
    for line in fm.body.decode('utf-8', 'replace').splitlines():
        line = line.strip().lstrip('#').strip()
        if line:
            return line[:200]
    return fallback


def fixed_name(
    fm: frontmatter.FrontMatter,
    name: str,
    data: bytes,
    limit: int = 0,
) -> bytes:
    """The file as-is when its front matter is sound and names `name`
    with a description (of at most `limit` characters, when given); else
    front matter rewritten so strict readers load it (body bytes
    kept)."""
    meta = dict(fm.meta)
    desc = meta.get('description')
    if (
        not fm.problems
        and meta.get('name') == name
        and isinstance(desc, str)
        and desc.strip()
        and not (limit and len(desc) > limit)
    ):
        return data
    meta['name'] = name
    meta['description'] = description(fm, name)
    if limit and len(meta['description']) > limit:  # Copilot skips it
        meta['description'] = meta['description'][: limit - 3] + '...'

    meta = {
        'name': meta.pop('name'),
        'description': meta.pop('description'),
        **meta,
    }
    return with_meta(fm, meta)


SKILL_LIMIT = 1024  # characters of a skill's description (Agent Skills)


def skill_files(skill: Skill, dest: str) -> list[FileOut]:
    """A skill folder copied below `dest`; SKILL.md named after it."""
    out = []
    for f in skill.files:
        data = f.data
        if f.rel == 'SKILL.md':
            data = fixed_name(skill.fm, skill.name, data, SKILL_LIMIT)
        out.append(
            FileOut(
                os.path.join(dest, skill.name, *f.rel.split('/')),
                data,
                f.executable,
            )
        )
    return out


def doc_path(base: str, doc: Doc, ext: str) -> str:
    return os.path.join(base, *doc.rel.split('/')) + ext


def text(data: bytes) -> str:
    return data.decode('utf-8', 'replace').replace('\r\n', '\n')


def text_bytes(data: bytes) -> bytes:
    """`text(data).encode()` without a str of the whole: one with a
    single emoji takes four bytes per character."""
    try:
        data.decode('utf-8')
    except UnicodeDecodeError:
        data = data.decode('utf-8', 'replace').encode()
    return data.replace(b'\r\n', b'\n')


def instructions(rules: Sequence[Doc]) -> bytes:
    """All rules in one Markdown file, for tools that read one file
    (AGENTS.md, GEMINI.md, ...): a section per rule, and where a rule
    has globs, the files it is meant for. One file, one line ending:
    LF, as our headings; a rule's CRLF would give a mixed file."""
    parts = []
    for doc in rules:
        head = f'<!-- {doc.rel} -->\n'
        if not always(doc.meta):
            head += (
                f'_Applies to files matching: {", ".join(globs(doc.meta))}_\n'
            )
        body = text_bytes(doc.fm.body).strip(b'\n')
        parts.append(f'{head}\n'.encode() + body + b'\n')
    return b'\n'.join(parts)


def toml_string(s: str) -> str:
    """A TOML string; multi-line literal when that keeps it readable."""
    if (
        '\n' in s
        and "'''" not in s
        and not re.search(r'[\x00-\x08\x0b-\x1f\x7f]', s)
    ):
        return f"'''\n{s}'''"
    return json.dumps(s, ensure_ascii=False).replace('\x7f', '\\u007f')


def toml_command(doc: Doc) -> bytes:
    """Gemini / Qwen command: `description` + `prompt` with {{args}}."""
    body = text(doc.fm.body).replace('$ARGUMENTS', '{{args}}')
    lines = []
    desc = doc.meta.get('description')
    if isinstance(desc, str) and desc.strip():
        lines.append(f'description = {toml_string(desc.strip())}')
    lines.append(f'prompt = {toml_string(body)}')
    return ('\n'.join(lines) + '\n').encode()


def agent_meta(
    doc: Doc, name: str, *, named: bool = True, **extra: Any
) -> bytes:
    """An agent file with just `name` (unless the file name is the name),
    `description` and `extra` on top of the body: tool names and models
    differ between tools."""
    meta: dict[str, Any] = {'name': name} if named else {}
    meta['description'] = description(doc.fm, name)
    meta.update(extra)
    return with_meta(doc.fm, meta)
