"""Two-factor sign-in for staff (TOTP, django-otp), for the Wagtail admin and the back office alike.

After the password, a member of staff who has an authenticator app set up must type its current code before any
staff page opens. With STAFF_2FA_REQUIRED on (the production default), staff without one are sent to set it up
first. Public pages are untouched: visitors never sign in.
"""

import io

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

STAFF_PREFIXES = ("/admin/", "/sagsbehandling/", "/django-admin/")


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"), max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or reverse("wagtailadmin_home")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("wagtailadmin_home")


class RequireTwoFactorMiddleware:
    """Placed after django_otp's OTPMiddleware (which tells whether this session is verified)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect_to = self._redirect_for(request)
        return redirect(f"{redirect_to}?next={request.get_full_path()}") if redirect_to else self.get_response(request)

    def _redirect_for(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified() or not request.path.startswith(STAFF_PREFIXES):
            return None
        own_pages = (reverse("twofactor_verify"), reverse("twofactor_setup"), reverse("wagtailadmin_logout"))
        if request.path in own_pages:
            return None
        if django_otp.user_has_device(user, confirmed=True):
            return reverse("twofactor_verify")
        if settings.STAFF_2FA_REQUIRED:
            return reverse("twofactor_setup")
        return None


def verify(request):
    """Type the current code of the app set up earlier."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_data["token"].strip())
        if device is not None:
            django_otp.login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("The code is wrong or has expired. Type the code your app shows now."))
    return render(request, "core/twofactor_verify.html", {"form": form, "next": _next_url(request)})


def setup(request):
    """Scan the QR code with an authenticator app and confirm with its first code."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first() or TOTPDevice.objects.create(
        user=request.user, name="Godkendelsesapp", confirmed=False
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("The code is wrong or has expired. Type the code your app shows now."))
    image = io.BytesIO()
    qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage).save(image)
    svg = image.getvalue().decode()
    return render(request, "core/twofactor_setup.html", {
        "form": form, "next": _next_url(request), "qr_svg": svg[svg.index("<svg"):],
        "secret": device.config_url.split("secret=")[1].split("&")[0],
    })
