from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bootstrap import committed
from bootstrap.manifest import Manifest
from bootstrap.manifest import sha
from bootstrap.manifest import value_sha
from bootstrap.target_base import Entry
from testing.fixtures import git
from testing.fixtures import project
from testing.fixtures import run

RULE = Path('.cursor/rules/style.mdc')


def _clone(tmp_path, tools, *options):
    """A teammate's fresh clone of a project whose generated files are
    committed: the files are there, no manifest of ours on this
    machine records them. The origin is at tmp_path/project."""
    proj = project(tmp_path, tools=tools, scope='project')
    git(proj, 'init', '-q')
    assert run(proj, 'sync') == 0
    git(proj, 'add', '-A')
    git(proj, 'commit', '-qm', 'generated')
    shutil.rmtree(tmp_path / 'state')  # this machine never ran us
    dest = tmp_path / 'clone'
    git(tmp_path, *options, 'clone', '-q', str(proj), str(dest))
    return dest


@pytest.fixture
def clone(tmp_path, sandbox, monkeypatch):
    monkeypatch.setenv('PRE_COMMIT', '1')
    return _clone(tmp_path, ['cursor'])


def test_a_bundle_edit_updates_the_committed_output(clone, capsys):
    rule = clone / '.ai/rules/style.md'
    rule.write_text(rule.read_text() + '\nPrefer early returns.\n')
    assert run(clone, 'check') == 1  # as sync sees it: a change
    out = capsys.readouterr().out
    assert f'update {RULE}' in out
    assert 'conflict' not in out
    assert run(clone, 'hook') == 1  # review and `git add` what changed
    out = capsys.readouterr().out
    assert f'[Cursor] project: update {RULE}' in out
    assert 'conflict' not in out
    assert 'Prefer early returns.' in (clone / RULE).read_text()
    assert run(clone, 'hook') == 0
    assert capsys.readouterr().out == ''
    assert run(clone, 'check') == 0


def test_a_file_edited_by_hand_stays_a_conflict(clone, capsys):
    (clone / RULE).write_text('my own words\n')
    rule = clone / '.ai/rules/style.md'
    rule.write_text(rule.read_text() + '\nPrefer early returns.\n')
    assert run(clone, 'sync') == 0
    assert 'style.mdc: exists and is not ours' in capsys.readouterr().out
    assert (clone / RULE).read_text() == 'my own words\n'


def test_nothing_to_add_is_not_a_failed_commit(clone, capsys, tmp_path):
    assert run(clone, 'hook') == 0  # only our record changes here
    assert capsys.readouterr().out == ''  # nothing to review
    assert list((tmp_path / 'state/manifests').iterdir())  # recorded
    assert run(clone, 'sync', '--dry-run') == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        'bootstrap-tools: 1 tool up to date'
    )


def test_without_git_there_is_nothing_committed(tmp_path, sandbox, capsys):
    proj = project(tmp_path, tools=['cursor'], scope='project')
    (proj / RULE).parent.mkdir(parents=True)
    (proj / RULE).write_text('mine\n')
    assert run(proj, 'sync') == 0
    assert 'style.mdc: exists and is not ours' in capsys.readouterr().out
    assert committed._tree(str(proj / '.ai')) is None


def test_a_committed_bundle_that_does_not_load_is_no_help(clone, capsys):
    (clone / '.ai/mcp.json').write_text('{not json')
    git(clone, 'commit', '-qam', 'broken')
    (clone / '.ai/mcp.json').write_text('{"mcpServers": {}}\n')
    (clone / RULE).write_text('mine\n')
    assert run(clone, 'sync') == 0
    assert 'style.mdc: exists and is not ours' in capsys.readouterr().out


def test_a_rule_dropped_from_the_bundle_is_removed(clone, capsys):
    (clone / '.ai/rules/style.md').unlink()
    assert run(clone, 'hook') == 1
    assert f'remove {RULE}' in capsys.readouterr().out
    assert not (clone / RULE).exists()
    assert (clone / '.cursor/rules/typescript.mdc').exists()


