"""What the dossier measures count: the contact classes and the per-quarter counts.

:data:`DOSSIER_COUNTS` is the interface between the sources layer, which can compute the
counts of a large Parquet file in DuckDB (:mod:`cchc.sources.fastpath`), and the engine,
which turns them into measures (:mod:`cchc.engine.measures`).
"""

from __future__ import annotations

#: How many times an applicant had to come back to complete a dossier.
CONTACT_BINS: tuple[str, ...] = ("0", "1", "2", "3+")

#: Dossier counts per unit and quarter from which the dossier measures and the contact
#: distribution follow; each is a count of dossiers (``channel`` is online, ``both`` means
#: the first and the second flag are true). :mod:`cchc.sources.fastpath` computes them in DuckDB.
#: Survey counts per unit, quarter, service and field (the survey measures follow):
#: ``responses`` and ``satisfied`` responses. :mod:`cchc.sources.fastpath` computes them.
SURVEY_KEYS: tuple[str, ...] = ("unit_id", "year", "quarter", "service", "field")
SURVEY_COUNTS: tuple[str, ...] = ("responses", "satisfied")

DOSSIER_COUNTS = (
    "dossiers", "online", "online_eid", "transfer_required", "transfer_electronic",
    "payment_required", "paid_online", "result_valid", "result_digitised", "not_reprovided",
    *(f"contacts_{label}" for label in CONTACT_BINS),
)
