"""Targets declared in the config, or by another package."""

from __future__ import annotations

import json
import sys

from bootstrap.all_targets import registry
from bootstrap.main import main
from testing.fixtures import project
from testing.fixtures import run

CONFIG = """\
tools = ["acme"]

[targets.acme]
display_name = "Acme AI"
directory = "{user_config}/acme"
project_directory = ".acme"
agents = "agents"
skills = "skills"
mcp = { file = "settings.json", key = "ai.servers", format = "gemini-cli" }
"""


def test_declared_target_installs_and_uninstalls(tmp_path, sandbox):
    proj = project(tmp_path)
    (proj / 'bootstrap-tools.toml').write_text(CONFIG)
    base = sandbox / '.config' if sys.platform == 'linux' else None
    assert run(proj, 'sync', '--home', str(sandbox)) == 0
    assert run(proj, 'sync', '--home', str(sandbox), '--scope', 'project') == 0
    for root in filter(None, (base and base / 'acme', proj / '.acme')):
        assert (root / 'agents/reviewer.md').is_file()
        assert (root / 'skills/release-notes/SKILL.md').is_file()
        settings = json.loads((root / 'settings.json').read_text())
        assert settings['ai']['servers']['github']['httpUrl']
        assert not (root / 'rules').exists()  # a kind not named
    mine = proj / '.acme' / 'agents' / 'mine.md'
    mine.write_text('my own\n')
    assert run(proj, 'uninstall', '--home', str(sandbox)) == 0
    assert (
        run(proj, 'uninstall', '--home', str(sandbox), '--scope', 'project')
        == 0
    )
    assert mine.read_text() == 'my own\n'
    assert not (proj / '.acme' / 'settings.json').exists()
    assert not (proj / '.acme' / 'skills').exists()


def test_declared_target_errors_name_the_line(tmp_path, capsys):
    proj = project(tmp_path)
    (proj / 'bootstrap-tools.toml').write_text(
        'tools = ["acme"]\n[targets.acme]\ndirectory = "x"\nagnets = "a"\n'
    )
    assert run(proj, 'sync') == 2
    assert 'bootstrap-tools.toml:4: [targets.acme]: unknown key' in (
        capsys.readouterr().err
    )
    (proj / 'bootstrap-tools.toml').write_text(
        'tools = ["cursor"]\n[targets.cursor]\ndirectory = "x"\n'
    )
    assert run(proj, 'sync') == 2
    assert "'cursor' is already a target" in capsys.readouterr().err


def test_targets_command_lists_declared_ones(tmp_path, capsys):
    proj = project(tmp_path)
    (proj / 'bootstrap-tools.toml').write_text(CONFIG)
    assert run(proj, 'targets') == 0
    out = capsys.readouterr().out
    assert 'acme (Acme AI, not detected)' in out
    assert '.acme/settings.json' in out


PLUGIN = """\
import os
NAME = 'plugged'
DISPLAY_NAME = 'Plugged'
KINDS = {'user': frozenset(), 'project': frozenset()}
def directories(ctx):
    return {'root': os.path.join(ctx.home, '.plugged')}
def detect(ctx):
    return False
def plan(bundle, ctx):
    from bootstrap.planner import Builder
    return Builder(NAME, DISPLAY_NAME, KINDS, ctx).plan(
        directories(ctx)['root'])
"""


def test_entry_point_plugins_join_the_registry(tmp_path, monkeypatch, capsys):
    site = tmp_path / 'site'
    dist = site / 'plugged_tool-1.0.dist-info'
    dist.mkdir(parents=True)
    (dist / 'METADATA').write_text(
        'Metadata-Version: 2.1\nName: plugged-tool\nVersion: 1.0\n'
    )
    (dist / 'entry_points.txt').write_text(
        '[bootstrap_tools.targets]\nplugged = plugged_tool\n'
        'cursor = plugged_tool\n'  # a built-in name stays the built-in
    )
    (site / 'plugged_tool.py').write_text(PLUGIN)
    monkeypatch.syspath_prepend(str(site))
    reg = registry()
    assert reg['plugged'].DISPLAY_NAME == 'Plugged'
    assert reg['cursor'].DISPLAY_NAME == 'Cursor'
    assert main(['targets']) == 0
    assert 'plugged (Plugged, not detected)' in capsys.readouterr().out
