"""Words for what the catalogue and the results name: statuses, levels, measures,
periods, numbers, in Vietnamese or English.

Every text comes from the one keyed table of :mod:`cchc.messages`; measure, indicator
and group names come from the catalogue; the short measure names used on chart axes are
``short.<measure id>`` keys of the table (presentation, not definition).

>>> label("status.target_achieved")
'Đã đạt mục tiêu'
>>> label("status.target_achieved", "en")
'Target achieved'
"""

from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd

from cchc import messages
from cchc.errors import ParameterError
from cchc.messages import LANGS, MISSING
from cchc.spec.catalogue import Catalogue, load_catalogue
from cchc.spec.languages import check_lang

__all__ = ["LANGS", "MISSING", "check_lang"]

#: Longest fallback short name (a measure added to the catalogue without a short name).
_SHORT_WIDTH = 36


def label_keys() -> tuple[str, ...]:
    """Every key :func:`label` knows, sorted."""
    return messages.keys()


def label(key: str, lang: str = "vi") -> str:
    """The text for ``key`` in ``lang`` (``"vi"`` or ``"en"``).

    Raises a ParameterError naming ``lang`` for an unknown language and naming ``key``
    for an unknown key (never a bare KeyError).

    >>> label("col.gap", "en")
    'Gap (points)'
    """
    check_lang(lang)
    if not messages.has(key):
        raise ParameterError.one("key", "unknown_label_key", key)
    return messages.text(key, lang)


def status_label(status: str, lang: str = "vi") -> str:
    """The words for a progress status (see ``cchc.spec.statuses.STATUS_ORDER``).

    >>> status_label("deterioration")
    'Đi xuống'
    """
    check_lang(lang)
    if not messages.has(f"status.{status}"):
        raise ParameterError.one("status", "unknown_status", status)
    return label(f"status.{status}", lang)


def basis_label(basis: str, lang: str = "vi") -> str:
    """The words for a ``status_basis`` (see ``cchc.spec.statuses.STATUS_BASES``).

    >>> basis_label("trend_no_period_value", "en")
    'Trend of earlier values; no value for this period'
    """
    check_lang(lang)
    if not messages.has(f"basis.{basis}"):
        raise ParameterError.one("status_basis", "unknown_status", basis)
    return label(f"basis.{basis}", lang)


def met_label(met: object, lang: str = "vi") -> str:
    """The words for a ``met`` flag: true, false, or empty (missing).

    >>> met_label(True), met_label(False, "en"), met_label(None, "en")
    ('Đạt', 'Not met', 'Not known')
    """
    check_lang(lang)
    if met is None or met is pd.NA or (isinstance(met, float) and math.isnan(met)):
        return label("met.none", lang)
    return label("met.true" if bool(met) else "met.false", lang)


def level_label(level: str, lang: str = "vi") -> str:
    """The words for a unit level (province, department, district, commune)."""
    check_lang(lang)
    if not messages.has(f"level.{level}"):
        raise ParameterError.one("level", "unknown_level", level)
    return label(f"level.{level}", lang)


def contacts_label(contacts: str, lang: str = "vi") -> str:
    """The words for a number-of-contacts class (``"0"``, ``"1"``, ``"2"``, ``"3+"``)."""
    check_lang(lang)
    if not messages.has(f"contacts.{contacts}"):
        raise ParameterError.one("contacts", "unknown_contacts", contacts)
    return label(f"contacts.{contacts}", lang)


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """The project's catalogue, read once per process (for names only)."""
    return load_catalogue()


def _name(record, lang: str) -> str:
    return record.name_vi if lang == "vi" else record.name_en


def measure_name(catalogue: Catalogue | None, measure_id: str, lang: str = "vi") -> str:
    """The catalogue's full name of a measure (``catalogue=None``: the project's).

    >>> measure_name(None, "I.4.c", "en")
    'Dossiers submitted and processed online'
    """
    check_lang(lang)
    catalogue = catalogue or default_catalogue()
    return _name(catalogue.measure(measure_id), lang)


def indicator_name(catalogue: Catalogue | None, indicator_id: str, lang: str = "vi") -> str:
    """The catalogue's name of an indicator (``I.1`` … ``IV.8``)."""
    check_lang(lang)
    catalogue = catalogue or default_catalogue()
    for indicator in catalogue.indicators:
        if indicator.id == indicator_id:
            return _name(indicator, lang)
    raise ParameterError.one("indicator", "unknown_indicator", indicator_id)


def group_name(catalogue: Catalogue | None, group_id: str, lang: str = "vi") -> str:
    """The catalogue's name of a group (``I`` … ``IV``).

    >>> group_name(None, "III")
    'Cải cách tài chính công'
    """
    check_lang(lang)
    catalogue = catalogue or default_catalogue()
    for group in catalogue.groups:
        if group.id == group_id:
            return _name(group, lang)
    raise ParameterError.one("group", "unknown_group", group_id)


