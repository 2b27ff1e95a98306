"""Two-factor sign-in for staff (TOTP, django-otp), for every staff area (settings.STAFF_URL_PREFIXES).

After the password, a member of staff who has an authenticator app set up must type its current code before any
staff page opens. With STAFF_2FA_REQUIRED on (the production default), staff without one are sent to set it up
first. Public pages are untouched: visitors never sign in.

The password alone never adds an app. Set-up is open to someone who has no confirmed app yet, and otherwise only
in a session that has already confirmed a code from an existing app (self-service: a new phone). Someone who has
lost every app asks an administrator, who resets them from the user list. Each addition and reset is written to
Wagtail's audit log (Reports › Site history) and the user is told by email.

Content for signed-in users only (Wagtail's page and document privacy "login required" or "groups", reached
through Wagtail's front-end sign-in at /_util/login/) asks for the same code (`guard_private`, from the
`before_serve_page` and `before_serve_document` hooks): a password alone never opens it for a staff account.

Confirming a code gives the session a new key, as the password step does.

Wrong codes are limited per sign-in and per account and address, never per device: django-otp's own throttle
counts the failures on the device (OTP_TOTP_THROTTLE_FACTOR is 0), so whoever held the password could keep the
real user's codes refused. Here a sign-in may miss CODE_FAILURES_PER_SIGN_IN times and is then signed out (the
next round costs a password sign-in); one address may miss CODE_FAILURES_PER_ADDRESS times per account within
core.ratelimit's ten minutes. The real user, signing in afresh from their own address, has a fresh count of both.
"""

import io

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.middleware.csrf import rotate_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtail.models import BaseViewRestriction

from . import ratelimit
from .email import send_email

DEVICE_ADDED = "core.twofactor.device_added"
DEVICES_RESET = "core.twofactor.devices_reset"

CODE_FAILURES_PER_SIGN_IN = 5
CODE_FAILURES_PER_ADDRESS = 10  # per account, within core.ratelimit.WINDOW
_FAILURES = "twofactor_failures"  # the session's count of wrong codes since its password sign-in
TOO_MANY_FROM_HERE = gettext_lazy("Too many wrong codes have been typed for this account from here. Wait a few "
                                  "minutes and try again.")
TOO_MANY_IN_SIGN_IN = gettext_lazy("The code was wrong too many times. Sign in again.")


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"), max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class SetupForm(TokenForm):
    replace = forms.BooleanField(label=gettext_lazy("Remove my other authenticator apps"), required=False)


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or reverse("wagtailadmin_home")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("wagtailadmin_home")


def has_app(user):
    return django_otp.user_has_device(user, confirmed=True)


def is_staff_account(user):
    """Someone the admin lets in (Wagtail's or Django's), so someone who can reach the code prompt and set-up."""
    return user.is_staff or user.has_perm("wagtailadmin.access_admin")


def pending_step(user):
    """The two-factor page a signed-in user must pass in this session before anything for signed-in users opens,
    or None: the code prompt for whoever has an app, set-up for staff without one when STAFF_2FA_REQUIRED."""
    if not user.is_authenticated or getattr(user, "is_verified", lambda: False)():
        return None
    if has_app(user):
        return "twofactor_verify"
    if settings.STAFF_2FA_REQUIRED and is_staff_account(user):
        return "twofactor_setup"
    return None


_USER_RESTRICTIONS = (BaseViewRestriction.LOGIN, BaseViewRestriction.GROUPS)


def guard_private(request, restrictions):
    """A page or document only for signed-in users (or some groups), asked for by a session that signed in with
    the password but has not confirmed its code: the code prompt first, then back here. None otherwise (Wagtail's
    own check comes next). A shared-password restriction is not about the user and is left to Wagtail."""
    if not any(restriction.restriction_type in _USER_RESTRICTIONS for restriction in restrictions):
        return None
    step = pending_step(request.user)
    if step is None:
        return None
    response = redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
    add_never_cache_headers(response)
    return response


