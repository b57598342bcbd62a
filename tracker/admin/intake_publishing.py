"""Publishing from the intake page: the article and the drafts that cite it, in one action.

The last step of the editor's path from a pasted article to published records:
after accepting candidates, one button publishes every draft record that cites
this article (and the article, if it is still a draft, since a record whose
every source is a draft may not be published), each through its own admin's
permission and log, as the admin's publish action does.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect

from tracker.models import Publication, SourceArticle, cited_models
from tracker.models.evidence import hold_records_citing
from tracker.records import edited_as


def drafts_citing(article: SourceArticle) -> list:
    """The draft records that cite ``article``, in the order their kinds are listed."""
    drafts = []
    for model in cited_models():
        found = model.objects.filter(
            publication=Publication.DRAFT, citations__source=article
        ).distinct()
        drafts.extend(found.order_by("pk"))
    return drafts


class PublishViews:
    """The intake page's “publish” action (a mixin of ``IntakeViews``)."""

    def publish(self, request, object_id):
        article = self._article(request, object_id)
        with transaction.atomic():
            # The drafts found in the transaction that publishes them, once held, as every
            # source guard holds what it checks: a citation deleted meanwhile is seen.
            hold_records_citing(SourceArticle.objects.filter(pk=article.pk))
            drafts = drafts_citing(article)
            admins = [(record, self._admin_for(record)) for record in [article, *drafts]]
            if any(
                model_admin is None or not model_admin.has_change_permission(request, record)
                for record, model_admin in admins
            ):
                raise PermissionDenied
            published = 0
            for record, model_admin in admins:
                if record.publication == Publication.PUBLISHED:
                    continue
                record.publication = Publication.PUBLISHED
                record.save()
                model_admin.log_change(request, record, "Published from the intake assistant.")
                published += 1
        if published:
            messages.success(
                request,
                f"Published {published} record{'s' if published != 1 else ''}: this article and "
                "the drafts that cite it. The public sees them now.",
            )
        else:
            messages.info(request, "Nothing to publish: this article's records are published.")
        opts = self.model_admin.opts
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_intake", article.pk)

    def _admin_for(self, record):
        return self.site._registry.get(edited_as(record))
