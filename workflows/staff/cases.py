"""The municipalities' cases: a searchable, filterable and exportable list, and each case's page with its journey,
open tasks, timeline, contacts, workshops and competence modules, and internal notes.

Everyone who works on cases sees every case (a colleague covers for one on leave); acting on a case follows
`workflows.permissions` (the lead adviser, whoever holds one of its tasks, coordinators; the competence partner
for the competence strand). A competence partner sees only the courses they are assigned to, and on them only the
competence development. A list or a case page costs the same few queries however many cases there are."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, Func, OuterRef, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from viewflow.fsm import TransitionNotAllowed
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn, UserColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin

from core.exports import SafeSpreadsheetExportMixin
from core.uploads import UploadField, UploadsField, UploadsForm
from core.widgets import DateInput, Select

from .. import permissions
from ..course import lifecycle
from ..course import services as course_services
from ..course.documents import CourseDocument
from ..course.forms import EnrolmentForm
from ..course.models import Course, Enrolment, GuidanceSession, Workshop
from ..municipality import exchange
from ..municipality import tasks as municipality_tasks
from ..municipality.models import CasePerson
from ..outcomes import services as outcome_services
from ..programme.models import Cohort, Region
from ..registration import notifications, services
from ..registration.models import (
    CaseMessage,
    CaseNote,
    MessageAttachment,
    Registration,
    RegistrationProcess,
    WorkArea,
)
from ..steps import stand_in
from ..steps.models import TaskStandIn
from ..steps.views import ReviewedStepView
from . import task_screen
from .access import Access, gate
from .filters import CheckboxFilter, PersonFilter
from .listing import CountedAs
from .queries import human_steps
from .task_actions import colleagues_by_permission
from .timeline import case_tasks, timeline

TIMELINE_LENGTH = 40


def visible_cases(user):
    cases = Registration.objects.all()
    if permissions.may_work_cases(user):
        return cases
    return cases.filter(course__competence_partner=user)


class CaseFilterSet(WagtailFilterSet):
    cohort = django_filters.ModelChoiceFilter(label=gettext_lazy("Cohort"), queryset=Cohort.objects.all(),
                                              widget=Select)
    status = django_filters.ChoiceFilter(label=gettext_lazy("Phase"), choices=lifecycle.Phase.choices,
                                         widget=Select, method="filter_phase")
    lead_adviser = PersonFilter(
        label=gettext_lazy("Lead adviser"),
        queryset=permissions.users_with(permissions.RUN_COURSE).order_by("first_name", "last_name", "username"),
        widget=Select)
    region = django_filters.ChoiceFilter(label=gettext_lazy("Region"), choices=Region.choices,
                                         field_name="municipality__region", widget=Select)
    overdue = CheckboxFilter(label=gettext_lazy("With overdue tasks"), method="filter_overdue")
    at_risk = CheckboxFilter(label=gettext_lazy("Competence development at risk"),
                                           method="filter_at_risk")

    class Meta:
        model = Registration
        fields = []

    def filter_phase(self, queryset, name, value):
        return queryset.filter(lifecycle.in_phase(value)) if value else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_tasks__gt=0) if value else queryset

    def filter_at_risk(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=[course.registration_id for course in Course.objects.at_risk()])


def _open_tasks(**condition):
    """A case's open steps for staff (matching `condition`; the municipality's own show on the case page), counted
    in a subquery: the case's processes by their own index, then their open tasks. Joining every task of every
    process and grouping by the case read the whole history, so the list slowed as it grew."""
    processes = RegistrationProcess.objects.filter(registration=OuterRef(OuterRef("pk"))).values("pk")
    tasks = Task.objects.filter(process__in=processes, finished__isnull=True, flow_task__in=human_steps(), **condition)
    return Subquery(tasks.order_by().annotate(count=Func(F("pk"), function="COUNT")).values("count"))


class CaseListView(Access, CountedAs, SafeSpreadsheetExportMixin, BaseListingView):
    allowed = staticmethod(lambda user: permissions.may_work_cases(user) or permissions.delivers_competence(user))
    page_title = gettext_lazy("Cases")
    header_icon = "folder-open-inverse"
    index_url_name = "staff_cases:index"
    index_results_url_name = "staff_cases:index_results"
    template_name = "workflows/staff/case_list.html"
    results_template_name = "workflows/staff/listing_results.html"
    paginate_by = 25
    is_searchable = True
    search_fields = ["municipality__name", "contact_name", "contact_email", "manager_name"]
    filterset_class = CaseFilterSet
    default_ordering = "municipality__name"
    verbose_name, verbose_name_plural = gettext_lazy("case"), gettext_lazy("cases")
    export_permission = None  # the list itself holds no personal data of the public; the contact columns below do
    export_filename = "sager"
    CASE_COLUMNS = ["municipality", "cohort", "phase_label", "lead_adviser", "next_milestone", "open_tasks",
                    "overdue_tasks"]
    CONTACT_COLUMNS = ["contact_name", "contact_email", "contact_phone"]
    export_headings = {"municipality": gettext_lazy("Municipality"), "cohort": gettext_lazy("Cohort"),
                       "phase_label": gettext_lazy("Phase"), "lead_adviser": gettext_lazy("Lead adviser"),
                       "next_milestone": gettext_lazy("Next milestone"), "open_tasks": gettext_lazy("Open tasks"),
                       "overdue_tasks": gettext_lazy("Overdue tasks"),
                       **{name: capfirst(Registration._meta.get_field(name).verbose_name) for name in CONTACT_COLUMNS}}

    columns = [
        TitleColumn("municipality", label=gettext_lazy("Municipality"), sort_key="municipality__name",
                    get_url=lambda case: reverse("staff_case", args=[case.pk])),
        Column("cohort", label=gettext_lazy("Cohort"), sort_key="cohort__starts_on"),
        Column("phase_label", label=gettext_lazy("Phase"), sort_key="status"),
        UserColumn("lead_adviser", label=gettext_lazy("Lead adviser")),
        Column("next_milestone", label=gettext_lazy("Next milestone")),
        Column("open_tasks", label=gettext_lazy("Open tasks"), sort_key="open_tasks"),
        Column("overdue_tasks", label=gettext_lazy("Overdue"), sort_key="overdue_tasks"),
    ]

    @cached_property
    def list_export(self):
        """The case columns, and the contact person's name, email and phone for whoever may export contact data
        (`permissions.may_export`: coordinators)."""
        contacts = permissions.may_export(self.request.user, permissions.CaseData.CONTACTS)
        return self.CASE_COLUMNS + (self.CONTACT_COLUMNS if contacts else [])

    def get(self, request, *args, **kwargs):
        if self.is_export:
            return self.as_spreadsheet(self._with_milestones(self.get_queryset()), request.GET.get("export"))
        return super().get(request, *args, **kwargs)

    def get_base_queryset(self):
        return visible_cases(self.request.user).select_related(
            "municipality", "cohort", "lead_adviser__wagtail_userprofile", "course"
        ).prefetch_related(
            Prefetch("course__workshops", queryset=Workshop.objects.filter(starts_at__gt=timezone.now())),
            Prefetch("course__guidance_sessions",
                     queryset=GuidanceSession.objects.filter(starts_at__gt=timezone.now())),
            "course__evaluations", lifecycle.enrolments_prefetch(),  # the next milestone (lifecycle.coming_dates)
        ).annotate(
            open_tasks=_open_tasks(),
            overdue_tasks=_open_tasks(deadline__due_at__lt=timezone.now()),
        )

    def get_valid_orderings(self):
        return ["municipality__name", "-municipality__name", "cohort__starts_on", "-cohort__starts_on", "status",
                "-status", "open_tasks", "-open_tasks", "overdue_tasks", "-overdue_tasks"]

    def order_queryset(self, queryset):
        return queryset.order_by(self.ordering, "pk")

    @staticmethod
    def _with_milestones(cases):
        for case in cases:
            milestone = lifecycle.next_milestone(case)
            case.next_milestone = "" if milestone is None else (
                f"{milestone[0]} {formats.date_format(milestone[1])}" if milestone[1] else str(milestone[0]))
            yield case

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = list(self._with_milestones(object_list))
        return paginator, page, page.object_list, is_paginated


class CaseMixin(Access):
    """A case page or action: the case, if this person may see it (and do what the page does, `may_act`)."""

    allowed = staticmethod(lambda user: permissions.may_work_cases(user) or permissions.delivers_competence(user))

    def dispatch(self, request, *args, **kwargs):
        self.case = get_object_or_404(
            Registration.objects.select_related("programme", "cohort", "municipality", "lead_adviser",
                                                "course__competence_partner"), pk=kwargs["pk"])
        if not permissions.may_see_case(request.user, self.case) or not self.may_act(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def may_act(self, user):
        """What the page asks beyond seeing the case: an action's own check from `workflows.permissions`."""
        return True

    @cached_property
    def course(self):
        return getattr(self.case, "course", None)


