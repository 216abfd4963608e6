"""The completion records copied from the old hours ledger (0004) took 당시소속 and 당시직급 from the profile
at migration time. Where the dated roster (people 0006) has a membership covering a record's completion
date, that membership's department and rank are the true ones; records no membership covers keep theirs.
Other records were written with their placement on the day and are not touched.
"""

from django.db import migrations
from django.db.models import Exists, OuterRef, Q, Subquery

LEDGER_EVIDENCE = "records.hoursledgerentry"


def placements_from_roster_history(apps, schema_editor):
    CompletionRecord = apps.get_model("records", "CompletionRecord")
    Membership = apps.get_model("people", "Membership")
    # Memberships are half-open [valid_from, valid_until), and one person's never overlap.
    covering = Membership.objects.filter(user=OuterRef("user"), valid_from__lte=OuterRef("completed_on")).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=OuterRef("completed_on"))
    )
    CompletionRecord.objects.filter(evidence__model=LEDGER_EVIDENCE).filter(Exists(covering)).update(
        department=Subquery(covering.values("department")[:1]), rank=Subquery(covering.values("rank")[:1])
    )


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0006_membership_history"),
        ("records", "0006_completion_category_and_start"),
    ]

    operations = [
        # Irreversible in effect: the profile-time placements are not kept, and going back needs no change.
        migrations.RunPython(placements_from_roster_history, migrations.RunPython.noop),
    ]
