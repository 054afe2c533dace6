"""The structure of a page: links between the pages of a run, the table of contents.

A run writes ``outputs/<period>/overview.html`` and ``outputs/<period>/<unit_id>/workbook.html``;
every link between them is relative, so the folder can be copied, zipped or opened from a
file share. A link names its target unit (``data-unit``): the batch turns the links to
units it did not write (``cchc run --units``) into plain names (:func:`unlink_absent`),
so that no page of a run links to a page that is not there.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from urllib.parse import quote

import pandas as pd

from cchc import messages

#: The ``data-unit`` of a link to the overview.
OVERVIEW = "overview"

_LINK = re.compile(r'<a class="cchc-link" data-unit="([^"]*)" href="[^"]*">(.*?)</a>', re.S)
_URL = re.compile(r"(?<![\"'=])\b(https?://[^\s<>\"']+[^\s<>\"'.,;:)])")


def unit_href(unit_id: str, from_overview: bool) -> str:
    """The relative address of a unit's workbook from the overview or from a workbook.

    >>> unit_href("bat-xat", True), unit_href("bat-xat", False)
    ('bat-xat/workbook.html', '../bat-xat/workbook.html')
    """
    path = f"{quote(unit_id, safe='')}/workbook.html"
    return path if from_overview else f"../{path}"


def overview_href(from_overview: bool) -> str:
    """The relative address of the overview.

    >>> overview_href(False)
    '../overview.html'
    """
    return "overview.html" if from_overview else "../overview.html"


def link(unit_id: str, text: str, from_overview: bool) -> str:
    """A link to a unit's workbook (or, for :data:`OVERVIEW`, to the overview).

    >>> link("bat-xat", "Huyện Bát Xát", True)
    '<a class="cchc-link" data-unit="bat-xat" href="bat-xat/workbook.html">Huyện Bát Xát</a>'
    """
    href = overview_href(from_overview) if unit_id == OVERVIEW else unit_href(unit_id,
                                                                              from_overview)
    return (f'<a class="cchc-link" data-unit="{html.escape(unit_id, quote=True)}" '
            f'href="{html.escape(href, quote=True)}">{html.escape(text)}</a>')


def unlink_absent(page: str, written: Iterable[str]) -> str:
    """The page with its links to units not in ``written`` turned into plain names (the
    overview is always written).

    >>> page = link("a", "A", True) + link("b", "B", True)
    >>> unlink_absent(page, {"a"}).endswith('<span class="cchc-nolink">B</span>')
    True
    """
    keep = {*written, OVERVIEW}

    def replace(match: re.Match) -> str:
        if html.unescape(match.group(1)) in keep:
            return match.group(0)
        return f'<span class="cchc-nolink">{match.group(2)}</span>'

    return _LINK.sub(replace, page)


def linkify(escaped: str) -> str:
    """Web addresses in already escaped HTML text made clickable (sources of figures).

    >>> linkify("Nguồn: https://example.org/a?x=1&amp;y=2.")
    'Nguồn: <a class="cchc-source" href="https://example.org/a?x=1&amp;y=2">https://example.org/a?x=1&amp;y=2</a>.'
    """
    return _URL.sub(r'<a class="cchc-source" href="\1">\1</a>', escaped)


def heading(level: int, anchor: str, text: str) -> str:
    """A section heading the table of contents can point at.

    >>> heading(2, "group-I", "I. Cải cách")
    '<h2 id="group-I">I. Cải cách</h2>'
    """
    return f'<h{level} id="{html.escape(anchor, quote=True)}">{html.escape(text)}</h{level}>'


def contents(entries: Sequence[tuple[str, str]], lang: str) -> str:
    """The table of contents: one entry (anchor, text) per section of the page.

    >>> contents([("headline", "Tóm tắt")], "vi")[:60]
    '<nav class="cchc-toc" aria-label="Mục lục"><strong>Mục lục</'
    """
    title = html.escape(messages.text("page.contents", lang))
    items = "".join(f'<li><a href="#{html.escape(a, quote=True)}">{html.escape(t)}</a></li>'
                    for a, t in entries)
    return (f'<nav class="cchc-toc" aria-label="{title}"><strong>{title}</strong>'
            f"<ol>{items}</ol></nav>")


def navigation(parts: Sequence[tuple[str, str]], lang: str) -> str:
    """The links up, down and to the overview: (label, links as HTML) per line; an empty
    label shows the links alone, no line without links.

    >>> navigation([("Tổng quan", link("overview", "Tỉnh", False))], "vi")[:40]
    '<nav class="cchc-links" aria-label="Liên'
    """
    title = html.escape(messages.text("page.nav", lang), quote=True)
    lines = "".join(f"<li><span class='cchc-nav-label'>{html.escape(label)}:</span> {links}</li>"
                    if label else f"<li>{links}</li>" for label, links in parts if links)
    return f'<nav class="cchc-links" aria-label="{title}"><ul>{lines}</ul></nav>'


# --------------------------------------------------------------------------- headline cards

#: The statuses Open SDG calls "on track".
ON_TRACK = ("target_achieved", "substantial_progress")
#: Statuses that carry a trend (the others: too few years, no data, not applicable).
ASSESSED = ("target_achieved", "substantial_progress", "moderate_progress",
            "limited_progress", "deterioration")


def met_flags(results: pd.DataFrame) -> pd.Series:
    """Whether each row meets its target this period, on the value shown: the results'
    ``met`` column (True, False or missing for a row without a value).

    >>> met_flags(pd.DataFrame({"met": [True, False, None]})).tolist()
    [True, False, <NA>]
    """
    return results["met"].astype("boolean")


def headline_counts(now: pd.DataFrame, before: pd.DataFrame | None = None) -> dict[str, int]:
    """The figures of the headline cards for one unit: measures met this period of those
    with a value; on track for 2025 of those with a trend; and, against the previous
    period's rows (``before``; None: no comparison), measures newly met and no longer
    met, and values better and worse in the measure's direction.

    >>> now = pd.DataFrame({"measure_id": ["a", "b", "c"], "value": [90.0, 40.0, None],
    ...     "met": [True, False, None], "direction": ["up", "down", "up"],
    ...     "status": ["target_achieved", "limited_progress", "no_data"]})
    >>> before = now.assign(value=[70.0, 30.0, 5.0], met=[False, False, False])
    >>> headline_counts(now, before)  # doctest: +NORMALIZE_WHITESPACE
    {'met': 1, 'with_value': 2, 'on_track': 1, 'assessed': 2,
     'gained': 1, 'lost': 0, 'better': 1, 'worse': 1}
    """
    from cchc.engine.progress import direction_sign

    rows = now[now["status"].fillna("no_data") != "not_applicable"]
    met = met_flags(rows)
    status = rows["status"].fillna("no_data")
    counts = {"met": int(met.fillna(False).sum()), "with_value": int(rows["value"].notna().sum()),
              "on_track": int(status.isin(ON_TRACK).sum()),
              "assessed": int(status.isin(ASSESSED).sum())}
    if before is None:
        return counts
    pair = rows.assign(_met=met).merge(
        before.assign(_met=met_flags(before))[["measure_id", "value", "_met"]],
        on="measure_id", how="inner", suffixes=("", "_before"))
    was, now_met = pair["_met_before"].fillna(False), pair["_met"].fillna(False)
    sign = pair["direction"].map(direction_sign)
    change = (pair["value"] - pair["value_before"]) * sign
    counts.update(gained=int((now_met & ~was).sum()), lost=int((was & ~now_met).sum()),
                  better=int((change > 0).sum()), worse=int((change < 0).sum()))
    return counts


def cards(items: Sequence[tuple[str, str, str, str]], lang: str) -> str:
    """The headline cards: (kind, figure, label, note) each, styled inline so that they
    look the same in an exported page, a notebook and the dashboard.

    >>> cards([("met", "12 / 20", "đạt", "")], "vi")[:39]
    '<section class="cchc-cards" aria-label='
    """
    title = html.escape(messages.text("card.title", lang), quote=True)
    box = ("display:inline-block;vertical-align:top;min-width:12rem;max-width:16rem;"
           "margin:0 .6rem .6rem 0;padding:.6rem .8rem;border:1px solid #ddd;"
           "border-left:6px solid {colour};border-radius:4px;background:#fff")
    colours = {"met": "#0072B2", "on_track": "#009E73", "changed": "#E69F00",
               "overdue": "#D55E00"}
    parts = []
    for kind, figure, label, note in items:
        parts.append(
            f'<div class="cchc-card cchc-card-{kind}" style="{box.format(colour=colours[kind])}">'
            f'<div class="cchc-card-figure" style="font-size:1.6rem;font-weight:bold">'
            f"{html.escape(figure)}</div>"
            f'<div class="cchc-card-label">{html.escape(label)}</div>'
            + (f'<div class="cchc-card-note" style="color:#555;font-size:.85rem">'
               f"{html.escape(note)}</div>" if note else "")
            + "</div>")
    return f'<section class="cchc-cards" aria-label="{title}">{"".join(parts)}</section>'


def marked_table(frame: pd.DataFrame, marks: dict[str, list[tuple[str, str] | None]]) -> str:
    """A table like :func:`cchc.present.tables.to_html` whose cells in the columns of
    ``marks`` carry their colours (background, text), one per row: a mark coloured by
    what it says.

    >>> frame = pd.DataFrame({"Kỳ này": ["Đạt", "—"]})
    >>> marked_table(frame, {"Kỳ này": [("#0072B2", "#FFFFFF"), None]}).count("background")
    1
    """
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = []
    for i, row in enumerate(frame.itertuples(index=False, name=None)):
        cells = []
        for column, value in zip(frame.columns, row, strict=True):
            mark = marks.get(column, [None] * len(frame))[i]
            style = (f' class="cchc-mark" style="background:{mark[0]};color:{mark[1]}"'
                     if mark else "")
            cells.append(f"<td{style}>{html.escape(str(value))}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (f'<table class="dataframe cchc-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")