class NoteForm(forms.ModelForm):
    class Meta:
        model = CaseNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {"text": gettext_lazy("New note")}


class NoteEditForm(NoteForm):
    class Meta(NoteForm.Meta):
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}
        labels = {"text": gettext_lazy("Note")}


class MessageForm(UploadsForm, forms.ModelForm):
    # The subject is the staff's: the municipality's messages have none.
    subject = forms.CharField(label=gettext_lazy("Subject"),
                              max_length=CaseMessage._meta.get_field("subject").max_length)
    files = UploadsField(label=gettext_lazy("Attachments"), required=False)

    class Meta:
        model = CaseMessage
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}
        labels = {"body": gettext_lazy("Message")}


class ShareDocumentForm(UploadsForm, forms.Form):
    """A document the agency shares: with the case's municipality, or (coordinators) with its whole cohort."""

    title = forms.CharField(label=gettext_lazy("Title"), max_length=CourseDocument._meta.get_field("title").max_length)
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        max_length=CourseDocument._meta.get_field("description").max_length)
    file = UploadField(label=gettext_lazy("File"))
    cohort = forms.TypedChoiceField(label=gettext_lazy("Share with"), coerce=lambda value: value == "cohort",
                                    widget=forms.RadioSelect, initial="case")

    def __init__(self, *args, case, may_share_with_cohort, **kwargs):
        super().__init__(*args, **kwargs)
        if may_share_with_cohort:
            self.fields["cohort"].choices = [
                ("case", _("Only %(municipality)s") % {"municipality": case.municipality}),
                ("cohort", _("Every municipality in cohort %(cohort)s") % {"cohort": case.cohort})]
        else:
            del self.fields["cohort"]


