"""Content rendering shared by several targets."""

from __future__ import annotations

import os
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


def with_meta(doc_fm: frontmatter.FrontMatter, meta: dict[str, Any]) -> bytes:
    """New front matter, the body's bytes untouched."""
    nl = b'\r\n' if b'\r\n' in doc_fm.head + doc_fm.body[:200] else b'\n'
    head = frontmatter.render(meta).encode()
    if nl == b'\r\n':
        head = head.replace(b'\n', b'\r\n')
    return head + doc_fm.body


def description(fm: frontmatter.FrontMatter, fallback: str) -> str:
    text = fm.meta.get('description')
    if isinstance(text, str) and text.strip():
        return text.strip()
    for line in fm.body.decode('utf-8', 'replace').splitlines():
        line = line.strip().lstrip('#').strip()
        if line:
            return line[:200]
    return fallback


def fixed_name(
    fm: frontmatter.FrontMatter,
    name: str,
    data: bytes,
) -> bytes:
    """The file as-is when its front matter is sound and names `name`
    with a description; else front matter rewritten so strict readers
    load it (body bytes kept)."""
    meta = dict(fm.meta)
    if (
        not fm.problems
        and meta.get('name') == name
        and isinstance(meta.get('description'), str)
        and meta['description'].strip()
    ):
        return data
    meta['name'] = name
    meta['description'] = description(fm, name)
    meta = {
        'name': meta.pop('name'),
        'description': meta.pop('description'),
        **meta,
    }
    return with_meta(fm, meta)


def skill_files(skill: Skill, dest: str) -> list[FileOut]:
    """A skill folder copied below `dest`; SKILL.md named after it."""
    out = []
    for f in skill.files:
        data = f.data
        if f.rel == 'SKILL.md':
            data = fixed_name(skill.fm, skill.name, data)
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