def test_a_changed_server_updates_its_key_only(clone, capsys):
    mcp = clone / '.cursor/mcp.json'
    data = json.loads(mcp.read_text())
    data['mcpServers']['mine'] = {'command': 'my-own'}
    mcp.write_text(json.dumps(data, indent=2) + '\n')
    bundle = clone / '.ai/mcp.json'
    bundle.write_text(bundle.read_text().replace('mcp-server-fetch', 'new'))
    assert run(clone, 'sync') == 0
    out = capsys.readouterr().out
    assert 'replace mcpServers/docs' in out
    assert 'warning' not in out
    servers = json.loads(mcp.read_text())['mcpServers']
    assert servers['docs']['args'] == ['new']
    assert servers['mine'] == {'command': 'my-own'}  # theirs: kept
    assert run(clone, 'uninstall') == 0
    assert json.loads(mcp.read_text())['mcpServers'] == {
        'mine': {'command': 'my-own'}
    }


def test_a_key_of_another_value_is_left_alone(clone, capsys):
    mcp = clone / '.cursor/mcp.json'
    mcp.write_text(mcp.read_text().replace('mcp-server-fetch', 'my-fetch'))
    mine = mcp.read_bytes()
    bundle = clone / '.ai/mcp.json'
    bundle.write_text(bundle.read_text().replace('mcp-server-fetch', 'new'))
    assert run(clone, 'sync') == 0
    assert 'mcpServers/docs exists and is not ours' in capsys.readouterr().out
    assert mcp.read_bytes() == mine
    assert run(clone, 'uninstall') == 0
    assert b'my-fetch' in mcp.read_bytes()  # never removed: not ours


def test_a_repository_without_commits_has_nothing_committed(
    tmp_path, sandbox, capsys
):
    proj = project(tmp_path, tools=['cursor'], scope='project')
    git(proj, 'init', '-q')
    (proj / RULE).parent.mkdir(parents=True)
    (proj / RULE).write_text('mine\n')
    assert run(proj, 'sync') == 0
    assert 'style.mdc: exists and is not ours' in capsys.readouterr().out
    assert (proj / RULE).read_text() == 'mine\n'


def test_git_places_set_by_a_hook_are_not_ours(clone, capsys, monkeypatch):
    monkeypatch.setenv('GIT_DIR', '.git')  # relative: to the top, not .ai/
    monkeypatch.setenv('GIT_INDEX_FILE', '.git/index.lock')
    rule = clone / '.ai/rules/style.md'
    rule.write_text(rule.read_text() + '\nPrefer early returns.\n')
    assert run(clone, 'sync') == 0
    assert f'update {RULE}' in capsys.readouterr().out


def _edit_rule(root):
    rule = root / '.ai/rules/style.md'
    rule.write_text(rule.read_text() + '\nPrefer early returns.\n')


@pytest.mark.parametrize('local', ['rule', 'server'])
def test_what_is_generated_from_a_pulled_bundle_is_ours(
    tmp_path, sandbox, capsys, local
):
    """Our manifest knows an older bundle than the one pulled, with the
    files generated from it: those are ours too, not hand edits, when
    the bundle is edited here before the next sync."""
    dest = _clone(tmp_path, ['cursor'])
    assert run(dest, 'sync') == 0  # our manifest: the first commit
    origin = tmp_path / 'project'
    _edit_rule(origin)
    mcp = origin / '.ai/mcp.json'
    mcp.write_text(mcp.read_text().replace('mcp-server-fetch', 'new'))
    assert run(origin, 'sync') == 0
    git(origin, 'commit', '-qam', 'a teammate edits the bundle')
    git(dest, 'pull', '-q')
    if local == 'rule':
        rule = dest / '.ai/rules/style.md'
        rule.write_text(rule.read_text() + 'No enums.\n')
        done = f'update {RULE}'
    else:
        mcp = dest / '.ai/mcp.json'
        mcp.write_text(mcp.read_text().replace('"new"', '"newer"'))
        done = 'replace mcpServers/docs'
    capsys.readouterr()
    assert run(dest, 'sync') == 0
    out = capsys.readouterr().out
    assert 'conflict' not in out
    assert done in out
    assert run(dest, 'check') == 0


def test_a_clone_with_crlf_line_ends_is_up_to_date(tmp_path, sandbox, capsys):
    dest = _clone(tmp_path, ['cursor'], '-c', 'core.autocrlf=true')
    assert b'\r\n' in (dest / RULE).read_bytes()
    assert run(dest, 'check') == 0
    _edit_rule(dest)
    assert run(dest, 'sync') == 0
    out = capsys.readouterr().out
    assert f'update {RULE}' in out
    assert 'conflict' not in out