def case_people(registration):
    """The municipality's people of the case ("Jeres forløb"), removed ones too, each with who invited and who
    removed them and `has_access` (`CasePerson.objects.current`, the one definition of access): one query."""
    current = CasePerson.objects.current().filter(pk=OuterRef("pk"))
    return list(registration.people.select_related("user", "invited_by", "removed_by").annotate(
        has_access=Exists(current)))


class CaseView(CaseMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "workflows/staff/case.html"
    header_icon = "folder-open-inverse"

    def get_page_title(self):
        return str(self.case.municipality)

    def get_page_subtitle(self):
        return f"{self.case.cohort} · {self.case.phase_label}"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("staff_cases:index"), "label": _("Cases")},
                {"url": "", "label": str(self.case.municipality)}]

    def get_context_data(self, **kwargs):
        user, case, course = self.request.user, self.case, self.course
        sees = permissions.case_data_seen(user, case)
        context = {
            "case": case, "course": course, "now": timezone.now(),
            "sees": {part.value: part in sees for part in permissions.CaseData},
            "today": timezone.localdate(),
            "may_act": permissions.may_act_on_case(user, case),
            "may_record_competence": permissions.may_record_competence(user, case),
            "may_withdraw": permissions.may_withdraw_case(user) and case.is_active,
            "may_write": permissions.may_write_to_municipality(user, case),
            "people": case_people(case) if permissions.CaseData.CONTACTS in sees else [],
            "enrolments": course.enrolments.select_related("module", "completion_recorded_by") if course else [],
            "nominations": course.nominations.select_related("nominated_by", "decided_by").prefetch_related("modules")
            if course and permissions.CaseData.COMPETENCE in sees else [],
            "at_risk": course.competence_at_risk() if course else False,
            "outcomes": outcome_services.outcomes(case) if course and permissions.CaseData.COURSE in sees else None,
            "enrolment_form": kwargs.pop("enrolment_form", None) or (
                EnrolmentForm(programme=case.programme) if course else None),
        }
        if permissions.CaseData.HISTORY in sees:
            tasks = list(case_tasks(case).filter(finished__isnull=True, flow_task_type="HUMAN"))
            colleagues = colleagues_by_permission({task.owner_permission for task in tasks
                                                   if permissions.may_reassign(user, task)})
            context.update(
                steps=lifecycle.milestones(case), **self._timeline(case), upcoming=lifecycle.coming_dates(case),
                deadlines=[task for task in tasks if hasattr(task, "deadline")],
                open_tasks=[{"task": task, "colleagues": colleagues.get(task.owner_permission, []),
                             "may_claim": task.owner_id is None and task.flow_task.can_assign(user, task),
                             "may_release": task.owner_id is not None and permissions.may_release(user, task),
                             "may_reassign": permissions.may_reassign(user, task),
                             "may_fill_in": permissions.may_fill_in_for_municipality(user, task, registration=case),
                             "may_go_on": permissions.may_go_on_without(user, task, registration=case)}
                            for task in tasks],
                work_areas=[label for value, label in WorkArea.choices if value in case.work_areas],
                attended=case.attended_information_meeting(), position=case.waiting_position(),
                note_form=kwargs.pop("note_form", None) or NoteForm(),
                workshops=course.workshops.select_related("response__submitted_by").prefetch_related(
                    "response__attendees") if course else [],
                evaluations=course.evaluations.all() if course else [],
            )
        if permissions.CaseData.HISTORY in sees:
            context.update(self._exchange(case))
        return super().get_context_data(**context, **kwargs)

    def _exchange(self, case):
        """The case's documents (with what this person may do with them), and for its lead adviser the messages
        the municipality wrote since they last opened the case, which opening it now has read."""
        user, new_messages = self.request.user, 0
        if case.lead_adviser_id == user.pk and self.request.method == "GET":
            new_messages = exchange.new_from_municipality(case, user)
            exchange.seen(case, user)
        return {"documents": [(document, permissions.may_delete_shared_document(user, document))
                              for document in exchange.documents(case)],
                "may_share": permissions.may_share_document(user, case), "new_messages": new_messages}

    def _timeline(self, case):
        """The newest events of the case's timeline, or all of them when asked (`?tidslinje=hele`): a long case's
        page stays as quick to open as a short one's. With them, the notes this person may edit (their own)."""
        if self.request.GET.get("tidslinje") == "hele":
            events, cut = timeline(case), False
        else:
            events = timeline(case, limit=TIMELINE_LENGTH + 1)
            events, cut = events[:TIMELINE_LENGTH], len(events) > TIMELINE_LENGTH
        editable = {event.record.pk for event in events
                    if event.kind == "note" and permissions.may_edit_note(self.request.user, event.record)}
        return {"timeline": events, "timeline_cut": cut, "editable_notes": editable}


