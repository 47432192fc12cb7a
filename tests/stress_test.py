"""Many of our processes at once on one home end as one run would."""

from __future__ import annotations

import os
import subprocess
import sys

from testing.fixtures import contents
from testing.fixtures import project
from testing.fixtures import run
from testing.fixtures import users_home

PROCESSES = 8
ROUNDS = int(os.environ.get('BOOTSTRAP_TOOLS_STRESS_ROUNDS', '20'))


def test_eight_processes_twenty_rounds(tmp_path, sandbox):
    proj = project(tmp_path)
    users_home(sandbox)
    argv = [sys.executable, '-m', 'bootstrap', 'sync', '--home', str(sandbox)]
    env = dict(os.environ, BOOTSTRAP_TOOLS_LOCK_TIMEOUT='30')
    for i in range(ROUNDS):
        if i % 2:  # every other round starts from a changed bundle
            (proj / '.ai/rules/extra.md').write_text(f'round {i}\n')
        else:
            (proj / '.ai/rules/extra.md').unlink(missing_ok=True)
        procs = [
            subprocess.Popen(
                argv,
                cwd=proj,
                env=env,
                text=True,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for _ in range(PROCESSES)
        ]
        for p in procs:
            out, err = p.communicate(timeout=120)
            assert p.returncode == 0 or (
                p.returncode == 1 and 'locked by another' in out
            ), (out, err)
            assert 'Traceback' not in err
    # the same bundle, one clean run in a fresh home
    ref = tmp_path / 'ref'
    ref.mkdir()
    users_home(ref)
    state = os.environ['BOOTSTRAP_TOOLS_HOME']
    os.environ['BOOTSTRAP_TOOLS_HOME'] = str(tmp_path / 'ref-state')
    try:
        assert run(proj, 'sync', '--home', str(ref)) == 0
    finally:
        os.environ['BOOTSTRAP_TOOLS_HOME'] = state
    assert contents(sandbox) == contents(ref)
    temps = [
        f
        for root in (sandbox, tmp_path / 'state')
        for _, _, files in os.walk(root)
        for f in files
        if f.endswith('.bt-tmp')
    ]
    assert temps == []