def test_keys_are_adopted_where_no_file_of_the_tool_is_left(clone, capsys):
    shutil.rmtree(clone / '.cursor/rules')
    for kind in ('agents', 'commands', 'skills'):
        shutil.rmtree(clone / '.cursor' / kind)
    bundle = clone / '.ai/mcp.json'
    bundle.write_text(bundle.read_text().replace('mcp-server-fetch', 'new'))
    assert run(clone, 'sync') == 0
    out = capsys.readouterr().out
    assert 'replace mcpServers/docs' in out
    assert 'conflict' not in out


def test_a_renamed_rule_leaves_no_stale_copy(clone, capsys):
    git(clone, 'mv', '.ai/rules/style.md', '.ai/rules/house.md')
    assert run(clone, 'sync') == 0
    out = capsys.readouterr().out
    assert f'remove {RULE}' in out
    assert 'create .cursor/rules/house.mdc' in out
    assert not (clone / RULE).exists()


def test_committed_config_files_are_adopted_whole(tmp_path, sandbox, capsys):
    tools = ['codex', 'claude-code', 'cursor', 'gemini-cli']
    dest = _clone(tmp_path, tools)
    configs = [
        dest / p
        for p in (
            '.codex/config.toml',
            '.codex/hooks.json',
            '.claude/settings.json',
            '.mcp.json',
            '.cursor/hooks.json',
            '.cursor/mcp.json',
            '.gemini/settings.json',
        )
    ]
    assert all(p.exists() for p in configs)
    capsys.readouterr()
    assert run(dest, 'status') == 0
    out = capsys.readouterr().out
    assert 'does not parse' not in out  # read as TOML, not JSON
    assert [line.split()[4] for line in out.splitlines()[1:5]] == ['yes'] * 4
    assert run(dest, 'sync') == 0  # our record of them: from now on
    assert run(dest, 'uninstall') == 0
    # all of each was what a run writes: no empty shell is left
    assert [p for p in configs if p.exists()] == []


def _plan(tmp_path, files=(), entries=(), fmt='json'):
    from bootstrap.target_base import ConfigFile
    from bootstrap.target_base import FileOut
    from bootstrap.target_base import Plan

    config = str(tmp_path / f'config.{fmt}')
    return Plan(
        'cursor',
        'project',
        str(tmp_path),
        tuple(FileOut(str(tmp_path / n), d) for n, d in files),
        (ConfigFile(config, 'jsonc' if fmt == 'json' else fmt),),
        tuple(Entry(config, *e) for e in entries),
        (),
        (),
    )


SERVER = (('mcpServers',), 'docs', {'command': 'uvx'})


class AllCommitted(committed.Committed):
    """As if every file were committed at HEAD as it is now."""

    def __init__(self):
        pass  # no git asked

    def __call__(self, path, data):
        return True

    def text(self, path):
        return Path(path).read_bytes() if Path(path).exists() else None


ANY = AllCommitted()
HOOK = (('hooks', 'stop'), None, {'command': 'ding'})


def test_a_changed_file_we_no_longer_write_is_stray(tmp_path):
    (tmp_path / 'old.md').write_text('pulled\n')
    old = Manifest('m', {str(tmp_path / 'old.md'): sha(b'ours\n')}, (), {}, {})
    assert committed._unsure(_plan(tmp_path), old)
    (tmp_path / 'old.md').write_text('ours\n')
    assert not committed._unsure(_plan(tmp_path), old)


def test_a_config_that_does_not_parse_tells_nothing(tmp_path):
    plan = _plan(tmp_path, entries=[SERVER])
    old = Manifest('m', {}, (), {}, {})
    assert not committed._unsure(plan, old)  # no file
    (tmp_path / 'config.json').write_text('{"mcpServers": {"docs": ')
    assert not committed._unsure(plan, old)
    assert committed._record(committed._head(plan), old, ANY).configs == {}
    (tmp_path / 'config.json').write_text('{"mcpServers": {"docs": 1}}')
    assert committed._unsure(plan, old)
    assert (
        committed._record(committed._head(plan), old, ANY).configs == {}
    )  # none of ours


