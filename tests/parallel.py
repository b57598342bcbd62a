"""Two editors at once: one transaction left open while another connection writes."""

import threading

from django.db import connection, transaction


def in_parallel(first, then) -> None:
    """``first`` in a transaction left open while another thread (its own connection) runs
    ``then``, which may wait for it; then committed, and ``then`` waited for."""
    failed = []

    def run_then():
        try:
            then()
        except Exception as error:  # reported in the test's own thread
            failed.append(error)
        finally:
            connection.close()  # this thread's own connection

    with transaction.atomic():
        first()
        other = threading.Thread(target=run_then)
        other.start()
        other.join(timeout=2)  # done at once, or waiting for this transaction's commit
    other.join(timeout=30)
    assert not other.is_alive()
    assert not failed, failed
