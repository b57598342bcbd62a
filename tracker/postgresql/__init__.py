"""The PostgreSQL database backend: Django's own, with every wait for the server bounded
while serving a request (``base``), and a process's memory of a stalled server
(``stalls``). ``DATABASE_URL=postgres://...`` selects it (tracker.settings)."""
