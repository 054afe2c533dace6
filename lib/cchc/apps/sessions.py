"""The kernel manager of ``cchc serve``: it culls a kernel whose page is gone, never one
whose page is still loading.

jupyter_server culls a kernel that has been idle for ``cull_idle_timeout`` seconds with no
connection (``cull_connected=False``). A page's kernel has no connection *yet* while the
browser loads the page: between the end of the notebook's execution and the page's
websocket, a slow or busy browser can take longer than a short cull time, and a kernel
culled then leaves a broken page. This manager culls only kernels whose page has
connected once (and left), or that no page has reached within ``connect_grace`` seconds.
Voila's pooling manager is built on top of it
(``VoilaConfiguration.multi_kernel_manager_class``), and keeps protecting the kernels
waiting in its pool.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Float

#: How long a server stopping waits for a kernel still starting (seconds).
STARTING_WAIT = 60


class SessionKernelManager(AsyncMappingKernelManager):
    """:class:`AsyncMappingKernelManager` that spares kernels of pages still loading."""

    connect_grace = Float(
        300.0, config=True,
        help="Seconds a kernel no page has connected to yet is spared by the culler.")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._connected: set[str] = set()
        self._first_seen: dict[str, float] = {}

    def notify_connect(self, kernel_id: str) -> None:
        self._connected.add(kernel_id)
        super().notify_connect(kernel_id)

    async def cull_kernel_if_idle(self, kernel_id: str):
        first = self._first_seen.setdefault(kernel_id, time.monotonic())
        if kernel_id not in self._connected and time.monotonic() - first < self.connect_grace:
            return None  # its page has not connected yet: still loading
        return await super().cull_kernel_if_idle(kernel_id)

    async def _async_shutdown_kernel(self, kernel_id: str, *args, **kwargs):
        """Shut a kernel down; one still starting is awaited first (a server stopped
        while its pool fills ends those kernels too), one already gone is no error."""
        self._connected.discard(kernel_id)
        self._first_seen.pop(kernel_id, None)
        starting = self._pending_kernels.get(kernel_id)
        if starting is not None and kernel_id not in self._kernels:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.shield(starting), STARTING_WAIT)
        if kernel_id not in self._kernels:
            return None
        return await super()._async_shutdown_kernel(kernel_id, *args, **kwargs)

    shutdown_kernel = _async_shutdown_kernel