class AddNoteView(CaseView):
    http_method_names = ["post"]

    def post(self, request, pk):
        if not permissions.may_act_on_case(request.user, self.case):
            return permission_denied(request)  # the form is only shown to those who may write
        form = NoteForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(note_form=form))
        services.add_note(self.case, request.user, form.cleaned_data["text"])
        messages.success(request, _("The note has been saved."))
        return redirect(f"{reverse('staff_case', args=[pk])}#tab-notes")


class EnrolView(CaseView):
    http_method_names = ["post"]

    def post(self, request, pk):
        if self.course is None or not permissions.may_record_competence(request.user, self.case):
            return permission_denied(request)
        form = EnrolmentForm(request.POST, programme=self.case.programme)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(enrolment_form=form))
        course_services.enrol(self.course, form.cleaned_data["modules"], form.cleaned_data["participants"])
        messages.success(request, _("The participants have been enrolled."))
        return redirect(f"{reverse('staff_case', args=[pk])}#tab-competence")


class CompletionDateForm(forms.Form):
    completed_on = forms.DateField(label=gettext_lazy("Completed on"), widget=DateInput)


def _enrolment_for(request, pk, enrolment_pk):
    """The enrolment of case `pk`, if this person may record its competence development; else None."""
    enrolment = get_object_or_404(Enrolment.objects.select_related("course__registration", "module"),
                                  pk=enrolment_pk, course__registration_id=pk)
    return enrolment if permissions.may_record_competence(request.user, enrolment.course.registration) else None


