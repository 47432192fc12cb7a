"""The live per-tool status lines on a terminal (rich).

Driven from the main thread only: `tick` while workers run, `done` as
each report arrives. rich is imported when the display first appears,
which is only when a run lasts longer than DELAY: a run with nothing to
do ends before that and never imports it.
"""

from __future__ import annotations

import time
from typing import Any

from bootstrap import output
from bootstrap import report as R

DELAY = 0.15  # seconds before the display appears
MARKS = {
    R.OK: '✓',
    R.UNCHANGED: '✓',
    R.WOULD: '•',
    R.SKIPPED: '-',
    R.FAILED: '✗',
    R.CANCELLED: '!',
}


class Display:
    def __init__(self, rows: list[tuple[str, str, str]], color: bool):
        """`rows`: (tool, display name, scope) in the order to show."""
        self.rows = rows
        self.color = color
        self.reports: dict[str, R.Report] = {}
        self.started = time.monotonic()
        self.live: Any = None

    def _render(self) -> Any:
        from rich.spinner import Spinner
        from rich.table import Table
        from rich.text import Text

        grid = Table.grid(padding=(0, 1))
        for tool, display, scope in self.rows:
            rep = self.reports.get(tool)
            if rep is None:
                mark: Any = Spinner('dots', style='cyan')
                state = Text('running', style='cyan')
            else:
                style = output.STATUS_STYLE.get(rep.status, '')
                mark = Text(MARKS.get(rep.status, ' '), style=style)
                state = Text(rep.status, style=style)
            grid.add_row(mark, Text(display, style='bold'), scope, state)
        return grid

    def _start(self) -> None:
        from rich.console import Console
        from rich.live import Live

        kwargs: dict[str, Any] = {'highlight': False}
        if not self.color:
            kwargs['color_system'] = None
        self.live = Live(
            self._render(),
            console=Console(**kwargs),
            auto_refresh=False,
            transient=True,
            redirect_stdout=True,
            redirect_stderr=False,
        )
        self.live.start(refresh=True)

    def _due(self) -> bool:
        return (
            len(self.reports) < len(self.rows)
            and time.monotonic() - self.started >= DELAY
        )

    def tick(self) -> None:
        if self.live is None and self._due():
            self._start()
        elif self.live is not None:
            self.live.update(self._render(), refresh=True)

    def done(self, report: R.Report) -> None:
        self.reports[report.tool] = report
        self.tick()

    def close(self) -> None:
        if self.live is not None:
            self.live.stop()
            self.live = None
