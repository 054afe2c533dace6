"""How charts leave the kernel: as Vega-Lite specs that the browser draws, offline.

A workbook's cells return Altair charts. In a notebook (papermill, JupyterLab) a chart is
displayed as its Vega-Lite spec under the mimetype JupyterLab 4 renders without a network
(:data:`VEGALITE_MIME`), with its alt text as the plain-text fallback; nothing is
converted to SVG in the kernel (that conversion was most of a workbook's cost). In the
exported HTML each spec becomes a ``<figure>`` drawn by one local copy of the Vega
libraries (:func:`charts_javascript`, bundled by vl-convert) that every page of a run
shares; the page never reaches outside its folder, and it prints once drawn.

Charts are built without Altair's validation at construction (``debug mode``): the
tests validate every chart function's spec against the Vega-Lite schema instead.
"""

from __future__ import annotations

import contextlib
import functools
import html
import json

import altair as alt

#: JupyterLab 4 and Voila render Vega-Lite v3–v5 mimetypes offline (its own vega bundle).
VEGALITE_MIME = "application/vnd.vegalite.v5+json"
#: Options for vega-embed in exported pages: SVG (crisp when printed), no action menu
#: (its links leave the page).
EMBED_OPTIONS = {"actions": False, "renderer": "svg"}


def chart_spec(chart: alt.TopLevelMixin) -> dict:
    """The Vega-Lite spec of a chart, without validating it again: Altair's
    ``to_dict(validate=False)``, item for item (:class:`_Spec`)."""
    try:
        return _Spec().chart(chart, {})
    except _Unusual:
        return chart.to_dict(validate=False)


class _Unusual(Exception):
    """Something :class:`_Spec` leaves to Altair's own ``to_dict``."""


class _Spec:
    """Altair's ``to_dict(validate=False)`` for the charts the workbooks draw, without its
    cost per node (an import check, a copy of the keywords and a chain of ``isinstance``
    tests for each of thousands of nodes: a fifth of a workbook's kernel time).

    It follows Altair's steps (``TopLevelMixin.to_dict``, ``Chart.to_dict``,
    ``SchemaBase.to_dict``, the channels' and ``schemapi._todict``) and calls Altair's own
    helpers for the data (named datasets), the theme and every value it does not know:
    a node of a class with its own ``to_dict`` (a condition, a parameter, an expression)
    or a channel with a shorthand string is turned into its dict by Altair itself;
    anything else unusual (a compiler to Vega, VegaFusion) gives the whole chart to
    Altair. ``tests/test_charts.py`` checks the result is Altair's for every chart.
    """

    _PLAIN = (str, int, float, bool, type(None))

    def __init__(self) -> None:
        from altair.utils import schemapi
        from altair.vegalite.v6 import api
        from altair.vegalite.v6.schema import channels

        self._api, self._schemapi = api, schemapi
        self._undefined = schemapi.Undefined
        self._kinds: dict[type, str] = {}
        self._base = schemapi.SchemaBase.to_dict
        self._known = {
            schemapi.SchemaBase.to_dict: "schema", channels.DatumChannelMixin.to_dict: "schema",
            channels.FieldChannelMixin.to_dict: "field",
            channels.ValueChannelMixin.to_dict: "value",
            api.TopLevelMixin.to_dict: "chart", api.Chart.to_dict: "chart",
        }

    def chart(self, chart, context: dict) -> dict:
        """``TopLevelMixin.to_dict`` (and ``Chart.to_dict``) in the Vega-Lite format."""
        api = self._api
        if api._using_vegafusion() or self._known.get(type(chart).to_dict) != "chart":
            raise _Unusual
        context = dict(context)
        context.setdefault("datasets", {})
        top = context.get("top_level", True)
        kwds = dict(chart._kwds)
        data = kwds.get("data", self._undefined)
        if (isinstance(chart, api.Chart) and data is self._undefined
                and "data" not in context):
            data = api.core.InlineData(values=[{}])  # Chart.to_dict: empty data for datums
        if data is not self._undefined:
            with contextlib.suppress(TypeError):  # a dict, InlineData, …: kept as it is
                data = api.nw.from_native(data, eager_or_interchange_only=True)
            kwds["data"] = api._prepare_data(data, context)
            context["data"] = data
        context["top_level"] = False
        spec = self._schema(chart, kwds, dict(context, pre_transform=False))
        if top:
            spec.setdefault("$schema", api.SCHEMA_URL)
            theme = api.theme.get()
            if theme is None:
                raise _Unusual
            spec = api.utils.update_nested(theme(), spec, copy=True)
            if context["datasets"]:
                spec.setdefault("datasets", {}).update(context["datasets"])
        return spec

    def _schema(self, node, kwds: dict | None, context: dict):
        """``SchemaBase.to_dict`` without validation (``kwds``: the node's, if changed)."""
        if node._args and not node._kwds:
            return self.value(node._args[0], context)
        if node._args:
            raise _Unusual
        if kwds is None:
            kwds = node._kwds
        out = {}
        for key, value in kwds.items():
            if value is self._undefined or key == "shorthand" or key == "_cached_hash":
                continue
            if key == "mark" and isinstance(value, str):
                value = {"type": value}
            out[key] = self.value(value, context)
        return out

    def value(self, obj, context: dict):
        """``schemapi._todict``: plain values as they are, schema nodes as above."""
        kind = type(obj)
        if kind in self._PLAIN:
            return obj
        if kind is dict:
            return {k: self.value(v, context) for k, v in obj.items() if v is not self._undefined}
        if kind is list or kind is tuple:
            return [self.value(v, context) for v in obj]
        if isinstance(obj, self._schemapi.SchemaBase):
            how = self._kinds.get(kind)
            if how is None:
                how = self._kinds[kind] = self._known.get(kind.to_dict, "altair")
            if how == "schema":
                return self._schema(obj, None, context)
            if how == "chart":
                return self.chart(obj, context)
            if how == "field" and obj._get("shorthand") is self._undefined:
                return self._schema(obj, None, context)
            if how == "value":
                condition = obj._get("condition", self._undefined)
                if (condition is self._undefined
                        or isinstance(condition, self._schemapi.SchemaBase)):
                    return self._schema(obj, None, context)
            return obj.to_dict(validate=False, context=context)
        return self._schemapi._todict(obj, context, **self._schemapi._get_optional_modules(
            np_opt="numpy", pd_opt="pandas"))


