# The municipality's goals and self-assessments (workflows.outcomes), and the indicators they answer: a first set,
# in Danish, as data (coordinators revise it as new versions later, never by editing a row that has answers).

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


INDICATORS = [
    ("peers_employed", "number", "Hvor mange peer-støttemedarbejdere har I ansat?",
     "Lønnede peers i socialpsykiatrien, uanset timetal. Skriv 0, hvis I ikke har nogen."),
    ("peers_volunteering", "number", "Hvor mange frivillige peers er knyttet til jeres tilbud?",
     "Frivillige, der jævnligt giver peer-støtte hos jer. Skriv 0, hvis I ikke har nogen."),
    ("peer_roles", "scale", "Hvor klart er de roller, jeres peers har?",
     "1: Peers har ingen fast rolle. 3: Rollerne er aftalt, men ikke beskrevet. 5: Hver peer har en skriftlig "
     "rollebeskrivelse, som kolleger og borgere kender."),
    ("management_anchoring", "scale", "Hvor godt er arbejdet med peers forankret i ledelsen?",
     "1: Ledelsen er ikke involveret. 3: En leder har ansvaret, men arbejdet hviler på enkeltpersoner. 5: Ledelsen "
     "følger arbejdet løbende og har afsat ressourcer til det."),
    ("colleague_readiness", "scale", "Hvor parate er jeres medarbejdere til at arbejde sammen med peers?",
     "1: Mange er usikre eller skeptiske. 3: De fleste er positive, men ved ikke helt hvordan. 5: Samarbejdet med "
     "peers er en naturlig del af hverdagen."),
    ("citizens_reached", "number", "Hvor mange borgere har fået peer-støtte de seneste 3 måneder?",
     "Et skøn er fint. Tæl hver borger én gang."),
    ("peer_strategy", "scale", "Hvor tydeligt står peer-perspektivet i jeres strategier og planer?",
     "1: Peers nævnes ikke. 3: Peers nævnes i enkelte planer. 5: Inddragelse af peers er et mål i jeres strategi "
     "for socialpsykiatrien, med handlinger og opfølgning."),
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("workflows", "Indicator")
    for order, (key, kind, label, help_text) in enumerate(INDICATORS, start=1):
        Indicator.objects.get_or_create(key=key, version=1, defaults={
            "kind": kind, "label": label, "help_text": help_text, "order": order * 10})


def unseed(apps, schema_editor):
    apps.get_model("workflows", "Indicator").objects.filter(key__in=[row[0] for row in INDICATORS], version=1,
                                                            answers=None).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('workflows', '0022_nominations_workshop_responses'),
    ]

    operations = [
        migrations.CreateModel(
            name='Indicator',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.SlugField(help_text='The same for every version of the question, to compare answers over time.', verbose_name='key')),
                ('version', models.PositiveSmallIntegerField(default=1, verbose_name='version')),
                ('label', models.CharField(max_length=300, verbose_name='question')),
                ('help_text', models.TextField(blank=True, max_length=1000, verbose_name='help text')),
                ('kind', models.CharField(choices=[('scale', 'Scale 1–5'), ('number', 'Number')], max_length=10, verbose_name='kind')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('active', models.BooleanField(default=True, verbose_name='asked in new assessments')),
            ],
            options={
                'verbose_name': 'indicator',
                'verbose_name_plural': 'indicators',
                'ordering': ['order', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('key', 'version'), name='one_indicator_per_key_and_version')],
            },
        ),
        migrations.CreateModel(
            name='SelfAssessment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('baseline', 'Starting point'), ('midway', 'Midway'), ('final', 'End of the course')], max_length=10, verbose_name='kind')),
                ('goals', models.TextField(blank=True, max_length=5000, verbose_name='goals for the course')),
                ('course_evaluation', models.TextField(blank=True, max_length=5000, verbose_name='evaluation of the course')),
                ('submitted_at', models.DateTimeField(auto_now_add=True, verbose_name='submitted')),
                ('registration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='self_assessments', to='workflows.registration', verbose_name='registration')),
                ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='workflows.caseperson', verbose_name='submitted by')),
            ],
            options={
                'verbose_name': 'self-assessment',
                'verbose_name_plural': 'self-assessments',
                'ordering': ['submitted_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Answer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('value', models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100000)], verbose_name='answer')),
                ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='answers', to='workflows.indicator')),
                ('assessment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='workflows.selfassessment')),
            ],
            options={
                'verbose_name': 'answer',
                'verbose_name_plural': 'answers',
                'ordering': ['indicator__order', 'indicator__pk'],
            },
        ),
        migrations.AddConstraint(
            model_name='selfassessment',
            constraint=models.UniqueConstraint(fields=('registration', 'kind'), name='one_self_assessment_of_each_kind'),
        ),
        migrations.AddConstraint(
            model_name='answer',
            constraint=models.UniqueConstraint(fields=('assessment', 'indicator'), name='one_answer_per_indicator'),
        ),
        migrations.RunPython(seed, unseed),
    ]
