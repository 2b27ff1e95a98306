"""The indicators in the Wagtail admin, kept by coordinators: the questions every self-assessment asks (baseline,
midway and final alike), each a 1–5 scale or a number, in their order.

A question that has answers is never reworded: saving a new wording, help text or kind makes a new version of it
(`services.revise`), and the answers given keep the wording they were given to. Its order, and whether new
assessments ask it, change in place. A question is deleted only while nobody has answered it. Wagtail's own actions
save and delete the rows, so the audit log and each row's history say who did what."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator
from django.db import IntegrityError, transaction
from django.db.models import Count, ProtectedError
from django.shortcuts import redirect
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from .. import permissions
from . import services
from .models import Indicator

KEEPING = {"view", "add", "change", "delete"}
LARGEST_ORDER = 32767  # the order's column holds no more on PostgreSQL; SQLite would take any number


def _answered(indicator):
    """Whether any answer points at `indicator` (read from the list's annotation when it has one)."""
    count = getattr(indicator, "answer_count", None)
    return indicator.answers.exists() if count is None else count > 0


class CoordinatorsKeepIndicators(BasePermissionPolicy):
    """Coordinators see, add and change the indicators, and delete one that nobody has answered."""

    def user_has_permission(self, user, action):
        return action in KEEPING and permissions.is_coordinator(user)

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete" and _answered(instance):
            return False
        return self.user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        if KEEPING & set(actions):
            return permissions.users_with(permissions.COORDINATE)
        return get_user_model().objects.none()


register_permission_policy(Indicator, CoordinatorsKeepIndicators(Indicator))


class IndicatorFormBase(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].validators.append(MaxValueValidator(LARGEST_ORDER))


class NewIndicatorForm(IndicatorFormBase):
    class Meta:
        model = Indicator
        fields = ["key", "label", "help_text", "kind", "order"]

    def clean_key(self):
        """The key names the question through all its versions, so a new question needs a key of its own (the form
        leaves the version out, and with it the database's check of key and version)."""
        key = self.cleaned_data["key"]
        if Indicator.objects.filter(key=key).exists():
            raise forms.ValidationError(_("Another question already has this key. To change that question, edit it: "
                                          "a new version is made when its answers need one."))
        return key


class IndicatorForm(IndicatorFormBase):
    class Meta:
        model = Indicator
        fields = ["label", "help_text", "kind", "order", "active"]
        help_texts = {"label": _("Once the question has answers, a new wording, help text or kind is saved as a new "
                                 "version of it, and the answers given keep the wording they were given to. The "
                                 "order, and whether the question is asked, change in place.")}


class IndicatorIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(answer_count=Count("answers"))

    def get_delete_url(self, instance):
        return None if _answered(instance) else super().get_delete_url(instance)


class IndicatorCreateView(CreateView):
    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except IntegrityError:  # a colleague saved the same key a moment ago, past the form's check
            form.add_error("key", _("A colleague has just created a question with this key. Choose another key."))
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class IndicatorEditView(EditView):
    """Saves through `services.revise`: in place, or as a new version of the question."""

    revised = None

    def save_instance(self):
        fields = self.form.Meta.fields
        self.revised = services.revise(self.object, {name: self.form.cleaned_data[name] for name in fields},
                                       self.request.user)
        return self.revised

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.Superseded as refused:
            form.add_error(None, _("This is no longer the newest version of the question: version %(version)s is. "
                                   "Only the newest version can be changed, so nothing was saved.")
                           % {"version": refused.newest.version})
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def get_success_message(self):
        if self.revised is not None and self.revised.pk != self.form.instance.pk:
            return gettext("The question was saved as version %(version)s, which new assessments ask. The answers "
                           "given so far keep the wording they were given to.") % {"version": self.revised.version}
        return super().get_success_message()


class IndicatorDeleteView(DeleteView):
    """A question someone has answered is never deleted: its answers would lose what they answer."""

    refusal = _("Municipalities have answered this question, so it cannot be deleted. To stop asking it, untick "
                "“asked in new assessments”.")

    def dispatch(self, request, *args, **kwargs):
        if self.user_has_permission("delete") and not self.user_has_permission_for_instance("delete", self.object):
            return self.refuse()
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except (ProtectedError, IntegrityError):  # answered a moment ago
            return self.refuse()

    def refuse(self):
        messages.error(self.request, self.refusal)
        return redirect(self.edit_url_name, self.object.pk)


def _yes_no(indicator):
    return gettext("Yes") if indicator.active else gettext("No")


class IndicatorViewSet(ModelViewSet):
    model = Indicator
    icon = "list-ol"
    menu_label = _("Indicators")
    index_view_class = IndicatorIndexView
    add_view_class = IndicatorCreateView
    edit_view_class = IndicatorEditView
    delete_view_class = IndicatorDeleteView
    copy_view_enabled = False
    add_to_reference_index = False
    list_filter = ["active", "kind"]
    ordering = ["order", "key", "version"]  # as the assessments ask them, each question's versions together

    @property
    def list_display(self):
        active = Indicator._meta.get_field("active")
        return ["label", "key", "version", "kind", "order",
                Column("active", label=capfirst(active.verbose_name), accessor=_yes_no, sort_key="active"),
                Column("answer_count", label=_("Answers"), sort_key="answer_count")]

    def get_common_view_kwargs(self, **kwargs):
        # What uses a question is its answers, counted in the list; Wagtail's count of references would say none.
        return super().get_common_view_kwargs(usage_url_name=None, **kwargs)

    def get_form_class(self, for_update=False):
        return IndicatorForm if for_update else NewIndicatorForm
