"""The console script: answer a no-op `sync` from the fast path, with
nothing imported but plain modules; hand everything else to main."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing costs an import; mypy reads this as True
if TYPE_CHECKING:
    from collections.abc import Sequence

# every command but sync and hook (arguments.COMMANDS, without its imports)
OTHER_COMMANDS = ('uninstall', 'status', 'check', 'init', 'targets')
_VALUED = {
    '--home': 'home',
    '--scope': 'scope',
    '--config': 'config',
    '-j': 'jobs',
    '--jobs': 'jobs',
}


def _plausible(option: str, value: str) -> bool:
    if option in ('-j', '--jobs'):
        return value.isdigit()
    if option == '--scope':
        return value in ('user', 'project')
    return bool(value)


def simple(argv: Sequence[str]) -> dict[str, str] | None:
    """The options of a plain `sync` (the hook's and a fresh clone's
    call), or None for anything else."""
    args = list(argv)
    out = {'home': '', 'scope': '', 'config': '', 'tools': '', 'hook': ''}
    if args and args[0] in ('sync', 'hook'):
        out['hook'] = 'yes' if args.pop(0) == 'hook' else ''
    tools = []
    while args:
        arg = args.pop(0)
        name, eq, value = arg.partition('=')
        if name in _VALUED:
            if not eq:
                if not args:
                    return None
                value = args.pop(0)
            out[_VALUED[name]] = value
            if not _plausible(name, value):
                return None  # the parser has something to say
        elif arg.startswith('-') or arg in OTHER_COMMANDS:
            return None
        else:
            tools.append(arg)
    out['tools'] = ','.join(tools)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    opts = simple(args)
    if opts is not None:
        from bootstrap import fastpath

        key = fastpath.key(
            [
                os.getcwd(),
                opts['config'],
                opts['tools'],
                opts['scope'],
                opts['home'],
            ],
            os.environ,
        )
        line = fastpath.fresh(key)
        if line is not None:
            if not opts['hook']:  # the hook is quiet when nothing changed
                try:
                    sys.stdout.write(line + '\n')
                    sys.stdout.flush()
                except BrokenPipeError:  # nobody reads: fine, all is done
                    devnull = os.open(os.devnull, os.O_WRONLY)
                    os.dup2(devnull, sys.stdout.fileno())
                    os.close(devnull)
            return 0
    import gc

    # a short run that allocates many small objects and frees them by
    # reference counting: the cycle collector only costs time here
    gc.disable()
    try:
        from bootstrap import main as full

        code = full.main(args, simple=opts)
    finally:
        gc.enable()  # for a caller in the same process (tests)
    if argv is None:
        leave(code)
    return code


def leave(code: int) -> None:
    """End the process now that everything is written, flushed and
    unlocked, and every worker thread has been joined: tearing down the
    interpreter (every module, the bundle and the plans freed one by one)
    took a tenth of a full sync, for nothing. Console runs only."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing to say
            code = code or 1
    os._exit(code)
