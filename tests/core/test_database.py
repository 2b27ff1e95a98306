import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_runs_on_the_database_ci_asked_for():
    """CI sets EXPECT_DB_VENDOR per run, so a PostgreSQL run that silently fell back to SQLite fails."""
    expected = os.environ.get("EXPECT_DB_VENDOR")
    if not expected:
        pytest.skip("EXPECT_DB_VENDOR not set (only CI sets it)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert connection.vendor == expected
