"""The task register as of a date: states case by case, roll-up, successions, shares."""

from __future__ import annotations

import pandas as pd
import pytest
from cchc.engine.tasks import (
    carried_by,
    compute_task_counts,
    compute_task_shares,
    compute_task_states,
    task_list,
)
from cchc.spec.tasks import TASK_LIST_COLUMNS, TASK_STATES
from cchc.spec.units import Units
from pandas.testing import assert_frame_equal

AS_OF = "2024-09-30"


def _tasks(rows: list[tuple]) -> pd.DataFrame:
    """(task_id, unit_id, assigned_on, due_on, done_on) rows as a typed register."""
    frame = pd.DataFrame(rows, columns=["task_id", "unit_id", "assigned_on", "due_on",
                                        "done_on"])
    for column in ("assigned_on", "due_on", "done_on"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    return frame


def _state(due: str | None, done: str | None = None, assigned: str = "2024-09-01",
           as_of: str = AS_OF, due_within: int = 7) -> tuple[str, object]:
    states = compute_task_states(_tasks([("t", "u", assigned, due, done)]), as_of, due_within)
    assert len(states) == 1
    return states["state"].iloc[0], states["days_late"].iloc[0]


# --------------------------------------------------------------------------- the rules


@pytest.mark.parametrize(
    ("due", "done", "state", "days_late"),
    [
        ("2024-09-29", None, "overdue", 1),  # due yesterday, not done
        ("2024-09-01", None, "overdue", 29),
        ("2024-09-30", None, "due_soon", None),  # due today: not yet overdue
        ("2024-10-07", None, "due_soon", None),  # the 7th day ahead is within 7 days
        ("2024-10-08", None, "pending", None),  # the 8th is not
        (None, None, "pending", None),  # no deadline: never overdue
        ("2024-09-20", "2024-09-20", "done_on_time", None),  # done on the due date
        ("2024-09-20", "2024-09-05", "done_on_time", None),
        ("2024-09-20", "2024-09-21", "done_late", 1),  # a day after the due date
        ("2024-09-20", "2024-09-30", "done_late", 10),  # done today, late
        ("2024-09-30", "2024-09-30", "done_on_time", None),  # due and done today
        ("2024-10-15", "2024-09-10", "done_on_time", None),  # done before a later deadline
        (None, "2024-09-10", "done_on_time", None),  # no deadline: on time once done
        ("2024-09-25", "2024-10-02", "overdue", 5),  # done after the date: not done yet
        ("2024-10-03", "2024-10-02", "due_soon", None),
    ],
)
def test_state_as_of_a_date(due, done, state, days_late) -> None:
    got_state, got_late = _state(due, done)
    assert got_state == state
    assert (got_late is pd.NA) if days_late is None else (got_late == days_late)


def test_a_task_assigned_after_the_date_does_not_exist_yet() -> None:
    tasks = _tasks([("a", "u", "2024-09-30", "2024-10-30", None),
                    ("b", "u", "2024-10-01", "2024-10-02", None)])
    assert compute_task_states(tasks, AS_OF)["task_id"].tolist() == ["a"]


def test_due_within_zero_is_today_only() -> None:
    assert _state("2024-09-30", due_within=0)[0] == "due_soon"
    assert _state("2024-10-01", due_within=0)[0] == "pending"
    assert _state("2024-10-10", due_within=10)[0] == "due_soon"


def test_a_completion_after_the_date_is_not_shown() -> None:
    states = compute_task_states(_tasks([("t", "u", "2024-09-01", "2024-09-25",
                                          "2024-10-02")]), AS_OF)
    assert states["done_on"].isna().all()


def test_order_overdue_oldest_first_then_due_soon_then_the_rest() -> None:
    tasks = _tasks([
        ("done", "u", "2024-08-01", "2024-08-10", "2024-08-09"),
        ("late", "u", "2024-08-01", "2024-08-10", "2024-08-12"),
        ("soon-2", "u", "2024-09-01", "2024-10-02", None),
        ("old", "u", "2024-06-01", "2024-07-01", None),
        ("later", "u", "2024-09-01", None, None),
        ("soon-1", "u", "2024-09-01", "2024-09-30", None),
        ("recent", "u", "2024-09-01", "2024-09-15", None),
        ("pending", "u", "2024-09-01", "2024-12-01", None),
    ])
    states = compute_task_states(tasks, AS_OF)
    assert states[["task_id", "state"]].values.tolist() == [
        ["old", "overdue"], ["recent", "overdue"],
        ["soon-1", "due_soon"], ["soon-2", "due_soon"],
        ["pending", "pending"], ["later", "pending"],
        ["late", "done_late"], ["done", "done_on_time"],
    ]
    assert states["days_late"].tolist() == [91, 15, pd.NA, pd.NA, pd.NA, pd.NA, 2, pd.NA]


def test_the_register_must_have_its_columns() -> None:
    with pytest.raises(KeyError, match="due_on"):
        compute_task_states(pd.DataFrame({"task_id": [], "unit_id": [], "assigned_on": [],
                                          "done_on": []}), AS_OF)


def test_task_list_columns_and_dates() -> None:
    tasks = _tasks([("t1", "u", "2024-09-01", "2024-09-20", None)]).assign(title="Việc")
    listing = task_list(compute_task_states(tasks, AS_OF))
    expected = pd.DataFrame({
        "task_id": ["t1"], "unit_id": ["u"], "title": ["Việc"], "assigned_on": ["2024-09-01"],
        "due_on": ["2024-09-20"], "done_on": [None], "state": ["overdue"],
        "days_late": pd.array([10], dtype="Int64"),
    }).astype({c: object for c in TASK_LIST_COLUMNS if c != "days_late"})
    assert_frame_equal(listing, expected)


# --------------------------------------------------------------------------- the unit tree


@pytest.fixture
def tree() -> Units:
    """A province with a department and a district; the district's commune C1 ended on
    30 June 2025 and C2 took it over."""
    frame = pd.DataFrame({
        "unit_id": ["p", "s", "d", "c1", "c2"],
        "name": ["Tỉnh", "Sở", "Huyện", "Xã 1", "Xã 2"],
        "level": ["province", "department", "district", "commune", "commune"],
        "parent_id": [None, "p", "p", "d", "d"],
        "valid_from": pd.to_datetime([None, None, None, None, "2025-07-01"]),
        "valid_to": pd.to_datetime([None, None, None, "2025-06-30", None]),
        "successor_id": [None, None, None, "c2", None],
    })
    return Units.from_frame(frame)


@pytest.fixture
def register() -> pd.DataFrame:
    return _tasks([
        ("t1", "c1", "2025-03-01", "2025-06-01", None),  # overdue, carried by c2
        ("t2", "c2", "2025-07-02", "2025-07-20", "2025-07-10"),  # done on time
        ("t3", "d", "2025-08-01", "2025-12-01", None),  # pending
        ("t4", "s", "2025-01-01", "2025-02-01", "2025-02-03"),  # done late
        ("t5", "s", "2025-01-01", "2025-08-30", None),  # overdue
    ])


def _counts(rows: dict[str, tuple[int, int, int, int, int]]) -> pd.DataFrame:
    frame = pd.DataFrame([(u, *c, sum(c)) for u, c in rows.items()],
                         columns=["unit_id", *TASK_STATES, "tasks"])
    return frame.astype({c: "int64" for c in [*TASK_STATES, "tasks"]})


def test_counts_roll_up_the_tree_and_successions(tree, register) -> None:
    states = compute_task_states(register, "2025-09-01")
    counts = compute_task_counts(states, tree)
    #                 overdue, due_soon, pending, done_late, done_on_time
    expected = _counts({
        "p": (2, 0, 1, 1, 1),
        "s": (1, 0, 0, 1, 0),
        "d": (1, 0, 1, 0, 1),  # c1's task counted once, though c1 is a child and c2's too
        "c1": (1, 0, 0, 0, 0),
        "c2": (1, 0, 0, 0, 1),  # carries the task of c1, which it took over
    })
    assert_frame_equal(counts, expected)


def test_own_counts_are_the_unit_and_the_units_it_took_over(tree, register) -> None:
    states = compute_task_states(register, "2025-09-01")
    counts = compute_task_counts(states, tree, rolled=False)
    expected = _counts({
        "p": (0, 0, 0, 0, 0),
        "s": (1, 0, 0, 1, 0),
        "d": (0, 0, 1, 0, 0),
        "c1": (1, 0, 0, 0, 0),
        "c2": (1, 0, 0, 0, 1),
    })
    assert_frame_equal(counts, expected)


def test_carried_by_follows_a_chain_of_successions() -> None:
    frame = pd.DataFrame({
        "unit_id": ["p", "a", "b", "c"], "name": ["P", "A", "B", "C"],
        "level": ["province", "commune", "commune", "commune"],
        "parent_id": [None, "p", "p", "p"],
        "valid_to": pd.to_datetime([None, "2023-12-31", "2024-12-31", None]),
        "successor_id": [None, "b", "c", None],
    })
    pairs = carried_by(Units.from_frame(frame))
    assert sorted(map(tuple, pairs.values.tolist())) == [
        ("a", "a"), ("a", "b"), ("a", "c"), ("b", "b"), ("b", "c"), ("c", "c"), ("p", "p")]


def test_shares_on_time_per_unit_and_quarter_are_sums_not_averages(tree) -> None:
    tasks = _tasks([
        ("a", "c1", "2025-01-02", "2025-02-01", "2025-01-20"),  # 2025Q1 on time
        ("b", "c1", "2025-01-02", "2025-03-01", None),  # 2025Q1 overdue
        ("c", "c1", "2025-01-02", "2025-03-31", "2025-03-31"),  # 2025Q1 on time (due date)
        ("d", "s", "2025-01-02", "2025-02-10", "2025-02-11"),  # 2025Q1 late
        ("e", "s", "2025-04-01", "2025-05-01", "2025-04-30"),  # 2025Q2 on time
        ("f", "s", "2025-04-01", "2025-06-30", None),  # due on the date: not decided
        ("g", "s", "2025-04-01", None, "2025-04-02"),  # no deadline: not counted
    ])
    shares = compute_task_shares(tasks, tree, "2025-06-30")
    expected = pd.DataFrame([
        ("p", "2025Q1", 4, 2, 50.0),  # (2 + 0) / (3 + 1), not the mean of 66.7 and 0
        ("p", "2025Q2", 1, 1, 100.0),
        ("s", "2025Q1", 1, 0, 0.0),
        ("s", "2025Q2", 1, 1, 100.0),
        ("d", "2025Q1", 3, 2, 66.6667),
        ("c1", "2025Q1", 3, 2, 66.6667),
        ("c2", "2025Q1", 3, 2, 66.6667),
    ], columns=["unit_id", "period", "decided", "on_time", "share"])
    assert_frame_equal(shares, expected.astype({"unit_id": str, "period": str}))
    yearly = compute_task_shares(tasks, tree, "2025-06-30", freq="year")
    assert yearly.set_index("unit_id").loc["p"].tolist() == ["2025", 5, 3, 60.0]


def test_shares_reject_an_unknown_frequency(tree, register) -> None:
    with pytest.raises(ValueError, match="freq"):
        compute_task_shares(register, tree, "2025-06-30", freq="month")


def test_the_evaluation_carries_the_register_as_of_the_period_end(sample_data,
                                                                   evaluation_2024q3) -> None:
    tasks = evaluation_2024q3.tasks
    assert len(tasks) and set(tasks["state"]) == set(TASK_STATES)
    expected = compute_task_states(sample_data.tables["tasks"], "2024-09-30")
    assert_frame_equal(tasks, expected)
    assert (tasks["assigned_on"] <= pd.Timestamp("2024-09-30")).all()
    assert (tasks["done_on"].dropna() <= pd.Timestamp("2024-09-30")).all()