def _back_to_competence(pk):
    return redirect(f"{reverse('staff_case', args=[pk])}#tab-competence")


@require_POST
@gate(permissions.may_have_tasks)
def complete_module(request, pk, enrolment_pk):
    """Record the day a participant completed a module, whenever the adviser or the partner learns of it."""
    enrolment = _enrolment_for(request, pk, enrolment_pk)
    if enrolment is None:
        return permission_denied(request)
    form = CompletionDateForm(request.POST)
    if enrolment.completed_on is not None:
        messages.info(request, _("The completion was already recorded."))
    elif not form.is_valid():
        messages.error(request, _("Give the day the module was completed, as a date."))
    else:
        try:
            course_services.record_completion(enrolment, form.cleaned_data["completed_on"], request.user)
        except course_services.CompletionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("%(participant)s has completed %(module)s.") % {
                "participant": enrolment.participant, "module": enrolment.module})
    return _back_to_competence(pk)


@require_POST
@gate(permissions.may_have_tasks)
def undo_completion(request, pk, enrolment_pk):
    enrolment = _enrolment_for(request, pk, enrolment_pk)
    if enrolment is None:
        return permission_denied(request)
    if enrolment.completed_on is not None:
        course_services.undo_completion(enrolment, request.user)
        messages.success(request, _("The completion of %(module)s by %(participant)s has been undone.") % {
            "participant": enrolment.participant, "module": enrolment.module})
    return _back_to_competence(pk)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Kept on the case as an internal note. The municipality gets the usual confirmation."))
    confirm = forms.BooleanField(label=gettext_lazy(
        "I understand that the municipality's open tasks are cancelled and its seat is given to the waiting list."))


class CaseSubPage(CaseMixin, WagtailAdminTemplateMixin):
    """A page under a case (an action on it): the municipality as subtitle, the case in the breadcrumbs."""

    def get_page_subtitle(self):
        return str(self.case.municipality)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("staff_cases:index"), "label": _("Cases")},
                {"url": reverse("staff_case", args=[self.case.pk]), "label": str(self.case.municipality)},
                {"url": "", "label": self.get_page_title()}]


class CaseFormPage(CaseSubPage, FormView):
    """An action on one case with a page of its own under the case (its form; Danish errors with the input kept),
    and back to the case's `tab` when done."""

    template_name = "workflows/staff/case/form.html"
    http_method_names = ["get", "post"]
    tab = ""
    submit_label = gettext_lazy("Save")

    def get_context_data(self, **kwargs):
        return super().get_context_data(case=self.case, submit_label=self.submit_label, **kwargs)

    def back_to_case(self):
        return redirect(reverse("staff_case", args=[self.case.pk]) + (f"#tab-{self.tab}" if self.tab else ""))


