"""A role's evidence: the excerpt that names the person in it, and a background reference
for what the cited articles do not give (issue 12).

Adding a column with a default makes SQLite copy tracker_role and drop its data-version
triggers with the old table; they are created again afterwards (and after unapplying),
as in migration 0007.
"""

import django.db.models.deletion
from django.db import migrations, models


def recreate_sqlite_data_version_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for event in ("INSERT", "UPDATE", "DELETE"):
        schema_editor.execute(
            f"CREATE TRIGGER IF NOT EXISTS tracker_role_data_version_{event.lower()} "
            f"AFTER {event} ON tracker_role BEGIN UPDATE tracker_dataversion SET changed_at = "
            f"strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE id = 1; END"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('tracker', '0007_date_precision'),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, recreate_sqlite_data_version_triggers),
        migrations.AddField(
            model_name='historicalrole',
            name='background_reference',
            field=models.URLField(blank=True, help_text='Where what the cited articles do not give (such as the dates) comes from; shown as background, not from the cited articles.', max_length=500),
        ),
        migrations.AddField(
            model_name='historicalrole',
            name='citation',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='An excerpt of a cited article that names the person in this role.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='tracker.citation'),
        ),
        migrations.AddField(
            model_name='role',
            name='background_reference',
            field=models.URLField(blank=True, help_text='Where what the cited articles do not give (such as the dates) comes from; shown as background, not from the cited articles.', max_length=500),
        ),
        migrations.AddField(
            model_name='role',
            name='citation',
            field=models.ForeignKey(blank=True, help_text='An excerpt of a cited article that names the person in this role.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='roles_named', to='tracker.citation'),
        ),
        migrations.RunPython(recreate_sqlite_data_version_triggers, migrations.RunPython.noop),
    ]
