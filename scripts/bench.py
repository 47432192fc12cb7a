"""bootstrap-tools against rulesync 17 and ruler 0.3.44, side by side.

    python scripts/bench.py --cache DIR [--shared PATH] [--reps N]

Installs the three tools into DIR (once), then times in one run, with
alternating repetitions: a full project-scope sync of the anchors' input
(fresh copy each time) for the targets all three have, a no-op run on
an already generated copy, and `python -c pass`; the no-op of the real
bundle with 4 tools; a 10x bundle against the real one (time, peak
memory); and six tools whose every step sleeps against one.
Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

import bench_inputs
import bench_parallel
import bench_setup

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REAL_TOOLS = ('claude-code', 'cursor', 'codex', 'gemini-cli', 'copilot')
NAMES = ('bootstrap-tools', 'rulesync', 'ruler')
# KEEP: every run's output stays until the whole bench ends. On ext4 a
# new file skips, one by one, the inodes freed in the last minutes, so
# deleting hundreds of files per repetition made each later file
# creation slower for every tool, and most for the one that writes the
# most files. We measure the tools, not the debris of our own loop.


class Runner:
    def __init__(self, tools: bench_setup.Tools, work: str) -> None:
        self.tools = tools
        self.work = work
        self.n = 0
        home = os.path.join(work, 'home')
        os.makedirs(home, exist_ok=True)
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(('BOOTSTRAP_TOOLS_', 'CLAUDE_', 'CODEX_'))
        }
        self.env['HOME'] = home
        self.env['PATH'] = (
            os.path.dirname(tools.node) + os.pathsep + self.env['PATH']
        )

    def home(self) -> str:
        os.makedirs(os.path.join(self.work, 'homes'), exist_ok=True)
        return tempfile.mkdtemp(dir=os.path.join(self.work, 'homes'))

    def fresh(self, template: str) -> str:
        self.n += 1
        dst = os.path.join(self.work, 'run', f'{self.n}')
        bench_inputs.copy_writable(template, dst)
        return dst

    def command(self, kind: str) -> list[str]:
        t = self.tools
        return {
            'bootstrap-tools': [t.bootstrap, 'sync'],
            'rulesync': [t.node, t.rulesync, 'generate', '--silent'],
            'ruler': [t.node, t.ruler, 'apply'],
            'python': [t.python, '-c', 'pass'],
        }[kind]

    def time(
        self,
        cmd: list[str],
        cwd: str,
        state: str | None = None,
    ) -> float:
        env = dict(self.env)
        if state:
            env['BOOTSTRAP_TOOLS_HOME'] = state
        start = time.perf_counter()
        p = subprocess.run(
            cmd,
            cwd=cwd,
            env=env,
            capture_output=True,
        )
        elapsed = time.perf_counter() - start
        if p.returncode != 0:
            sys.exit(
                f'{" ".join(cmd)} (in {cwd}) exited {p.returncode}:\n'
                + p.stdout.decode(errors='replace')[-2000:]
                + p.stderr.decode(errors='replace')[-2000:]
            )
        return elapsed


def _state(path: str) -> str:
    return path + '.state'


def alternate(
    reps: int,
    jobs: dict[str, Callable[[], float]],
) -> dict[str, list[float]]:
    """Run every job once per repetition, rotating the order."""
    out: dict[str, list[float]] = {k: [] for k in jobs}
    names = list(jobs)
    for rep in range(reps):
        order = names[rep % len(names) :] + names[: rep % len(names)]
        for name in order:
            out[name].append(jobs[name]())
    return out


def fmt(times: list[float]) -> str:
    ms = [t * 1000 for t in times]
    return (
        f'median {statistics.median(ms):7.1f} ms  '
        f'(min {min(ms):6.1f}, max {max(ms):6.1f}, n={len(ms)})'
    )


def med(times: list[float]) -> float:
    return statistics.median(times)


def anchors_bench(
    r: Runner,
    templates: dict[str, str],
    reps: int,
) -> None:
    counts: dict[str, tuple[int, int]] = {}

    def full(kind: str) -> Callable[[], float]:
        def job() -> float:
            d = r.fresh(templates[kind])
            before = bench_inputs.snapshot(d)
            t = r.time(r.command(kind), d, _state(d))
            after = bench_inputs.snapshot(d)
            counts[kind] = (bench_inputs.written(before, after), len(after))
            return t  # kept: see KEEP

        return job

    generated = {}
    for kind in NAMES:  # generate once; a second run settles anything
        d = r.fresh(templates[kind])
        r.time(r.command(kind), d, _state(d))
        r.time(r.command(kind), d, _state(d))
        generated[kind] = d
    noop_written: dict[str, int] = {}

    def noop(kind: str) -> Callable[[], float]:
        def job() -> float:
            d = generated[kind]
            before = bench_inputs.snapshot(d)
            t = r.time(r.command(kind), d, _state(d))
            noop_written[kind] = bench_inputs.written(
                before, bench_inputs.snapshot(d)
            )
            return t

        return job

    for kind in NAMES:  # warm-up
        full(kind)()
    jobs: dict[str, Callable[[], float]] = {}
    for kind in NAMES:
        jobs[f'full {kind}'] = full(kind)
        jobs[f'no-op {kind}'] = noop(kind)
    jobs['python -c pass'] = lambda: r.time(r.command('python'), r.work)
    res = alternate(reps, jobs)

    print(f'\n## Anchors input, project scope ({reps} alternating reps)')
    for name, times in res.items():
        print(f'{name:24} {fmt(times)}')
    print('\nfiles written (full run / no-op run), files in the folder after:')
    for kind in NAMES:
        written, total = counts[kind]
        print(
            f'  {kind:16} {written:4} / {noop_written[kind]:3}   '
            f'({total} files, input included)'
        )
    ours_full = med(res['full bootstrap-tools'])
    ours_noop = med(res['no-op bootstrap-tools'])
    py = med(res['python -c pass'])
    print('\nratios (medians):')
    for kind in ('rulesync', 'ruler'):
        print(
            f'  full:  {kind} / bootstrap-tools = '
            f'{med(res[f"full {kind}"]) / ours_full:5.2f}x'
        )
    for kind in ('rulesync', 'ruler'):
        print(
            f'  no-op: {kind} / bootstrap-tools = '
            f'{med(res[f"no-op {kind}"]) / ours_noop:5.2f}x'
        )
    print(f'  no-op bootstrap-tools / python -c pass = {ours_noop / py:5.2f}x')


def real_tools(registry: list[str]) -> list[str]:
    preferred = [t for t in REAL_TOOLS if t in registry]
    rest = [t for t in registry if t not in preferred]
    return (preferred + rest)[:4]


def real_noop(r: Runner, real: str, tools: list[str], reps: int) -> None:
    project = r.fresh(real)
    home = r.home()
    cmd = [r.tools.bootstrap, 'sync', *tools, '--home', home]
    cmd += ['--scope', 'user']
    state = _state(project)
    for _ in range(3):  # install, then settle
        r.time(cmd, project, state)
    res = alternate(
        reps,
        {
            'no-op bootstrap-tools': lambda: r.time(cmd, project, state),
            'python -c pass': lambda: r.time(r.command('python'), r.work),
        },
    )
    note = '' if len(tools) >= 4 else ' (all the registry has)'
    print(
        f'\n## Real bundle, no-op, user scope, {len(tools)} tools{note}: '
        f'{", ".join(tools)}'
    )
    for name, times in res.items():
        print(f'{name:24} {fmt(times)}')
    ratio = med(res['no-op bootstrap-tools']) / med(res['python -c pass'])
    print(f'  ratio no-op / python -c pass = {ratio:5.2f}x (goal <= 3)')


def _peak_mb(r: Runner, cmd: list[str], cwd: str, state: str) -> float:
    """Peak RSS of a child that ran only `cmd`."""
    code = (
        'import resource, subprocess, sys\n'
        'rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).'
        'returncode\n'
        'print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n'
        'sys.exit(rc)\n'
    )
    env = dict(r.env, BOOTSTRAP_TOOLS_HOME=state)
    out = subprocess.run(
        [sys.executable, '-c', code, *cmd],
        cwd=cwd,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    return int(out.split()[-1]) / 1024  # KiB on Linux


def scale(r: Runner, real: str, tools: list[str], reps: int) -> None:
    big = os.path.join(r.work, 'big')
    os.makedirs(big)
    shutil.copy(os.path.join(real, 'bootstrap-tools.toml'), big)
    bench_inputs.scaled(
        os.path.join(real, '.ai'), os.path.join(big, '.ai'), 10
    )
    projects = {'real': r.fresh(real), '10x': big}
    files: dict[str, int] = {}

    def full(which: str) -> Callable[[], float]:
        def job() -> float:
            home = r.home()
            state = home + '.state'
            cmd = [r.tools.bootstrap, 'sync', *tools, '--home', home]
            t = r.time([*cmd, '--scope', 'user'], projects[which], state)
            files[which] = len(bench_inputs.snapshot(home))
            return t  # kept: see KEEP

        return job

    full('real')()
    full('10x')()
    res = alternate(reps, {'real': full('real'), '10x': full('10x')})
    home = r.home()
    cmd = [r.tools.bootstrap, 'sync', *tools, '--home', home, '--scope']
    peak = _peak_mb(r, [*cmd, 'user'], big, home + '.state')
    print(f'\n## Scale: full user-scope sync, {", ".join(tools)}')
    for name, times in res.items():
        print(f'{name:24} {fmt(times)}   {files[name]} files written')
    ratio = med(res['10x']) / med(res['real'])
    print(f'  ratio 10x / real = {ratio:5.2f}x (goal <= 10)')
    print(f'  peak memory of the 10x sync: {peak:.0f} MB (goal <= 150)')


def parallel(reps: int) -> None:
    demo = os.path.join(REPO, 'examples', 'demo', '.ai')
    one, six, steps = bench_parallel.measure(demo, reps)
    print(
        f'\n## Parallelism: each pipeline step sleeps '
        f'{bench_parallel.SLEEP} s ({steps} steps per tool), in-process, '
        f'the demo bundle'
    )
    print(f'1 slow tool              median {one * 1000:7.1f} ms')
    print(
        f'{bench_parallel.COPIES} slow tools             median '
        f'{six * 1000:7.1f} ms'
    )
    print(f'  ratio 6 / 1 = {six / one:5.2f}x (goal < 2)')


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--cache', required=True, help='install folder (kept)')
    p.add_argument(
        '--shared',
        default=os.path.join(os.path.dirname(REPO), 'shared'),
        help='the shared folder (default: ../shared)',
    )
    p.add_argument('--reps', type=int, default=15)
    p.add_argument('--scale-reps', type=int, default=5)
    args = p.parse_args(argv)
    tools = bench_setup.install(os.path.abspath(args.cache), REPO)
    anchors = os.path.join(args.shared, 'bundles', 'anchors-input')
    real = os.path.join(args.shared, 'bundles', 'real')
    out = subprocess.run(
        [tools.bootstrap, 'targets', '--json'],
        check=True,
        stdout=subprocess.PIPE,
    ).stdout
    registry = [t['tool'] for t in json.loads(out)['targets']]
    common = bench_inputs.common(anchors, registry)
    versions = subprocess.run(
        [tools.node, tools.rulesync, '--version'],
        stdout=subprocess.PIPE,
        text=True,
    ).stdout.strip()
    print(f'bootstrap-tools registry: {", ".join(registry)}')
    print('common targets (ours / rulesync / ruler): ', end='')
    print(', '.join('/'.join((t, *bench_inputs.NAMES[t])) for t in common))
    print(
        f'rulesync {versions}, ruler 0.3.44, node '
        + subprocess.run(
            [tools.node, '--version'], stdout=subprocess.PIPE, text=True
        ).stdout.strip()
        + f', python {sys.version.split()[0]}, {os.cpu_count()} CPUs'
    )
    with tempfile.TemporaryDirectory(prefix='bt-bench-') as work:
        r = Runner(tools, work)
        templates = bench_inputs.templates(anchors, work, common)
        anchors_bench(r, templates, args.reps)
        four = real_tools(registry)
        real_noop(r, real, four, args.reps)
        scale(r, real, four, args.scale_reps)
    parallel(args.scale_reps)
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
