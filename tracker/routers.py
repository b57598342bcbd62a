"""Which models' rows the database holds as their own (Django's database routers)."""


class UnmanagedModelsRouter:
    """An unmanaged model reads rows another model owns (``models.country_rows``: the tables
    of ``Announcement.countries`` and ``Quote.countries``), so its rows are neither dumped,
    loaded nor migrated as its own: ``dumpdata`` wrote each row once for the many-to-many
    and once for it, and ``loaddata`` then inserted it twice."""

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        model = hints.get("model")
        if model is not None and not model._meta.managed:
            return False
        return None