class WriteToMunicipalityView(CaseFormPage):
    """"Skriv til kommunen": a message, with attachments, in the case's thread in "Jeres forløb"; the municipality's
    people are told by email, answered to the writer (`exchange.write_to_municipality`). The staff see it on the
    case's timeline. An anonymised case has nobody to write to: refused with the reason."""

    form_class = MessageForm
    header_icon = "mail"
    page_title = gettext_lazy("Write to the municipality")
    submit_label = gettext_lazy("Send the message")
    tab = "tidslinje"

    def may_act(self, user):
        return permissions.may_write_to_municipality(user, self.case)

    def get(self, request, *args, **kwargs):
        return self.no_address() if self.case.is_anonymised else super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.no_address() if self.case.is_anonymised else super().post(request, *args, **kwargs)

    def no_address(self):
        messages.error(self.request, _("The contact person's details have been erased, so there is no address to "
                                       "write to."))
        return redirect("staff_case", self.case.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(reply_to=notifications.message_reply_to(self.request.user, self.case), **kwargs)

    def form_valid(self, form):
        try:
            exchange.write_to_municipality(self.case, self.request.user, form.cleaned_data["subject"],
                                           form.cleaned_data["body"], form.cleaned_data["files"])
        except exchange.NoAddress:
            return self.no_address()
        messages.success(self.request, _("The message has been sent to %(municipality)s.") % {
            "municipality": self.case.municipality})
        return self.back_to_case()


class ShareDocumentView(CaseFormPage):
    """Share a document with the municipality, or with its whole cohort (`permissions.may_share_document`); the
    people of each case it reaches are told by email (`exchange.share_document`)."""

    form_class = ShareDocumentForm
    header_icon = "doc-full"
    page_title = gettext_lazy("Share a document")
    submit_label = gettext_lazy("Share the document")
    tab = "documents"

    def may_act(self, user):
        return permissions.may_share_document(user, self.case)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.case,
                "may_share_with_cohort": permissions.may_share_document(self.request.user, self.case, cohort=True)}

    def form_valid(self, form):
        with_cohort = form.cleaned_data.get("cohort", False)
        document = exchange.share_document(
            self.request.user, form.cleaned_data["title"], form.cleaned_data["description"], form.cleaned_data["file"],
            **({"cohort": self.case.cohort} if with_cohort else {"registration": self.case}))
        messages.success(self.request, _("“%(title)s” has been shared.") % {"title": document.title})
        return self.back_to_case()


class DeleteDocumentView(CaseFormPage):
    """Take back a document the agency shared (`permissions.may_delete_shared_document`), after a confirmation."""

    form_class = forms.Form
    header_icon = "bin"
    page_title = gettext_lazy("Delete the document")
    submit_label = gettext_lazy("Delete the document")
    tab = "documents"

    def may_act(self, user):
        self.document = get_object_or_404(CourseDocument.objects.for_case(self.case), pk=self.kwargs["document_pk"])
        return permissions.may_delete_shared_document(user, self.document)

    def get_context_data(self, **kwargs):
        return super().get_context_data(confirm=_(
            "“%(title)s” is deleted for everyone it was shared with.") % {"title": self.document.title}, **kwargs)

    def form_valid(self, form):
        exchange.delete_document(self.document, self.request.user)
        messages.success(self.request, _("“%(title)s” has been deleted.") % {"title": self.document.title})
        return self.back_to_case()


def _case_history(request, pk):
    """Case `pk`, if this person may see its history, where its messages and documents are
    (`permissions.may_see`); else a 404, as for a case that does not exist: a download has no page to refuse on."""
    case = get_object_or_404(Registration.objects.select_related("course"), pk=pk)
    if not permissions.may_see(request.user, case, permissions.CaseData.HISTORY):
        raise Http404
    return case


@gate(permissions.may_have_tasks)
def download_attachment(request, pk, attachment_pk):
    """An attachment of the case's messages, asked for every time; another case's is not found."""
    case = _case_history(request, pk)
    return get_object_or_404(MessageAttachment, pk=attachment_pk, message__registration=case).download(request)


@gate(permissions.may_have_tasks)
def download_document(request, pk, document_pk):
    """One of the case's documents (or its cohort's), asked for every time; another case's is not found."""
    case = _case_history(request, pk)
    return get_object_or_404(CourseDocument.objects.for_case(case), pk=document_pk).download(request)


