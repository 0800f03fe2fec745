"""Kernel websockets that send each message at once.

jupyter_server never calls tornado's `set_nodelay(True)` on a kernel's websocket (1.23 and 2.x alike), so Nagle's
algorithm holds every small frame the server writes while an earlier one is unacknowledged, and the browser
acknowledges late (delayed ACK, 40 ms on Linux). An interactive exchange pays that on almost every message: a widget
update's `busy` goes out at once, the output that follows waits ~40 ms. The terminals' websocket already sets it.
"""

import functools
import socket


def kernel_channels_handler():
    """The installed jupyter_server's handler of `/api/kernels/<id>/channels` (its route table says which)."""
    import importlib

    for module in ("jupyter_server.services.kernels.websocket", "jupyter_server.services.kernels.handlers"):
        try:
            routes = importlib.import_module(module).default_handlers
        except (ImportError, AttributeError):
            continue
        for route in routes:
            if route[0].endswith("/channels"):
                return route[1]
    raise RuntimeError("this jupyter_server has no /api/kernels/<id>/channels route")


def send_at_once(handler_class):
    """Makes each websocket `handler_class` opens set TCP_NODELAY before its own `open` runs (once per class)."""
    opened = handler_class.open
    if getattr(opened, "sends_at_once", False):
        return handler_class

    @functools.wraps(opened)
    def open_without_delay(self, *args, **kwargs):
        self.set_nodelay(True)
        return opened(self, *args, **kwargs)

    open_without_delay.sends_at_once = True
    handler_class.open = open_without_delay
    return handler_class


def nodelay(handler):
    """Whether the TCP connection under an open websocket `handler` sends at once (for tests)."""
    stream = handler.ws_connection.stream
    return bool(stream.socket.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
