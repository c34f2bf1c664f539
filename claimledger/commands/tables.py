"""Tables that stay readable in a narrow terminal or a pipe: one line a row below :data:`COMPACT_BELOW` columns.

A wide table folds long cells over several lines, which at 80 columns (the width of a pipe) breaks words and
numbers ("categor/y", "824..82/4") and spreads a 4-claim article over 70 lines. The compact layout gives every
row one line: each cell shows its first line (details such as the quoted count or the cues go on later lines),
short columns keep their width up to :data:`CAP`, the least needed columns are left out when the rest would not
fit, and one wide column (the evidence) takes what is left, ending in an ellipsis.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

#: Narrower consoles than this get the compact layout.
COMPACT_BELOW = 140
#: Widest a column other than the wide one may be in the compact layout.
CAP = 18
#: Narrowest the wide column may get before another column is left out.
WIDE_MIN = 24
_GAP = 3  # a column boundary: one space of padding on each side and the box's blank rule


def fit(
    table: Table, console: Console, *, wide: str | None = None, drop: Sequence[str] = (), whole: Sequence[str] = ()
) -> Table:
    """``table`` as it is on a wide console; on a narrow one, one line a row. ``wide`` names the column that
    takes the remaining width, ``drop`` the columns to leave out, first first, while the others do not fit;
    ``whole`` columns are never cut (ids a user copies into another command)."""
    if console.width >= COMPACT_BELOW or not table.columns:
        return table
    headers = [Text.from_markup(str(column.header)).plain for column in table.columns]
    cells = {
        header: [_first_line(cell) for cell in column.cells]
        for header, column in zip(headers, table.columns, strict=True)
    }
    justify = {header: column.justify for header, column in zip(headers, table.columns, strict=True)}
    natural = {header: max([len(header), *(len(cell) for cell in cells[header])]) for header in headers}
    cap = {header: natural[header] if header in whole else CAP for header in headers}
    shown = list(headers)
    for name in [*drop, None]:
        narrow = [h for h in shown if h != wide]
        needed = sum(min(natural[h], cap[h]) for h in narrow) + _GAP * (len(shown) - 1)
        if needed + (min(natural[wide], WIDE_MIN) if wide in shown else 0) <= console.width or name is None:
            break
        shown.remove(name)
    fixed = {h: natural[h] for h in shown if h in whole}
    rest = [h for h in shown if h not in whole]
    available = console.width - _GAP * (len(shown) - 1) - sum(fixed.values())
    widths = {h: min(natural[h], cap[h]) for h in rest if h != wide}
    if wide in rest:
        widths[wide] = max(3, min(natural[wide], available - sum(widths.values())))
    if sum(widths.values()) > available or wide not in rest:  # the whole columns keep their width: the rest share
        widths = dict(zip(rest, share([natural[h] if h == wide else widths[h] for h in rest], available), strict=True))
    widths.update(fixed)
    compact = Table(
        title=table.title, caption=table.caption, box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 1)
    )
    for header in shown:
        compact.add_column(header, width=widths[header], no_wrap=True, overflow="ellipsis", justify=justify[header])
    for row in zip(*(cells[header] for header in shown), strict=True):
        compact.add_row(*row)
    return compact


def share(natural: list[int], available: int) -> list[int]:
    """Column widths within ``available``: max-min fair, so a column narrower than its share keeps its width
    and the wide ones split what is left equally (at least 3 characters each: one letter and an ellipsis)."""
    widths = list(natural)
    open_columns = set(range(len(natural)))
    remaining = available
    while open_columns:
        fair = remaining // len(open_columns)
        fitting = {i for i in open_columns if natural[i] <= fair}
        if not fitting:
            for i in open_columns:
                widths[i] = max(3, fair)
            break
        for i in fitting:
            remaining -= natural[i]
        open_columns -= fitting
    return widths


def _first_line(cell: object) -> Text:
    text = cell.copy() if isinstance(cell, Text) else Text.from_markup(str(cell))
    first = text.plain.strip().split("\n", 1)[0]
    return Text(" ".join(first.split()))
