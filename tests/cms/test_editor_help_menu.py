"""Wagtail's Help menu leads nobody to its English release notes, and carries no "N new" badge."""

import pytest

from devtools.factories.core import UserFactory
from workflows.permissions import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("groups, superuser", [
    ([Role.EDITOR], False), ([Role.ADVISER], False), ([Role.COORDINATOR], False), ([Role.PARTNER], False), ([], True),
])
def test_the_help_menu_has_no_release_notes_and_no_badge(client, groups, superuser):
    client.force_login(UserFactory(groups=groups, is_superuser=superuser))

    dashboard = client.get("/admin/").content.decode()

    assert "docs.wagtail.org" not in dashboard  # the release notes (the dashboard's own editor-guide link stays)
    assert "whats-new-in-wagtail" not in dashboard and "editor-guide" not in dashboard
    # The badge counts the help menu's entries nobody has dismissed; Help itself is the only dismissible left.
    assert dashboard.count("data-w-dismissible-id-value") == 1
    assert "keyboard-shortcuts-trigger" in dashboard  # Wagtail's own Danish "Genveje" stays
