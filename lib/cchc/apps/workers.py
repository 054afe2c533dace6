"""The batch's worker processes, watched: a batch always ends, and leaves nothing behind.

Each worker is a child process (``spawn``: nothing inherited but what it imports) that
keeps one kernel (:mod:`cchc.apps.kernels`) and executes one notebook at a time, as the
parent hands them out. The parent

* fails a notebook whose worker dies (its outcome says so), and one that runs longer than
  the time limit: it ends that worker and its kernel and starts a fresh worker in its
  place, so the other notebooks go on;
* knows every kernel a worker starts (the worker reports it), so that it can end the
  kernel (its whole process group) whatever happened to the worker;
* on Ctrl-C or SIGTERM stops every worker (SIGTERM: a worker then ends the notebook it
  runs, removes the temporary file it was writing and shuts its kernel down), ends
  every kernel still running, and removes the batch's kernel folder.

A worker ends itself (and its kernel) if the parent disappears, and a kernel ends itself
when its worker does (ipykernel watches its parent), so even ``kill -9`` of the parent
leaves no process for long; a kernel folder it leaves (``cchc-kernel-<pid>-…`` in the
temporary folder) is removed by the next batch.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

#: A worker gets this long to stop on its own before it is killed (seconds).
GRACE = 10.0
#: Workers that in a row fail to start their kernel before the batch gives up.
START_FAILURES = 3
_ROOT_NAME = re.compile(r"cchc-kernel-(\d+)-")


class Terminated(KeyboardInterrupt):
    """SIGTERM: stop the batch the way Ctrl-C does."""


@contextlib.contextmanager
def sigterm_stops() -> Iterable[None]:
    """Within the block, SIGTERM raises :class:`Terminated` (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise Terminated

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# --------------------------------------------------------------------------- the worker


def exit_on_sigterm() -> None:
    """SIGTERM ends this process with code 143 (a SystemExit: ``finally`` blocks run, so
    the notebook's temporary file is removed and the kernel shut down).

    Python runs a signal handler between any two bytecodes, also inside a callback it
    cannot raise from (a weak reference's, a ``__del__``). There the SystemExit would be
    printed as "Exception ignored" with a traceback, and the process would go on. Such a
    SystemExit sends SIGTERM again instead, a moment later (from a thread: the callback
    has returned by then), which ends the process from its main flow.
    """

    def stop(signum, frame):
        raise SystemExit(143)

    default = sys.unraisablehook

    def unraisable(info) -> None:
        if info.exc_type is SystemExit:
            again = threading.Timer(0.01, os.kill, (os.getpid(), signal.SIGTERM))
            again.daemon = True
            again.start()
            return
        default(info)

    signal.signal(signal.SIGTERM, stop)
    sys.unraisablehook = unraisable


def worker_main(conn, parent_pid: int, root: str, job_name: str) -> None:
    """A worker's life: start a kernel, then run ``job(task)`` for each task received.

    The job comes by name (``module:function``) and is imported once the kernel is
    starting: the worker's imports and the kernel's start overlap."""
    from cchc.apps import kernels

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    exit_on_sigterm()
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    # a failure is reported by the batch, once, with its reason: not logged here too
    logging.getLogger("papermill").setLevel(logging.CRITICAL)
    # nor the tasks a stopped notebook leaves in the event loop, as the worker ends
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    kernels.kernel_root = root
    kernels.on_start = lambda pid, home: conn.send(("kernel", pid, home))
    threading.Thread(target=_orphan_watch, args=(parent_pid,), daemon=True).start()
    try:
        try:
            km = kernels.start_kernel(warm=False)
            module, _, name = job_name.partition(":")
            job = getattr(importlib.import_module(module), name)
            kernels.warm_up(km)
        except Exception as exc:  # the parent counts it; a few in a row end the batch
            conn.send(("start_failed", f"{type(exc).__name__}: {exc}"))
            return
        conn.send(("ready",))
        while True:
            task = conn.recv()
            if task is None:
                break
            conn.send(("done", job(task)))
    except (EOFError, OSError, SystemExit, KeyboardInterrupt):
        pass
    finally:
        kernels.stop_kernel()


def _orphan_watch(parent_pid: int) -> None:
    """End this worker, and its kernel, when the batch that started it is gone."""
    from cchc.apps import kernels

    while os.getppid() == parent_pid:
        time.sleep(1.0)
    km = kernels._KERNEL
    if km is not None and kernels.kernel_pid(km):
        kernels.kill_kernel(kernels.kernel_pid(km))
        shutil.rmtree(getattr(km, "_cchc_home", ""), ignore_errors=True)
    os._exit(1)


# --------------------------------------------------------------------------- the parent


@dataclass
class Failure:
    """Why a task got no outcome from its worker."""

    reason: str  # "timeout", "worker_died", "no_kernel"
    seconds: float | None = None


@dataclass
class _Worker:
    process: multiprocessing.Process
    conn: multiprocessing.connection.Connection
    ready: bool = False
    task: object | None = None
    started: float = 0.0
    kernels: dict[int, str] = field(default_factory=dict)  # pid → folder


class Workers:
    """At most ``size`` workers running ``job`` on tasks; see the module's docstring."""

    def __init__(self, size: int, job: Callable | str, timeout: float) -> None:
        self.size = size
        #: ``module:function``, imported by each worker (a name: the caller need not
        #: import the job's module before starting workers)
        self.job = job if isinstance(job, str) else f"{job.__module__}:{job.__qualname__}"
        self.timeout = timeout
        self.context = multiprocessing.get_context("spawn")
        self.root = ""
        self.workers: list[_Worker] = []
        self.start_failures = 0

    def __enter__(self) -> Workers:
        remove_stale_roots()
        self.root = tempfile.mkdtemp(prefix=f"cchc-kernel-{os.getpid()}-")
        return self

    def __exit__(self, *exc) -> None:
        self.stop_all()

    # ------------------------------------------------------------------ running

    def start(self, count: int) -> None:
        """Start ``count`` workers now (each starts its kernel), before the tasks are
        known: they boot while the caller prepares them."""
        while len(self.workers) < min(count, self.size):
            self._spawn()

    def run(self, tasks: list, done: Callable[[object, object], None]) -> None:
        """Run every task; call ``done(task, outcome_or_failure)`` as each ends."""
        pending = list(tasks)
        while pending or any(w.task is not None for w in self.workers):
            while len(self.workers) < min(self.size, len(pending) + self._busy()):
                self._spawn()
            for worker in self.workers:
                if worker.ready and worker.task is None and pending:
                    worker.task, worker.started = pending.pop(0), time.monotonic()
                    worker.conn.send(worker.task)
            self._wait()
            for worker in list(self.workers):
                self._drain(worker, done)
                if not worker.process.is_alive() or worker.conn.closed:
                    self._lost(worker, done, pending)
                elif worker.task is not None and self._overdue(worker):
                    task = worker.task
                    self._end(worker, grace=GRACE)
                    done(task, Failure("timeout", self.timeout))
            if self.start_failures >= START_FAILURES:
                for task in pending:
                    done(task, Failure("no_kernel"))
                pending.clear()

    def _busy(self) -> int:
        return sum(w.task is not None for w in self.workers)

    def _overdue(self, worker: _Worker) -> bool:
        return time.monotonic() - worker.started > self.timeout

    def _spawn(self) -> None:
        parent, child = self.context.Pipe()
        process = self.context.Process(
            target=worker_main,
            args=(child, os.getpid(), self.root, self.job),
            name="cchc-worker", daemon=False)
        process.start()
        child.close()
        self.workers.append(_Worker(process, parent))

    def _wait(self) -> None:
        handles = [w.conn for w in self.workers] + [w.process.sentinel for w in self.workers]
        multiprocessing.connection.wait(handles, timeout=0.5)

    def _drain(self, worker: _Worker, done: Callable) -> None:
        try:
            while worker.conn.poll():
                message = worker.conn.recv()
                if message[0] == "kernel":
                    worker.kernels[message[1]] = message[2]
                elif message[0] == "ready":
                    worker.ready = True
                    self.start_failures = 0
                elif message[0] == "done":
                    task, worker.task = worker.task, None
                    done(task, message[1])
        except (EOFError, OSError):
            worker.conn.close()

    def _lost(self, worker: _Worker, done: Callable, pending: list) -> None:
        """A worker that died: its task fails; a fresh worker will take the next one."""
        task = worker.task
        if not worker.ready:
            self.start_failures += 1
        self._end(worker)
        if task is not None:
            done(task, Failure("worker_died"))

    def _end(self, worker: _Worker, grace: float = 0.0) -> None:
        """Stop a worker (SIGTERM, then SIGKILL after ``grace``) and end its kernels."""
        if worker in self.workers:
            self.workers.remove(worker)
        process = worker.process
        if process.is_alive():
            process.terminate()
            process.join(grace)
            if process.is_alive():
                process.kill()
        process.join(5)
        self._drain(worker, lambda *a: None)  # kernels it reported at the last moment
        for pid, home in worker.kernels.items():
            from cchc.apps.kernels import kill_kernel

            kill_kernel(pid)
            shutil.rmtree(home, ignore_errors=True)
        worker.conn.close()
        process.close()

    # ------------------------------------------------------------------ stopping

    def stop_all(self) -> None:
        """Stop every worker and kernel and remove the kernel folder; nothing survives.

        Idle workers are told to finish; busy ones, and those still starting (they read
        no message before their kernel is warm), get SIGTERM and a moment to clean up. A
        second Ctrl-C or SIGTERM meanwhile waits until this is done.
        """
        blocked = threading.current_thread() is threading.main_thread()
        if blocked:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            self._stop_all()
        finally:
            if blocked:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})

    def _stop_all(self) -> None:
        for worker in self.workers:
            self._drain(worker, lambda *a: None)  # a worker ready meanwhile is told to end
            if worker.ready and worker.task is None and not worker.conn.closed:
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
        deadline = time.monotonic() + GRACE
        for worker in list(self.workers):
            if not worker.ready and worker.process.is_alive():
                # still starting: nothing of its own to clean up but the kernel, which
                # _end kills (a kernel whose parent is gone ends itself): no wait for a
                # graceful kernel shutdown when a batch stops before it began
                worker.process.kill()
            elif worker.task is not None and worker.process.is_alive():
                worker.process.terminate()
        for worker in list(self.workers):
            worker.process.join(max(0.0, deadline - time.monotonic()))
            self._end(worker)
        if self.root:
            shutil.rmtree(self.root, ignore_errors=True)


def start_workers(stack: contextlib.ExitStack, job: Callable | str, jobs: int,
                  timeout: float, now: int = 2) -> Workers:
    """A pool of ``jobs`` workers running ``job`` (or ``module:function``), ``now`` of
    them starting at once (by default two: every batch has the overview and a unit),
    stopped with ``stack``, as is the handling of SIGTERM (:func:`sigterm_stops`).

    Given the job by name, a caller need not have imported its module: this one needs
    only the standard library, so the workers boot (each starts its kernel and imports
    what the notebooks use) while the caller imports pandas and the engine and plans
    the batch, when a core would otherwise wait.
    """
    stack.enter_context(sigterm_stops())
    workers = stack.enter_context(Workers(jobs, job, timeout))
    workers.start(min(jobs, now))
    return workers


def remove_stale_roots(folder: str | None = None) -> list[Path]:
    """Remove kernel folders left by batches that no longer run (their pid is gone)."""
    removed = []
    for path in Path(folder or tempfile.gettempdir()).glob("cchc-kernel-*-*"):
        match = _ROOT_NAME.match(path.name)
        if match is None or not path.is_dir():
            continue
        try:
            os.kill(int(match.group(1)), 0)
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
        except (PermissionError, OverflowError):
            continue
    return removed
