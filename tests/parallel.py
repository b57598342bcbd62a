"""Two editors at once: one transaction left open while another connection writes."""

import threading

from django.db import connection, transaction


def in_a_thread(write) -> tuple[threading.Thread, list]:
    """``write`` started in a thread of its own (its own connection); what it raised."""
    failed = []

    def run():
        try:
            write()
        except Exception as error:  # reported in the test's own thread
            failed.append(error)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=run)
    thread.start()
    return thread, failed


def in_parallel(first, then) -> None:
    """``first`` in a transaction left open while another thread (its own connection) runs
    ``then``, which may wait for it; then committed, and ``then`` waited for."""
    with transaction.atomic():
        first()
        other, failed = in_a_thread(then)
        other.join(timeout=2)  # done at once, or waiting for this transaction's commit
    other.join(timeout=30)
    assert not other.is_alive()
    assert not failed, failed
