"""The site's chrome: what surrounds every page's content the same way, drawn once.

{% chrome "tracker/includes/site_header.html" route %}   that template rendered with
    ``route`` (the page's route name, which the navigation marks as current) and nothing
    else, kept per process for each template, route, script prefix, URL configuration and
    language: its addresses (``{% url %}``, ``{% static %}``) and markup are the same for
    every request, and drawing them cost as much as a small page's own content

A chrome template's last newline ends the file, not the line it stands in: it is dropped.
What is kept is forgotten when a setting changes (tests) and when a template changes
(``runserver`` reloads templates without restarting).
"""

from pathlib import Path

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.autoreload import file_changed
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Templates times routes: far fewer, unless something is wrong; then start again.
KEPT_AT_MOST = 1000
_drawn: dict[tuple, SafeString] = {}


@register.simple_tag
def chrome(name: str, route: str | None = None) -> SafeString:
    key = (name, route, get_script_prefix(), get_urlconf(), translation.get_language())
    drawn = _drawn.get(key)
    if drawn is None:
        if len(_drawn) >= KEPT_AT_MOST:
            _drawn.clear()
        markup = get_template(name).render({"route": route})
        drawn = _drawn[key] = mark_safe(markup.removesuffix("\n"))
    return drawn


@receiver(setting_changed)
def forget_on_setting_changed(**kwargs) -> None:
    _drawn.clear()


@receiver(file_changed)
def forget_on_template_changed(sender, file_path: Path, **kwargs) -> None:
    if file_path.suffix == ".html":
        _drawn.clear()
