"""The one chart theme, and the status colours every chart and table shares.

Importing this module registers the Altair theme ``"cchc"`` and enables it, so that
every chart from :mod:`cchc.charts` carries the same fonts, sizes and colours in its
``config``. Nothing here fetches anything: fonts are system fonts with Vietnamese
glyphs (see :data:`FONT`).

Colours follow Okabe & Ito's colour-blind-safe palette
(https://jfly.uni-koeln.de/color/): blue for a target achieved, bluish green for
substantial progress, orange for moderate, vermillion for limited, reddish purple for
deterioration, and greys, lightest last, for the three states without an assessment.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from cchc.present.labels import met_label, status_label
from cchc.spec.statuses import STATUS_ORDER

THEME = "cchc"
#: Fonts with Vietnamese glyphs, in order: Windows, Android/ChromeOS, most Linux desktops,
#: then DejaVu (Debian servers: what vl-convert lays SVG text out with). Liberation Sans,
#: Arial's stand-in on Linux, is left out: Debian's lacks the Vietnamese letters, and a
#: browser would then mix two fonts inside one word.
FONT = "'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', Arial, sans-serif"

#: Okabe–Ito, in the order Altair uses for categories (black left out: it reads as text).
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#56B4E9",  # sky blue
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow
    "#000000",  # black
)

#: One colour per progress status, the same in every chart.
STATUS_COLOURS: dict[str, str] = {
    "target_achieved": "#0072B2",
    "substantial_progress": "#009E73",
    "moderate_progress": "#E69F00",
    "limited_progress": "#D55E00",
    "deterioration": "#8E3B6F",  # Okabe–Ito reddish purple, darkened: the worst state
    "not_available": "#8C8C8C",
    "no_data": "#BDBDBD",
    "not_applicable": "#E6E6E6",
}

#: Text drawn on a status-coloured cell: white where it contrasts more than near-black
#: (WCAG contrast ratio), i.e. on the blue and the purple.
STATUS_TEXT_COLOURS: dict[str, str] = {
    status: "#FFFFFF" if status in ("target_achieved", "deterioration") else "#1A1A1A"
    for status in STATUS_ORDER
}

#: Trend chart: the actual values and their projection share a colour; the target path is
#: grey, so the eye follows the data.
SERIES_COLOURS: dict[str, str] = {
    "actual": "#1B3A5C",
    "target_path": "#7A7A7A",
    "projection": "#1B3A5C",
}
SERIES_DASHES: dict[str, list[int]] = {
    "actual": [1, 0],
    "target_path": [2, 3],
    "projection": [6, 4],
}

#: Number of contacts: none is good (bluish green) … three or more is bad (vermillion).
CONTACT_COLOURS: dict[str, str] = {
    "0": "#009E73",
    "1": "#56B4E9",
    "2": "#E69F00",
    "3+": "#D55E00",
}

#: Task states: overdue is the alarm (vermillion), done on time the good news (green).
TASK_COLOURS: dict[str, str] = {
    "overdue": "#D55E00",
    "due_soon": "#E69F00",
    "pending": "#56B4E9",
    "done_late": "#CC79A7",
    "done_on_time": "#009E73",
}

HIGHLIGHT = "#0072B2"
MUTED = "#C7C7C7"
TARGET_MARK = "#1A1A1A"
FINAL_TARGET_MARK = "#7A7A7A"
TEXT = "#1A1A1A"
SUBTLE_TEXT = "#595959"

WIDTH = 480
STEP = 20
SMALL_WIDTH = 200
SMALL_HEIGHT = 120


#: This period against this year's target (``met``): blue met (as "target achieved"),
#: dark red not met (apart from every status colour: a bar must not read as a trend),
#: grey unknown (no value or no target). The trend status has its own colours.
MET_COLOURS: dict[str, str] = {"true": "#0072B2", "false": "#B2182B", "none": "#BDBDBD"}
MET_TEXT_COLOURS: dict[str, str] = {"true": "#FFFFFF", "false": "#FFFFFF", "none": "#1A1A1A"}


def met_key(met: object) -> str:
    """``"true"``, ``"false"`` or ``"none"`` for a ``met`` flag (missing: none).

    >>> met_key(True), met_key(False), met_key(None), met_key(float("nan"))
    ('true', 'false', 'none', 'none')
    """
    if met is None or met is pd.NA or (isinstance(met, float) and met != met):
        return "none"
    return "true" if bool(met) else "false"


def met_scale(lang: str = "vi") -> alt.Scale:
    """Colour scale for the words of ``met``: đạt, chưa đạt, không xác định.

    >>> met_scale("en").to_dict()["domain"]
    ['Met', 'Not met', 'Not known']
    """
    flags = {"true": True, "false": False, "none": None}
    return alt.Scale(domain=[met_label(flags[k], lang) for k in MET_COLOURS],
                     range=list(MET_COLOURS.values()))


def status_scale(lang: str = "vi") -> alt.Scale:
    """Colour scale for status labels: domain in ``STATUS_ORDER``, range its colours.

    >>> status_scale("en").to_dict()["domain"][0]
    'Target achieved'
    """
    return alt.Scale(
        domain=[status_label(s, lang) for s in STATUS_ORDER],
        range=[STATUS_COLOURS[s] for s in STATUS_ORDER],
    )


@alt.theme.register(THEME, enable=True)
def cchc_theme() -> alt.theme.ThemeConfig:
    """Fonts, sizes and colours for every chart of the workbook."""
    return {
        "config": {
            "background": "#FFFFFF",
            "font": FONT,
            "padding": 8,
            "view": {"continuousWidth": WIDTH, "continuousHeight": 300, "stroke": None},
            "title": {
                "font": FONT,
                "fontSize": 15,
                "fontWeight": "bold",
                "anchor": "start",
                "color": TEXT,
                "subtitleFontSize": 12,
                "subtitleColor": SUBTLE_TEXT,
                "offset": 10,
            },
            "axis": {
                "labelFont": FONT,
                "titleFont": FONT,
                "labelFontSize": 11,
                "titleFontSize": 12,
                "titleFontWeight": "normal",
                "labelColor": TEXT,
                "titleColor": SUBTLE_TEXT,
                "gridColor": "#E6E6E6",
                "domainColor": "#8C8C8C",
                "tickColor": "#8C8C8C",
                "labelLimit": 260,
            },
            "axisBand": {"grid": False, "ticks": False},
            "legend": {
                "labelFont": FONT,
                "titleFont": FONT,
                "labelFontSize": 11,
                "titleFontSize": 12,
                "titleFontWeight": "normal",
                "orient": "bottom",
                "direction": "horizontal",
                "labelLimit": 260,
                "symbolType": "square",
            },
            "header": {
                "labelFont": FONT,
                "titleFont": FONT,
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelFontWeight": "bold",
            },
            "range": {"category": list(OKABE_ITO)},
            "bar": {"color": HIGHLIGHT},
            "line": {"strokeWidth": 2},
            "point": {"size": 45, "filled": True},
            "tick": {"thickness": 2},
            "text": {"font": FONT, "fontSize": 11, "color": TEXT},
            "rect": {"stroke": "#FFFFFF", "strokeWidth": 1},
        }
    }
