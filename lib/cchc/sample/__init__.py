"""A deterministic synthetic Lào Cai, before and after 1 July 2025: every source table of
the data dictionary, 2021 to 2026Q3.

The unit trees are real (official names and GSO codes from ``vietnamadminunits``): old
Lào Cai and old Yên Bái (provinces, departments, 9 + 9 district-level units, 151 + 168
communes and wards) until 30 June 2025, each commune and ward then taken over by one of
the 99 communes and wards of the new Lào Cai, each department by one of the new
province's 12 (a documented, plausible mapping); from 1 July 2025 the new province, with
no districts. Every record and figure is invented. The folder is marked with
``SYNTHETIC.md``, which :func:`cchc.sources.load_data` detects.

How the figures are made
------------------------
For each unit and each measure whose records the unit owns, a *profile* is drawn from
the seed (:data:`PROFILES`, weights :data:`PROFILE_WEIGHTS`). A profile fixes a path of
yearly shares that lands in one status band of the progress method
(:func:`cchc.progress.assess`) in the programme's final year, 2025: the 2021 share is
30–70 % of the unit's 2025 target, then

* ``achieved``: the 2025 share meets the final target;
* ``on_track`` / ``moderate`` / ``limited``: growth at 0.965–0.995, 0.68–0.88 and
  0.15–0.45 times the compound growth needed to reach the target by 2025 (the
  bands are ≥ 0.95, 0.60–0.95 and 0–0.60), staying below the target;
* ``falling``: the 2025 share is 65–85 % of the 2021 share;
* ``absent``: the unit has no record feeding the measure (status "no data");
* ``late``: records only from 2025 (one year of data in the final report: "not
  available").

2026 goes on along the same curve. A unit that ended follows the profile and path of
the unit that carries its history today (the end of its chain of successors), so a new
commune's series, the sum of its predecessors' records until June 2025 and then its
own, follows one path; districts, which end without a successor, have their own.

Records are then drawn at random (numpy ``Generator``) around that path, only for the
time each unit exists: volumes, dates, channels, fields. Within a unit and year (a
quarter for the quarterly tables) the number of records that count in the numerator is
the rounded expected count, ``round(share × denominator)``, and *which* records count
is random. Plain binomial draws would be noisier: with the 20–30 fee-paying dossiers a
small commune has in a year, sampling noise alone moves a unit across status bands. So
that the intended status is what the measures find, a unit's 2025 count is also kept on
the right side of its final target (at or above it for ``achieved``, below it
otherwise).

Parents (the provinces, districts) own some records and also sum their children's, so
their statuses come out of the mix; the profiles are exact for the records a unit owns.
At both scales every status of the progress method, plus "no data", occurs among the
new units' 2025 results (and the old units' 2025Q2 ones): a few high-volume cells (the
Service Center's dossier measures, the work records of departments and communes) are
re-assigned if the draw left a profile out.

Same seed and scale → byte-identical files: one random stream per table (seeded from
``[seed, crc32(table name)]``), rows in a fixed order, CSV with ``\\n`` line ends and
``true``/``false``, Parquet without pandas metadata and with fixed compression.

>>> [p.name for p in write_sample(tmp / "lao-cai", seed=2021, scale="small")][:3]
['SYNTHETIC.md', 'complaints.csv', 'dossiers.csv']
"""

from __future__ import annotations

from cchc.sample.build import build_profiles, build_sample
from cchc.sample.write import write_sample

__all__ = ["build_profiles", "build_sample", "write_sample"]
