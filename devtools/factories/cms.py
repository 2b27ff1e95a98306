"""Factories of the public website, shared by the tests and the demo content (devtools.demo.cms)."""

import datetime

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from django.utils import timezone
from fpdf import FPDF
from wagtail.models import Collection

from cms.blocks import slug_for
from cms.models import (
    Comment,
    ContactFormField,
    ContactPage,
    ContactPerson,
    Context,
    FAQPage,
    GuideIndexPage,
    GuidePage,
    HomePage,
    ModelCatalogueIndexPage,
    NewsArticlePage,
    NewsCategory,
    NewsIndexPage,
    PeerSupportModelPage,
    ProgrammePage,
    PublicationIndexPage,
    PublicationPage,
    SiteDocument,
    StandardPage,
    Subscriber,
)
from devtools.factories.workflows import ProgrammeFactory


def make_pdf(title, paragraphs=()):
    """A real, small PDF document (fpdf2's core fonts cover Danish letters)."""
    pdf = FPDF()
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(0, 10, title)
    pdf.ln(4)
    pdf.set_font("Helvetica", size=11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph)
        pdf.ln(3)
    return bytes(pdf.output())


def paragraph(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def documents(*docs):
    return [{"type": "document", "value": doc.pk} for doc in docs]


def pages(*targets):
    return [{"type": "page", "value": target.pk} for target in targets]


class ImageFactory(wagtail_factories.ImageFactory):
    """An image in the root collection, where the Editors group sees it (wagtail_factories' own puts it in a new
    "Test collection" beside the root, which only superusers see)."""

    collection = factory.LazyFunction(Collection.get_first_root_node)


class DocumentFactory(factory.django.DjangoModelFactory):
    """A document with a real generated PDF file: DocumentFactory(title=..., body=["paragraph", ...])."""

    class Meta:
        model = SiteDocument

    class Params:
        body = ("Et eksempel på et dokument.",)

    title = factory.Sequence(lambda n: f"Dokument {n}")
    file = factory.LazyAttributeSequence(
        lambda doc, n: ContentFile(make_pdf(doc.title, doc.body), name=f"dokument-{n}.pdf")
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        document = model_class(*args, **kwargs)
        document.file_size = document.file.size
        document.save()
        return document


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    name = "Mette Lund"
    job_title = "Fuldmægtig"
    email = "mette.lund@peer-raadgivning.local"
    phone = "33 12 34 56"


class NewsCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsCategory
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Kategori {n}")
    slug = factory.Sequence(lambda n: f"kategori-{n}")


class PublishedPageFactory(wagtail_factories.PageFactory):
    """A live page carries the dates publishing gives it (the sitemap's lastmod reads them), as in real use."""

    class Meta:
        abstract = True

    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.SelfAttribute("first_published_at")


class HomePageFactory(PublishedPageFactory):
    class Meta:
        model = HomePage

    title = "Forside"
    intro = "<p>Peers gør en forskel i socialpsykiatrien.</p>"
    slug = factory.Sequence(lambda n: f"forside-{n}")


class StandardPageFactory(PublishedPageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Side {n}")
    slug = factory.LazyAttribute(lambda page: slug_for(page.title))
    intro = "En almindelig side."
    body = factory.LazyFunction(lambda: [paragraph("Brødtekst på siden.")])


class ProgrammePageFactory(PublishedPageFactory):
    class Meta:
        model = ProgrammePage

    title = "Rådgivningsforløbet"
    slug = factory.LazyAttribute(lambda page: slug_for(page.title))
    programme = factory.SubFactory(ProgrammeFactory)
    intro = "Et gratis forløb for kommuner om at inddrage peers i socialpsykiatrien."
    body = factory.LazyFunction(lambda: [paragraph("Forløbet varer 18 måneder.")])


class NewsIndexPageFactory(PublishedPageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Nyheder"
    slug = "nyheder"
    intro = "Nyt om peer-støtte og rådgivningsforløbet."


class NewsArticlePageFactory(PublishedPageFactory):
    class Meta:
        model = NewsArticlePage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Nyhed nummer {n}")
    slug = factory.LazyAttribute(lambda page: slug_for(page.title))
    date = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    author = "Redaktionen"
    intro = "En kort indledning til nyheden."
    body = factory.LazyFunction(lambda: [paragraph("Nyhedens brødtekst.")])

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)
            self.save_revision().publish()


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    name = "Lone Jensen"
    email = "lone@example.dk"
    body = "Tak for en god artikel."
    approved = True


class GuideIndexPageFactory(PublishedPageFactory):
    class Meta:
        model = GuideIndexPage

    title = "Vejledninger"
    slug = "vejledninger"


class GuidePageFactory(PublishedPageFactory):
    class Meta:
        model = GuidePage

    title = factory.Sequence(lambda n: f"Vejledning {n}")
    slug = factory.LazyAttribute(lambda page: slug_for(page.title))
    intro = "Til medarbejdere, der skal i gang."
    steps = factory.LazyFunction(lambda: [
        {"type": "step", "value": {"heading": "Afklar rollen", "body": "<p>Beskriv opgaverne.</p>"}},
        {"type": "step", "value": {"heading": "Slå stillingen op", "body": "<p>Skriv, at erfaring tæller.</p>"}},
    ])
    references = factory.LazyFunction(lambda: [{"type": "reference", "value": {
        "author": "Socialstyrelsen", "year": 2016, "title": "Peer-støtte på det psykosociale og psykiatriske område",
        "publisher": "Socialstyrelsen", "link": "",
    }}])


class PublicationIndexPageFactory(PublishedPageFactory):
    class Meta:
        model = PublicationIndexPage

    title = "Publikationer"
    slug = "publikationer"


class PublicationPageFactory(PublishedPageFactory):
    class Meta:
        model = PublicationPage

    title = factory.Sequence(lambda n: f"Publikation {n}")
    slug = factory.LazyAttribute(lambda page: slug_for(page.title))
    issuer = "Socialstyrelsen"
    year = 2018
    summary = "Et resumé af publikationen."
    covers = factory.LazyFunction(lambda: [{"type": "point", "value": "Målgruppe og mål"}])
    documents = factory.LazyAttribute(lambda page: documents(DocumentFactory(title=page.title)))


class ModelCatalogueIndexPageFactory(PublishedPageFactory):
    class Meta:
        model = ModelCatalogueIndexPage

    title = "Modelkatalog"
    slug = "modelkatalog"


class PeerSupportModelPageFactory(PublishedPageFactory):
    class Meta:
        model = PeerSupportModelPage

    title = factory.Sequence(lambda n: f"Model {n}")
    slug = factory.LazyAttribute(lambda page: slug_for(page.title))
    target_group = "Borgere over 18 år med psykiske vanskeligheder."
    goal = "At styrke borgerens egen recovery-proces."
    context = Context.MUNICIPAL
    resources = "En peer-støttemedarbejder\nEn fast kontaktperson"
    activities = "Samtaler\nBrobygning"
    outputs = "Antal forløb"
    effects = "Mere håb\nStørre netværk"
    organisation = "<p>Ledelsen skal bakke op.</p>"
    costs = "<p>Løn til peer-medarbejderen.</p>"
    recommendations = "<p>Start i det små.</p>"


class ContactPageFactory(PublishedPageFactory):
    class Meta:
        model = ContactPage
        skip_postgeneration_save = True

    title = "Kontakt os"
    slug = "kontakt"
    to_address = "kontakt@peer-raadgivning.local"
    subject = "Henvendelse fra hjemmesiden"

    @factory.post_generation
    def with_fields(self, create, extracted, **kwargs):
        """The four fields of the contact form: name, email, topic (choices) and message."""
        if not create or extracted is False:
            return
        fields = [
            ("Navn", "singleline", ""),
            ("E-mail", "email", ""),
            ("Emne", "dropdown", "Rådgivningsforløbet\nPeer-uddannelse\nPublikationer\nAndet"),
            ("Besked", "multiline", ""),
        ]
        for order, (label, field_type, choices) in enumerate(fields):
            ContactFormField.objects.create(
                page=self, sort_order=order, label=label, field_type=field_type, required=True, choices=choices,
            )


class FAQPageFactory(PublishedPageFactory):
    class Meta:
        model = FAQPage

    title = "Ofte stillede spørgsmål"
    slug = "spoergsmaal"
    themes = factory.LazyFunction(lambda: [{"type": "theme", "value": {"title": "Peer-støtte", "questions": [
        {"question": "Hvad er en peer?", "answer": "<p>En person med egne erfaringer.</p>"},
    ]}}])


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"abonnent{n}@example.dk")
