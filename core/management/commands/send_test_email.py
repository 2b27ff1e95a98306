from django.core.management.base import BaseCommand
from django.utils import timezone

from core.email import send_email


class Command(BaseCommand):
    help = "Queue a test email through the outbox, to check the configured email provider end to end."

    def add_arguments(self, parser):
        parser.add_argument("recipient")

    def handle(self, recipient, **options):
        message = send_email(to=recipient, template="test_message", context={"sent_at": timezone.now()})
        self.stdout.write(f"Queued outbox message {message.pk} to {recipient}; the worker sends it.")
