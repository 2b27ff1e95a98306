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
from .personal_data import erase_person, export_person


class PersonalDataForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    confirm = forms.BooleanField(
        label=_("I understand that erasure cannot be undone"), required=False
    )


def personal_data(request):
    if not request.user.has_perm("core.manage_personal_data"):
        raise PermissionDenied
    form = PersonalDataForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        action = request.POST.get("action")
        if action == "export":
            data = export_person(email)
            _audit(request, PersonalDataRequest.Action.EXPORT, email, {k: len(v) for k, v in data.items()})
            response = HttpResponse(
                json.dumps({"email": email, "exported_at": timezone.now().isoformat(), "data": data},
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
                    counts = erase_person(email)
                    _audit(request, PersonalDataRequest.Action.ERASE, email, counts)
                total = sum(counts.values())
                messages.success(request, _("Erased or anonymised %(count)s records.") % {"count": total})
                return redirect("personal_data")
    return TemplateResponse(
        request,
        "core/personal_data.html",
        {"form": form, "recent": PersonalDataRequest.objects.select_related("performed_by")[:20]},
    )


def _audit(request, action, email, result):
    PersonalDataRequest.objects.create(
        action=action, email_sha256=PersonalDataRequest.hash_email(email), performed_by=request.user, result=result
    )
