"""Adding an article from a web page: its address or its HTML, then its intake page.

``admin/tracker/sourcearticle/from-page/`` fetches the page (``pages.fetch``) or
takes the pasted HTML, extracts the article (``pages.extract``), saves it as a
draft with the page kept beside its text, and opens its intake assistant.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.text import Truncator

from tracker.intake.drafting import unique_slug
from tracker.intake.pages import PageError, extract, fetch
from tracker.models import SourceArticle


class PageForm(forms.Form):
    address = forms.URLField(
        required=False, max_length=500, assume_scheme="https", help_text="The article's page."
    )
    html = forms.CharField(
        label="or its HTML",
        required=False,
        strip=False,  # the page is kept exactly as received
        widget=forms.Textarea(attrs={"rows": 10, "cols": 100}),
        help_text="Paste the page's source when it cannot be fetched (behind a login, say).",
    )

    def clean(self):
        data = super().clean()
        if not data.get("address") and not data.get("html", "").strip():
            raise forms.ValidationError("Give the article's address, or paste its HTML.")
        return data


class FromPageViews:
    """The SourceArticle admin's page for adding an article from the web (a mixin of
    ``IntakeViews``, which gives it ``model_admin`` and ``site``)."""

    def from_page(self, request):
        """An article from a web page: its address, or its HTML pasted; then its intake page."""
        if not self.model_admin.has_add_permission(request):
            raise PermissionDenied
        form = PageForm(request.POST or None)
        status = 200
        if request.method == "POST":
            if form.is_valid():
                try:
                    article = self._article_from(request, form.cleaned_data)
                except PageError as error:
                    form.add_error(None, str(error))
                else:
                    opts = self.model_admin.opts
                    messages.success(
                        request,
                        f"Added “{article.headline}” as a draft, with the page it came from. "
                        "Check its text and date on its page; here is what it mentions.",
                    )
                    return redirect(f"admin:{opts.app_label}_{opts.model_name}_intake", article.pk)
            status = 400
        context_data = {
            **self.site.each_context(request),
            "title": "Add an article from a web page",
            "opts": self.model_admin.opts,
            "form": form,
        }
        request.current_app = self.site.name
        return TemplateResponse(
            request, "admin/tracker/sourcearticle/from_page.html", context_data, status=status
        )

    def _article_from(self, request, data: dict) -> SourceArticle:
        address = data["address"]
        html = data["html"] or fetch(address)
        found = extract(html, address)
        headline = found.headline or Truncator(found.text).words(12)
        article = SourceArticle.objects.create(
            slug=unique_slug(SourceArticle, headline),
            headline=Truncator(headline).chars(300),
            publisher=Truncator(found.publisher).chars(200),
            url=address,
            published_on=found.published_on,
            published_on_precision=found.precision,
            text=found.text,
            raw_html=html,
            editor_notes=f"Byline: {found.byline}" if found.byline else "",
        )
        self.model_admin.log_addition(request, article, "Added from a web page.")
        return article
