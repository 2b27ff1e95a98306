"""The Python-rendered choice widgets (workflows.widgets) write exactly what Django's templates write, and a
choice field reads its choices once per form."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import widgets
from workflows.models import Municipality

CHOICES = [("", "Vælg <kommune>"), ("a&b", "A & B"), ("Gruppe", [("x", "X"), ("y", "Y")]), (3, "Tre")]
VALUES = [None, "", "a&b", "y", 3, ["3", "x"]]
ATTRS = [None, {"id": "id_m", "required": True, "disabled": False, "class": "c", "data-x": 'q"'},
         {"id": "id_m", "aria-describedby": "id_m_helptext"}]


@pytest.mark.parametrize(("ours", "django"), [
    (widgets.Select, forms.Select),
    (widgets.RadioSelect, forms.RadioSelect),
    (widgets.CheckboxSelectMultiple, forms.CheckboxSelectMultiple),
])
@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("attrs", ATTRS)
def test_the_widgets_write_djangos_markup(ours, django, value, attrs):
    assert ours(choices=CHOICES).render("m", value, attrs) == django(choices=CHOICES).render("m", value, attrs)


@pytest.mark.django_db
def test_a_model_choice_field_reads_its_choices_once_and_renders_like_djangos():
    class Ours(forms.Form):
        municipality = widgets.ModelChoiceField(Municipality.objects.all())

    class Djangos(forms.Form):
        municipality = forms.ModelChoiceField(Municipality.objects.all())

    chosen = Municipality.objects.order_by("pk")[5]
    form = Ours({"municipality": chosen.pk})
    with CaptureQueriesContext(connection) as queries:
        html = str(form["municipality"])
        assert form.is_valid()
    assert len(queries) == 2  # the choices, then the chosen row when the form is validated
    assert html == str(Djangos({"municipality": chosen.pk})["municipality"])
    assert html.count("<option") == Municipality.objects.count() + 1
    assert f'<option value="{chosen.pk}" selected>' in html
