"""The unit tree: province, departments, districts, communes; succession; roll-up pairs.

A unit's value covers the unit and everything below it, and the units it took over
(its predecessors, which name it as ``successor_id``). Roll-up is a join of the records'
owner units with the (member, unit) pairs built here, then a sum: numerators and
denominators are summed, never percentages averaged.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from cchc.errors import ParameterError, SourceError, problem
from cchc.messages import Key
from cchc.spec.catalogue import target_level

#: The levels a unit of each level may sit under (communes sit under the province
#: itself once the district level is abolished, as in Lào Cai from 1 July 2025).
ALLOWED_PARENTS: dict[str, tuple[str, ...]] = {
    "province": (),
    "department": ("province",),
    "district": ("province",),
    "commune": ("district", "province"),
}


@dataclass(frozen=True)
class Units:
    """A validated unit table (columns of the ``units`` table in the data dictionary).

    Units can end (``valid_to``, their last day) and start (``valid_from``, their first
    day); a unit that ended names the unit that took it over (``successor_id``), and a
    successor counts its predecessors' records as its own. Before a merger of provinces
    several provinces are in force at once: the tree then has one root per province,
    and exactly one root (the province of today) has no end. A country's folder
    (``cchc sample --scope national``) has several roots without an end, one per
    province, each with its own GSO code.
    """

    frame: pd.DataFrame
    file: str = "units"

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, file: str = "units") -> Units:
        """Validate the tree: provinces at the roots, one of them open-ended, parents at the
        right level and in force while their children are, no cycles of parents or
        successions, each successor in force when its predecessor ends.

        Column types, duplicate ids and unknown parents or successors are checked by the
        reader (:func:`cchc.sources.load_table`); this checks what needs the whole tree.
        """
        frame = frame.reset_index(drop=True).copy()
        for column in ("valid_from", "valid_to"):
            frame[column] = (pd.to_datetime(frame[column]) if column in frame
                             else pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]"))
        if "successor_id" not in frame:
            frame["successor_id"] = None
        problems = list(_tree_problems(frame, file))
        if problems:
            raise SourceError(problems)
        return cls(frame.set_index("unit_id", drop=False), file)

    @property
    def ids(self) -> list[str]:
        return self.frame["unit_id"].tolist()

    @cached_property
    def roots(self) -> list[str]:
        """The units without a parent (provinces), in file order."""
        return self.frame.loc[self.frame["parent_id"].isna(), "unit_id"].tolist()

    @cached_property
    def root(self) -> str:
        """The province of today: the root without an end (in a country's folder, the
        first province in file order)."""
        open_ended = self.frame.loc[self.frame["parent_id"].isna() & self.frame["valid_to"].isna(),
                                    "unit_id"]
        return open_ended.iloc[0]

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self.frame.index

    def check(self, unit_id: str, parameter: str = "unit_id") -> str:
        """Return ``unit_id`` if it is known, else a ParameterError naming close matches."""
        if unit_id in self:
            return unit_id
        import difflib

        close = difflib.get_close_matches(str(unit_id), self.ids, n=3)
        if close:
            raise ParameterError.one(parameter, "unknown_unit_hint", unit_id,
                                     close=", ".join(close))
        raise ParameterError.one(parameter, "unknown_unit", unit_id)

    def level(self, unit_id: str) -> str:
        return self.frame.at[unit_id, "level"]

    def name(self, unit_id: str) -> str:
        return self.frame.at[unit_id, "name"]

    def parent(self, unit_id: str) -> str | None:
        parent = self.frame.at[unit_id, "parent_id"]
        return None if pd.isna(parent) else parent

    def successor(self, unit_id: str) -> str | None:
        """The unit that took this one over when it ended, if any."""
        successor = self.frame.at[unit_id, "successor_id"]
        return None if pd.isna(successor) else successor

    def predecessors(self, unit_id: str) -> list[str]:
        """The units that ended and were taken over by this one (direct), in file order."""
        return self.frame.loc[self.frame["successor_id"] == unit_id, "unit_id"].tolist()

    def valid_from(self, unit_id: str) -> pd.Timestamp | None:
        value = self.frame.at[unit_id, "valid_from"]
        return None if pd.isna(value) else pd.Timestamp(value)

    def valid_to(self, unit_id: str) -> pd.Timestamp | None:
        value = self.frame.at[unit_id, "valid_to"]
        return None if pd.isna(value) else pd.Timestamp(value)

    def children(self, unit_id: str) -> list[str]:
        return self.frame.loc[self.frame["parent_id"] == unit_id, "unit_id"].tolist()

    def siblings(self, unit_id: str) -> list[str]:
        """Units with the same parent and level, the unit included."""
        parent = self.parent(unit_id)
        if parent is None:
            return [unit_id]
        kids = self.frame[(self.frame["parent_id"] == parent)]
        return kids.loc[kids["level"] == self.level(unit_id), "unit_id"].tolist()

    def path(self, unit_id: str) -> list[str]:
        """From the root down to the unit."""
        out = [unit_id]
        while (parent := self.parent(out[-1])) is not None:
            out.append(parent)
        return out[::-1]

    def ordered(self, at: object = None) -> list[str]:
        """Every unit, depth first in file order: province, departments, districts, communes.

        Roots in file order (an old province before the one that took it over); with
        ``at`` (a date), only the units in force that day.
        """
        order: list[str] = []
        rank = {level: i for i, level in enumerate(ALLOWED_PARENTS)}
        level_rank = {u: rank[lv] for u, lv in zip(self.frame["unit_id"], self.frame["level"],
                                                  strict=True)}
        kids: dict[str, list[str]] = {}
        for unit_id, parent in zip(self.frame["unit_id"], self.frame["parent_id"], strict=True):
            if not pd.isna(parent):
                kids.setdefault(parent, []).append(unit_id)

        def walk(unit_id: str) -> None:
            order.append(unit_id)
            for kid in sorted(kids.get(unit_id, []), key=level_rank.__getitem__):
                walk(kid)

        for root in self.roots:
            walk(root)
        if at is None:
            return order
        keep = self.in_force(at)
        return [u for u in order if keep[u]]

    def in_force(self, day: object) -> pd.Series:
        """Which units exist on ``day`` (a date): valid_from ≤ day ≤ valid_to.

        >>> in_force = units.in_force("2025-07-01")
        >>> bool(in_force["lao-cai"]), bool(in_force["lao-cai-2025"])
        (False, True)
        """
        day = pd.Timestamp(day)
        frame = self.frame
        return ((frame["valid_from"].isna() | (frame["valid_from"] <= day))
                & (frame["valid_to"].isna() | (frame["valid_to"] >= day)))

    def roots_at(self, day: object) -> list[str]:
        """The provinces in force on ``day`` (two before a merger of two provinces)."""
        keep = self.in_force(day)
        return [r for r in self.roots if keep[r]]

    def lineage(self, unit_id: str) -> pd.DataFrame:
        """The units this one took over (recursively) and those that took it over.

        Columns ``relation`` (``predecessor``, ``unit``, ``successor``), ``depth`` (1 for a
        direct predecessor or successor, 2 for theirs …), then the ``units`` table's
        (:data:`LINEAGE_COLUMNS`); predecessors first, the farthest first.

        >>> units.lineage("xa-nam-chac")[["relation", "unit_id"]].values.tolist()
        [['unit', 'xa-nam-chac'], ['successor', 'xa-a-mu-sung-2025']]
        """
        rows: list[tuple[str, int, str]] = []

        def back(current: str, depth: int) -> None:
            for before in self.predecessors(current):
                back(before, depth + 1)
                rows.append(("predecessor", depth, before))

        back(unit_id, 1)
        rows.append(("unit", 0, unit_id))
        seen, current, depth = {unit_id}, self.successor(unit_id), 1
        while current is not None and current not in seen:
            rows.append(("successor", depth, current))
            seen.add(current)
            current, depth = self.successor(current), depth + 1
        columns = [c for c in LINEAGE_COLUMNS if c in self.frame]
        out = self.frame.loc[[u for _, _, u in rows], columns].reset_index(drop=True)
        out.insert(0, "depth", [d for _, d, _ in rows])
        out.insert(0, "relation", [r for r, _, _ in rows])
        return out

    @cached_property
    def membership(self) -> pd.DataFrame:
        """Pairs ``member_id, unit_id``: the records of member count for unit.

        A unit counts its own records, those of everything below it, and those of the
        units it succeeded (transitively); each pair appears once.
        """
        up: dict[str, list[str]] = {u: [] for u in self.ids}
        for row in self.frame.itertuples(index=False):
            if not pd.isna(row.parent_id):
                up[row.unit_id].append(row.parent_id)
            successor = getattr(row, "successor_id", None)
            if successor is not None and not pd.isna(successor):
                up[row.unit_id].append(successor)
        pairs = set()
        for unit in self.ids:
            stack, seen = [unit], set()
            while stack:
                current = stack.pop()
                if current in seen:
                    continue
                seen.add(current)
                pairs.add((unit, current))
                stack.extend(up[current])
        frame = pd.DataFrame(sorted(pairs), columns=["member_id", "unit_id"])
        levels = self.frame["level"].map(target_level)
        frame["same_level"] = frame["member_id"].map(levels).to_numpy() == frame[
            "unit_id"
        ].map(levels).to_numpy()
        return frame

    def active(self, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
        """Which units exist at some point between ``start`` and ``end``."""
        frame = self.frame
        return ((frame["valid_from"].isna() | (frame["valid_from"] <= end))
                & (frame["valid_to"].isna() | (frame["valid_to"] >= start)))


#: The columns of the ``units`` table, as ``units.csv`` has them (and
#: :meth:`Units.lineage` shows them).
LINEAGE_COLUMNS = ["unit_id", "name", "level", "parent_id", "code", "valid_from", "valid_to",
                   "successor_id"]


def _iso(day: object) -> str:
    return pd.Timestamp(day).strftime("%Y-%m-%d")


def _tree_problems(frame: pd.DataFrame, file: str):
    def where(i: int) -> int:
        return int(i) + 2  # header is row 1

    ids = frame["unit_id"].tolist()
    level = frame["level"].tolist()
    parent = [None if pd.isna(p) else p for p in frame["parent_id"]]
    successor = [s if isinstance(s, str) else None for s in frame["successor_id"]]
    start = [None if pd.isna(v) else pd.Timestamp(v) for v in frame["valid_from"]]
    end = [None if pd.isna(v) else pd.Timestamp(v) for v in frame["valid_to"]]
    roots = [i for i, p in enumerate(parent) if p is None]
    open_roots = [i for i in roots if end[i] is None]
    # a country's folder has one tree per province in force, each with its own GSO code
    codes = [frame["code"].iat[i] if "code" in frame else None for i in open_roots]
    country = (len(open_roots) > 1 and all(isinstance(c, str) and c for c in codes)
               and len(set(codes)) == len(codes))
    if (len(open_roots) != 1 and not country) or any(level[i] != "province" for i in roots):
        yield problem(file, "one_root", column="parent_id", found=len(open_roots))
    levels = dict(zip(ids, level, strict=True))
    position = {u: i for i, u in enumerate(ids)}
    for i in range(len(ids)):
        if start[i] is not None and end[i] is not None and start[i] > end[i]:
            yield problem(file, "ends_before_start", row=where(i), column="valid_to",
                          value=_iso(end[i]), start=_iso(start[i]))
    for i, unit in enumerate(ids):
        above = parent[i]
        if above is None:
            if level[i] != "province":
                yield problem(file, "needs_parent", row=where(i), column="parent_id",
                              level=Key(f"levelword.{level[i]}"))
            continue
        if above == unit:
            yield problem(file, "own_parent", row=where(i), column="parent_id", value=above)
            continue
        parent_level = levels.get(above)
        if parent_level is not None and parent_level not in ALLOWED_PARENTS[level[i]]:
            allowed = ALLOWED_PARENTS[level[i]]
            yield problem(
                file,
                "wrong_parent_level" if allowed else "root_has_parent",
                row=where(i),
                column="parent_id",
                value=above,
                level=Key(f"levelword.{level[i]}"),
                allowed=Key(*(f"levelword.{a}" for a in allowed)),
                parent_level=Key(f"levelword.{parent_level}"),
            )
        if above in position:
            # A child exists only while its parent does: a district that ends takes its
            # communes with it (they end too, or move under a unit still in force).
            j = position[above]
            if end[j] is not None and (end[i] is None or end[i] > end[j]):
                yield problem(file, "parent_ended", row=where(i), column="parent_id",
                              value=above, end=_iso(end[j]))
            elif start[j] is not None and (start[i] is None or start[i] < start[j]):
                yield problem(file, "parent_not_started", row=where(i), column="parent_id",
                              value=above, start=_iso(start[j]))
    parents = dict(zip(ids, parent, strict=True))
    for i, unit in enumerate(ids):
        seen = {unit}
        current = parents.get(unit)
        while isinstance(current, str) and current in parents:
            if current in seen:
                yield problem(file, "parent_loop", row=where(i), column="parent_id",
                              value=parents[unit])
                break
            seen.add(current)
            current = parents.get(current)
    successors = {u: s for u, s in zip(ids, successor, strict=True) if s is not None}
    for i, unit in enumerate(ids):
        after = successor[i]
        if after is None:
            continue
        if after == unit:
            yield problem(file, "own_successor", row=where(i), column="successor_id")
            continue
        if end[i] is None:
            yield problem(file, "successor_needs_end", row=where(i), column="valid_to")
        seen, current = {unit}, successors.get(after)
        while current is not None:
            if current == unit:
                yield problem(file, "succession_loop", row=where(i), column="successor_id",
                              value=after)
                break
            if current in seen:
                break  # a loop further on, reported on its own rows
            seen.add(current)
            current = successors.get(current)
        if after in position and end[i] is not None:
            # The successor takes over the day after: it must be in force then.
            j = position[after]
            next_day = end[i] + pd.Timedelta(days=1)
            if ((start[j] is not None and start[j] > next_day)
                    or (end[j] is not None and end[j] < next_day)):
                yield problem(file, "successor_not_in_force", row=where(i),
                              column="successor_id", value=after, day=_iso(next_day))
