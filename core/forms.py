"""What every public form of the site shares."""

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext as _


class PublicForm:
    """Labels without a trailing colon, as on the rest of the site. A text area with a maximum says so in its help
    text and counts down as the visitor types (static_src/js/counter.js); the server refuses more all the same."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea) and getattr(field, "max_length", None):
                limit = _("At most %(count)s characters.") % {"count": number_format(field.max_length,
                                                                                     force_grouping=True)}
                field.help_text = f"{field.help_text} {limit}".strip()
                field.widget.attrs["data-counter"] = ""
