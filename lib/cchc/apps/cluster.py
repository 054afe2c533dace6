"""The batch on a Dask distributed cluster (``cchc run … --cluster ADDRESS``).

Each notebook is one Dask task, :func:`run_on_worker`, which executes it with the same
:func:`cchc.apps.runs.run_task` as the local pool, in the worker's one warm kernel
(:mod:`cchc.apps.kernels`: started by the worker's first notebook, kept for the next
ones, replaced if a notebook kills it, shut down by :class:`KernelPlugin` when the
worker closes). A worker runs one notebook at a time (a lock; start workers with
``--nthreads 1``), so the kernel is never shared. The workers write the workbooks
themselves: the data folder and the output folder must be on a filesystem every worker
sees at the same path, and the task carries the batch's working directory (the
notebooks name the data folder relative to it).

Failures are the local pool's: a cell's error, a kernel that died and a notebook past
``--timeout`` (a watchdog on the worker ends its kernel) fail that unit alone; a worker
that dies fails the unit it ran once the scheduler gives up on it
(``distributed.scheduler.allowed-failures``). Each outcome says where it ran
(``ran_on``: the worker's address and host), which the manifest records.

``--cluster local`` starts a ``LocalCluster`` of ``--jobs`` single-threaded worker
processes here (for tests and one machine); any other value is a scheduler's address.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import os
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace

from distributed import WorkerPlugin

from cchc.apps import kernels
from cchc.errors import ParameterError

#: ``--cluster`` value that starts a LocalCluster on this machine.
LOCAL = "local"
_LOCK = threading.Lock()  # one notebook at a time per worker process: one kernel
#: The context every notebook of this worker runs in. Dask runs each task in a fresh
#: context, and jupyter_client's event loop is a context variable: each notebook would
#: get a new loop, and so a new kernel client (:func:`cchc.apps.kernels.current_client`:
#: 0.2 s before its first cell) and a loop never closed.
_CONTEXT = contextvars.Context()


class KernelPlugin(WorkerPlugin):
    """A Dask worker plugin: the worker's kernel is shut down when the worker closes.

    (This module, and so distributed, is imported only by ``cchc run --cluster``.)
    """

    name = "cchc-kernel"

    def setup(self, worker) -> None:
        os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")

    def teardown(self, worker) -> None:
        with _LOCK:
            _CONTEXT.run(kernels.stop_kernel)


def run_on_worker(task, cwd: str):
    """Execute one notebook on this worker (a Dask task); its outcome says where it ran.

    The notebook runs in the batch's working directory ``cwd``; a kernel started in
    another one is replaced. Past ``task.timeout`` seconds the kernel is ended, and the
    unit fails with reason ``timeout``.
    """
    from distributed import get_worker

    from cchc.apps.runs import Outcome, _remove_stale, failure_text, run_task

    with _LOCK:
        if os.getcwd() != cwd:
            os.chdir(cwd)
            # the kernel resolves paths in the folder it started in
            _CONTEXT.run(kernels.stop_kernel)
        km = _CONTEXT.run(kernels.current_kernel)
        fired = threading.Event()

        def stop() -> None:
            pid = kernels.kernel_pid(km)
            if pid:
                fired.set()
                kernels.kill_kernel(pid)

        watchdog = threading.Timer(task.timeout, stop)
        watchdog.daemon = True
        watchdog.start()
        try:
            outcome = _CONTEXT.run(run_task, task)
        finally:
            watchdog.cancel()
        if fired.is_set():
            _remove_stale(task)
            outcome = Outcome(task.unit_id, False, reason="timeout",
                              error=failure_text("timeout", "en", task.timeout))
        return replace(outcome, ran_on={"worker": get_worker().address,
                                        "host": socket.gethostname()})


@contextlib.contextmanager
def connect(address: str, workers: int) -> Iterator[object]:
    """A Dask client on the cluster at ``address``, or on a new LocalCluster of
    ``workers`` single-threaded processes (``address == "local"``); closed on exit."""
    from distributed import Client, LocalCluster

    # the scheduler and the client log their every step; a user reads only our lines
    logging.getLogger("distributed").setLevel(logging.ERROR)
    cluster = None
    try:
        if address == LOCAL:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR,
                                   worker_dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(address, timeout=30)
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise ParameterError.one("--cluster", "no_cluster", address,
                                 error=type(exc).__name__) from None
    try:
        client.register_plugin(KernelPlugin(), name=KernelPlugin.name)
        yield client
    finally:
        with contextlib.suppress(Exception):
            client.close()
        if cluster is not None:
            with contextlib.suppress(Exception):
                cluster.close()


def run_on_cluster(tasks: list, address: str, workers: int,
                   done: Callable[[object, object], None]) -> None:
    """Run every task on the cluster; call ``done(task, outcome)`` as each ends.

    A task whose worker died (or that raised outside the notebook) gets an outcome
    saying so; Ctrl-C cancels what is left and closes the client (and a LocalCluster,
    its workers and their kernels).
    """
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    from cchc.apps.runs import Outcome, _remove_stale, failure_text

    cwd = os.getcwd()
    with connect(address, workers) as client:
        futures = {client.submit(run_on_worker, task, cwd, key=f"cchc-{i}-{task.unit_id}",
                                 pure=False): task
                   for i, task in enumerate(tasks)}
        try:
            for future in as_completed(futures):
                task = futures[future]
                try:
                    outcome = future.result()
                except KilledWorker as exc:
                    _remove_stale(task)
                    last = getattr(exc, "last_worker", None)
                    address = getattr(last, "address", last if isinstance(last, str) else None)
                    outcome = Outcome(task.unit_id, False, reason="worker_died",
                                      error=failure_text("worker_died", "en"),
                                      ran_on={"worker": address, "host": _host(address)})
                except Exception as exc:  # this unit fails, the rest go on
                    _remove_stale(task)
                    outcome = Outcome(task.unit_id, False, reason="error",
                                      error=f"{type(exc).__name__}: {exc}",
                                      ran_on={"worker": None, "host": None})
                done(task, outcome)
        except BaseException:
            client.cancel(list(futures))
            raise


def _host(address: str | None) -> str | None:
    """The host of a worker's address: ``tcp://10.0.0.5:40000`` → ``10.0.0.5``.

    >>> _host("tcp://127.0.0.1:40000"), _host(None)
    ('127.0.0.1', None)
    """
    if not address:
        return None
    from distributed.comm import parse_address, parse_host_port

    return parse_host_port(parse_address(address)[1])[0]