def test_a_config_of_our_keys_and_items_alone_was_made_by_us(tmp_path):
    plan = _plan(tmp_path, entries=[SERVER, HOOK, HOOK])
    config = tmp_path / 'config.json'
    mine = {'mcpServers': {'docs': SERVER[2]}, 'hooks': {'stop': [HOOK[2]]}}
    config.write_text(json.dumps(mine))
    record = committed._record(
        committed._head(plan), Manifest('m', {}, (), {}, {}), ANY
    )
    (made,) = record.configs.values()
    assert made['created']
    assert made['containers'] == [['hooks'], ['hooks', 'stop'], ['mcpServers']]
    assert len(made['entries']) == 2  # the item once, as sync records it
    mine['theirs'] = 1
    config.write_text(json.dumps(mine))
    (shared,) = committed._record(
        committed._head(plan), record, ANY
    ).configs.values()
    assert not shared['created']
    assert shared['containers'] == []


def test_merge_takes_what_holds_the_committed_render(tmp_path):
    plan = _plan(tmp_path, entries=[SERVER, HOOK])
    config = str(tmp_path / 'config.json')
    other = str(tmp_path / 'other.json')
    old = Manifest(
        'm',
        {'a': 'x', 'b': 'y'},
        ('d',),
        {
            config: {'created': False, 'entries': [[['x'], 'k', 's']]},
            other: {'created': True, 'entries': []},
        },
        {},
    )
    assert committed.merge(old, None) is old
    (tmp_path / 'config.json').write_text(
        json.dumps({'mcpServers': {'docs': SERVER[2]}, 'x': {'k': 1}})
    )
    head = committed._record(committed._head(plan), old, ANY)._replace(
        files={'b': 'z'}
    )
    merged = committed.merge(old, head)
    assert merged.files == {'a': 'x', 'b': 'z'}
    assert merged.dirs == ('d',)
    assert merged.configs[other] == old.configs[other]
    assert merged.configs[config]['entries'] == [
        [['x'], 'k', 's'],
        [['mcpServers'], 'docs', value_sha(SERVER[2])],
    ]
    assert merged.configs[config]['format'] == 'jsonc'
    empty = Manifest('m', {}, (), {}, {})
    assert committed.merge(empty, head) is head
    fewer = old._replace(configs={other: old.configs[other]})
    assert committed.merge(fewer, head).configs[config] == head.configs[config]


def _pulled(tmp_path, change):
    """A clone with our manifest that pulls what `change` did to the
    origin's bundle, synced and committed there."""
    dest = _clone(tmp_path, ['cursor', 'claude-code'])
    assert run(dest, 'sync') == 0
    origin = tmp_path / 'project'
    change(origin)
    assert run(origin, 'sync') == 0
    git(origin, 'add', '-A')
    git(origin, 'commit', '-qm', 'a teammate changes the bundle')
    git(dest, 'pull', '-q')
    assert run(dest, 'sync') == 0
    return dest


def test_a_pulled_rule_is_removed_when_the_bundle_drops_it(
    tmp_path, sandbox, capsys
):
    dest = _pulled(
        tmp_path,
        lambda root: (root / '.ai/rules/extra.md').write_text('# Extra\n'),
    )
    made = [dest / '.cursor/rules/extra.mdc', dest / '.claude/rules/extra.md']
    assert all(p.exists() for p in made)
    (dest / '.ai/rules/extra.md').unlink()
    capsys.readouterr()
    assert run(dest, 'sync') == 0
    assert 'remove .cursor/rules/extra.mdc' in capsys.readouterr().out
    assert not any(p.exists() for p in made)


def test_a_pulled_server_is_removed_when_the_bundle_drops_it(
    tmp_path, sandbox, capsys
):
    extra = '"mcpServers": {\n    "extra": {"command": "extra"},'

    def add(root):
        mcp = root / '.ai/mcp.json'
        mcp.write_text(mcp.read_text().replace('"mcpServers": {', extra))

    dest = _pulled(tmp_path, add)
    mcp = dest / '.ai/mcp.json'
    mcp.write_text(mcp.read_text().replace(extra, '"mcpServers": {'))
    capsys.readouterr()
    assert run(dest, 'sync') == 0
    out = capsys.readouterr().out
    assert out.count('remove mcpServers/extra') == 2
    for path in ('.mcp.json', '.cursor/mcp.json'):
        assert (
            'extra' not in json.loads((dest / path).read_text())['mcpServers']
        )


