"""The command line's grammar: every command, option and help text."""

from __future__ import annotations

import os
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING

from bootstrap import constants as C
from bootstrap import output

if TYPE_CHECKING:  # argparse is imported when a parser is built
    import argparse

COMMANDS = (
    'sync',
    'uninstall',
    'status',
    'check',
    'init',
    'hook',
    'targets',
)

DESCRIPTION = """\
Install this repository's AI-assistant bundle (rules, agents, commands,
skills, MCP servers, hooks; default folder .ai/) into every AI coding tool
named in bootstrap-tools.toml, each in its own folders and formats.
Only what bootstrap-tools installed is ever updated or removed; your own
files and config keys are kept."""

EPILOG = """\
exit codes: 0 ok; 1 a tool failed, `check` found drift, `status` could
not tell a tool, or the hook changed files in the repository at a
commit; 2 usage or config error; 3 unexpected error (a bug: please
report it); 130 interrupted.

state: manifests, locks, backups of what --force overwrote, and the
originals that uninstall puts back live in $BOOTSTRAP_TOOLS_HOME, else
in ~/.local/state/bootstrap-tools (Linux; the platform's state folder
elsewhere).

examples:
  bootstrap-tools init                 write bootstrap-tools.toml and .ai/
                                       from .claude/, .cursor/, .github/
  bootstrap-tools                      sync every configured tool
  bootstrap-tools sync cursor          only Cursor (installed even if
                                       Cursor is not detected)
  bootstrap-tools sync --home /tmp/h   try it in a throwaway home
  bootstrap-tools sync --dry-run       list what would change
  bootstrap-tools status --json        machine-readable status
  bootstrap-tools check --diff         exit 1 and show what would change
  bootstrap-tools uninstall            remove what this project installed
"""


def _jobs(s: str) -> int:
    import argparse

    try:
        n = int(s)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f'{s!r} is not a number (0: one worker per tool)'
        ) from None
    if n < 0:
        raise argparse.ArgumentTypeError('must be 0 (one per tool) or more')
    return n


def _output(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        '--json',
        action='store_true',
        help='print one JSON document (versioned; see the README)',
    )
    p.add_argument(
        '--color',
        type=output.color_arg,
        default=output.default_color(os.environ),
        metavar='{auto,always,never}',
        help=f'colour and the live display (default: ${C.ENV_COLOR} '
        f'or auto: on a terminal, not under pre-commit, no $NO_COLOR)',
    )


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
    _output(p)
    p.add_argument(
        '-v',
        '--verbose',
        action='store_true',
        help='also list what each tool cannot take',
    )


def _command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    text: str,
) -> argparse.ArgumentParser:
    """A command whose one-line help is also its --help description."""
    return sub.add_parser(name, help=text, description=text)


def parser() -> argparse.ArgumentParser:
    import argparse

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
        (
            'uninstall',
            'remove exactly what this project installed, and put back '
            'what it overwrote of yours',
        ),
    ):
        s = _command(sub, name, help_text)
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
                'or were edited by hand (backed up first, into the state '
                'folder: see `bootstrap-tools --help`)',
            )
    s = _command(
        sub,
        'status',
        'per tool: detected, installed, up to date, drifted (edited by hand)',
    )
    _common(s)
    s = _command(
        sub,
        'check',
        'exit 1 when sync would change anything (for CI); writes nothing',
    )
    _common(s)
    _diff(s)
    s = _command(
        sub,
        'hook',
        'what the pre-commit hooks run: a quiet sync, or --check for CI',
    )
    _common(s, tools=False)
    s.add_argument(
        '--check',
        action='store_true',
        help='write nothing; exit 1 when the project-scope files are '
        'out of date',
    )
    _diff(s)
    s = _command(
        sub,
        'init',
        'write bootstrap-tools.toml and .ai/, importing what the '
        'repository already has (.claude/, .cursor/, .github/, ...)',
    )
    s.add_argument(
        'tools',
        nargs='*',
        metavar='TOOL',
        help='tools to configure (default: those the repository shows '
        'traces of, else all)',
    )
    s.add_argument(
        '--scope',
        choices=C.SCOPES,
        help="scope to configure (default: 'project' when something was "
        "imported from the tools' folders, else 'user')",
    )
    s.add_argument(
        '--dry-run',
        action='store_true',
        help='list what would be imported; write nothing',
    )
    _output(s)
    s = _command(
        sub,
        'targets',
        'every supported tool, its folders on '
        'this machine and what it supports',
    )
    s.add_argument('--home', metavar='DIR', help='home directory to resolve')
    s.add_argument(
        '--markdown',
        action='store_true',
        help="the README's table of tools and kinds",
    )
    _output(s)
    return p


def _diff(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        '--diff',
        action='store_true',
        help='also print a unified diff of each change (secrets masked)',
    )


def plain(
    simple: dict[str, str], argv: Sequence[str]
) -> SimpleNamespace | None:
    """What `parser()` would make of a plain sync or hook, or None when
    only the parser can say (odd values, errors to report)."""
    if argv[:1] not in (['sync'], ['hook']):
        return None  # another command, whatever the launcher read
    if any(a == '' or a.endswith('=') or ',' in a for a in argv):
        return None  # absent and empty look alike here; tools are joined
    jobs = simple.get('jobs', '0')
    if simple['scope'] not in ('', *C.SCOPES) or not jobs.isdigit():
        return None
    common = {
        'config': simple['config'] or None,
        'home': simple['home'] or None,
        'scope': simple['scope'] or None,
        'json': False,
        'color': output.default_color(os.environ),
        'verbose': False,
    }
    if simple['hook']:
        if simple['tools'] or 'jobs' in simple:
            return None  # the hook takes neither
        return SimpleNamespace(
            command='hook', **common, check=False, diff=False
        )
    tools = simple['tools'].split(',') if simple['tools'] else []
    return SimpleNamespace(
        command='sync',
        tools=tools,
        **common,
        jobs=int(jobs),
        dry_run=False,
        force=False,
    )
