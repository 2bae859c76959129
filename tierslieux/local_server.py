"""A local HTTP server answering on 127.0.0.1 in a thread: ``make livret`` prints the built site through one, and the
tests serve sites and stand-in services (geocoder, dead links) with it."""

from __future__ import annotations

import contextlib
import socketserver
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def serving(server: socketserver.BaseServer) -> Iterator[str]:
    """``server``, bound to a port of 127.0.0.1, answering in a thread; yields its address, ``http://127.0.0.1:<port>``
    without a final « / », and stops it on leaving."""
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
