"""The coordinators' page for access and erasure requests, in the Wagtail admin."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import PersonalDataRequest
from .personal_data import erase_person, export_person, find


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


def personal_data(request):
    if not request.user.has_perm("core.manage_personal_data"):
        raise PermissionDenied
    form = PersonalDataForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        also = [line.strip() for line in form.cleaned_data["also"].splitlines() if line.strip()]
        person = find(email, names=[a for a in also if not _is_phone(a)], phones=[a for a in also if _is_phone(a)])
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
            if not form.cleaned_data["confirm"]:
                form.add_error("confirm", _("Confirm that you want to erase the data."))
            else:
                with transaction.atomic():
                    counts = erase_person(person)
                    _audit(request, PersonalDataRequest.Action.ERASE, email, counts)
                total = sum(counts.values())
                messages.success(request, _("Erased or anonymised %(count)s records.") % {"count": total})
                return redirect("personal_data")
    return TemplateResponse(
        request,
        "core/personal_data.html",
        {"form": form, "recent": PersonalDataRequest.objects.select_related("performed_by")[:20]},
    )


def _is_phone(text):
    return sum(char.isdigit() for char in text) >= 6 and not any(char.isalpha() for char in text)


def _audit(request, action, email, result):
    PersonalDataRequest.objects.create(
        action=action, email_sha256=PersonalDataRequest.hash_email(email), performed_by=request.user, result=result
    )
