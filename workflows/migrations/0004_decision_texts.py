"""Default texts of the decision emails; coordinators edit them in the admin."""

from django.db import migrations

TEXTS = [
    ("accept", "Jeres kommune er optaget i rådgivningsforløbet",
     "Vi glæder os til at samarbejde med jer om at inddrage peers. Jeres rådgiver kontakter jer inden opstart "
     "for at aftale det første møde."),
    ("waiting_list", "Jeres kommune er på ventelisten",
     "Jeres tilmelding opfylder betingelserne, men alle pladser er lige nu besat. I står på ventelisten, og vi "
     "kontakter jer, så snart der bliver en plads ledig."),
    ("decline", "Svar på jeres tilmelding til rådgivningsforløbet",
     "Vi har desværre ikke mulighed for at tilbyde jer et forløb denne gang."),
    ("seat_granted", "Der er en plads til jer i rådgivningsforløbet",
     "Der er blevet en plads ledig, og den er nu jeres. Jeres rådgiver kontakter jer inden opstart for at aftale "
     "det første møde."),
]


def load(apps, schema_editor):
    DecisionText = apps.get_model("workflows", "DecisionText")
    for decision, subject, text in TEXTS:
        DecisionText.objects.get_or_create(decision=decision, defaults={"subject": subject, "text": text})


class Migration(migrations.Migration):
    dependencies = [("workflows", "0003_municipalities")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
