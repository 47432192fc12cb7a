"""The command line."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bootstrap import arguments
from bootstrap import constants as C
from bootstrap import output
from bootstrap.error_handler import error_handler

if TYPE_CHECKING:
    import argparse
    from types import SimpleNamespace

    from bootstrap import report as R
    from bootstrap.bundle import Bundle
    from bootstrap.commands.sync import Options
    from bootstrap.config import Config
    from bootstrap.selection import Selected
    from bootstrap.target_base import ToolInstaller

    # what the parser reads, or (a plain sync: no argparse import) `plain`
    Args = argparse.Namespace | SimpleNamespace

JSON_VERSION = 1


def _out(line: str) -> None:
    output.write_line(line)


def _json(doc: dict[str, object]) -> None:
    _out(json.dumps({'version': JSON_VERSION, **doc}, indent=2))


def main(
    argv: Sequence[str] | None = None,
    simple: dict[str, str] | None = None,
) -> int:
    """`simple`: the launcher's reading of a plain sync or hook, which
    spares building the whole parser when it is all there is to read."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not any(a in arguments.COMMANDS for a in args_list[:1]) and not (
        args_list and args_list[0] in ('-h', '--help', '-V', '--version')
    ):
        args_list.insert(0, 'sync')
    args: Args | None = None
    if simple is not None:
        args = arguments.plain(simple, args_list)
    if args is None:
        args = arguments.parser().parse_args(args_list)
    with error_handler():
        return _dispatch(args)


def _fast_ok(args: Args) -> bool:
    """Is this a plain sync (or the hook's), which the fast path may
    answer next time?"""
    return args.command in ('sync', 'hook') and not any(
        getattr(args, flag, False)
        for flag in ('dry_run', 'force', 'json', 'verbose', 'check')
    )


def _fast_key(args: Args) -> str:
    from bootstrap import fastpath

    parts = [
        os.getcwd(),
        args.config or '',
        ','.join(getattr(args, 'tools', [])),
        args.scope or '',
        args.home or '',
    ]
    return fastpath.key(parts, os.environ)


def _remember(
    args: Args,
    cfg: Config,
    before: list[tuple[str, tuple[int, int, int, int] | None]],
    reports: list[R.Report],
) -> None:
    """After a run that left everything up to date, record what the
    fast path must watch; after any other run, forget it."""
    from bootstrap import fastpath
    from bootstrap import report as R

    key = _fast_key(args)
    if not _fast_ok(args) or any(
        r.status not in (R.OK, R.UNCHANGED, R.SKIPPED) or r.conflicts
        for r in reports
    ):
        fastpath.forget(key)
        return
    watched = [os.environ.get('HOME', ''), args.home or '']
    watched += os.environ.get('PATH', '').split(os.pathsep)
    watched += [p for r in reports for p in r.paths]
    # what the next run prints: the tools changed now are up to date then
    line = R.settled(
        [
            r._replace(status=R.UNCHANGED) if r.status == R.OK else r
            for r in reports
        ]
    )
    assert line is not None  # every tool changed, unchanged or skipped
    fastpath.record(
        key,
        line,
        before
        + fastpath.signatures(
            [p for p in watched if p],
        ),
    )


def _before(cfg: Config) -> list[tuple[str, tuple[int, int, int, int] | None]]:
    """Signatures of the inputs, taken before they are read."""
    from bootstrap import fastpath

    configs = []
    directory = os.getcwd()
    while True:  # where the config is looked for
        configs += [
            os.path.join(directory, C.CONFIG_FILE),
            os.path.join(directory, 'pyproject.toml'),
        ]
        parent = os.path.dirname(directory)
        if directory == cfg.project or parent == directory:
            break
        directory = parent
    package = os.path.dirname(os.path.abspath(__file__))
    code = [p for p in fastpath.tree(package) if '__pycache__' not in p]
    return fastpath.signatures(
        [cfg.path, *configs, *fastpath.tree(cfg.source), *code],
    )


def _declared() -> list[ToolInstaller]:
    """The targets the project's config declares, when there is one."""
    from bootstrap import config
    from bootstrap.all_targets import registry
    from bootstrap.errors import UsageError

    try:
        path = config.find(os.getcwd())
    except UsageError:
        return []
    return list(config.load(path, list(registry())).targets)


def _dispatch(args: Args) -> int:
    env = dict(os.environ)
    color = output.use_color(args.color, sys.stdout, env)
    if args.command == 'targets':
        from bootstrap.commands import targets
        from bootstrap.selection import home_dir

        if args.markdown:
            _out(targets.markdown())
            return 0
        rows = targets.rows(
            home_dir(args.home, env), os.getcwd(), env, _declared()
        )
        if args.json:
            _json({'command': 'targets', 'targets': rows})
        else:
            for line in targets.render(rows):
                _out(line)
        return 0
    if args.command == 'init':
        return _init(args, color)

    from bootstrap import config
    from bootstrap.all_targets import registry
    from bootstrap.all_targets import target_names
    from bootstrap.errors import UsageError
    from bootstrap.selection import select

    cfg_path = args.config or config.find(os.getcwd())
    try:  # built-in (or declared) tools: no entry-point scan
        cfg = config.load(cfg_path, target_names)
    except UsageError:  # maybe a plugin's tool
        cfg = config.load(cfg_path, list(registry()))
    names = getattr(args, 'tools', [])
    selected = select(cfg, names, args.scope, args.home, env)

    from bootstrap import bundle as B

    if args.command == 'status':
        from bootstrap.commands import status

        loaded = B.load(cfg.source)
        rows = status.rows(selected, loaded)
        if args.json:
            _json({'command': 'status', 'tools': rows})
        else:
            for line in status.render(rows, detect=args.home is None):
                _out(line)
        return status.exit_code(rows)
    if args.command == 'check':
        return _check(args, selected, B.load(cfg.source), color)
    if args.command == 'hook':
        from bootstrap.commands import hook

        if hook.skip(env):
            return 0
        if args.check:
            project = [s for s in selected if s.ctx.scope == 'project']
            return _check(args, project, B.load(cfg.source), color, quiet=True)
        before = _before(cfg) if _fast_ok(args) else []
        code, reports = _hook(args, selected, Loader(cfg.source), env)
        _remember(args, cfg, before, reports)
        return code

    from bootstrap.commands import sync

    load = None
    before = _before(cfg) if _fast_ok(args) else []
    if args.command == 'uninstall':
        opts = sync.Options(dry_run=args.dry_run, uninstall=True)
    else:
        load = Loader(cfg.source)
        opts = sync.Options(
            dry_run=args.dry_run, force=args.force, detect=args.home is None
        )
    code, reports = _sync(args, selected, load, opts, env, color)
    if args.command == 'sync':
        _remember(args, cfg, before, reports)
    return code


