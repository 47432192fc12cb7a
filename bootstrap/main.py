"""The command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bootstrap import constants as C
from bootstrap.error_handler import error_handler

if TYPE_CHECKING:
    from bootstrap import report as R
    from bootstrap.bundle import Bundle
    from bootstrap.config import Config
    from bootstrap.target_base import ToolInstaller

COMMANDS = ('sync', 'uninstall', 'status', 'targets')

DESCRIPTION = """\
Install this repository's AI-assistant bundle (rules, agents, commands,
skills, MCP servers, hooks; default folder .ai/) into every AI coding tool
named in bootstrap-tools.toml, each in its own folders and formats.
Only what bootstrap-tools installed is ever updated or removed; your own
files and config keys are kept."""

EPILOG = """\
exit codes: 0 ok, 1 a tool failed, 2 usage or config error,
130 interrupted.

examples:
  bootstrap-tools                      sync every configured tool
  bootstrap-tools sync cursor          only Cursor (installed even if
                                       Cursor is not detected)
  bootstrap-tools sync --home /tmp/h   try it in a throwaway home
  bootstrap-tools sync --dry-run       list what would change
  bootstrap-tools status --json        machine-readable status
  bootstrap-tools uninstall            remove what this project installed
"""


def _jobs(s: str) -> int:
    n = int(s)
    if n < 0:
        raise argparse.ArgumentTypeError('must be 0 (one per tool) or more')
    return n


def _common(p: argparse.ArgumentParser, tools: bool = True) -> None:
    if tools:
        p.add_argument(
            'tools',
            nargs='*',
            metavar='TOOL',
            help='only these tools (see `bootstrap-tools targets`); '
            'default: the ones in the config',
        )
    p.add_argument(
        '--config',
        metavar='FILE',
        help=f'config file (default: the nearest {C.CONFIG_FILE} '
        f'or pyproject.toml with [tool.bootstrap-tools])',
    )
    p.add_argument(
        '--home',
        metavar='DIR',
        help='treat DIR as the home directory (a sandbox); every '
        'configured tool is installed there, detected or not',
    )
    p.add_argument(
        '--scope',
        choices=C.SCOPES,
        help="'user': the tools' home folders; 'project': folders "
        'inside the repository (default: from the config)',
    )
    p.add_argument(
        '--json',
        action='store_true',
        help='print one JSON document (versioned) instead of text',
    )
    p.add_argument(
        '-v',
        '--verbose',
        action='store_true',
        help='also list what each tool cannot take',
    )


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog='bootstrap-tools',
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        '-V', '--version', action='version', version=f'%(prog)s {C.VERSION}'
    )
    sub = p.add_subparsers(dest='command', metavar='COMMAND')
    for name, help_text in (
        ('sync', 'install or update every configured tool (default)'),
        ('uninstall', 'remove exactly what this project installed'),
    ):
        s = sub.add_parser(name, help=help_text, description=help_text)
        _common(s)
        s.add_argument(
            '-j',
            '--jobs',
            type=_jobs,
            default='0',
            metavar='N',
            help='tools at once (default 0: one per tool; '
            '1: one after another, no threads)',
        )
        s.add_argument(
            '--dry-run',
            action='store_true',
            help='show what would change; write nothing',
        )
        if name == 'sync':
            s.add_argument(
                '--force',
                action='store_true',
                help='overwrite files and keys that are not ours '
                'or were edited by hand (backed up first)',
            )
    s = sub.add_parser(
        'status',
        help='per tool: detected, installed, up to '
        'date, drifted (edited by hand)',
    )
    _common(s)
    s = sub.add_parser(
        'targets',
        help='every supported tool, its folders on '
        'this machine and what it supports',
    )
    s.add_argument('--home', metavar='DIR', help='home directory to resolve')
    s.add_argument('--json', action='store_true', help='print JSON')
    return p


def _out(line: str) -> None:
    sys.stdout.write(line + '\n')
    sys.stdout.flush()


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not any(a in COMMANDS for a in args_list[:1]) and not (
        args_list and args_list[0] in ('-h', '--help', '-V', '--version')
    ):
        args_list.insert(0, 'sync')
    args = parser().parse_args(args_list)
    with error_handler():
        return _dispatch(args)


def _fast_ok(args: argparse.Namespace) -> bool:
    return args.command == 'sync' and not (
        args.dry_run or args.force or args.json or args.verbose
    )


def _fast_key(args: argparse.Namespace) -> str:
    from bootstrap import fastpath

    parts = [
        os.getcwd(),
        args.config or '',
        ','.join(args.tools),
        args.scope or '',
        args.home or '',
    ]
    return fastpath.key(parts, os.environ)


def _remember(
    args: argparse.Namespace,
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
    fastpath.record(
        key,
        len(reports),
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


def _dispatch(args: argparse.Namespace) -> int:
    env = dict(os.environ)
    if args.command == 'targets':
        from bootstrap.commands import targets
        from bootstrap.selection import home_dir

        rows = targets.rows(
            home_dir(args.home, env), os.getcwd(), env, _declared()
        )
        for line in targets.render(rows, args.json):
            _out(line)
        return 0

    from bootstrap import config
    from bootstrap import report as R
    from bootstrap.selection import select

    cfg_path = args.config or config.find(os.getcwd())
    from bootstrap.all_targets import registry

    cfg = config.load(cfg_path, list(registry()))
    selected = select(cfg, args.tools, args.scope, args.home, env)

    if args.command == 'status':
        from bootstrap import bundle as B
        from bootstrap.commands import status

        loaded = B.load(cfg.source)
        rows = [status.one(sel, loaded) for sel in selected]
        for line in status.render(rows, args.json):
            _out(line)
        return 0

    from bootstrap.commands import sync

    bundle: Bundle | None = None
    before = _before(cfg) if _fast_ok(args) else []
    if args.command == 'uninstall':
        opts = sync.Options(dry_run=args.dry_run, uninstall=True)
    else:
        from bootstrap import bundle as B

        bundle = B.load(cfg.source)
        opts = sync.Options(
            dry_run=args.dry_run, force=args.force, detect=args.home is None
        )

    warned: list[bool] = []

    def emit(rep: R.Report) -> None:
        if args.json or not (
            rep.status != R.UNCHANGED or args.verbose or rep.conflicts
        ):
            return
        if bundle is not None and not warned:  # once, when it matters
            warned.append(True)
            for warning in bundle.warnings:
                _out(f'warning: {warning}')
        for line in R.block(rep, args.verbose):
            _out(line)

    reports = sync.run(selected, bundle, opts, args.jobs or None, emit)
    if args.command == 'sync':
        _remember(args, cfg, before, reports)
    if args.json:
        _out(
            json.dumps(
                {
                    'version': 1,
                    'command': args.command,
                    'ok': all(r.ok for r in reports),
                    'warnings': list(bundle.warnings) if bundle else [],
                    'tools': [
                        {
                            'tool': r.tool,
                            'scope': r.scope,
                            'status': r.status,
                            'changes': list(r.lines),
                            'conflicts': list(r.conflicts),
                            'notes': list(r.notes),
                            'error': r.error,
                            'counts': dict(r.counts),
                        }
                        for r in reports
                    ],
                },
                indent=2,
            )
        )
    elif all(r.status == R.UNCHANGED for r in reports):
        _out(f'bootstrap-tools: {len(reports)} tools up to date')
    else:
        _out(R.summary(reports))
    return 0 if all(r.ok for r in reports) else 1


if __name__ == '__main__':
    raise SystemExit(main())
