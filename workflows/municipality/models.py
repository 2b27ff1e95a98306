"""The people of a case: who of the municipality may sign in to its course, and in which role."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.ics import Subscription
from core.links import absolute
from core.signals import user_deactivated

from ..registration.models import Registration


class CasePersonQuerySet(models.QuerySet):
    def current(self):
        """The people who have access now, the one definition every check reads: not removed, their account
        active, and a contact person only while the registration still names their address (a contact person
        replaced on the status page no longer signs in as one)."""
        named = (Q(registration__contact_email__iexact=F("user__email"))
                 | Q(registration__second_contact_email__iexact=F("user__email")))
        return self.filter(removed_at__isnull=True, user__is_active=True).filter(
            Q(role=CasePerson.Role.COLLEAGUE) | named)


class CasePerson(models.Model):
    """One person's access to one case. Their address is their account's (`user.email`, lower-case); an account
    may belong to people of several cases (a contact person of two programmes)."""

    class Role(models.TextChoices):
        CONTACT = "contact", _("Contact person")
        COLLEAGUE = "colleague", _("Colleague")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="people",
                                     verbose_name=_("registration"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_people",
                             verbose_name=_("account"))
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("invited by"))
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_by = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("removed by"))

    objects = CasePersonQuerySet.as_manager()

    class Meta:
        ordering = ["-role", "name", "pk"]  # contact persons ("contact" > "colleague") first
        verbose_name = _("person of a case")
        verbose_name_plural = _("people of a case")
        constraints = [models.UniqueConstraint(fields=["registration", "user"], name="one_person_per_case_and_user")]

    def __str__(self):
        return f"{self.name} ({self.registration})"

    @property
    def email(self):
        return self.user.email

    @property
    def is_contact(self):
        return self.role == self.Role.CONTACT


class PlanFeed(Subscription):
    """One person's calendar subscription of their case's plan (`municipality.feed`), made and replaced on the plan
    page. It answers only while its person is current (`CasePerson.objects.current`) and its case has not ended;
    removing the person (`services.remove`) or deactivating their account deletes it, so that neither a new
    invitation nor a reactivation brings an old address back."""

    person = models.OneToOneField(CasePerson, on_delete=models.CASCADE, related_name="calendar_feed",
                                  verbose_name=_("person of a case"))

    class Meta:
        verbose_name = _("calendar subscription of a plan")
        verbose_name_plural = _("calendar subscriptions of plans")

    def __str__(self):
        return str(self.person)

    @property
    def address(self):
        """What the person adds to their calendar program."""
        return absolute(reverse("workflows:municipality_feed", args=[self.token]))

    @property
    def webcal_address(self):
        """The same address for a link that opens the calendar program (Outlook, Apple Calendar) to subscribe."""
        return "webcal://" + self.address.split("://", 1)[1]


@receiver(user_deactivated)
def revoke_plan_feeds(sender, user_ids, **kwargs):
    """A deactivated account's calendar addresses stop for good, as the staff's do (`staff.models`)."""
    PlanFeed.objects.filter(person__user_id__in=user_ids).delete()
