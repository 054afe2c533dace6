"""Progress as plain lines, for a long command whose stderr is not a terminal (a
scheduled run's log): every few units, how many are done of how many, and the time left
as the rate so far predicts it, in both languages. A terminal gets rich's bar instead.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from cchc import messages


def every_for(total: int) -> int:
    """How many units between two lines: about twenty lines for the whole run, at least
    one unit, at most 25.

    >>> every_for(3), every_for(100), every_for(5000)
    (1, 5, 25)
    """
    return max(1, min(25, round(total / 20)))


def clock_text(seconds: float) -> str:
    """``h:mm:ss`` or ``m:ss``, as a log reads a duration.

    >>> clock_text(75), clock_text(3725.4), clock_text(0)
    ('1:15', '1:02:05', '0:00')
    """
    whole = round(max(seconds, 0.0))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class ProgressLines:
    """Count finished units and print a line every :func:`every_for` of them (and the
    last): ``progress: 10/40 workbooks done, about 3:00 left | …``.

    >>> import io
    >>> ticks = iter([0.0, 60.0, 120.0])
    >>> out = io.StringIO()
    >>> lines = ProgressLines(4, every=2, stream=out, clock=lambda: next(ticks))
    >>> lines.advance(); lines.advance(); lines.advance(); lines.advance()
    >>> print(out.getvalue().strip())
    progress: 2/4 workbooks done, about 1:00 left | tiến độ: 2/4 sổ theo dõi xong, còn khoảng 1:00
    progress: 4/4 workbooks done, about 0:00 left | tiến độ: 4/4 sổ theo dõi xong, còn khoảng 0:00
    """

    def __init__(self, total: int, every: int | None = None, stream: TextIO | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.total = total
        self.every = every or every_for(total)
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock
        self.started = clock()
        self.done = 0

    def advance(self) -> None:
        self.done += 1
        if self.done % self.every and self.done != self.total:
            return
        elapsed = self.clock() - self.started
        left = elapsed / self.done * (self.total - self.done)
        line = " | ".join(
            f"{messages.text('cli.progress', lang)}: "
            + messages.text("cli.progress.line", lang, done=self.done, total=self.total,
                            left=clock_text(left))
            for lang in ("en", "vi"))
        self.stream.write(line + "\n")
        self.stream.flush()