class EditNoteView(CaseFormPage):
    """The author corrects their own note (`permissions.may_edit_note`); a note of another case is not found."""

    form_class = NoteEditForm
    header_icon = "comment"
    page_title = gettext_lazy("Edit the note")
    tab = "notes"

    def may_act(self, user):
        self.note = get_object_or_404(self.case.notes.all(), pk=self.kwargs["note_pk"])
        return permissions.may_edit_note(user, self.note)

    def get_initial(self):
        return {"text": self.note.text}  # not the note as the form's instance: validating would change it

    def form_valid(self, form):
        services.edit_note(self.note, self.request.user, form.cleaned_data["text"])
        messages.success(self.request, _("The note has been updated."))
        return self.back_to_case()


class WithdrawView(CaseFormPage):
    """Withdrawing a case is a deliberate action: a page of its own, a reason and a confirmation."""

    template_name = "workflows/staff/withdraw.html"
    form_class = WithdrawForm
    header_icon = "warning"
    page_title = gettext_lazy("Withdraw the municipality")
    allowed = staticmethod(permissions.may_withdraw_case)

    def get(self, request, *args, **kwargs):
        if not self.case.is_active:
            messages.info(request, _("The registration has already ended."))
            return redirect("staff_case", self.case.pk)
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        if not self.case.is_active:
            messages.info(self.request, _("The registration has already ended."))
            return redirect("staff_case", self.case.pk)
        try:
            services.withdraw(self.case, by=self.request.user, reason=form.cleaned_data["reason"])
        except FlowLockFailed:
            messages.error(self.request, _("Someone else is working on this case right now. Try again in a moment."))
            return redirect("staff_case", self.case.pk)
        messages.success(self.request, _("The municipality has been withdrawn and its seat freed."))
        return redirect("staff_case", self.case.pk)



# The municipality's overdue tasks, finished for it by the lead adviser or a coordinator (`steps.stand_in`).

class StandInMixin:
    """An open municipality task of the case (another case's is not found), and whether this person may finish it
    for the municipality (`check`, from `workflows.permissions`; refused before it is overdue). A task no longer
    open sends them back to the case with a word on how it was finished."""

    check = None

    def may_act(self, user):
        self.task = get_object_or_404(municipality_tasks.case_tasks(self.case), pk=self.kwargs["task_id"])
        if self.task.finished is not None:
            return permissions.may_act_on_case(user, self.case)
        return self.check(user, self.task, registration=self.case)

    def finished(self):
        """Back to the case's tasks, saying who finished the task, when it is no longer open."""
        messages.info(self.request, _finished_word(self.task))
        return redirect(reverse("staff_case", args=[self.case.pk]) + "#tab-tasks")


def _finished_word(task):
    task.refresh_from_db()
    helped = stand_in.stand_in_of(task)
    words = {"step": task.flow_task.task_title,
             "when": formats.date_format(timezone.localtime(task.finished), "DATETIME_FORMAT") if task.finished
             else ""}
    if helped is not None and helped.kind == TaskStandIn.Kind.FILLED_IN:
        return _("%(name)s filled in “%(step)s” for the municipality on %(when)s.") % {**words, "name": helped.by_name}
    if helped is not None:
        return _("%(name)s went on without “%(step)s” on %(when)s.") % {**words, "name": helped.by_name}
    if task.status == STATUS.DONE:
        return _("The municipality sent “%(step)s” on %(when)s.") % words
    return _("“%(step)s” is no longer needed.") % words


