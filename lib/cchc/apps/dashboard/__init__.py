"""The read-only dashboard that ``cchc serve`` shows managers (Voila runs
``notebooks/dashboard.ipynb``, whose cells call :func:`warm_up`, :func:`request_query` and
:func:`open_dashboard`)."""

from cchc.apps.dashboard.page import open_dashboard, request_query, warm_up

__all__ = ["open_dashboard", "request_query", "warm_up"]