def test_what_the_committed_bundle_renders_is_kept_per_tree(
    tmp_path, sandbox, capsys, monkeypatch
):
    dest = _clone(tmp_path, ['cursor'])
    (dest / RULE).write_text('mine\n')  # unsure on every run
    archived = []  # git asked for the committed bundle (a process)

    def archive(where):
        archived.append(where.id)
        return real(where)

    real = committed._archive
    monkeypatch.setattr(committed, '_archive', archive)
    assert run(dest, 'sync') == 0
    (kept,) = (tmp_path / 'state/committed').iterdir()
    tree = json.loads(kept.read_text())['tree']
    assert archived == [tree]
    assert tree == git(dest, 'rev-parse', 'HEAD:.ai').strip()
    capsys.readouterr()
    assert run(dest, 'sync') == 0  # from what was kept: the same answer
    assert 'style.mdc: exists and is not ours' in capsys.readouterr().out
    assert archived == [tree]
    _edit_rule(dest)
    git(dest, 'commit', '-qam', 'another tree')
    assert run(dest, 'sync') == 0
    assert len(archived) == 2
    assert len(list((tmp_path / 'state/committed').iterdir())) == 1
    plan = _plan(tmp_path, [('a.md', b'a\n')], [SERVER])
    head = committed._head(plan)
    assert committed._load(committed._dump(tree, head), tree) == head
    assert committed._load(committed._dump(tree, head), 'other') is None
    assert committed._load(b'{"tree": 1', tree) is None
    assert committed._load(None, tree) is None


