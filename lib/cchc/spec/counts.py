"""What the measures and the indices count: the contact classes, the per-quarter dossier
counts, and the counts an index criterion may divide.

:data:`DOSSIER_COUNTS` is the interface between the sources layer, which can compute the
counts of a large Parquet file in DuckDB (:mod:`cchc.sources.fastpath`), and the engine,
which turns them into measures (:mod:`cchc.engine.measures`). :data:`INDEX_COUNTS` names
what ``params/indices/*.yaml`` may use as numerator and denominator
(:mod:`cchc.spec.indices` validates against it, :mod:`cchc.engine.index` computes it).
"""

from __future__ import annotations

#: How many times an applicant had to come back to complete a dossier.
CONTACT_BINS: tuple[str, ...] = ("0", "1", "2", "3+")

#: Dossier counts per unit and quarter from which the dossier measures and the contact
#: distribution follow; each is a count of dossiers (``channel`` is online, ``both`` means
#: the first and the second flag are true). :mod:`cchc.sources.fastpath` computes them in
#: DuckDB.
DOSSIER_KEYS: tuple[str, ...] = ("unit_id", "year", "quarter")
DOSSIER_COUNTS = (
    "dossiers", "online", "online_eid", "transfer_required", "transfer_electronic",
    "payment_required", "paid_online", "result_valid", "result_digitised", "not_reprovided",
    *(f"contacts_{label}" for label in CONTACT_BINS),
)
#: The dossiers owing a payment and, of those, paid online, per unit, procedure and
#: quarter: I.2.b counts only the procedures that offer online payment (the procedures
#: catalogue says which, per unit and year).
PAYMENT_KEYS: tuple[str, ...] = ("unit_id", "procedure_id", "year", "quarter")
PAYMENT_COUNTS: tuple[str, ...] = ("payment_required", "paid_online")
#: Survey counts per unit, quarter, service and field (the survey measures follow):
#: ``responses`` and ``satisfied`` responses. :mod:`cchc.sources.fastpath` computes them.
SURVEY_KEYS: tuple[str, ...] = ("unit_id", "year", "quarter", "service", "field")
SURVEY_COUNTS: tuple[str, ...] = ("responses", "satisfied")


#: The source tables the index counts read (besides ``units``).
INDEX_TABLES: tuple[str, ...] = ("dossiers", "procedures", "complaints", "ratings")

#: What an index criterion can count (params/indices/*.yaml name them as numerator and
#: denominator): name → (table, the columns it needs, what it counts). A column is
#: written ``table.column``; a bare ``table`` needs the table itself. A count whose
#: columns are absent (or empty throughout) is "no data", and so is every criterion
#: using it. :mod:`cchc.engine.index` computes them; docs/service_index_766.md explains
#: each rule and its source.
INDEX_COUNTS: dict[str, tuple[str, tuple[str, ...], str]] = {
    # procedures: announcements are dated; the catalogue counts for every period of its year
    "procedures_announced": ("procedures", ("procedures.announced_on",),
                             "procedures whose announcing decision is dated in the period"),
    "procedures_announced_on_time": (
        "procedures", ("procedures.announced_on", "procedures.legal_basis_effective_on"),
        "of those, decided at least 5 working days before their legal basis takes effect"),
    "procedures_published_on_time": (
        "procedures", ("procedures.announced_on", "procedures.published_on"),
        "of those, published on the national database within 5 working days of the decision"),
    "procedures_public": ("procedures", ("procedures",),
                          "external procedures of the unit's catalogue of the period's year"),
    "procedures_content_complete": ("procedures", ("procedures.content_complete",),
                                    "of those, published with all their parts"),
    "procedures_citizen_data": (
        "procedures", ("procedures", "dossiers.citizen_data_connected"),
        "of those, with a dossier of the period using population data"),
    # dossiers received in the period
    "dossiers": ("dossiers", ("dossiers",), "dossiers received in the period"),
    "dossiers_synced": ("dossiers", ("dossiers.synced",),
                        "of those, synchronised to the national portal"),
    "dossiers_due": ("dossiers", ("dossiers.due_on", "dossiers.resolved_on"),
                     "dossiers received in the period with a due date"),
    "dossiers_on_time": ("dossiers", ("dossiers.due_on", "dossiers.resolved_on"),
                         "of those, on time at the period's end (the on-time rule)"),
    "dossiers_full_online_eligible": (
        "dossiers", ("procedures.full_online_eligible",),
        "dossiers of procedures eligible for fully-online service"),
    "dossiers_full_online": (
        "dossiers", ("procedures.full_online_eligible",),
        "of those, submitted online (with an electronic result where the procedure's "
        "result is a document)"),
    "dossiers_fee": ("dossiers", ("procedures",),
                     "dossiers of procedures with fees, except those whose fees are 0"),
    "dossiers_fee_paid_online": ("dossiers", ("procedures",), "of those, paid online"),
    "dossiers_paper_result": ("dossiers", ("procedures.paper_result_required",),
                              "dossiers of procedures whose result is a document"),
    "dossiers_result_electronic": (
        "dossiers", ("procedures.paper_result_required", "dossiers.result_electronic"),
        "of those, with the result issued electronically"),
    "dossiers_digitised": (
        "dossiers", ("dossiers.components_digitised",),
        "dossiers with digitised components (and an electronic result where the "
        "procedure's result is a document)"),
    "dossiers_data_reused": ("dossiers", ("dossiers.data_reused",),
                             "dossiers reusing digitised data"),
    "dossiers_personal_store": ("dossiers", ("dossiers.personal_store",),
                                "dossiers using the applicant's store on the national portal"),
    "dossiers_citizen_data": (
        "dossiers", ("dossiers.citizen_data_connected",),
        "dossiers using population data (population database, VNeID, personal store)"),
    "dossiers_satisfied": (
        "dossiers", ("ratings.rating", "dossiers.due_on", "dossiers.resolved_on"),
        "dossiers received in the period not rated unsatisfied, not complained about, "
        "not late"),
    # complaints received in the period
    "complaints": ("complaints", ("complaints",), "complaints received in the period"),
    "complaints_on_time": ("complaints", ("complaints",),
                           "of those, handled by their due date or not yet due"),
    "complaints_satisfied": ("complaints", ("complaints",),
                             "of those, not rated unsatisfied and not late"),
    # units
    "communes": ("units", (), "communes"),
    "communes_certified_copy": ("units", ("procedures.electronic_certified_copy",),
                                "communes offering electronic certified copies"),
}
