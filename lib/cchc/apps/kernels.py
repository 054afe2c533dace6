"""One long-lived kernel per batch worker process.

papermill's own engine starts a kernel per notebook (seconds each on these machines).
A batch worker (:mod:`cchc.apps.workers`) instead starts one kernel when it starts, over
IPC sockets in a private folder (parallel TCP starts race for ports), and the ``cchc``
papermill engine (:mod:`cchc.apps.engine`) executes every notebook of the worker in it.

The kernel manager is jupyter_client's *asynchronous* one: nbclient then waits for a
cell's messages and watches that the kernel is alive at the same time, so a kernel that
dies in a cell (``os._exit``, a crash) fails that notebook at once. (With the blocking
manager, nbclient's wait for the next message blocks its event loop, the liveness check
never runs, and the batch waits forever.) A dead kernel is replaced before the next
notebook. Each start is reported to :data:`on_start` (the worker tells the batch, which
can then end the kernel whatever happens to the worker).
"""

from __future__ import annotations

import contextlib
import multiprocessing.util
import os
import queue
import shutil
import signal
import tempfile
from collections.abc import Callable

from jupyter_core.utils import run_sync

ENGINE_NAME = "cchc"  # as registered in pyproject.toml's papermill.engine entry point
_KERNEL = None  # this worker process's kernel manager
#: Where kernel folders are made (None: the system's temporary folder).
kernel_root: str | None = None
#: Called with (kernel pid, kernel folder) after each kernel start.
on_start: Callable[[int | None, str], None] | None = None


def worker_init() -> None:
    """Start this worker's kernel; Ctrl-C is handled by the parent, not here."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    start_kernel()
    multiprocessing.util.Finalize(None, stop_kernel, exitpriority=100)


def start_kernel():
    """Start this process's kernel (IPC transport, in a private temporary folder)."""
    from jupyter_client.manager import AsyncKernelManager

    global _KERNEL
    home = tempfile.mkdtemp(prefix="cchc-kernel-", dir=kernel_root)
    km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(home, "k"),
                            connection_file=os.path.join(home, "kernel.json"))
    km._cchc_home = home
    _KERNEL = km
    try:
        run_sync(km.start_kernel)(extra_arguments=["--HistoryManager.enabled=False"])
    except BaseException:
        stop_kernel()
        raise
    if on_start is not None:
        on_start(kernel_pid(km), home)
    return km


def kernel_pid(km) -> int | None:
    """The kernel's process id (it leads its own process group)."""
    return getattr(getattr(km, "provisioner", None), "pid", None)


def stop_kernel() -> None:
    """Shut this process's kernel down and remove its folder."""
    global _KERNEL, _PENDING_RESET
    if _PENDING_RESET is not None:
        client, _PENDING_RESET = _PENDING_RESET[0], None
        with contextlib.suppress(Exception):
            client.stop_channels()
    km, _KERNEL = _KERNEL, None
    if km is None:
        return
    try:
        if km.has_kernel:
            run_sync(km.shutdown_kernel)(now=True)
    except Exception:  # already gone: make sure of it below
        pid = kernel_pid(km)
        if pid:
            kill_kernel(pid)
    finally:
        with contextlib.suppress(Exception):  # only files of the folder removed next
            run_sync(km.cleanup_resources)()
        shutil.rmtree(getattr(km, "_cchc_home", ""), ignore_errors=True)


def kill_kernel(pid: int) -> None:
    """End a kernel and anything it started (its process group), now."""
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
            return
        except ProcessLookupError:
            return
        except PermissionError:
            continue


def is_alive(km) -> bool:
    return bool(km.has_kernel and run_sync(km.is_alive)())


#: The client of the last notebook and the id of the reset it sent, not yet answered.
_PENDING_RESET: tuple | None = None


def send_reset(kc) -> None:
    """Ask the kernel to forget the unit's globals (imported modules and their caches
    stay) through the notebook's own client, and return at once: the kernel clears its
    namespace while the worker writes the unit's pages; :func:`finish_reset` then waits
    for the answer and closes the client."""
    global _PENDING_RESET
    finish_reset()
    try:
        _PENDING_RESET = (kc, kc.execute("%reset -f", silent=True, store_history=False))
    except Exception:  # a dead kernel: nothing to reset, the next notebook gets a new one
        kc.stop_channels()


def finish_reset(timeout: float = 60) -> None:
    """Wait for the reset sent after the last notebook (if any), then close its client's
    channels (else ~13 file descriptors leak per notebook). A kernel that died meanwhile
    is not waited for: :func:`current_kernel` replaces it."""
    global _PENDING_RESET
    if _PENDING_RESET is None:
        return
    (kc, msg_id), _PENDING_RESET = _PENDING_RESET, None
    get = run_sync(kc.get_shell_msg)
    try:
        for _ in range(int(timeout)):
            try:
                if get(timeout=1)["parent_header"].get("msg_id") == msg_id:
                    return
            except queue.Empty:
                if _KERNEL is None or not is_alive(_KERNEL):
                    return
    finally:
        kc.stop_channels()


def current_kernel():
    """This process's kernel, alive: started, or restarted if a unit killed it."""
    km = _KERNEL or start_kernel()
    if not is_alive(km):  # a unit may have killed it (os._exit, segfault)
        stop_kernel()
        km = start_kernel()
    return km
