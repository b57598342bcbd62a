"""A local web server for the saved article pages in tests/intake/pages/, for intake tests.

``/slow/…`` answers after a pause (longer than the tests' fetch timeout), ``/big``
sends more than the tests' size limit, ``/missing`` answers 404.
"""

import threading
import time
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGES = Path(__file__).resolve().parent / "pages"


class _Handler(SimpleHTTPRequestHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(PAGES), **kwargs)

    def do_GET(self):
        if self.path.startswith("/slow/"):
            time.sleep(1.5)
            self.path = self.path.removeprefix("/slow")
        if self.path == "/big":
            body = b"<p>" + b"x" * 300_000 + b"</p>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, format, *args):  # keep the test output quiet
        pass


@contextmanager
def serving():
    """Serve the saved pages on a free loopback port; yields the base address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
