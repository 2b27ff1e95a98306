"""A filter the workspace's listings share: one checkbox ("only overdue"), unticked meaning no filter at all, and
shown among the active filters as just its label."""

import django_filters
from django import forms
from django.utils.translation import gettext as _
from wagtail.admin.active_filters import ActiveFilter, BaseFilterAdapter, register_filter_adapter_class


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
