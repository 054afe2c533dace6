"""One long-lived kernel per batch worker process.

papermill's own engine starts a kernel per notebook (seconds each on these machines).
A batch worker instead starts one kernel when it starts, over IPC sockets in a private
folder (parallel TCP starts race for ports), and the ``cchc`` papermill engine
(:mod:`cchc.apps.engine`) executes every notebook of the worker in it.
"""

from __future__ import annotations

import multiprocessing.util
import os
import shutil
import signal
import tempfile

ENGINE_NAME = "cchc"  # as registered in pyproject.toml's papermill.engine entry point
_KERNEL = None  # this worker process's kernel manager


def worker_init() -> None:
    """Start this worker's kernel; Ctrl-C is handled by the parent, not here."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    start_kernel()
    multiprocessing.util.Finalize(None, stop_kernel, exitpriority=100)


def start_kernel():
    """Start this process's kernel (IPC transport, in a private temporary folder)."""
    from jupyter_client.manager import KernelManager

    global _KERNEL
    home = tempfile.mkdtemp(prefix="cchc-kernel-")
    km = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(home, "k"),
                       connection_file=os.path.join(home, "kernel.json"))
    km.start_kernel(extra_arguments=["--HistoryManager.enabled=False"])
    km._cchc_home = home
    _KERNEL = km
    return km


def stop_kernel() -> None:
    """Shut this process's kernel down and remove its folder."""
    global _KERNEL
    km, _KERNEL = _KERNEL, None
    if km is None:
        return
    try:
        km.shutdown_kernel(now=True)
    finally:
        km.cleanup_resources()
        shutil.rmtree(getattr(km, "_cchc_home", ""), ignore_errors=True)


def reset_namespace(km) -> None:
    """Forget the previous unit's globals; imported modules (and their caches) stay."""
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        kc.execute_interactive("%reset -f", timeout=60, store_history=False)
    finally:
        kc.stop_channels()


def current_kernel():
    """This process's kernel, alive: started, or restarted if a unit killed it."""
    km = _KERNEL or start_kernel()
    if not km.is_alive():  # a unit may have killed it (os._exit, segfault)
        stop_kernel()
        km = start_kernel()
    return km
