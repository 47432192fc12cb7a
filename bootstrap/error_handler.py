from __future__ import annotations

import contextlib
import sys
from collections.abc import Generator

from bootstrap import constants as C
from bootstrap.errors import FatalError


@contextlib.contextmanager
def error_handler() -> Generator[None]:
    try:
        yield
    except FatalError as e:
        for line in str(e).splitlines():  # one or more problems
            print(f'bootstrap-tools: error: {line}', file=sys.stderr)
        raise SystemExit(e.exit_code) from None
    except KeyboardInterrupt:
        print(
            'bootstrap-tools: interrupted (^C); finished tools kept, '
            'running ones rolled back',
            file=sys.stderr,
        )
        raise SystemExit(C.EXIT_INTERRUPTED) from None
    except Exception:
        import traceback  # only here: its import costs every run

        traceback.print_exc()
        print(
            'bootstrap-tools: an unexpected error occurred -- please '
            'report this with the traceback above',
            file=sys.stderr,
        )
        raise SystemExit(3) from None
