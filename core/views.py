"""The coordinators' page for access and erasure requests, in the Wagtail admin.

Erasure is blind no more: "show what will be erased" lists every record and field an erasure changes (source by
source, with the case each belongs to), and the erase button comes only with that list, carrying its digest. If the
data changed in between, the erasure is refused and a fresh list is shown. Every export, preview and erasure is
audited: who, when, and how many records per source; never the data or the address."""

import json
import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import PersonalDataRequest
from .personal_data import StalePreview, counts, digest, erase_person, export_person, find, other_cases, preview


class CaseKeys(forms.Field):
    """The cases the coordinator adds to where the person's names count (ticked in the preview)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        return sorted({str(key) for key in value or [] if re.fullmatch(r"[\w-]{1,40}", str(key))})


class PersonalDataForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    also = forms.CharField(
        label=_("Other names and phone numbers"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line. Names and numbers stored with the address are found by themselves; add any "
                    "other the person is known by, for example in staff notes."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that erasure cannot be undone"), required=False
    )
    cases = CaseKeys(required=False)
    digest = forms.CharField(required=False, widget=forms.HiddenInput)


def personal_data(request):
    if not request.user.has_perm("core.manage_personal_data"):
        raise PermissionDenied
    form = PersonalDataForm(request.POST or None)
    context = {
        "form": form, "preview": None, "header_title": _("Personal data"), "header_icon": "user",
        "breadcrumbs_items": [{"url": reverse("wagtailadmin_home"), "label": _("Home")},
                              {"url": "", "label": _("Personal data")}],
    }
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        also = [line.strip() for line in form.cleaned_data["also"].splitlines() if line.strip()]
        person = find(email, names=[a for a in also if not _is_phone(a)], phones=[a for a in also if _is_phone(a)],
                      cases=form.cleaned_data["cases"])
        action = request.POST.get("action")
        if action == "export":
            data = export_person(person)
            _audit(request, PersonalDataRequest.Action.EXPORT, email, {k: len(v) for k, v in data.items()})
            response = HttpResponse(
                json.dumps({"email": email, "names": sorted(person.names), "phones": sorted(person.phones),
                            "exported_at": timezone.now().isoformat(), "data": data},
                           ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = 'attachment; filename="persondata.json"'
            return response
        if action == "erase":
            if not form.cleaned_data["digest"]:
                form.add_error(None, _("First show what will be erased, then confirm the erasure below the list."))
            elif not form.cleaned_data["confirm"]:
                form.add_error("confirm", _("Confirm that you want to erase the data."))
            else:
                try:
                    with transaction.atomic():
                        result = erase_person(person, expected_digest=form.cleaned_data["digest"])
                        _audit(request, PersonalDataRequest.Action.ERASE, email, result)
                except StalePreview:
                    form.add_error(None, _("The data changed after the list was made, so nothing was erased. Check "
                                           "the new list below and confirm again."))
                else:
                    total = sum(result.values())
                    messages.success(request, _("Erased or anonymised %(count)s records.") % {"count": total})
                    return redirect("personal_data")
        if action in (PersonalDataRequest.Action.PREVIEW, PersonalDataRequest.Action.ERASE):
            context.update(_preview(request, email, person))
            form.data = form.data.copy()
            form.data.pop("confirm", None)  # each list is confirmed afresh
    context["recent"] = PersonalDataRequest.objects.select_related("performed_by")[:20]
    return TemplateResponse(request, "core/personal_data.html", context)


def _preview(request, email, person):
    """What an erasure of `person` would do, for the page, and the audit line that it was looked at."""
    changes = preview(person)
    _audit(request, PersonalDataRequest.Action.PREVIEW, email, counts(changes))  # it shows what is stored
    groups = {}
    for planned in changes:
        groups.setdefault(planned.source, []).append(planned)
    return {
        "preview": list(groups.items()), "changes": len(changes), "digest": digest(person, changes),
        "other_cases": [(key, label, key in person.chosen) for key, label in other_cases(person).items()],
    }


def _is_phone(text):
    return sum(char.isdigit() for char in text) >= 6 and not any(char.isalpha() for char in text)


def _audit(request, action, email, result):
    PersonalDataRequest.objects.create(
        action=action, email_sha256=PersonalDataRequest.hash_email(email), performed_by=request.user, result=result
    )
