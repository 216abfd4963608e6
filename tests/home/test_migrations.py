"""Every model change comes with its migration (a help text changed on a branch once shipped without one)."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    output = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=output)
    except SystemExit:
        pytest.fail("Migrations missing:\n" + output.getvalue())
