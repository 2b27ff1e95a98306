"""A member of staff's calendar feed (/medarbejderkalender/<token>.ics) dies with the account's deactivation: the
address may sit in a calendar program or a forwarded email, so reactivating the account must not bring it back."""

import pytest

from devtools.factories.core import UserFactory
from tests.support.course import staff
from workflows.staff.models import CalendarFeed

pytestmark = pytest.mark.django_db


def feed_of(client, user):
    client.force_login(user)
    client.post("/admin/kalender/abonnement/")
    client.logout()
    return f"/medarbejderkalender/{CalendarFeed.objects.get(user=user).token}.ics"


def test_a_deactivated_users_feed_stays_dead_after_reactivation(client):
    """The attack: the feed answered 404 while the account was inactive, and again 200 once it was reactivated."""
    anne, _bo, _carla = staff()
    url = feed_of(client, anne)
    assert client.get(url).status_code == 200
    anne.is_active = False
    anne.save()
    assert client.get(url).status_code == 404
    assert not CalendarFeed.objects.filter(user=anne).exists()
    anne.is_active = True
    anne.save()
    assert client.get(url).status_code == 404
    assert feed_of(client, anne) != url  # a new address when she asks for one


def test_deactivating_in_bulk_from_wagtails_user_list_revokes_the_feed_too(client):
    """Wagtail's "Set active state" updates the rows in one query (no post_save); the feed goes all the same."""
    anne, bo, _carla = staff()
    anne_url, bo_url = feed_of(client, anne), feed_of(client, bo)
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    action = f"/admin/bulk/auth/user/set_active_state/?id={anne.pk}"
    assert client.post(action, {"mark_as_active": "False"}).status_code == 302
    anne.refresh_from_db()
    assert not anne.is_active
    assert client.post(action, {"mark_as_active": "True"}).status_code == 302
    anne.refresh_from_db()
    assert anne.is_active
    assert client.get(anne_url).status_code == 404
    assert client.get(bo_url).status_code == 200  # nobody else's feed is touched

    client.post(f"/admin/bulk/auth/user/set_active_state/?id={bo.pk}", {"mark_as_active": "True"})
    assert client.get(bo_url).status_code == 200  # marking active revokes nothing


def test_saving_an_active_user_keeps_the_feed(client):
    anne, _bo, _carla = staff()
    url = feed_of(client, anne)
    anne.first_name = "Anne-Marie"
    anne.save()
    assert client.get(url).status_code == 200
