"""The Editors group: staff who curate records, with exactly the permissions they need.

Editors add, change and delete every kind of record and source; they only
view countries, which migrations own, and they manage no accounts.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
CURATED_MODELS = (
    "announcement",
    "citation",
    "commitment",
    "commitmentparty",
    "discrepancy",
    "discrepancyversion",
    "event",
    "figure",
    "fundingcommitment",
    "organisation",
    "partnership",
    "person",
    "pledge",
    "quote",
    "role",
    "sourcearticle",
    "statuschange",
)
READ_ONLY_MODELS = ("country",)


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations have run; the
    # group needs them now, on a database migrated from scratch.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    codenames = [
        f"{action}_{model}"
        for model in CURATED_MODELS
        for action in ("add", "change", "delete", "view")
    ] + [f"view_{model}" for model in READ_ONLY_MODELS]
    permissions = Permission.objects.filter(content_type__app_label="tracker", codename__in=codenames)
    assert permissions.count() == len(codenames), "a tracker permission is missing"
    editors.permissions.set(permissions)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0002_countries"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
