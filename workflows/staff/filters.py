"""Filters the workspace's listings share: one checkbox ("only overdue"), unticked meaning no filter at all, and
shown among the active filters as just its label; and a choice of a member of staff, by full name."""

import django_filters
from django import forms
from django.utils.translation import gettext as _
from django_filters.fields import ModelChoiceField
from wagtail.admin.active_filters import ActiveFilter, BaseFilterAdapter, register_filter_adapter_class

from core.exports import person


class CheckboxFilter(django_filters.Filter):
    field_class = forms.BooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxInput)
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        return super().filter(queryset, value or None)  # unticked: leave the list alone


class CheckboxFilterAdapter(BaseFilterAdapter):
    def get_active_filters(self):
        if self.value:
            yield ActiveFilter(self.bound_field.auto_id, self.filter.label, _("yes"),
                               self.get_url_without_filter_param(self.name))


register_filter_adapter_class(CheckboxFilter, CheckboxFilterAdapter)


class PersonChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        return person(obj)


class PersonFilter(django_filters.ModelChoiceFilter):
    """A colleague (owner, lead adviser), listed and shown among the active filters by full name, not username."""

    field_class = PersonChoiceField
