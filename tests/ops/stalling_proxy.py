"""A TCP forwarder on loopback that can stop relaying without closing anything.

While stalled it keeps accepting connections and keeps every socket open, and the
kernel still acknowledges what the app sends, but no byte goes on in either
direction: what a database behind a hung proxy or a stuck server looks like to the
app. TCP keepalives and ``tcp_user_timeout`` cannot notice it; only the app's own
limit on how long it waits for an answer can.
"""

import contextlib
import socket
import threading


class StallingProxy:
    def __init__(self, upstream_port: int):
        self.upstream = ("127.0.0.1", upstream_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.relaying = threading.Event()
        self.relaying.set()
        self.closed = threading.Event()
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def stall(self) -> None:
        self.relaying.clear()

    def resume(self) -> None:
        self.relaying.set()

    def close(self) -> None:
        self.closed.set()
        self.relaying.set()
        self.listener.close()
        with self.lock:
            for sock in self.sockets:
                sock.close()

    def _accept(self) -> None:
        while not self.closed.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets += [client, server]
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while True:
                self.relaying.wait()
                data = source.recv(65536)
                if not data:
                    break
                # Read during a stall: held back until relaying resumes.
                self.relaying.wait()
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
