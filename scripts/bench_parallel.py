"""Do tools really run at once? In-process: six copies of a test target
whose every pipeline step sleeps 0.2 s first, synced together, against
one alone."""

from __future__ import annotations

import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
import types
from collections.abc import Iterator

SLEEP = 0.2
COPIES = 6
SLEPT: list[float] = []

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _slow_target(n: int) -> types.SimpleNamespace:
    """Cursor's rendering, into `.slow-N` instead of `.cursor`."""
    from bootstrap.target_base import Plan
    from bootstrap.targets import cursor

    name = f'slow-{n}'

    def directories(ctx):  # type: ignore[no-untyped-def]
        return {
            k: v.replace(os.sep + '.cursor', os.sep + f'.{name}', 1)
            for k, v in cursor.directories(ctx).items()
        }

    def plan(bundle, ctx):  # type: ignore[no-untyped-def]
        p = cursor.plan(bundle, ctx)
        old = cursor.directories(ctx)['root']
        new = directories(ctx)['root']

        def move(path: str) -> str:
            return new + path[len(old) :] if path.startswith(old) else path

        return Plan(
            name,
            p.scope,
            new,
            tuple(f._replace(path=move(f.path)) for f in p.files),
            tuple(c._replace(path=move(c.path)) for c in p.configs),
            tuple(e._replace(file=move(e.file)) for e in p.entries),
            p.notes,
            p.counts,
        )

    return types.SimpleNamespace(
        NAME=name,
        DISPLAY_NAME=f'Slow {n}',
        KINDS=cursor.KINDS,
        directories=directories,
        detect=lambda ctx: True,
        plan=plan,
    )


@contextlib.contextmanager
def _patched() -> Iterator[None]:
    from bootstrap import all_targets
    from bootstrap import pipeline

    real_run = pipeline.run

    def slow_run(steps, **kw):  # type: ignore[no-untyped-def]
        def slow(apply):  # type: ignore[no-untyped-def]
            def apply_slowly(push):  # type: ignore[no-untyped-def]
                SLEPT.append(SLEEP)
                time.sleep(SLEEP)
                return apply(push)

            return apply_slowly

        return real_run([s._replace(apply=slow(s.apply)) for s in steps], **kw)

    added = {f'slow-{n}': _slow_target(n) for n in range(1, COPIES + 1)}
    all_targets.targets.update(added)
    all_targets.target_names[:] = sorted(all_targets.targets)
    pipeline.run = slow_run
    try:
        yield
    finally:
        pipeline.run = real_run
        for name in added:
            del all_targets.targets[name]
        all_targets.target_names[:] = sorted(all_targets.targets)


def _sync(project: str, tools: list[str]) -> float:
    from bootstrap import main

    home = tempfile.mkdtemp(dir=project)
    os.environ['BOOTSTRAP_TOOLS_HOME'] = os.path.join(home, 'state')
    argv = ['sync', *tools, '--home', home, '--scope', 'user']
    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out):
        rc = main.main(argv)
    elapsed = time.perf_counter() - start
    assert rc == 0, out.getvalue()
    return elapsed


def measure(bundle_dir: str, reps: int) -> tuple[float, float, int]:
    """Medians of one slow tool and of six, and the steps one ran."""
    sys.path.insert(0, REPO)
    saved = dict(os.environ)
    with tempfile.TemporaryDirectory() as tmp, _patched():
        os.symlink(os.path.abspath(bundle_dir), os.path.join(tmp, '.ai'))
        with open(os.path.join(tmp, 'bootstrap-tools.toml'), 'w') as f:
            f.write('tools = ["slow-1"]\n')
        one, six = [], []
        names = [f'slow-{n}' for n in range(1, COPIES + 1)]
        old_cwd = os.getcwd()
        os.chdir(tmp)
        try:
            _sync(tmp, names[:1])  # warm-up: imports, page cache
            SLEPT.clear()
            _sync(tmp, names[:1])
            steps = len(SLEPT)
            for _ in range(reps):
                one.append(_sync(tmp, names[:1]))
                six.append(_sync(tmp, names))
        finally:
            os.chdir(old_cwd)
            os.environ.clear()
            os.environ.update(saved)
    return statistics.median(one), statistics.median(six), steps
