"""SQL compiled once per process for each shape of query and kept, the least recently used
forgotten first: search's and the record pages' (``tracker.search_sql``) and the lists'
(``tracker.list_sql``), each in a keeper of its own so that one's shapes never push out
the other's."""

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock


class Shapes[Compiled]:
    """At most ``kept`` shapes' compiled SQL, shared by the threads of a process."""

    def __init__(self, kept: int) -> None:
        self.kept = kept
        self.compiled: OrderedDict[Hashable, Compiled] = OrderedDict()
        self.lock = Lock()

    def get(self, shape: Hashable, compile_shape: Callable[[], Compiled]) -> Compiled:
        """The shape's compiled SQL, compiled now (outside the lock) if it is not kept."""
        with self.lock:
            if shape in self.compiled:
                self.compiled.move_to_end(shape)
                return self.compiled[shape]
        compiled = compile_shape()
        with self.lock:
            self.compiled[shape] = compiled
            while len(self.compiled) > self.kept:
                self.compiled.popitem(last=False)
        return compiled
