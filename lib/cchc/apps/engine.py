"""The ``cchc`` papermill engine: it executes a notebook in the batch worker's kernel.

Registered through papermill's own extension point, the ``papermill.engine`` entry point
(``pyproject.toml``), and selected with ``engine_name="cchc"``.

papermill imports its entry points while it is itself being imported; this module imports
nothing of papermill at its top, and builds the engine class when it is first asked for
(:func:`__getattr__`), so that importing papermill first, or this module first, both work.

After each notebook the client's channels are closed (else ~13 file descriptors leak
per notebook) and the kernel's namespace is reset (the next unit starts clean; imported
modules and their caches stay warm).
"""

from __future__ import annotations

import logging

from cchc.apps.kernels import current_kernel, reset_namespace

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
                    client.kc.stop_channels()
                reset_namespace(km)

    if _ENGINE is None:  # importing papermill above may have built it already
        _ENGINE = ReusedKernelEngine
    return _ENGINE