def short_measure_name(
    measure_id: str, lang: str = "vi", catalogue: Catalogue | None = None
) -> str:
    """A name short enough for a chart axis.

    A measure without a curated short name gets the catalogue's name, cut at a word
    boundary.

    >>> short_measure_name("I.4.c")
    'Hồ sơ trực tuyến'
    """
    check_lang(lang)
    if messages.has(f"short.{measure_id}"):
        return messages.text(f"short.{measure_id}", lang)
    full = measure_name(catalogue, measure_id, lang)
    if len(full) <= _SHORT_WIDTH:
        return full
    return full[:_SHORT_WIDTH].rsplit(" ", 1)[0] + "…"


def measure_label(measure_id: str, lang: str = "vi", catalogue: Catalogue | None = None) -> str:
    """``"I.4.c — Hồ sơ trực tuyến"``: the id and the short name, as chart axes show them.

    >>> measure_label("I.4.c", "en")
    'I.4.c — Dossiers processed online'
    """
    return f"{measure_id} — {short_measure_name(measure_id, lang, catalogue)}"


def measure_sort_key(measure_id: str) -> tuple:
    """Catalogue order for ids like ``IV.8.a`` (Roman group, indicator number, letter).

    >>> sorted(["IV.1.a", "I.10.a", "II.1.a", "I.2.a"], key=measure_sort_key)
    ['I.2.a', 'I.10.a', 'II.1.a', 'IV.1.a']
    """
    roman = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8}
    parts = str(measure_id).split(".")
    key: list[tuple[int, int | str]] = []
    for i, part in enumerate(parts):
        if i == 0 and part in roman:
            key.append((0, roman[part]))
        elif part.isdigit():
            key.append((0, int(part)))
        else:
            key.append((1, part))
    return tuple(key)


def number_or_none(value: object) -> float | None:
    """A finite float, or None for None, NaN, ``pd.NA``, infinity or a non-number.

    >>> number_or_none("82.5"), number_or_none(float("nan")), number_or_none(None)
    (82.5, None, None)
    """
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def format_number(value: object, lang: str = "vi", decimals: int = 1) -> str:
    """A number as the language writes it (vi: ``1.234,5``; en: ``1,234.5``), rounded half
    up to ``decimals``; NaN → "—" (:func:`cchc.messages.format_number`).

    >>> format_number(1234.56, "vi"), format_number(1234.56, "en"), format_number(None)
    ('1.234,6', '1,234.6', '—')
    """
    check_lang(lang)
    return messages.format_number(number_or_none(value), lang, decimals)


def period_label(period: str, lang: str = "vi") -> str:
    """A period as people write it: ``"Quý 3/2024"`` / ``"2024 Q3"``, ``"Năm 2024"``,
    ``"Tháng 10/2025"`` / ``"2025-10"``.

    >>> period_label("2024Q3", "en"), period_label("2024", "vi"), period_label("2025-10", "vi")
    ('2024 Q3', 'Năm 2024', 'Tháng 10/2025')
    """
    from cchc.spec.periods import Period

    p = Period.parse(period, months=True)
    if p.month:
        return label("ui.period_month", lang).format(m=p.month, y=p.year)
    if p.quarter:
        return label("ui.period_quarter", lang).format(q=p.quarter, y=p.year)
    return label("ui.period_year", lang).format(y=p.year)


def task_state_label(state: str, lang: str = "vi") -> str:
    """The words for a task state (see ``cchc.spec.tasks.TASK_STATES``).

    >>> task_state_label("overdue"), task_state_label("done_on_time", "en")
    ('Quá hạn', 'Done on time')
    """
    check_lang(lang)
    if not messages.has(f"task.{state}"):
        raise ParameterError.one("state", "one_of", state,
                                 allowed="overdue, due_soon, pending, done_late, done_on_time")
    return label(f"task.{state}", lang)


def date_label(value: object, lang: str = "vi") -> str:
    """A day as people write it: ``"05/09/2021"`` in Vietnamese, ``"2021-09-05"`` in
    English; "—" for no date.

    >>> date_label("2021-09-05"), date_label("2021-09-05", "en"), date_label(None)
    ('05/09/2021', '2021-09-05', '—')
    """
    check_lang(lang)
    if value is None or value is pd.NA or value is pd.NaT:
        return MISSING
    try:
        day = pd.Timestamp(value)
    except (TypeError, ValueError):
        return MISSING
    if pd.isna(day):
        return MISSING
    return messages.text("ui.date", lang, d=day.day, m=day.month, y=day.year)