class RequireTwoFactorMiddleware:
    """Placed after django_otp's OTPMiddleware (which tells whether this session is verified)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect_to = self._redirect_for(request)
        return redirect(f"{redirect_to}?next={request.get_full_path()}") if redirect_to else self.get_response(request)

    def _redirect_for(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified() or not request.path.startswith(
            settings.STAFF_URL_PREFIXES
        ):
            return None
        verify, setup = reverse("twofactor_verify"), reverse("twofactor_setup")
        if request.path in (verify, reverse("wagtailadmin_logout")):
            return None
        if has_app(user):
            return verify  # set-up included: a new app needs a code from an existing one first
        if request.path == setup:
            return None
        if settings.STAFF_2FA_REQUIRED:
            return setup
        return None


def verify(request):
    """Type the current code of the app set up earlier."""
    if not has_app(request.user):
        return redirect(f"{reverse('twofactor_setup')}?next={_next_url(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Counted as wrong before it is checked, so that guesses sent all at once cannot pass the limit together.
        scope = f"twofactor:{request.user.pk}"
        if not ratelimit.take_failure(request, scope, CODE_FAILURES_PER_ADDRESS):
            form.add_error("token", TOO_MANY_FROM_HERE)
            return render(request, "core/twofactor_verify.html", {"form": form, "next": _next_url(request)})
        device = django_otp.match_token(request.user, form.cleaned_data["token"].strip())
        if device is not None:
            ratelimit.forgive_failure(request, scope)
            _code_confirmed(request, device)
            return redirect(_next_url(request))
        failures = request.session.get(_FAILURES, 0) + 1
        if failures >= CODE_FAILURES_PER_SIGN_IN:
            next_url = _next_url(request)
            logout(request)
            messages.error(request, TOO_MANY_IN_SIGN_IN)
            return redirect(f"{reverse('wagtailadmin_login')}?{urlencode({'next': next_url})}")
        request.session[_FAILURES] = failures
        form.add_error("token", _("The code is wrong or has expired. Type the code your app shows now."))
    return render(request, "core/twofactor_verify.html", {"form": form, "next": _next_url(request)})


def _code_confirmed(request, device):
    """The session is now signed in with both factors: it gets a new key (a key known from before the code, e.g.
    planted or read while only the password was in, is worth nothing now), a new CSRF token, as Django's sign-in
    does, and a clean count of wrong codes."""
    django_otp.login(request, device)
    request.session.pop(_FAILURES, None)
    request.session.cycle_key()
    rotate_token(request)


def setup(request):
    """Scan the QR code with an authenticator app and confirm with its first code.

    Someone with a confirmed app gets here only after confirming a code from it (the middleware sends them to
    `verify` first); checked again here, so the view is safe wherever it is mounted."""
    user = request.user
    if has_app(user) and not user.is_verified():
        return redirect(f"{reverse('twofactor_verify')}?next={request.get_full_path()}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name="Godkendelsesapp", confirmed=False
    )
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            _confirm(request, device, replace=form.cleaned_data["replace"])
            return redirect(_next_url(request))
        form.add_error("token", _("The code is wrong or has expired. Type the code your app shows now."))
    image = io.BytesIO()
    qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage).save(image)
    svg = image.getvalue().decode()
    return render(request, "core/twofactor_setup.html", {
        "form": form, "next": _next_url(request), "qr_svg": svg[svg.index("<svg"):],
        "secret": device.config_url.split("secret=")[1].split("&")[0], "adding": has_app(user),
    })


def _confirm(request, device, *, replace):
    # The audit log looks up its model by the instance's class, which request.user (lazy, twice) hides.
    user = get_user_model()._default_manager.get(pk=request.user.pk)
    with transaction.atomic():
        if replace:
            TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        log(user, DEVICE_ADDED, user=user)
        _tell(user, "twofactor_device_added", by=user)
    _code_confirmed(request, device)


def _tell(user, template, *, by):
    if user.email:
        send_email(to=user.email, template=template, context={
            "user": user, "by": by, "when": timezone.now(), "admin_url": settings.WAGTAILADMIN_BASE_URL,
        })


def can_reset(request_user):
    return request_user.has_perm(f"{get_user_model()._meta.app_label}.change_user")


class ResetView(WagtailAdminTemplateMixin, TemplateView):
    """An administrator removes every authenticator app of a user who has lost theirs; at the next sign-in the user
    sets up a new one (with STAFF_2FA_REQUIRED on, before anything else)."""

    template_name = "core/twofactor_reset.html"
    page_title = gettext_lazy("Reset two-factor sign-in")
    header_icon = "key"

    def dispatch(self, request, user_id):
        if not can_reset(request.user):
            raise PermissionDenied
        self.target = get_object_or_404(get_user_model(), pk=user_id)
        return super().dispatch(request, user_id)

    def get_page_subtitle(self):
        return self.target.get_full_name() or self.target.get_username()

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("wagtailusers_users:index"), "label": _("Users")},
                {"url": "", "label": self.get_header_title()}]

    def get_context_data(self, **kwargs):
        devices = TOTPDevice.objects.filter(user=self.target, confirmed=True).count()
        return super().get_context_data(devices=devices, **kwargs)

    def post(self, request, user_id):
        with transaction.atomic():
            removed, _counts = TOTPDevice.objects.filter(user=self.target).delete()
            log(self.target, DEVICES_RESET, user=request.user, data={"removed": removed})
            _tell(self.target, "twofactor_reset", by=request.user)
        messages.success(request, _("The authenticator apps of %(name)s have been removed. They set up a new one "
                                    "at their next sign-in.") % {"name": self.get_page_subtitle()})
        return redirect("wagtailusers_users:index")
