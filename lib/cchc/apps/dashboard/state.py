"""What the dashboard shows, as values: the view, the URL that opens it, the unit picker.

No widgets here: the state is checked and derived from plain values, so that every rule
(a bad URL value replaced by its default and named in a message, a unit that ended
handing over to its successor, the search that ignores diacritics) is tested without a
browser.

>>> parse_query("unit_id=bat-xat&period=2024Q3&lang=en&x=1")
{'unit_id': 'bat-xat', 'period': '2024Q3', 'lang': 'en'}
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, urlencode

from cchc import messages
from cchc.errors import CchcError, ParameterError, Problem
from cchc.present import labels
from cchc.spec.periods import Period
from cchc.spec.units import Units

#: The URL parameters the dashboard reads, in the order it checks them.
PARAMETERS: tuple[str, ...] = ("lang", "unit_id", "period", "group", "measure")
#: How the unit picker shows a unit's depth in the tree: plain characters (a list box
#: drops leading spaces; no-break spaces would be copied with the name).
INDENT = "› "
#: The group selector's value for "every group".
ALL_GROUPS = "all"
def text(key: str, lang: str = "vi", **values: object) -> str:
    """A dashboard word in ``lang``, with ``{names}`` filled in.

    >>> text("pick", "en", n=3)
    '— 3 matching units: pick one —'
    """
    return messages.text(f"dash.{key}", lang, **values)


@dataclass(frozen=True)
class View:
    """What the dashboard shows: a unit, a period, a group (or ``"all"``), a language, and
    the measure a drill from the heatmap came from (``""``: none), marked on the page."""

    unit_id: str
    period: str
    group: str = ALL_GROUPS
    lang: str = "vi"
    measure: str = ""

    @property
    def group_id(self) -> str | None:
        return None if self.group == ALL_GROUPS else self.group

    def query_string(self) -> str:
        """The URL query that opens this view (what a shared link carries).

        >>> View("bat-xat", "2024Q3").query_string()
        'unit_id=bat-xat&period=2024Q3&group=all&lang=vi'
        >>> View("bat-xat", "2024Q3", "I", measure="I.2.b").query_string()
        'unit_id=bat-xat&period=2024Q3&group=I&lang=vi&measure=I.2.b'
        """
        query = {"unit_id": self.unit_id, "period": self.period, "group": self.group,
                 "lang": self.lang}
        if self.measure:
            query["measure"] = self.measure
        return urlencode(query)


def parse_query(query: str | None) -> dict[str, str]:
    """The dashboard's parameters in a URL query string; other keys are ignored.

    A repeated key keeps its last value; values are stripped of surrounding blanks.

    >>> parse_query("?lang=en&lang=vi&unit_id=+bat-xat+")
    {'lang': 'vi', 'unit_id': 'bat-xat'}
    """
    pairs = parse_qsl((query or "").lstrip("?"), keep_blank_values=True)
    return {key: value.strip() for key, value in pairs if key in PARAMETERS}

def period_label(period: str, lang: str = "vi") -> str:
    """``"Quý 3/2024"`` / ``"2024 Q3"``, ``"Năm 2024"`` / ``"Year 2024"``.

    >>> period_label("2024Q3", "en"), period_label("2024", "vi")
    ('2024 Q3', 'Năm 2024')
    """
    return labels.period_label(period, lang)


def resolve_view(
    requested: Mapping[str, str],
    units: Units,
    periods: Sequence[str],
    groups: Sequence[str],
    default: View,
    measures: Sequence[str] = (),
) -> tuple[View, list[Problem]]:
    """The view to open: each requested value checked, a bad one replaced by its default.

    Returns the view and one :class:`~cchc.errors.Problem` per bad value, each naming
    its parameter; an empty value means "the default" and is not a problem.
    """
    problems: list[Problem] = []
    view = default

    def bad(exc: CchcError) -> None:
        problems.extend(exc.problems)

    if lang := requested.get("lang"):
        try:
            labels.check_lang(lang)
            view = replace(view, lang=lang)
        except CchcError as exc:
            bad(exc)
    if unit_id := requested.get("unit_id"):
        try:
            view = replace(view, unit_id=units.check(unit_id))
        except CchcError as exc:
            bad(exc)
    if period := requested.get("period"):
        try:
            parsed = str(Period.parse(period))
            if parsed not in periods:
                raise ParameterError.one("period", "period_not_covered", period,
                                         first=periods[-1], last=periods[0])
            view = replace(view, period=parsed)
        except CchcError as exc:
            bad(exc)
    if group := requested.get("group"):
        wanted = group.upper() if group.lower() != ALL_GROUPS else ALL_GROUPS
        if wanted in (ALL_GROUPS, *groups):
            view = replace(view, group=wanted)
        else:
            bad(
                ParameterError.one("group", "group_choice", group, all=ALL_GROUPS,
                                   groups=", ".join(groups))
            )
    if measure := requested.get("measure"):
        if measure in measures:
            view = replace(view, measure=measure)
        else:
            bad(ParameterError.one("measure", "unknown_measure", measure))
    return view, problems


def fold(words: str) -> str:
    """Lower case without diacritics, so that "bat xat" finds "Bát Xát".

    >>> fold("Đồng Tuyển, Bát Xát")
    'dong tuyen, bat xat'
    """
    decomposed = unicodedata.normalize("NFD", words.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def unit_matches(units: Units, present: Sequence[str], search: str) -> list[str]:
    """The units of the period whose name or id holds every word of ``search``
    (diacritics ignored), in tree order; their parents are not matches.

    >>> unit_matches(units, units.ordered(at="2024-12-31"), "a mu sung")
    ['xa-a-mu-sung']
    """
    present_set = set(present)
    words = fold(search).split()
    return [u for u in units.ordered() if u in present_set
            and all(w in fold(f"{units.name(u)} {u}") for w in words)]


def unit_options(units: Units, present: Sequence[str], search: str = "") -> list[tuple[str, str]]:
    """(label, unit id) for the unit selector: tree order, a unit's depth shown by
    :data:`INDENT` marks (plain characters and spaces).

    With ``search``, only the matches (:func:`unit_matches`) with their ancestors, so that
    a match is still seen in its place.
    """
    present_set = set(present)
    order = [u for u in units.ordered() if u in present_set]
    if fold(search).split():
        keep = {a for u in unit_matches(units, present, search) for a in units.path(u)}
        order = [u for u in order if u in keep]
    return [(INDENT * (len(units.path(u)) - 1) + units.name(u), u) for u in order]


def nearest_present(units: Units, unit_id: str, present: Sequence[str]) -> str:
    """The unit itself if present in the period; else the unit that stands for it then:
    its successor (a unit that ended), or its first predecessor present (a unit that did
    not exist yet), searched outwards through successions before parents; else the first
    unit of the period's tree.

    >>> nearest_present(units, "xa-nam-chac", ["lao-cai-2025", "xa-a-mu-sung-2025"])
    'xa-a-mu-sung-2025'
    >>> nearest_present(units, "xa-a-mu-sung-2025", ["lao-cai", "xa-a-mu-sung", "xa-nam-chac"])
    'xa-a-mu-sung'
    """
    present_set = set(present)
    seen: set[str] = set()
    queue = [unit_id]
    while queue:
        current = queue.pop(0)
        if current in seen or current not in units:
            continue
        if current in present_set:
            return current
        seen.add(current)
        successor = units.successor(current)
        queue += ([successor] if successor else []) + units.predecessors(current)
        parent = units.parent(current)
        if parent is not None:
            queue.append(parent)
    return next((u for u in units.ordered() if u in present_set), units.root)
