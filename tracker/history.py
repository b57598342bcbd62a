"""Every change to every record, kept by django-simple-history.

``HistoricalRecords`` here is simple-history's, taught one thing it does not do
by itself: proxies. ``Partnership``, ``FundingCommitment`` and ``Pledge`` are
proxies of ``Commitment``; Django sends their save and delete signals with the
proxy as sender, which simple-history does not listen to, so an edit on a
partnership's admin page would leave no trace. Here the proxies share the
history of their concrete model: one table, one timeline per commitment.
"""

from django.apps import apps
from django.db import models
from simple_history.models import HistoricalChanges
from simple_history.models import HistoricalRecords as BaseHistoricalRecords


class HistoricalRecords(BaseHistoricalRecords):
    def finalize(self, sender, **kwargs) -> None:
        if (
            sender is not self.cls
            and sender._meta.proxy
            and sender._meta.concrete_model is self.cls
        ):
            self._share_with_proxy(sender)
            return
        super().finalize(sender, **kwargs)

    def create_history_model(self, model, inherited):
        history = super().create_history_model(model, inherited)
        # simple-history names the app ("tracker") as the module of a history model
        # whose model lives in a models package; it is set on the model's own module
        # (tracker.models.statements), where the shell's auto-import looks for it.
        history.__module__ = self.module
        return history

    def _share_with_proxy(self, proxy) -> None:
        """Record the proxy's saves and deletions in the concrete model's history."""
        for signal, receiver in (
            (models.signals.post_save, self.post_save),
            (models.signals.post_delete, self.post_delete),
            (models.signals.pre_delete, self.pre_delete),
        ):
            signal.connect(receiver, sender=proxy, weak=False)
        # The history descriptor is inherited; the admin also looks up its name.
        proxy._meta.simple_history_manager_attribute = self.manager_name


def history_model(model):
    """The historical model that keeps ``model``'s changes (its concrete model's, for proxies)."""
    concrete = model._meta.concrete_model
    return getattr(concrete, concrete._meta.simple_history_manager_attribute).model


def is_historical(model) -> bool:
    """Whether ``model`` is one of the history tables rather than a record of the domain."""
    return issubclass(model, HistoricalChanges)


def domain_models(app_label: str = "tracker") -> list:
    """The app's models without their history tables, the triggers' bookkeeping and the
    unmanaged views of tables Django writes through another model (``country_rows``)."""
    data_version = apps.get_model("tracker", "DataVersion")
    models_of_app = apps.get_app_config(app_label).get_models()
    return [
        model
        for model in models_of_app
        if not is_historical(model) and model is not data_version and model._meta.managed
    ]