class FillInView(StandInMixin, CaseSubPage, View):
    """"Fill in for the municipality": the step's own form (and summary), filled in by the lead adviser with the
    answers the municipality gave by phone or on paper, and sent through viewflow with them as the task's holder
    (`stand_in.fill_in`). The municipality sees "filled in by your adviser". If the municipality sends first, the
    adviser is told so and sees their answers again, unsaved."""

    template_name = "workflows/staff/case/fill_in.html"
    header_icon = "edit"
    check = staticmethod(permissions.may_fill_in_for_municipality)
    http_method_names = ["get", "post"]

    def get_page_title(self):
        return _("Fill in for the municipality: %(step)s") % {"step": self.task.flow_task.task_title}

    def get(self, request, *args, **kwargs):
        if self.task.finished is not None:
            return self.finished()
        return self.dressed(self.step_view())

    def post(self, request, *args, **kwargs):
        if self.task.finished is not None:
            return self.not_saved(_finished_word(self.task))
        node = self.task.flow_task
        reviewed = issubclass(getattr(node.view, "view_class", object), ReviewedStepView)
        if reviewed and ReviewedStepView.CONFIRM not in request.POST:
            return self.dressed(self.step_view())  # the form again, its summary or one more row: nothing saved
        try:
            response = stand_in.fill_in(request, self.task)
        except stand_in.TooLate:
            return self.not_saved(_finished_word(self.task))
        except (FlowLockFailed, TransitionNotAllowed):
            return self.not_saved(str(task_screen.BUSY), busy=True)
        except PermissionDenied:
            return permission_denied(request)
        if response.status_code == 302:
            messages.success(request, _("“%(step)s” has been filled in for the municipality.") % {
                "step": node.task_title})
            return redirect(reverse("staff_case", args=[self.case.pk]) + "#tab-tasks")
        return self.dressed(response)

    def step_view(self):
        node = self.task.flow_task
        self.request.activation = node.activation_class(self.task)
        return node.view(self.request, process_pk=self.task.process_id, task_pk=self.task.pk)

    def not_saved(self, word, busy=False):
        """Someone was first (or holds the lock): say so, and show the adviser's answers again, unsaved (a busy
        lock: with the summary's "Send" to try again)."""
        messages.warning(self.request, word if busy else _("%(word)s Your answers were not saved; they are shown "
                                                           "below.") % {"word": word})
        self.request.POST = self.request.POST.copy()
        self.request.POST.pop(ReviewedStepView.CONFIRM, None)
        return self.dressed(self.step_view(), answers_not_sent=not busy)

    def dressed(self, response, **extra):
        if isinstance(response, TemplateResponse):
            deadline = getattr(self.task, "deadline", None)
            response.template_name = self.template_name
            response.context_data = self.get_context_data(
                **response.context_data, case=self.case, task=self.task, step=self.task.flow_task,
                due_at=deadline.due_at if deadline else None, confirm=ReviewedStepView.CONFIRM,
                change=ReviewedStepView.CHANGE, **extra)
        return response


class GoOnForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Why the course goes on without the municipality's answer. Kept on the case's "
                               "timeline."))

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason."))
        return reason


class GoOnView(StandInMixin, CaseFormPage):
    """"Go on without": the task is finished without the municipality's answer, for a reason kept on the case's
    timeline and in the audit log, and the course goes on as if answered (`stand_in.go_on_without`)."""

    form_class = GoOnForm
    header_icon = "arrow-right"
    submit_label = gettext_lazy("Go on without the answer")
    tab = "tasks"
    check = staticmethod(permissions.may_go_on_without)

    def get_page_title(self):
        return _("Go on without: %(step)s") % {"step": self.task.flow_task.task_title}

    def get(self, request, *args, **kwargs):
        if self.task.finished is not None:
            return self.finished()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(confirm=_(
            "The municipality is no longer asked for “%(step)s”: its plan says that it is no longer needed, and the "
            "next step says that the municipality did not answer.") % {"step": self.task.flow_task.task_title},
            **kwargs)

    def form_valid(self, form):
        try:
            stand_in.go_on_without(self.task, self.request.user, form.cleaned_data["reason"])
        except stand_in.TooLate:
            messages.warning(self.request, _finished_word(self.task))
            return self.back_to_case()
        except (FlowLockFailed, TransitionNotAllowed):
            messages.warning(self.request, str(task_screen.BUSY))
            return self.render_to_response(self.get_context_data(form=form))  # the reason kept, to try again
        except PermissionDenied:
            return permission_denied(self.request)
        messages.success(self.request, _("The course goes on without “%(step)s”.") % {
            "step": self.task.flow_task.task_title})
        return self.back_to_case()
