"""kernel_sockets on real sockets: a tornado websocket server on 127.0.0.1 and a tornado websocket client."""

import asyncio
import os
import sys
import unittest

from tornado import httpserver, netutil, web, websocket

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "server"))
import kernel_sockets  # noqa: E402  (the lab server's module, kernel-extensions/lab/server)


class Reporting(websocket.WebSocketHandler):
    """Tells the client whether its connection has TCP_NODELAY, as seen on the server's socket."""

    def open(self):
        self.write_message("nodelay=%d" % kernel_sockets.nodelay(self))


class Plain(Reporting):
    pass


class SendingAtOnce(Reporting):
    pass


class KernelSocketsTest(unittest.TestCase):
    def ask(self, handler_class):
        async def main():
            sockets = netutil.bind_sockets(0, "127.0.0.1")
            port = sockets[0].getsockname()[1]
            server = httpserver.HTTPServer(web.Application([("/ws", handler_class)]))
            server.add_sockets(sockets)
            try:
                client = await websocket.websocket_connect("ws://127.0.0.1:%d/ws" % port)
                answer = await client.read_message()
                client.close()
                return answer
            finally:
                server.stop()

        return asyncio.run(main())

    def test_a_plain_tornado_websocket_delays_small_frames(self):
        # what jupyter_server's kernel websockets do without the fix: the fix is needed
        self.assertEqual("nodelay=0", self.ask(Plain))

    def test_a_websocket_sends_at_once_after_the_fix(self):
        kernel_sockets.send_at_once(SendingAtOnce)
        self.assertEqual("nodelay=1", self.ask(SendingAtOnce))

    def test_the_fix_wraps_open_once(self):
        class Twice(Reporting):
            pass

        kernel_sockets.send_at_once(Twice)
        wrapped = Twice.open
        kernel_sockets.send_at_once(Twice)
        self.assertIs(wrapped, Twice.open)
        self.assertEqual("nodelay=1", self.ask(Twice))

    def test_the_installed_jupyter_servers_kernel_channels_get_the_fix(self):
        handler = kernel_sockets.kernel_channels_handler()
        self.assertTrue(issubclass(handler, websocket.WebSocketHandler), handler)
        kernel_sockets.send_at_once(handler)
        self.assertTrue(handler.open.sends_at_once)


if __name__ == "__main__":
    unittest.main()