def describe(spec: dict) -> str:
    """A chart's alt text: its title, subtitle and description, as one sentence each.

    >>> describe({"title": {"text": "Ranking", "subtitle": ["Bát Xát", "2024"]},
    ...           "description": "Units by score."})
    'Ranking. Bát Xát · 2024. Units by score.'
    """
    title = spec.get("title") or {}
    if isinstance(title, str):
        title = {"text": title}
    parts = []
    for value in (title.get("text"), title.get("subtitle"), spec.get("description")):
        if isinstance(value, list):
            value = " · ".join(str(v) for v in value if v)
        if value:
            parts.append(str(value).rstrip("."))
    return ". ".join(parts) + "." if parts else ""


def mime_bundle(chart: alt.TopLevelMixin, include=None, exclude=None) -> dict:
    """What a notebook stores for a chart: its spec and, as plain text, its alt text."""
    spec = chart_spec(chart)
    return {VEGALITE_MIME: spec, "text/plain": describe(spec)}


def use_browser_charts() -> None:
    """Display Altair charts as Vega-Lite specs (drawn by JupyterLab or the exported page),
    and build them without validation at construction."""
    alt.utils.schemapi.disable_debug_mode()
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.mimebundle_formatter.for_type(alt.TopLevelMixin, mime_bundle)


# --------------------------------------------------------------------------- exported pages


def javascript_name() -> str:
    """The file name of the charts' JavaScript: it changes with the libraries inside."""
    import vl_convert as vlc

    return f"cchc-charts-vlc-{vlc.__version__}.js"


@functools.cache
def charts_javascript() -> str:
    """Vega, Vega-Lite and vega-embed in one classic script (it also works from file://),
    and the code that draws every ``figure.cchc-chart`` of the page. The libraries'
    bundle is built once per vl-convert version and kept in the cache."""
    import vl_convert as vlc

    from cchc.engine.cache import cached_text

    return cached_text(javascript_name(), vlc.javascript_bundle) + "\n" + _DRAW


#: Draws each chart of the page from its spec; marks the body when all are drawn (the
#: PDF printer and the browser tests wait for ``data-charts-drawn``).
_DRAW = """
(function () {
  function draw() {
    var figures = document.querySelectorAll("figure.cchc-chart");
    var options = __OPTIONS__;
    var drawing = Array.prototype.map.call(figures, function (figure) {
      var spec = JSON.parse(figure.querySelector("script.cchc-spec").textContent);
      return window.vegaEmbed(figure.querySelector(".cchc-view"), spec, options)
        .then(function () { figure.classList.add("cchc-drawn"); })
        .catch(function (error) {
          figure.classList.add("cchc-failed");
          console.error(error);
        });
    });
    Promise.all(drawing).then(function () {
      document.body.setAttribute("data-charts-drawn", String(figures.length));
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
""".replace("__OPTIONS__", json.dumps(EMBED_OPTIONS, sort_keys=True))


def figure_html(spec: dict, alt_text: str | None = None) -> str:
    """One chart of an exported page: the spec inline, drawn in place by the page's script;
    the alt text is the figure's label and, until the chart is drawn, its caption. A wide
    chart (``usermeta.cchc.landscape``, the heatmaps) is printed on a landscape page; a
    chart with nothing to draw (``usermeta.cchc.no_data``) is the sentence saying so.

    >>> figure_html({"title": "Ranking", "description": "Nothing to draw.",
    ...              "usermeta": {"cchc": {"no_data": True}}})
    '<p class="cchc-nodata">Ranking. Nothing to draw.</p>'
    """
    alt_text = describe(spec) if alt_text is None else alt_text
    label = html.escape(alt_text, quote=True)
    meta = (spec.get("usermeta") or {}).get("cchc", {})
    if meta.get("no_data"):  # nothing to draw: a sentence, not an empty box
        return f'<p class="cchc-nodata">{label}</p>'

    data = json.dumps(spec, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    landscape = " cchc-landscape" if meta.get("landscape") else ""
    return (f'<figure class="cchc-chart{landscape}" role="img" aria-label="{label}">'
            f'<div class="cchc-view"></div>'
            f'<figcaption class="cchc-alt">{label}</figcaption>'
            f'<script type="application/json" class="cchc-spec">{data}</script></figure>')
