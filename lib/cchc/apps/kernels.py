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
import os
import queue
import shutil
import signal
import tempfile
import time
from collections.abc import Callable

from jupyter_core.utils import run_sync

ENGINE_NAME = "cchc"  # as registered in pyproject.toml's papermill.engine entry point
_KERNEL = None  # this worker process's kernel manager
#: Where kernel folders are made (None: the system's temporary folder).
kernel_root: str | None = None
#: Called with (kernel pid, kernel folder) after each kernel start.
on_start: Callable[[int | None, str], None] | None = None


def start_kernel(warm: bool = True):
    """Start this process's kernel (IPC transport, in a private temporary folder); with
    ``warm``, wait until it has imported the notebooks' modules (:func:`warm_up`)."""
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
    if warm:
        warm_up(km)
    return km


def warm_up(km, timeout: float = 120) -> None:
    """Have a new kernel import the notebooks' modules (:data:`WARM_UP`) before its first
    notebook: a worker does it while the batch still prepares. A kernel that does not
    answer is left to the first notebook, which waits for it or fails saying so."""
    from jupyter_client import BlockingKernelClient

    # a blocking client of its own: an asynchronous one is tied to the event loop it was
    # first used in, and nbclient may run the notebooks in another
    kc = BlockingKernelClient(connection_file=km.connection_file)
    kc.load_connection_file()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=timeout)
        kc.execute_interactive(WARM_UP, silent=True, store_history=False, timeout=timeout,
                               output_hook=lambda message: None)
    except (RuntimeError, TimeoutError):
        pass
    finally:
        kc.stop_channels()


def kernel_pid(km) -> int | None:
    """The kernel's process id (it leads its own process group)."""
    return getattr(getattr(km, "provisioner", None), "pid", None)


def stop_kernel() -> None:
    """Shut this process's kernel down and remove its folder."""
    global _KERNEL, _PENDING
    _PENDING = None
    drop_client()
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


#: The reset sent after a notebook without waiting: the notebook's client and the
#: message id, until :func:`finish_pending` reads the answer.
_PENDING: tuple | None = None
#: What the kernel runs after each notebook: IPython's reset of the user's namespace and
#: output cache, without the two full garbage collections of ``%reset -f`` (most of its
#: time: the heap holds pandas and Altair); the interpreter's own collector frees the
#: cycles left.
RESET = """\
def _cchc_reset(shell=get_ipython()):
    import gc
    collect, gc.collect = gc.collect, lambda *args, **kwargs: 0
    try:
        shell.reset(new_session=False)  # the namespace (this function's name too) is gone
    finally:
        gc.collect = collect
_cchc_reset()
"""
#: What a new kernel imports before its first notebook: the package's notebook API.
WARM_UP = '__import__("cchc.present.views")'


#: The notebooks' client of this process's kernel: (kernel manager, event loop, client).
_CLIENT: tuple | None = None


def current_client(km, timeout: float = 60):
    """The client every notebook of this worker talks to ``km`` through, its channels
    kept open from one notebook to the next: a new client per notebook (nbclient's way)
    waits 0.2 s for its IOPub channel to connect (jupyter_client's ``wait_for_ready``),
    a third of a workbook's time here. One per kernel and event loop (an asynchronous
    client belongs to the loop it was made in); messages a notebook left unread (the
    replies to the cells an error skipped) are passed over by the next, as replies to
    requests that are not its own."""
    from jupyter_core.utils import ensure_event_loop

    global _CLIENT
    loop = ensure_event_loop()
    if _CLIENT is not None and _CLIENT[0] is km and _CLIENT[1] is loop:
        return _CLIENT[2]
    drop_client()
    kc = km.client()
    kc.start_channels()
    try:
        run_sync(kc.wait_for_ready)(timeout=timeout)
    except BaseException:
        kc.stop_channels()
        raise
    kc.allow_stdin = False
    _CLIENT = (km, loop, kc)
    return kc


def drop_client() -> None:
    """Close the notebooks' client's channels (its kernel is gone or replaced)."""
    global _CLIENT
    if _CLIENT is not None:
        kc, _CLIENT = _CLIENT[2], None
        with contextlib.suppress(Exception):
            kc.stop_channels()


def send_reset(kc) -> None:
    """Ask the kernel to forget the unit's globals (imported modules and their caches
    stay) through the notebooks' client, and return at once: the kernel clears its
    namespace while the worker writes the unit's pages; :func:`finish_pending` then waits
    for the answer."""
    _send(kc, RESET)


def _send(kc, code: str) -> None:
    global _PENDING
    finish_pending()
    try:
        _PENDING = (kc, kc.execute(code, silent=True, store_history=False))
    except Exception:  # a dead kernel: the next notebook gets a new one, and a new client
        drop_client()


def finish_pending(timeout: float = 60) -> None:
    """Wait for the answer to the reset sent after the last notebook (if any), passing
    over the replies that notebook left unread. A kernel that died meanwhile is not
    waited for (:func:`current_kernel` replaces it); one that does not answer in
    ``timeout`` seconds loses its client (the next notebook makes another)."""
    global _PENDING
    if _PENDING is None:
        return
    (kc, msg_id), _PENDING = _PENDING, None
    get = run_sync(kc.get_shell_msg)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if get(timeout=1)["parent_header"].get("msg_id") == msg_id:
                return
        except queue.Empty:
            if _KERNEL is None or not is_alive(_KERNEL):
                break
    drop_client()


def current_kernel():
    """This process's kernel, alive: started, or restarted if a unit killed it."""
    km = _KERNEL or start_kernel()
    if not is_alive(km):  # a unit may have killed it (os._exit, segfault)
        stop_kernel()
        km = start_kernel()
    return km
