"""The Content-Security-Policy of every page, staff pages included.

Public pages and the staff sign-in (password, two-factor code, password reset) get the strict policy in
`settings.CONTENT_SECURITY_POLICY`: nothing inline. The rest of the staff workspace (settings.STAFF_URL_PREFIXES)
gets `settings.STAFF_CONTENT_SECURITY_POLICY`, which differs in one respect: Wagtail 8's admin still writes inline
`<script>` elements (InlinePanel, MultipleChooserPanel, its date and time choosers, search promotions; upstream
wagtail/wagtail#1288) and inline styles, so script-src and style-src allow 'unsafe-inline' there. Everything else
stays shut: other origins, plugins, framing by other sites, forms posting elsewhere, <base> tags.
"""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings

# The staff pages that answer before anyone is signed in: held to the strict policy, as the public site is.
SIGN_IN_VIEWS = {
    "wagtailadmin_login",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "twofactor_verify",
    "twofactor_setup",
}


def is_sign_in(request):
    match = request.resolver_match
    return match is not None and match.url_name in SIGN_IN_VIEWS


class SitePolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the staff policy on staff pages other than the sign-in."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        staff = request.path_info.startswith(settings.STAFF_URL_PREFIXES)
        if not report_only and parts.config is None and staff and not is_sign_in(request):
            parts.config = default_config(settings.STAFF_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts
