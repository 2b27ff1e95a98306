"""The website's periodic jobs: personal data is kept no longer than needed."""

from datetime import timedelta

from django.utils import timezone

from core.scheduler import periodic

from .models import Comment, ContactPage, Subscriber

UNCONFIRMED_SIGNUP_DAYS = 14
UNAPPROVED_COMMENT_DAYS = 90


@periodic(hours=1)
def delete_expired_contact_submissions():
    """Contact form submissions are deleted when their page's retention period has passed."""
    for page in ContactPage.objects.all():
        page.expired_submissions().delete()


@periodic(hours=6)
def delete_unconfirmed_newsletter_signups():
    """A sign-up nobody confirmed within two weeks is forgotten."""
    cutoff = timezone.now() - timedelta(days=UNCONFIRMED_SIGNUP_DAYS)
    Subscriber.objects.filter(status=Subscriber.Status.PENDING, created_at__lt=cutoff).delete()


@periodic(days=1)
def delete_stale_unapproved_comments():
    """A comment no editor approved within three months is spam or forgotten; it goes, with its email address."""
    cutoff = timezone.now() - timedelta(days=UNAPPROVED_COMMENT_DAYS)
    Comment.objects.filter(approved=False, created_at__lt=cutoff).delete()
