"""The benchmark's inputs: the anchors' input restricted to the targets
all three tools have, writable copies, a 10x bundle, file counts."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat

# ours -> (rulesync, ruler)
NAMES = {
    'claude-code': ('claudecode', 'claude'),
    'cursor': ('cursor', 'cursor'),
    'copilot': ('copilot', 'copilot'),
    'opencode': ('opencode', 'opencode'),
    'codex': ('codexcli', 'codex'),
}
KINDS = ('bootstrap-tools', 'rulesync', 'ruler')


def copy_writable(src: str, dst: str) -> None:
    """Copy a tree whose files may be read-only; the copy is writable."""
    shutil.copytree(src, dst, symlinks=True, copy_function=shutil.copyfile)
    for directory, dirs, files in os.walk(dst):
        for name in dirs + files:
            path = os.path.join(directory, name)
            if not os.path.islink(path):
                mode = os.stat(path).st_mode
                os.chmod(path, stat.S_IMODE(mode) | stat.S_IWUSR)


def _toml_list(names: list[str]) -> str:
    return '[' + ', '.join(json.dumps(n) for n in names) + ']'


def _ours_configured(text: str) -> list[str]:
    m = re.search(r'^tools\s*=\s*(\[.*?\])', text, re.M | re.S)
    return json.loads(m.group(1)) if m else []


def common(anchors: str, registry: list[str]) -> list[str]:
    """Our names of the targets every tool has and every input lists."""
    with open(os.path.join(anchors, 'rulesync', 'rulesync.jsonc')) as f:
        rulesync = json.load(f)['targets']
    with open(os.path.join(anchors, 'ruler', '.ruler', 'ruler.toml')) as f:
        m = re.search(r'^default_agents\s*=\s*(\[.*?\])', f.read(), re.M)
        assert m, 'ruler.toml: no default_agents'
        ruler = json.loads(m.group(1))
    path = os.path.join(anchors, 'bootstrap-tools', 'bootstrap-tools.toml')
    with open(path) as f:
        ours = _ours_configured(f.read())
    return [
        name
        for name, (rs, ru) in NAMES.items()
        if name in registry and name in ours and rs in rulesync and ru in ruler
    ]


def templates(anchors: str, work: str, tools: list[str]) -> dict[str, str]:
    """A writable copy per tool, its config restricted to `tools`."""
    out = {}
    for kind in KINDS:
        dst = os.path.join(work, 'templates', kind)
        copy_writable(os.path.join(anchors, kind), dst)
        out[kind] = dst
    path = os.path.join(out['rulesync'], 'rulesync.jsonc')
    with open(path) as f:
        cfg = json.load(f)
    cfg['targets'] = [NAMES[t][0] for t in tools]
    with open(path, 'w') as f:
        json.dump(cfg, f, indent=2)
    _sub(
        os.path.join(out['ruler'], '.ruler', 'ruler.toml'),
        r'^default_agents\s*=.*$',
        'default_agents = ' + _toml_list([NAMES[t][1] for t in tools]),
    )
    _sub(
        os.path.join(out['bootstrap-tools'], 'bootstrap-tools.toml'),
        r'^tools\s*=.*$',
        'tools = ' + _toml_list(tools),
    )
    return out


def _sub(path: str, pattern: str, line: str) -> None:
    with open(path) as f:
        text = f.read()
    new, n = re.subn(pattern, line, text, count=1, flags=re.M)
    assert n == 1, f'{path}: {pattern!r} not found'
    with open(path, 'w') as f:
        f.write(new)


Snapshot = dict[str, tuple[int, int]]


def snapshot(root: str) -> Snapshot:
    out = {}
    for directory, _, files in os.walk(root):
        for name in files:
            path = os.path.join(directory, name)
            st = os.lstat(path)
            out[path] = (st.st_mtime_ns, st.st_size)
    return out


def written(before: Snapshot, after: Snapshot) -> int:
    """Files created or rewritten between two snapshots."""
    return sum(1 for p, sig in after.items() if before.get(p) != sig)


def scaled(real_ai: str, dst_ai: str, factor: int) -> None:
    """`real_ai` with every agent, command, rule, skill and MCP server
    `factor` times (renamed copies)."""
    import sys

    sys.path.insert(0, os.path.dirname(os.path.dirname(__file__)))
    from bootstrap import bundle
    from bootstrap import frontmatter
    from bootstrap import jsonc

    copy_writable(real_ai, dst_ai)
    for k in range(1, factor):
        tag = f'copy{k}'
        for kind in ('rules', 'commands', 'agents'):
            top = os.path.join(real_ai, kind)
            for directory, _, files in os.walk(top):
                rel = os.path.relpath(directory, top)
                out = os.path.normpath(os.path.join(dst_ai, kind, tag, rel))
                os.makedirs(out, exist_ok=True)
                for name in files:
                    with open(os.path.join(directory, name), 'rb') as f:
                        data = f.read()
                    if kind == 'agents':
                        data = _renamed_agent(
                            data, name, tag, bundle, frontmatter
                        )
                    stem, ext = os.path.splitext(name)
                    with open(
                        os.path.join(out, f'{stem}-{tag}{ext}'), 'wb'
                    ) as f:
                        f.write(data)
        skills = os.path.join(real_ai, 'skills')
        for name in os.listdir(skills):
            src = os.path.join(skills, name)
            if os.path.isdir(src):
                copy_writable(
                    src, os.path.join(dst_ai, 'skills', f'{name}-{tag}')
                )
    path = os.path.join(real_ai, 'mcp.json')
    with open(path, encoding='utf-8-sig') as f:
        doc = jsonc.loads(f.read())
    servers = doc['mcpServers']
    doc['mcpServers'] = {
        f'{name}-copy{k}' if k else name: value
        for k in range(factor)
        for name, value in servers.items()
    }
    with open(os.path.join(dst_ai, 'mcp.json'), 'w') as f:
        json.dump(doc, f, indent=2)


def _renamed_agent(data, name, tag, bundle, frontmatter):  # type: ignore[no-untyped-def]
    fm = frontmatter.split(data)
    old = fm.meta.get('name')
    if not isinstance(old, str) or not old.strip():
        return data  # named after the file, which is renamed
    new = f'{bundle.agent_slug(old.strip())}-{tag}'
    text = fm.head.decode('utf-8', 'replace')
    text = re.sub(r'(?m)^name\s*:.*$', f'name: {new}', text, count=1)
    return text.encode() + fm.body
