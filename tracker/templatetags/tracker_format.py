"""The formatting of tracker.formatting as template filters.

{% load tracker_format %}
{{ commitment.amount_minor|money:commitment.currency }}   -> £150 million
{{ commitment.amount_minor|money_exact:commitment.currency }} -> £150,000,000
{{ figure|figure_value }}                                  -> almost 100,000 people
{{ article.published_on|fuzzy_date:article.published_on_precision }} -> November 2024
{{ article.published_on|iso_date:article.published_on_precision }}   -> 2024-11
"""

from django import template

from tracker import formatting

register = template.Library()

for function in (
    formatting.money,
    formatting.money_exact,
    formatting.number,
    formatting.figure_value,
    formatting.fuzzy_date,
    formatting.iso_date,
):
    register.filter(function.__name__, function)
