"""The ``cchc`` papermill engine: it executes a notebook in the batch worker's kernel.

Registered through papermill's own extension point, the ``papermill.engine`` entry point
(``pyproject.toml``), and selected with ``engine_name="cchc"``.

papermill imports its entry points while it is itself being imported; this module imports
nothing of papermill at its top, and builds the engine class when it is first asked for
(:func:`__getattr__`), so that importing papermill first, or this module first, both work.

The notebook's cells are sent to the kernel all at once, not one after its predecessor's
reply (:func:`pipelined`): the kernel runs them back to back while the worker reads their
outputs (it idled between cells before, a message round trip and the worker's handling of
each cell). The outputs are the same, read by nbclient's own code; after an error the
kernel skips the cells still queued (``stop_on_error``), as nbclient would never have sent
them.

Every notebook of a worker talks to the kernel through one client, its channels kept open
(:func:`cchc.apps.kernels.current_client`: a new client waits 0.2 s for its channels).
After each notebook the kernel's namespace is reset (the next unit starts clean; imported
modules and their caches stay warm). The reset is waited for only after the worker has
written the unit's pages (:func:`cchc.apps.kernels.finish_pending`): the kernel clears its
namespace meanwhile.

:func:`execute_notebook` is papermill's ``execute_notebook`` for the batch: the same
parameter injection, engine and error check, without what the batch does not use (the
notebook read from disk for each unit, and serialised to JSON once more for an output
path that is ``None``).
"""

from __future__ import annotations

import collections
import contextlib
import copy
import functools
import logging
from collections.abc import Iterator

from cchc.apps.kernels import (
    ENGINE_NAME,
    current_client,
    current_kernel,
    finish_pending,
    send_reset,
)

KERNEL_NAME = "python3"


@functools.lru_cache(maxsize=8)
def _template(path: str, mtime_ns: int):
    from papermill.iorw import load_notebook_node

    return load_notebook_node(path)


def execute_notebook(template: str, parameters: dict, timeout: int):
    """Execute ``template`` with ``parameters`` in this worker's kernel; the executed
    notebook. Raises papermill's ``PapermillExecutionError`` for an error in a cell.

    The template is read once per worker (again if it changes on disk)."""
    from pathlib import Path

    from papermill.engines import papermill_engines
    from papermill.execute import raise_for_execution_errors, remove_error_markers
    from papermill.parameterize import parameterize_notebook

    nb = copy.deepcopy(_template(template, Path(template).stat().st_mtime_ns))
    nb = parameterize_notebook(nb, parameters, kernel_name=KERNEL_NAME, language="python",
                               engine_name=ENGINE_NAME)
    nb = remove_error_markers(nb)
    nb = papermill_engines.execute_notebook_with_engine(
        ENGINE_NAME, nb, input_path=template, output_path=None, kernel_name=KERNEL_NAME,
        progress_bar=False, log_output=False, execution_timeout=timeout, start_timeout=timeout)
    raise_for_execution_errors(nb, None)
    return nb

_ENGINE: type | None = None


def __getattr__(name: str) -> type:
    if name == "ReusedKernelEngine":
        return engine_class()
    raise AttributeError(name)


def engine_class() -> type:
    """The engine class (a subclass of papermill's ``NBClientEngine``), built once."""
    global _ENGINE
    if _ENGINE is not None:
        return _ENGINE
    # papermill.engines may be half imported here (loading this entry point): what is
    # used below is defined before it loads its entry points.
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine
    from papermill.utils import merge_kwargs, remove_args

    class PipelinedClient(PapermillNotebookClient):
        """papermill's client, its cells sent to the kernel at once (:func:`pipelined`)."""

        def papermill_execute_cells(self):
            with pipelined(self):
                super().papermill_execute_cells()

    class ReusedKernelEngine(NBClientEngine):
        """papermill engine executing in this worker's long-lived kernel."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False,
                                     stdout_file=None, stderr_file=None, start_timeout=60,
                                     execution_timeout=None, **kwargs):
            # the last notebook's reset answered first: its reply comes on the channel
            # this notebook reads, which would pass it over
            finish_pending()
            km = current_kernel()
            # (papermill hands its engines the notebook's path too: not an nbclient option)
            safe = remove_args(["timeout", "startup_timeout", "input_path"], **kwargs)
            final = merge_kwargs(safe, timeout=execution_timeout, startup_timeout=start_timeout,
                                 kernel_name=kernel_name, log=logging.getLogger("papermill"),
                                 log_output=log_output, stdout_file=stdout_file,
                                 stderr_file=stderr_file)
            client = PipelinedClient(nb_man, km=km, **final)
            client.kc = current_client(km, start_timeout)
            try:
                return client.execute()
            finally:
                if client.kc is not None:
                    send_reset(client.kc)

    if _ENGINE is None:  # importing papermill above may have built it already
        _ENGINE = ReusedKernelEngine
    return _ENGINE


def _executed(client, cell) -> bool:
    """Whether nbclient sends ``cell`` to the kernel (its ``async_execute_cell``)."""
    return (cell.cell_type == "code" and bool(cell.source.strip())
            and client.skip_cells_with_tag not in cell.metadata.get("tags", []))


@contextlib.contextmanager
def pipelined(client) -> Iterator[None]:
    """Send every cell nbclient will execute to the kernel now, in order, with the
    ``stop_on_error`` nbclient gives it; meanwhile nbclient's ``execute`` hands out these
    requests' ids in turn instead of sending.

    nbclient then reads each cell's reply and outputs as it does: the kernel answers the
    requests one after the other, so on each channel a cell's messages all come before
    the next cell's, and nbclient stops reading at the end of its cell's (the reply; the
    idle status).
    """
    kc = client.kc
    send = kc.execute
    sent: collections.deque[tuple[str, str]] = collections.deque()
    for cell in client.nb.cells:
        if not _executed(client, cell):
            continue
        allows = (not client.force_raise_errors) and (
            client.allow_errors or "raises-exception" in cell.metadata.get("tags", []))
        sent.append((cell.source, send(cell.source, store_history=True,
                                       stop_on_error=not allows)))

    def execute(code, *args, **kwargs) -> str:
        if not sent or sent[0][0] != code:
            raise RuntimeError("nbclient executes a cell that was not sent in its turn")
        return sent.popleft()[1]

    kc.execute = execute
    try:
        yield
    finally:
        del kc.execute  # the client's own method again