class Loader:
    """Reads the bundle when sync asks, and keeps only its warnings:
    sync lets the bundle go once every tool is planned."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.warnings: tuple[str, ...] = ()
        self.told = False

    def untold(self) -> tuple[str, ...]:
        """The warnings the first time they are asked for, then none:
        printed once, above the first tool that has something to say."""
        told, self.told = self.told, True
        return () if told else self.warnings

    def __call__(self) -> Bundle:
        from bootstrap import bundle as B

        bundle = B.load(self.source)
        self.warnings = bundle.warnings
        return bundle


def _sync(
    args: Args,
    selected: list[Selected],
    load: Loader | None,
    opts: Options,
    env: dict[str, str],
    color: bool,
) -> tuple[int, list[R.Report]]:
    from bootstrap import report as R
    from bootstrap.commands import sync

    display = None
    if not args.json and output.use_live(args.color, sys.stdout, env):
        from bootstrap.live import Display

        display = Display(
            [
                (s.name, s.installer.DISPLAY_NAME, s.ctx.scope)
                for s in selected
            ],
            color,
        )

    def emit(rep: R.Report) -> None:
        if display is not None:
            display.done(rep)
        if args.json or not (
            rep.status != R.UNCHANGED or args.verbose or rep.conflicts
        ):
            return
        for warning in load.untold() if load is not None else ():
            _out(f'warning: {warning}')
        for line in R.block(rep, args.verbose, color):
            _out(line)

    try:
        reports = sync.run(
            selected,
            load,
            opts,
            args.jobs or None,
            emit,
            display.tick if display is not None else None,
        )
    finally:
        if display is not None:
            display.close()
    if args.json:
        _json(
            {
                'command': args.command,
                'ok': all(r.ok for r in reports),
                'warnings': list(load.warnings) if load else [],
                'tools': [R.as_json(r) for r in reports],
            }
        )
    else:
        removing = args.command == 'uninstall'
        _out(R.settled(reports, removing) or R.summary(reports))
    return (0 if all(r.ok for r in reports) else 1), reports


def _check(
    args: Args,
    selected: list[Selected],
    bundle: Bundle,
    color: bool,
    quiet: bool = False,
) -> int:
    from bootstrap.commands import check

    results = check.run(selected, bundle, args.home is None, args.diff)
    drift = any(r.drift for r in results)
    if args.json:
        _json(
            {
                'command': args.command,
                'ok': not drift,
                'tools': [check.as_json(r) for r in results],
            }
        )
    elif drift or not quiet:
        for line in check.render(results, color):
            _out(line)
    return 1 if drift else 0


def _hook(
    args: Args,
    selected: list[Selected],
    load: Loader,
    env: dict[str, str],
) -> tuple[int, list[R.Report]]:
    from bootstrap import report as R
    from bootstrap.commands import hook
    from bootstrap.commands import sync

    def emit(rep: R.Report) -> None:
        line = None if args.json else hook.line(rep)
        if line:
            for warning in load.untold():
                _out(f'bootstrap-tools: warning: {warning}')
            _out(line)

    opts = sync.Options(detect=args.home is None)
    reports = sync.run(selected, load, opts, None, emit)
    code = hook.exit_code(reports, env)
    if args.json:
        _json(
            {
                'command': 'hook',
                'ok': code == 0,
                'warnings': list(load.warnings),
                'tools': [R.as_json(r) for r in reports],
            }
        )
    elif code and all(r.ok for r in reports):
        _out(
            'bootstrap-tools: updated files in this repository -- review '
            'them, `git add` them and commit again'
        )
    return code, reports


def _init(args: Args, color: bool) -> int:
    from bootstrap.all_targets import target_names
    from bootstrap.commands import init

    project = os.getcwd()
    if not args.dry_run:
        init.refuse_existing(project)
    init.known(args.tools, target_names)
    res = init.collect(project)
    names = list(args.tools) or init.tools(project, target_names)
    scope = args.scope or ('project' if res.imported else 'user')
    if not args.dry_run:
        init.write(project, res, init.config_text(names, scope))
    if args.json:
        _json(
            {
                'command': 'init',
                'config': C.CONFIG_FILE,
                'source': C.DEFAULT_SOURCE,
                'tools': names,
                'scope': scope,
                'written': not args.dry_run,
                'imported': [i._asdict() for i in res.imported],
                'duplicates': res.duplicates,
                'notes': res.notes,
            }
        )
        return 0
    for line in init.render(res, names, scope, args.dry_run):
        _out(line)
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
