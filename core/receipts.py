"""Post/Redirect/Get for the public forms that create something (a registration, a meeting sign-up).

After a successful POST the browser is sent to a receipt page, so reloading it shows the receipt again instead of
sending the form twice. The public site sets no cookies, so the receipt's address carries what it shows: a signed
token naming the created row, valid for a short while (long enough to reload or print it; the confirmation email is
the lasting record). A tampered or expired token gets a Danish explanation, never a 500."""

from datetime import timedelta

from django.core import signing
from django.shortcuts import redirect

RECEIPT_MAX_AGE = timedelta(hours=2)


def redirect_to_receipt(view_name, kind, pk, *args):
    """Redirect to `view_name` (with `args` first, then the token) to show the receipt for row `pk` of `kind`."""
    return redirect(view_name, *args, signing.dumps(pk, salt=f"core.receipt.{kind}"))


def receipt_pk(kind, token):
    """The primary key a receipt token names, or None when it was tampered with or has expired."""
    try:
        return signing.loads(token, salt=f"core.receipt.{kind}", max_age=RECEIPT_MAX_AGE)
    except signing.BadSignature:
        return None
