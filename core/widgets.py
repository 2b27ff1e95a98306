"""Choice lists that are cheap to render: the 98 municipalities on the public forms and the back office's filters,
the radio buttons and checkboxes of the registration form.

Django renders each `<option>` of a `<select>` through two template includes, each radio button through four;
for the 98 municipalities that is more work than the rest of the registration form together. The widgets here
write the same markup directly (tests/programme/test_widgets.py holds them to Django's output). And a
`ModelChoiceField` reads its choices through `QuerySet.iterator()`, a server-side cursor on PostgreSQL (several
round trips) opened again for every pass over the choices; `ModelChoiceField` here reads them once per form."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.html import escape
from django.utils.safestring import mark_safe


def _attrs(attrs):
    """The attributes as `django/forms/widgets/attrs.html` writes them: False left out, True bare."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items() if value is not False
    )


class Select(forms.Select):
    """`forms.Select` with the markup of Django's `select.html` and `select_option.html` (blank lines
    included), built without templates."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{escape(group_name)}">')
            for option in options:
                value, label = escape(option["value"]), escape(option["label"])
                parts.append(f'\n  <option value="{value}"{_attrs(option["attrs"])}>{label}</option>\n')
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


class _MultipleInput:
    """Radio buttons and checkboxes with the markup of Django's `multiple_input.html`, `radio_option.html` /
    `checkbox_option.html`, `input_option.html` and `input.html` (line breaks included), built without templates."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        outer = {"id": widget["attrs"].get("id"), "class": widget["attrs"].get("class")}
        parts = ["<div", *(f' {key}="{escape(val)}"' for key, val in outer.items() if val), ">"]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f"\n  <div><label>{escape(group_name)}</label>")
            parts.extend(f"<div>\n    {self._option(option)}</div>" for option in options)
            if group_name:
                parts.append("\n  </div>")
        parts.append("\n</div>")
        return mark_safe("".join(parts))

    @staticmethod
    def _option(option):
        """Django's `create_option()` always wraps the input in its label."""
        value = "" if option["value"] is None else f' value="{escape(option["value"])}"'
        kind, name = escape(option["type"]), escape(option["name"])
        field = f'<input type="{kind}" name="{name}"{value}{_attrs(option["attrs"])}>'
        label_for = f' for="{escape(option["attrs"]["id"])}"' if option["attrs"].get("id") else ""
        return f"<label{label_for}>{field}\n {escape(option['label'])}</label>\n\n"


class RadioSelect(_MultipleInput, forms.RadioSelect):
    pass


class CheckboxSelectMultiple(_MultipleInput, forms.CheckboxSelectMultiple):
    pass


class _ChoicesOnce(ModelChoiceIterator):
    """Iterates the field's queryset itself, whose result cache then serves every later pass."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    iterator = _ChoicesOnce
    widget = Select


class DateInput(forms.DateInput):
    """The browser's own date field (`type="date"`): it cannot hold an impossible date such as 32 December, reads
    and writes ISO dates, and a keyboard or screen reader user gets the platform's own control. (Wagtail's date
    chooser quietly turns an impossible date into today's.)"""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """The browser's own date and time field (`type="datetime-local"`), in the site's time zone; see `DateInput`."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")
