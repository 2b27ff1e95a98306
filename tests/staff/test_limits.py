"""Every form has a maximum: each free-text field staff or the public fill in holds a bounded amount, refused with a
Danish message and the input kept (an 8 MB note is not stored, then mailed, then shown on every case page)."""

import pytest
import time_machine
from django.apps import apps
from django.db import models

from tests.support.course import AUTUMN, accepted_registration, staff
from workflows.models import CaseNote

pytestmark = pytest.mark.django_db


def test_every_free_text_field_of_the_workflows_has_a_maximum():
    unbounded = [f"{model._meta.label}.{field.name}" for model in apps.get_app_config("workflows").get_models()
                 for field in model._meta.get_fields()
                 if isinstance(field, models.TextField) and field.max_length is None]
    assert unbounded == []


def test_a_note_longer_than_its_maximum_is_refused_in_danish_with_the_text_kept(client):
    anne, _bo, carla = staff()
    with time_machine.travel(AUTUMN, tick=False):
        registration = accepted_registration(adviser=anne)
        client.force_login(carla)
        text = "x" * 5001
        response = client.post(f"/admin/sager/{registration.pk}/noter/", {"text": text})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Denne værdi må højst have 5000 tegn (den har 5001)." in html and text in html
    assert not CaseNote.objects.exists()
