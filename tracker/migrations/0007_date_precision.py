"""A precision beside every date of announcements, commitments, status changes and quotes.

Adding a column with a default, or a check constraint, makes SQLite copy the table to a
new one and drop the old, and its triggers go with it: the data-version triggers of
migration 0006 are created again on the four tables afterwards (and after unapplying),
or a change to them would no longer move the data version and public pages would stay
cached as they were. PostgreSQL alters the tables in place and keeps its triggers.
"""

from django.db import migrations, models

REMADE_ON_SQLITE = (
    "tracker_announcement",
    "tracker_commitment",
    "tracker_quote",
    "tracker_statuschange",
)


def recreate_sqlite_data_version_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in REMADE_ON_SQLITE:
        for event in ("INSERT", "UPDATE", "DELETE"):
            schema_editor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {table}_data_version_{event.lower()} "
                f"AFTER {event} ON {table} BEGIN UPDATE tracker_dataversion SET changed_at = "
                f"strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE id = 1; END"
            )


class Migration(migrations.Migration):

    dependencies = [
        ('tracker', '0006_search_vectors_and_data_version'),
    ]

    operations = [
        # Unapplying the migration remakes the tables again: their triggers come back last.
        migrations.RunPython(migrations.RunPython.noop, recreate_sqlite_data_version_triggers),
        migrations.AddField(
            model_name='announcement',
            name='announced_on_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], default='day', help_text='For a month, enter its 1st; for a year, 1 January.', max_length=5, verbose_name='precision of the announcement date'),
        ),
        migrations.AddField(
            model_name='commitment',
            name='announced_on_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], default='day', help_text='For a month, enter its 1st; for a year, 1 January.', max_length=5, verbose_name='precision of the announcement date'),
        ),
        migrations.AddField(
            model_name='commitment',
            name='period_end_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], default='day', help_text='For a month, enter its 1st; for a year, 1 January.', max_length=5, verbose_name="precision of the period's end"),
        ),
        migrations.AddField(
            model_name='commitment',
            name='period_start_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], default='day', help_text='For a month, enter its 1st; for a year, 1 January.', max_length=5, verbose_name="precision of the period's start"),
        ),
        migrations.AddField(
            model_name='commitment',
            name='signed_on_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], default='day', help_text='For a month, enter its 1st; for a year, 1 January.', max_length=5, verbose_name='precision of the signing date'),
        ),
        migrations.AddField(
            model_name='historicalannouncement',
            name='announced_on_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], default='day', help_text='For a month, enter its 1st; for a year, 1 January.', max_length=5, verbose_name='precision of the announcement date'),
        ),
        migrations.AddField(
            model_name='historicalcommitment',
            name='announced_on_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], default='day', help_text='For a month, enter its 1st; for a year, 1 January.', max_length=5, verbose_name='precision of the announcement date'),
        ),
        migrations.AddField(
            model_name='historicalcommitment',
            name='period_end_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], default='day', help_text='For a month, enter its 1st; for a year, 1 January.', max_length=5, verbose_name="precision of the period's end"),
        ),
        migrations.AddField(
            model_name='historicalcommitment',
            name='period_start_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], default='day', help_text='For a month, enter its 1st; for a year, 1 January.', max_length=5, verbose_name="precision of the period's start"),
        ),
        migrations.AddField(
            model_name='historicalcommitment',
            name='signed_on_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], default='day', help_text='For a month, enter its 1st; for a year, 1 January.', max_length=5, verbose_name='precision of the signing date'),
        ),
        migrations.AddField(
            model_name='historicalquote',
            name='said_on_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], default='day', help_text='For a month, enter its 1st; for a year, 1 January.', max_length=5, verbose_name='precision of the date said'),
        ),
        migrations.AddField(
            model_name='historicalstatuschange',
            name='changed_on_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], default='day', help_text='For a month, enter its 1st; for a year, 1 January.', max_length=5, verbose_name='precision of the date'),
        ),
        migrations.AddField(
            model_name='quote',
            name='said_on_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], default='day', help_text='For a month, enter its 1st; for a year, 1 January.', max_length=5, verbose_name='precision of the date said'),
        ),
        migrations.AddField(
            model_name='statuschange',
            name='changed_on_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], default='day', help_text='For a month, enter its 1st; for a year, 1 January.', max_length=5, verbose_name='precision of the date'),
        ),
        migrations.AddConstraint(
            model_name='announcement',
            constraint=models.CheckConstraint(condition=models.Q(('announced_on_precision', 'day'), models.Q(('announced_on_precision', 'month'), models.Q(('announced_on__isnull', True), ('announced_on__day', 1), _connector='OR')), models.Q(('announced_on_precision', 'year'), models.Q(('announced_on__isnull', True), models.Q(('announced_on__day', 1), ('announced_on__month', 1)), _connector='OR')), _connector='OR'), name='announcement_announced_on_fits_precision', violation_error_message='Announced on: a date known only to its month is entered as the 1st of the month, one known only to its year as 1 January.'),
        ),
        migrations.AddConstraint(
            model_name='commitment',
            constraint=models.CheckConstraint(condition=models.Q(('announced_on_precision', 'day'), models.Q(('announced_on_precision', 'month'), models.Q(('announced_on__isnull', True), ('announced_on__day', 1), _connector='OR')), models.Q(('announced_on_precision', 'year'), models.Q(('announced_on__isnull', True), models.Q(('announced_on__day', 1), ('announced_on__month', 1)), _connector='OR')), _connector='OR'), name='commitment_announced_on_fits_precision', violation_error_message='Announced on: a date known only to its month is entered as the 1st of the month, one known only to its year as 1 January.'),
        ),
        migrations.AddConstraint(
            model_name='commitment',
            constraint=models.CheckConstraint(condition=models.Q(('signed_on_precision', 'day'), models.Q(('signed_on_precision', 'month'), models.Q(('signed_on__isnull', True), ('signed_on__day', 1), _connector='OR')), models.Q(('signed_on_precision', 'year'), models.Q(('signed_on__isnull', True), models.Q(('signed_on__day', 1), ('signed_on__month', 1)), _connector='OR')), _connector='OR'), name='commitment_signed_on_fits_precision', violation_error_message='Signed on: a date known only to its month is entered as the 1st of the month, one known only to its year as 1 January.'),
        ),
        migrations.AddConstraint(
            model_name='commitment',
            constraint=models.CheckConstraint(condition=models.Q(('period_start_precision', 'day'), models.Q(('period_start_precision', 'month'), models.Q(('period_start__isnull', True), ('period_start__day', 1), _connector='OR')), models.Q(('period_start_precision', 'year'), models.Q(('period_start__isnull', True), models.Q(('period_start__day', 1), ('period_start__month', 1)), _connector='OR')), _connector='OR'), name='commitment_period_start_fits_precision', violation_error_message='Period start: a date known only to its month is entered as the 1st of the month, one known only to its year as 1 January.'),
        ),
        migrations.AddConstraint(
            model_name='commitment',
            constraint=models.CheckConstraint(condition=models.Q(('period_end_precision', 'day'), models.Q(('period_end_precision', 'month'), models.Q(('period_end__isnull', True), ('period_end__day', 1), _connector='OR')), models.Q(('period_end_precision', 'year'), models.Q(('period_end__isnull', True), models.Q(('period_end__day', 1), ('period_end__month', 1)), _connector='OR')), _connector='OR'), name='commitment_period_end_fits_precision', violation_error_message='Period end: a date known only to its month is entered as the 1st of the month, one known only to its year as 1 January.'),
        ),
        migrations.AddConstraint(
            model_name='quote',
            constraint=models.CheckConstraint(condition=models.Q(('said_on_precision', 'day'), models.Q(('said_on_precision', 'month'), models.Q(('said_on__isnull', True), ('said_on__day', 1), _connector='OR')), models.Q(('said_on_precision', 'year'), models.Q(('said_on__isnull', True), models.Q(('said_on__day', 1), ('said_on__month', 1)), _connector='OR')), _connector='OR'), name='quote_said_on_fits_precision', violation_error_message='Said on: a date known only to its month is entered as the 1st of the month, one known only to its year as 1 January.'),
        ),
        migrations.AddConstraint(
            model_name='statuschange',
            constraint=models.CheckConstraint(condition=models.Q(('changed_on_precision', 'day'), models.Q(('changed_on_precision', 'month'), models.Q(('changed_on__isnull', True), ('changed_on__day', 1), _connector='OR')), models.Q(('changed_on_precision', 'year'), models.Q(('changed_on__isnull', True), models.Q(('changed_on__day', 1), ('changed_on__month', 1)), _connector='OR')), _connector='OR'), name='status_change_changed_on_fits_precision', violation_error_message='Changed on: a date known only to its month is entered as the 1st of the month, one known only to its year as 1 January.'),
        ),
        migrations.RunPython(recreate_sqlite_data_version_triggers, migrations.RunPython.noop),
    ]
