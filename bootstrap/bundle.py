"""The bundle directory (`.ai/`) read into immutable records."""

from __future__ import annotations

import os
import re
import stat
from typing import Any
from typing import NamedTuple

from bootstrap import frontmatter
from bootstrap import hooks as H
from bootstrap import mcp
from bootstrap import secret
from bootstrap.errors import UsageError

SLUG = re.compile(r'^[a-z0-9]+(?:-[a-z0-9]+)*$')


class Doc(NamedTuple):
    """A Markdown file of the bundle: rule, agent or command."""

    rel: str  # path below the kind's folder, '/'-separated, no extension
    path: str
    data: bytes
    fm: frontmatter.FrontMatter

    @property
    def meta(self) -> dict[str, Any]:
        return self.fm.meta


class SkillFile(NamedTuple):
    rel: str
    data: bytes
    executable: bool


class Skill(NamedTuple):
    name: str  # the folder's name
    path: str
    fm: frontmatter.FrontMatter
    files: tuple[SkillFile, ...]  # SKILL.md included


class Bundle(NamedTuple):
    root: str
    rules: tuple[Doc, ...]
    agents: tuple[Doc, ...]
    commands: tuple[Doc, ...]
    skills: tuple[Skill, ...]
    servers: tuple[mcp.Server, ...]
    hooks: dict[str, Any]
    warnings: tuple[str, ...] = ()  # e.g. literal secrets

    @property
    def size(self) -> int:
        """Bytes of file content held."""
        docs = (*self.rules, *self.agents, *self.commands)
        skills = (f for s in self.skills for f in s.files)
        return sum(len(d.data) for d in docs) + sum(
            len(f.data) for f in skills
        )


def slug(name: str) -> str:
    """'C# MCP Expert' -> 'csharp-mcp-expert', 'C++' -> 'cpp'."""
    name = name.lower().replace('#', 'sharp').replace('+', 'p')
    return re.sub(r'[^a-z0-9]+', '-', name).strip('-') or 'unnamed'


def agent_slug(name: str) -> str:
    return name if SLUG.match(name) else slug(name)


def agent_name(doc: Doc) -> str:
    name = doc.meta.get('name')
    if isinstance(name, str) and name.strip():
        return name.strip()
    return os.path.basename(doc.rel).removesuffix('.agent')


def _inside(root: str, path: str) -> bool:
    return os.path.commonpath([root, path]) == root


def _walk(root: str, top: str) -> list[tuple[str, str]]:
    """(relative path, real path) of every file below `top`, following
    symlinks that stay inside `root` and rejecting those that leave it."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()

    def visit(directory: str, rel: str) -> None:
        real_dir = os.path.realpath(directory)
        if real_dir in seen:
            return
        seen.add(real_dir)
        for entry in sorted(os.scandir(directory), key=lambda e: e.name):
            sub = f'{rel}/{entry.name}' if rel else entry.name
            if not entry.is_symlink():  # the folder's listing says all
                real = os.path.join(real_dir, entry.name)
                if entry.is_dir():
                    visit(entry.path, sub)
                elif entry.is_file():
                    found.append((sub, real))
                continue
            real = os.path.realpath(entry.path)
            if not _inside(root, real):
                raise UsageError(
                    f'{entry.path}: symlink points outside the bundle '
                    f'({real}) -- replace it with a copy of the file',
                )
            if os.path.isdir(real):
                visit(entry.path, sub)
            elif os.path.isfile(real):
                found.append((sub, real))
            else:
                raise UsageError(f'{entry.path}: broken symlink -- remove it')

    if os.path.isdir(top):
        visit(top, '')
    return found


def _docs(root: str, kind: str, exts: tuple[str, ...]) -> tuple[Doc, ...]:
    docs = []
    for rel, real in _walk(root, os.path.join(root, kind)):
        if not rel.endswith(exts):
            continue
        with open(real, 'rb') as f:
            data = f.read()
        stem = rel[: -len(next(e for e in exts if rel.endswith(e)))]
        if stem.endswith('/') or not stem:  # a file named just '.md'
            stem += 'unnamed'
        docs.append(
            Doc(
                stem,
                os.path.join(root, kind, rel),
                data,
                frontmatter.split(data),
            )
        )
    return tuple(docs)


def _unique(docs: tuple[Doc, ...], what: str, key: Any) -> None:
    seen: dict[str, Doc] = {}
    for doc in docs:
        name = key(doc)
        if name in seen:
            raise UsageError(
                f'{doc.path}: {what} name {name!r} is also used by '
                f'{seen[name].path} -- {what} names must be unique; '
                f'rename one of them',
            )
        seen[name] = doc


def _skills(root: str) -> tuple[Skill, ...]:
    top = os.path.join(root, 'skills')
    if not os.path.isdir(top):
        return ()
    by_name: dict[str, list[SkillFile]] = {}
    for rel, real in _walk(root, top):
        name, _, sub = rel.partition('/')
        if not sub:
            continue  # a loose file next to the skill folders
        mode = os.stat(real).st_mode
        with open(real, 'rb') as f:
            by_name.setdefault(name, []).append(
                SkillFile(sub, f.read(), bool(mode & stat.S_IXUSR)),
            )
    skills = []
    for name, files in sorted(by_name.items()):
        main = next((f for f in files if f.rel == 'SKILL.md'), None)
        if main is None:
            raise UsageError(
                f'{os.path.join(top, name)}: no SKILL.md -- every skill '
                f'folder needs one (front matter: name, description)',
            )
        skills.append(
            Skill(
                name,
                os.path.join(top, name),
                frontmatter.split(main.data),
                tuple(files),
            )
        )
    return tuple(skills)


def _unclosed(path: str) -> str:
    return (
        f'{os.path.relpath(path)}:1: front matter opened here is never '
        f'closed, so the whole file is read as body and its keys are '
        f'ignored -- add a line `---` where the front matter ends'
    )


def _front_matter_warnings(
    docs: tuple[Doc, ...], skills: tuple[Skill, ...]
) -> list[str]:
    out = [_unclosed(d.path) for d in docs if d.fm.unclosed]
    out.extend(
        _unclosed(os.path.join(s.path, 'SKILL.md'))
        for s in skills
        if s.fm.unclosed
    )
    return out


def load(root: str) -> Bundle:
    root = os.path.realpath(root)
    if not os.path.isdir(root):
        raise UsageError(
            f'{root}: bundle directory not found -- create it, or set '
            f'`source` in the config',
        )
    agents = _docs(root, 'agents', ('.md',))
    _unique(agents, 'agent', lambda d: agent_slug(agent_name(d)))
    rules = _docs(root, 'rules', ('.md', '.mdc'))
    commands = _docs(root, 'commands', ('.md',))
    skills = _skills(root)
    mcp_path = os.path.join(root, 'mcp.json')
    servers = mcp.load(mcp_path)
    warnings = _front_matter_warnings((*rules, *agents, *commands), skills)
    shown = os.path.relpath(mcp_path)
    for s in servers:
        warnings.extend(mcp.type_warnings(s, shown))
        warnings.extend(secret.findings(s, shown))
    hooks = H.load(os.path.join(root, 'hooks.json'), warnings)
    return Bundle(
        root=root,
        rules=rules,
        agents=agents,
        commands=commands,
        skills=skills,
        servers=servers,
        hooks=hooks,
        warnings=tuple(warnings),
    )
