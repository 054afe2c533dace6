"""The ``cchc`` papermill engine: it executes a notebook in the batch worker's kernel.

Registered through papermill's own extension point, the ``papermill.engine`` entry point
(``pyproject.toml``), and selected with ``engine_name="cchc"``.

papermill imports its entry points while it is itself being imported; this module imports
nothing of papermill at its top, and builds the engine class when it is first asked for
(:func:`__getattr__`), so that importing papermill first, or this module first, both work.

After each notebook the kernel's namespace is reset (the next unit starts clean; imported
modules and their caches stay warm) and the client's channels are closed (else ~13 file
descriptors leak per notebook). The reset is sent through the notebook's own client and
waited for only after the worker has written the unit's pages
(:func:`cchc.apps.kernels.finish_pending`): the kernel clears its namespace meanwhile.

:func:`execute_notebook` is papermill's ``execute_notebook`` for the batch: the same
parameter injection, engine and error check, without what the batch does not use (the
notebook read from disk for each unit, and serialised to JSON once more for an output
path that is ``None``).
"""

from __future__ import annotations

import copy
import functools
import logging

from cchc.apps.kernels import ENGINE_NAME, current_kernel, send_reset

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

    class ReusedKernelEngine(NBClientEngine):
        """papermill engine executing in this worker's long-lived kernel."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False,
                                     stdout_file=None, stderr_file=None, start_timeout=60,
                                     execution_timeout=None, **kwargs):
            km = current_kernel()
            safe = remove_args(["timeout", "startup_timeout"], **kwargs)
            final = merge_kwargs(safe, timeout=execution_timeout, startup_timeout=start_timeout,
                                 kernel_name=kernel_name, log=logging.getLogger("papermill"),
                                 log_output=log_output, stdout_file=stdout_file,
                                 stderr_file=stderr_file)
            client = PapermillNotebookClient(nb_man, km=km, **final)
            try:
                return client.execute()
            finally:
                if client.kc is not None:
                    send_reset(client.kc)

    if _ENGINE is None:  # importing papermill above may have built it already
        _ENGINE = ReusedKernelEngine
    return _ENGINE
