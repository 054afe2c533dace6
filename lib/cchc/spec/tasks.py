"""The states a task of the register can be in, as of a date: written once, here.

In the order a list of tasks shows them: what needs action first.

* ``overdue``: not done by the date, and its deadline has passed (due before the date);
* ``due_soon``: not done, due on the date or within the next N days (7 by default);
* ``pending``: not done, due later, or without a deadline;
* ``done_late``: done by the date, after its deadline;
* ``done_on_time``: done by the date, on or before its deadline (or without one).

A task assigned after the date does not exist yet as of that date; one completed after
the date is not done as of that date.
"""

from __future__ import annotations

#: Every state, in the order a task list shows them (overdue first).
TASK_STATES: tuple[str, ...] = ("overdue", "due_soon", "pending", "done_late", "done_on_time")
#: The states of a task still to do.
OPEN_STATES: tuple[str, ...] = TASK_STATES[:3]
#: The states of a completed task.
DONE_STATES: tuple[str, ...] = TASK_STATES[3:]
#: How many days ahead a deadline makes a task "due soon", unless told otherwise.
DUE_WITHIN_DAYS = 7
#: The columns of a task list as ``cchc tasks --format csv`` and a run's ``tasks.csv``
#: write it.
TASK_LIST_COLUMNS: tuple[str, ...] = (
    "task_id", "unit_id", "title", "assigned_on", "due_on", "done_on", "state", "days_late",
)
