"""The published quotes by the day they were said, the published source articles by the day
they were published: each date alone, for a range of it.

Search looks for a frequent word's newest matches among the 10,000 newest rows
(``tracker.search._among_the_newest``): the GIN index's matches anded with the rows on or after
the 10,000th's date. Commitments had an index of their date alone (``announced_on``); quotes
and articles only their newest-first sort index, which PostgreSQL did not and with the
GIN index's matches: it read every match's row instead and filtered it by date: for the quotes of "gang"
at 100,000 commitments 6,207 matches on 1,891 heap blocks, with this index 1,254 on 383
(benchmarks/RESULTS.md, search11). Announcements are left as they are: at 100,000 there are
10,000 of them, every one among the newest.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0034_tallies_added_at_the_end_of_a_load"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="quote",
            index=models.Index(
                condition=models.Q(("publication", "published")),
                fields=["said_on"],
                name="quote_date_pub_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="sourcearticle",
            index=models.Index(
                condition=models.Q(("publication", "published")),
                fields=["published_on"],
                name="sourcearticle_date_pub_idx",
            ),
        ),
    ]
