"""Every text a user reads, in Vietnamese and English, from one keyed table.

A text has a key (``"status.target_achieved"``, ``"problem.date_in_future"``) and, in each
language, a template with ``{named}`` placeholders; :func:`text` fills it in. Problems
carry a code and parameters (:class:`cchc.errors.Problem`) and are rendered from the
same table, so a message is never translated by matching its English wording.

The table is assembled from the modules of this package, one per kind of text:
:mod:`.labels` (statuses, levels, headings, chart titles, interface), :mod:`.problems`
(what can be wrong with an input), :mod:`.dashboard`, :mod:`.templates` (the Excel guide),
:mod:`.cli` (help texts) and :mod:`.pages` (titles, links, cards, the pack). A key
appears once in all of them (a test checks it), and both languages have the same
placeholders.

Vietnamese is written in Unicode NFC (precomposed letters), the form Vietnamese
keyboards and fonts expect; a test keeps it so.

>>> text("status.target_achieved")
'Đã đạt mục tiêu'
>>> text("problem.expected_whole_number", "en")
'expected a whole number'
>>> format_number(1234.56, "vi"), format_number(1234.56, "en")
('1.234,6', '1,234.6')
"""

from __future__ import annotations

import functools
import math
import string
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

from cchc.messages import cli, dashboard, labels, pages, problems, templates

#: The languages of the interface, the default first.
LANGS: tuple[str, ...] = ("vi", "en")
#: Shown for a number that does not exist (no data, not applicable, not computable).
MISSING = "—"


def _assemble() -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for module in (labels, problems, dashboard, templates, cli, pages):
        for key, pair in module.TEXTS.items():
            if key in table:
                raise ValueError(f"message key {key!r} is defined twice")
            table[key] = pair
    return table


TEXTS: dict[str, tuple[str, str]] = _assemble()


def keys() -> tuple[str, ...]:
    """Every key :func:`text` knows, sorted."""
    return tuple(sorted(TEXTS))


def has(key: str) -> bool:
    return key in TEXTS


def placeholders(key: str) -> dict[str, set[str]]:
    """The ``{names}`` each language's template of ``key`` uses.

    >>> placeholders("problem.at_least")
    {'vi': {'minimum'}, 'en': {'minimum'}}
    """
    return {
        lang: {name for _, name, _, _ in string.Formatter().parse(template) if name}
        for lang, template in zip(LANGS, TEXTS[key], strict=True)
    }


def text(key: str, lang: str = "vi", /, **params: object) -> str:
    """The text of ``key`` in ``lang``, with ``params`` filled into its placeholders.

    Raises ``KeyError`` for an unknown key and ``ValueError`` for an unknown language:
    both are mistakes in the code, not in what a user gave (user-given languages are
    checked by :func:`cchc.spec.languages.check_lang`).

    >>> text("problem.unknown_column", "en", hint="", expected="a, b")
    'unknown column (expected: a, b)'
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    template = TEXTS[key][LANGS.index(lang)]
    if not params:
        return template
    return template.format_map(_Params(params, lang))


def both(key: str, separator: str = " | ", /, **params: object) -> str:
    """English and Vietnamese side by side (command-line help and messages).

    >>> both("problem.expected_whole_number")
    'expected a whole number | cần một số nguyên'
    """
    return f"{text(key, 'en', **params)}{separator}{text(key, 'vi', **params)}"


class _Params(dict):
    """Parameters as a template sees them: a parameter may itself be a key to translate
    (``Key("level.district")``) or a number, written as the language writes it."""

    def __init__(self, params: Mapping[str, object], lang: str) -> None:
        super().__init__(params)
        self.lang = lang

    def __getitem__(self, name: str) -> object:
        value = super().__getitem__(name)
        if isinstance(value, Key):
            return value.render(self.lang)
        if isinstance(value, float) and not isinstance(value, bool):
            return format_number(value, self.lang, decimals=None)
        return value


class Key(str):
    """A parameter that is itself a text key, rendered in the message's language.

    ``Key("level.district", "level.commune")`` renders as "district or commune" /
    "huyện hoặc xã".
    """

    def __new__(cls, *keys: str) -> Key:
        obj = super().__new__(cls, "|".join(keys))
        obj.keys = keys
        return obj

    def render(self, lang: str) -> str:
        parts = [text(k, lang) for k in self.keys]
        if len(parts) <= 1:
            return "".join(parts)
        return f" {text('word.or', lang)} ".join(parts)


def format_number(value: object, lang: str = "vi", decimals: int | None = 1) -> str:
    """A number as the language writes it (vi ``1.234,5``; en ``1,234.5``), rounded half
    up to ``decimals`` (``None``: as many as it has, up to 4), with a true minus sign;
    missing → "—". The digits come from Babel's locale data.

    >>> format_number(82.85, "vi"), format_number(-0.04, "en"), format_number(None)
    ('82,9', '0.0', '—')
    >>> format_number(10.0, "en", None), format_number(2.5, "vi", None)
    ('10', '2,5')
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return MISSING
    if not math.isfinite(number):
        return MISSING
    return _format_finite(number, lang, decimals)


@functools.lru_cache(maxsize=65536)
def _format_finite(number: float, lang: str, decimals: int | None) -> str:
    """:func:`format_number` of a finite float, remembered (pages write the same few
    thousand numbers over and over; Babel parses its pattern on every call)."""
    # Half up on the shortest decimal form (82.85 → 82.9, as a reader rounds it), not on
    # the binary float (82.8499…); + 0 turns −0.0 into 0.0.
    exact = Decimal(repr(number))
    if decimals is None:
        rounded = exact.quantize(Decimal("0.0001"), ROUND_HALF_UP).normalize() + 0
        places = max(0, -rounded.as_tuple().exponent)
    else:
        rounded = exact.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP) + 0
        places = decimals
    pattern = "#,##0" + ("." + "0" * places if places else "")
    written = format_decimal(rounded, format=pattern, locale=lang)
    return "−" + written[1:] if written.startswith("-") else written


def format_day(day: object, lang: str = "vi") -> str:
    """A calendar day as the language writes it: vi ``01/07/2025``, en ``1 July 2025``.

    >>> format_day("2025-07-01", "vi"), format_day("2025-07-01", "en")
    ('01/07/2025', '1 July 2025')
    """
    import datetime as dt

    from babel.dates import format_date

    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    elif hasattr(day, "date") and callable(day.date):
        day = day.date()
    return format_date(day, "dd/MM/y" if lang == "vi" else "d MMMM y", locale=lang)