def test_the_key_of_a_kept_head_is_the_same_in_every_process(tmp_path):
    """A custom target holds sets, whose order changes with the hash
    seed of each process."""
    (tmp_path / 'bootstrap-tools.toml').write_text(
        'tools = ["acme"]\n[targets.acme]\nproject_directory = ".acme"\n'
        'agents = "agents"\nskills = "skills"\ncommands = "commands"\n'
    )
    code = (
        'import json, sys\n'
        'from bootstrap import committed, config\n'
        'cfg = config.load(sys.argv[1], ())\n'
        'print(json.dumps(committed._stable(cfg.targets[0])))\n'
    )
    keys = {
        subprocess.run(
            (
                sys.executable,
                '-c',
                code,
                str(tmp_path / 'bootstrap-tools.toml'),
            ),
            env={**os.environ, 'PYTHONHASHSEED': seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ('1', '2', '3', '4')
    }
    assert len(keys) == 1
    assert '"acme"' in keys.pop()
    assert committed._stable({'b': {2, 1}, 'a': (None, 1.5, committed)}) == [
        ['a', [None, 1.5, 'bootstrap.committed']],
        ['b', [1, 2]],
    ]


def test_only_the_newest_heads_are_kept(tmp_path):
    folder = tmp_path / 'committed'
    for i in range(committed.KEPT + 3):
        committed._keep(str(folder / f'{i}.json'), b'{}')
        os.utime(folder / f'{i}.json', ns=(i * 10**9, i * 10**9))
    kept = sorted(int(p.stem) for p in folder.iterdir())
    assert kept == list(range(3, committed.KEPT + 3))


def test_files_and_keys_git_cannot_give_back_are_never_adopted(
    tmp_path, sandbox
):
    """The same bytes as the committed bundle renders, but untracked
    (ignored here): the user's own, kept by uninstall."""
    other = project(tmp_path / 'other', tools=['claude-code'], scope='project')
    assert run(other, 'sync') == 0
    proj = project(tmp_path, tools=['claude-code'], scope='project')
    git(proj, 'init', '-q')
    git(proj, 'add', '-A')
    git(proj, 'commit', '-qm', 'the bundle alone')
    agent = Path('.claude/agents/reviewer.md')
    mine = [agent, Path('.mcp.json'), Path('.claude/settings.json')]
    for path in mine:
        (proj / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(other / path, proj / path)
    (proj / '.git/info/exclude').write_text('.claude/\n.mcp.json\n')
    before = {p: (proj / p).read_bytes() for p in mine}
    shutil.rmtree(tmp_path / 'state')
    assert run(proj, 'sync') == 0
    assert run(proj, 'uninstall') == 0
    assert {p: (proj / p).read_bytes() for p in mine} == before


def test_a_file_a_merge_brought_is_ours_once_committed(
    tmp_path, sandbox, capsys
):
    """Synced mid-merge (the hook at a merge commit): not at HEAD yet,
    so someone's own for now; ours once committed."""
    dest = _clone(tmp_path, ['cursor'])
    assert run(dest, 'sync') == 0
    origin = tmp_path / 'project'
    (origin / '.ai/rules/z.md').write_text('# Z\n')
    (origin / 'README.md').write_text('theirs\n')
    assert run(origin, 'sync') == 0
    git(origin, 'add', '-A')
    git(origin, 'commit', '-qm', 'a rule and a README')
    (dest / 'README.md').write_text('mine\n')
    git(dest, 'add', '-A')
    git(dest, 'commit', '-qm', 'my README')
    merge = subprocess.run(
        ('git', 'pull', '-q', '--no-rebase'), cwd=dest, capture_output=True
    )
    assert merge.returncode != 0  # README: a conflict to resolve
    assert run(dest, 'sync') == 0
    (dest / 'README.md').write_text('both\n')
    git(dest, 'add', '-A')
    git(dest, 'commit', '-qm', 'merged')
    (dest / '.ai/rules/z.md').unlink()
    capsys.readouterr()
    assert run(dest, 'sync') == 0
    assert 'remove .cursor/rules/z.mdc' in capsys.readouterr().out
    assert not (dest / '.cursor/rules/z.mdc').exists()


def test_a_bundle_in_a_submodule(tmp_path, sandbox, capsys):
    """The bundle is a repository of its own; what it renders to is
    committed in the project's."""
    bundle = tmp_path / 'bundle'
    shutil.copytree(project(tmp_path / 'src') / '.ai', bundle)
    git(bundle, 'init', '-q')
    git(bundle, 'add', '-A')
    git(bundle, 'commit', '-qm', 'the bundle')
    proj = tmp_path / 'project'
    proj.mkdir()
    (proj / 'bootstrap-tools.toml').write_text(
        'scope = "project"\ntools = ["cursor"]\n'
    )
    allow = ('-c', 'protocol.file.allow=always')
    git(proj, 'init', '-q')
    git(proj, *allow, 'submodule', '-q', 'add', str(bundle), '.ai')
    assert run(proj, 'sync') == 0
    git(proj, 'add', '-A')
    git(proj, 'commit', '-qm', 'generated')
    shutil.rmtree(tmp_path / 'state')
    dest = tmp_path / 'clone'
    git(
        tmp_path,
        *allow,
        'clone',
        '-q',
        '--recurse-submodules',
        str(proj),
        str(dest),
    )
    _edit_rule(dest)
    capsys.readouterr()
    assert run(dest, 'sync') == 0
    out = capsys.readouterr().out
    assert f'update {RULE}' in out
    assert 'conflict' not in out


def test_a_file_git_stores_through_a_filter(tmp_path, sandbox, capsys):
    """As LFS does: the blob is not the bytes checked out."""
    origin = project(tmp_path, tools=['cursor'], scope='project')
    git(origin, 'init', '-q')
    for key, value in (('clean', 'rev'), ('smudge', 'rev')):
        git(origin, 'config', f'filter.rev.{key}', value)
    (origin / '.gitattributes').write_text('*.txt filter=rev\n')
    skill = origin / '.ai/skills/release-notes'
    (skill / 'notes.txt').write_text('line one\nline two\n')
    assert run(origin, 'sync') == 0
    git(origin, 'add', '-A')
    git(origin, 'commit', '-qm', 'generated')
    shutil.rmtree(tmp_path / 'state')
    dest = tmp_path / 'clone'
    smudge = ('-c', 'filter.rev.smudge=rev')
    git(tmp_path, *smudge, 'clone', '-q', str(origin), str(dest))
    for key in ('clean', 'smudge'):
        git(dest, 'config', f'filter.rev.{key}', 'rev')
    git(dest, 'rm', '-rq', '.ai/skills/release-notes')
    capsys.readouterr()
    assert run(dest, 'sync') == 0
    assert 'remove .cursor/skills/release-notes/notes.txt' in (
        capsys.readouterr().out
    )
