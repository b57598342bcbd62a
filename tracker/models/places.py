"""Countries: every ISO 3166-1 country, and Kosovo, exists from the first migrations."""

from django.db import models
from django.urls import reverse


class CountryQuerySet(models.QuerySet):
    def get_by_natural_key(self, code: str):
        return self.get(code=code)

    def in_region(self, region: str):
        return self.filter(region=region)


class Country(models.Model):
    code = models.CharField(
        "ISO 3166-1 alpha-2 code",
        max_length=2,
        primary_key=True,
        help_text="Kosovo uses XK, the code the European Commission and ISO users agree on.",
    )
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    region = models.CharField(max_length=60, db_index=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("country-detail", args=[self.slug])

    def natural_key(self) -> tuple[str]:
        return (self.code,)
