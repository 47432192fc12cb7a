"""Real projects, bundles and homes for the tests."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from bootstrap.main import main

HERE = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get('BOOTSTRAP_TOOLS_SHARED', HERE.parent / 'shared'))
DEMO = HERE / 'examples' / 'demo'


def shared(*parts: str) -> Path:
    """A path under ../shared, or skip the test when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f'{path} is absent (shared data not beside this clone)')
    return path


def project(tmp_path: Path, source: Path = DEMO, **config: object) -> Path:
    """A copy of a project directory (config + .ai/) under tmp_path."""
    dest = tmp_path / 'project'
    shutil.copytree(source, dest, symlinks=True)
    if config:
        lines = [f'{k} = {json.dumps(v)}' for k, v in config.items()]
        (dest / 'bootstrap-tools.toml').write_text('\n'.join(lines) + '\n')
    return dest


def run(cwd: Path, *argv: str) -> int:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return main(list(argv))
    except SystemExit as e:
        return int(e.code or 0)
    finally:
        os.chdir(old)


def snapshot(root: Path) -> dict[str, object]:
    """Every file (bytes, mode, mtime) and directory below root."""
    out: dict[str, object] = {}
    if not root.exists():
        return out
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:
            p = Path(dirpath, d)
            out[str(p.relative_to(root)) + '/'] = 'dir'
        for f in filenames:
            p = Path(dirpath, f)
            st = p.lstat()
            if stat.S_ISLNK(st.st_mode):
                out[str(p.relative_to(root))] = ('link', os.readlink(p))
            else:
                out[str(p.relative_to(root))] = (
                    p.read_bytes(),
                    stat.S_IMODE(st.st_mode),
                    st.st_mtime_ns,
                )
    return out


def contents(root: Path) -> dict[str, object]:
    """Like snapshot, without modification times."""
    return {
        k: v[:2] if isinstance(v, tuple) and len(v) == 3 else v
        for k, v in snapshot(root).items()
    }


def users_home(home: Path) -> None:
    """A home that already holds the user's own things."""
    (home / '.claude' / 'agents').mkdir(parents=True)
    (home / '.claude' / 'agents' / 'mine.md').write_text(
        '---\nname: mine\ndescription: my own agent\n---\nHello.\n',
    )
    (home / '.claude.json').write_text(
        json.dumps(
            {
                'numStartups': 12,
                'theme': 'dark',
                'mcpServers': {
                    'my-notes': {
                        'command': 'node',
                        'args': ['/home/alice/notes.js'],
                        'disabledTools': ['delete_note'],
                    },
                },
                'projects': {'/home/alice/x': {'allowedTools': []}},
            },
            indent=2,
        )
        + '\n'
    )
    (home / '.claude' / 'settings.json').write_text(
        json.dumps(
            {
                'model': 'opus',
                'hooks': {
                    'PostToolUse': [
                        {
                            'matcher': 'Bash',
                            'hooks': [
                                {
                                    'type': 'command',
                                    'command': '/home/alice/guard',
                                }
                            ],
                        }
                    ],
                },
            },
            indent=4,
        )
        + '\n'
    )
    (home / '.cursor').mkdir()
    (home / '.cursor' / 'mcp.json').write_text(
        '{\n  "mcpServers": {\n    "mine": {"command": "mine-mcp"}\n  },\n'
        '  "experimentalFlag": true\n}\n',
    )


def git(cwd: Path, *args: str) -> str:
    """Run real git; its output."""
    return subprocess.run(
        ('git', '-c', 'init.defaultBranch=main', *args),
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def snapshot_repo(dest: Path) -> str:
    """This working tree, uncommitted changes included, committed in a
    fresh repository at `dest` (for `pre-commit try-repo` and `repo:`);
    the commit's hash."""
    files = git(HERE, 'ls-files', '-co', '--exclude-standard', '-z')
    for rel in filter(None, files.split('\0')):
        src = HERE / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    git(dest, 'init', '-q')
    git(dest, 'add', '-A')
    git(dest, 'commit', '-qm', 'snapshot')
    return git(dest, 'rev-parse', 'HEAD').strip()


def tools_layout(bundle: Path, dest: Path) -> None:
    """The bundle at `bundle` (our .ai/ layout) laid out the way a team
    keeps it without bootstrap-tools, in the tools' own folders: agents,
    commands and skills in .claude/, MCP servers in .mcp.json, Copilot
    instructions in .github/, every other rule as a Cursor .mdc rule."""
    from bootstrap import frontmatter
    from bootstrap import render
    from bootstrap.targets import cursor

    for kind in ('agents', 'commands', 'skills'):
        if (bundle / kind).is_dir():
            shutil.copytree(bundle / kind, dest / '.claude' / kind)
    if (bundle / 'mcp.json').exists():
        shutil.copy(bundle / 'mcp.json', dest / '.mcp.json')
    for src in sorted((bundle / 'rules').rglob('*.md')):
        rel = src.relative_to(bundle / 'rules').as_posix()
        if rel.endswith('.instructions.md'):
            out = dest / '.github/instructions' / rel
            data = src.read_bytes()
        elif (
            rel.endswith('/copilot-instructions.md')
            and not (dest / '.github/copilot-instructions.md').exists()
        ):
            out = dest / '.github/copilot-instructions.md'
            data = src.read_bytes()
        else:
            out = dest / '.cursor/rules' / (rel[: -len('.md')] + '.mdc')
            fm = frontmatter.split(src.read_bytes())
            data = render.with_meta(fm, cursor.rule(fm.meta))
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
