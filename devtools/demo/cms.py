"""Demo content for a local run: a realistic Danish site built from the facts in the seed documents.

`build(step)` is idempotent: it does nothing when the news index already exists. `load_demo` calls it.
"""

import datetime

from django.conf import settings
from django.db import transaction
from wagtail.models import Collection, Locale, Page, Site

from cms.models import Context, HomePage, NewsIndexPage, SiteSettings
from cms.sites import site_address
from devtools.factories.cms import (
    CommentFactory,
    ContactPageFactory,
    ContactPersonFactory,
    DocumentFactory,
    FAQPageFactory,
    GuideIndexPageFactory,
    GuidePageFactory,
    ImageFactory,
    ModelCatalogueIndexPageFactory,
    NewsArticlePageFactory,
    NewsCategoryFactory,
    NewsIndexPageFactory,
    PeerSupportModelPageFactory,
    ProgrammePageFactory,
    PublicationIndexPageFactory,
    PublicationPageFactory,
    StandardPageFactory,
    documents,
    pages,
    paragraph,
)
from workflows.outcomes.models import Indicator


def heading(text):
    return {"type": "heading", "value": text}


def reference(author, year, title, publisher="", link=""):
    return {"type": "reference", "value": {
        "author": author, "year": year, "title": title, "publisher": publisher, "link": link,
    }}


def step(title, text):
    return {"type": "step", "value": {"heading": title, "body": f"<p>{text}</p>"}}


def question(text, answer):
    return {"question": text, "answer": f"<p>{answer}</p>"}


def pdf(title, *body):
    return DocumentFactory(title=title, body=body)


def ensure_site():
    """Return the home page, the root of the default site. Migrations normally make it (and Wagtail's root page and
    root collection); a flushed test database has none of them, so they are made here if missing."""
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    home = HomePage.objects.first()
    if home:
        return home
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = root.add_child(instance=HomePage(title="Forside", slug="forside", locale=locale))
    hostname, port = site_address(settings.WAGTAILADMIN_BASE_URL)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": hostname, "port": port, "root_page": home, "site_name": "Peer-rådgivning"},
    )
    return home


@transaction.atomic
def build(step_message=print):
    if NewsIndexPage.objects.exists():
        step_message("website content already there")
        return
    home = ensure_site()
    contact_person = ContactPersonFactory()

    step_message("the advisory course page (live cohorts, seats and meetings)")
    course = ProgrammePageFactory(
        parent=home, title="Rådgivningsforløbet", slug="raadgivningsforloeb", contact_person=contact_person,
        intro="Styrelsen tilbyder kommuner et gratis forløb om at inddrage peers i socialpsykiatrien.",
        body=[
            paragraph("Forløbet varer 18 måneder. Nye hold starter i januar og august, og i alt 20 kommuner kan "
                      "deltage i programmet. Når pladserne er fyldt, kommer kommunen på venteliste."),
            heading("Det får kommunen"),
            paragraph("Løbende vejledning i at etablere, udvikle og forankre arbejdet med peers, "
                      "udviklingsworkshops med ledelse, medarbejdere, peers og borgere samt kompetenceudvikling. "
                      "Kompetenceudviklingen står en professionshøjskole og en peer-organisation for."),
            heading("Tilmelding og informationsmøder"),
            paragraph("Hvert hold har sin egen tilmeldingsfrist; fristerne og de ledige pladser står i oversigten "
                      "over holdene på denne side. Vil I vide mere først, så deltag i et gratis informationsmøde "
                      "online. Møderne varer 45 minutter."),
            # Live from the municipalities' self-assessments (the earlier cohorts of the demo have answered).
            {"type": "results", "value": {
                "heading": "Det har forløbene flyttet",
                "intro": "Kommunerne vurderer selv, hvor de står, når forløbet begynder, og når det slutter.",
                "indicators": [str(pk) for pk in Indicator.objects.active().filter(
                    key__in=["peers_employed", "peer_roles", "management_anchoring"]).values_list("pk", flat=True)],
                "cohort": ""}},
        ],
    )
    accessibility = StandardPageFactory(
        parent=home, title="Tilgængelighedserklæring", slug="tilgaengelighedserklaering", show_in_menus=False,
        intro="Vi vil gerne have, at alle kan bruge hjemmesiden, også med skærmlæser, forstørrelse eller tastatur.",
        body=[
            paragraph("Hjemmesiden er bygget til at leve op til WCAG 2.1 på niveau AA, som loven om "
                      "tilgængelighed for offentlige organers websteder kræver. Vi tester hver sidetype automatisk."),
            heading("Kendte problemer"),
            paragraph("Nogle ældre PDF-filer er ikke fuldt tilgængelige. Skriv til os, så sender vi indholdet i "
                      "en anden form."),
            heading("Giv os besked"),
            paragraph("Oplever du problemer, så brug kontaktformularen. Du kan også klage til "
                      "Digitaliseringsstyrelsen."),
        ],
    )
    privacy = StandardPageFactory(
        parent=home, title="Privatlivspolitik", slug="privatliv", show_in_menus=False,
        intro="Sådan behandler vi de oplysninger, du giver os: hvad vi gemmer, hvorfor og hvor længe.",
        body=[
            heading("Kontaktformularen"),
            paragraph("Skriver du til os, bruger vi dit navn, din e-mailadresse og din besked til at svare dig. "
                      "Henvendelsen slettes automatisk efter 180 dage. Send aldrig CPR-nummer eller "
                      "helbredsoplysninger."),
            heading("Nyhedsbrevet"),
            paragraph("Vi gemmer kun din e-mailadresse, så længe du er tilmeldt. Bekræfter du ikke tilmeldingen "
                      "inden for 14 dage, sletter vi adressen. Du kan altid afmelde dig med linket i hvert "
                      "nyhedsbrev."),
            heading("Kommentarer"),
            paragraph("Vi gemmer navn, e-mailadresse og kommentar. Kun navn og kommentar vises, når en redaktør "
                      "har godkendt den. En kommentar, der ikke bliver godkendt, slettes efter tre måneder."),
            heading("Informationsmøder"),
            paragraph("Ved tilmelding gemmer vi navn, e-mailadresse, kommune og rolle for at sende mødelink, "
                      "påmindelse og opfølgning. 30 dage efter mødet sletter vi navn og e-mail og gemmer kun, om "
                      "kommunen deltog."),
            heading("Tilmelding til rådgivningsforløbet"),
            paragraph("Vi gemmer kommunens svar og navne og kontaktoplysninger på kontaktpersoner og leder, så "
                      "længe forløbet varer og derefter til brug for evaluering. Bliver en tilmelding afvist eller "
                      "trukket tilbage, sletter vi personoplysningerne et år efter."),
            heading("Dine rettigheder"),
            paragraph("Du har ret til indsigt i og sletning af de oplysninger, vi har om dig. Skriv til os via "
                      "kontaktformularen; vi finder oplysningerne ud fra din e-mailadresse og svarer inden for en "
                      "måned. Du kan klage til Datatilsynet."),
        ],
    )
    cookies = StandardPageFactory(
        parent=home, title="Cookies", slug="cookies", show_in_menus=False,
        intro="Hjemmesiden sætter ingen cookies, når du læser den.",
        body=[paragraph("Vi bruger ingen statistik-, reklame- eller tredjepartscookies, og derfor beder vi dig "
                        "heller ikke om samtykke. Formularerne til informationsmøder og tilmelding til "
                        "rådgivningsforløbet sætter én nødvendig sikkerhedscookie (csrftoken), som beskytter "
                        "formularen mod misbrug, og medarbejdere, der logger ind, får en nødvendig sessionscookie.")],
    )

    step_message("news")
    news = NewsIndexPageFactory(parent=home, show_in_menus=True, search_description="Nyt om peer-støtte.")
    nyheder = NewsCategoryFactory(name="Nyheder", slug="nyheder")
    partners = NewsCategoryFactory(name="Fra vores samarbejdspartnere", slug="fra-samarbejdspartnere")
    about = NewsCategoryFactory(name="Om peer-støtte", slug="om-peer-stoette")
    job_report = pdf(
        "Kortlægning af peer-jobs", "En kortlægning af barrierer og muligheder for flere job til peers.",
        "Mulige jobfunktioner: samvær og aktiviteter, individuel støtte, brobygning, reception, rådgivning, "
        "systemrecovery og undervisning.",
    )
    articles = [
        ("Kommuner kan nu tilmelde sig rådgivning om peers", datetime.date(2024, 5, 1), [nyheder],
         "Styrelsen tilbyder kommuner støtte til systematisk at inddrage peers. De næste hold starter i januar og "
         "august.",
         "Peers har selv levet med psykiske vanskeligheder og er kommet sig. Den erfaring kan give andre håb og "
         "tro på, at det er muligt at komme sig. Rådgivningen er gratis og varer halvandet år."),
        ("Sådan kan der skabes flere job til peers", datetime.date(2023, 9, 12), [partners, about],
         "En ny kortlægning peger på, hvor peers kan arbejde, og hvilke dilemmaer arbejdsgivere skal tage stilling "
         "til.",
         "Skal peers være lønnede eller frivillige? Hvordan fungerer deltid? Og hvilken rolle skal de have ved siden "
         "af de øvrige medarbejdere? Kortlægningen giver bud på svarene."),
        ("Hvad er peer-støtte?", datetime.date(2023, 3, 2), [about],
         "Peer-støtte er støtte fra en ligesindet: en person, der selv har erfaring med psykisk sygdom og recovery.",
         "Udenlandske studier viser, at peer-støtte har mindst samme effekt som støtte fra de traditionelle "
         "faggrupper, og nogle gange større."),
        ("Nye hold i peer-uddannelsen", datetime.date(2024, 11, 20), [nyheder],
         "Basismodulet udbydes tre gange om året, og obligatoriske moduler skal være taget inden for et år.",
         "Uddannelsen er på deltid og henvender sig til lønnede og frivillige peers og til deres kolleger."),
    ]
    created = []
    for title, date, categories, intro, text in articles:
        created.append(NewsArticlePageFactory(
            parent=news, title=title, date=date, intro=intro, body=[paragraph(text)], categories=categories,
            author="Redaktionen", contact_person=contact_person,
        ))
    jobs_article = created[1]
    jobs_article.image = ImageFactory(
        title="Illustration til kortlægningen af peer-jobs", file__width=1200, file__height=675, file__color="#3d7f91",
    )
    jobs_article.documents = documents(job_report)
    jobs_article.related = pages(created[2])
    jobs_article.save_revision().publish()
    CommentFactory(article=jobs_article, name="Lone", body="Spændende læsning. Vi overvejer selv peer-jobs.")
    CommentFactory(article=jobs_article, name="Anonym", body="Afventer godkendelse.", approved=False)

    step_message("guides")
    guides = GuideIndexPageFactory(parent=home, show_in_menus=True,
                                   search_description="Trin-for-trin vejledninger til ansættelse og implementering.")
    hiring = GuidePageFactory(
        parent=guides, title="Skal I ansætte peers?", slug="ansaet-peers",
        intro="Til ledere og ansættelsesudvalg, der skal ansætte peer-støttemedarbejdere i kommune eller region.",
        steps=[
            step("Beskriv stillingen", "Skriv, hvilke opgaver peer-medarbejderen skal løse, og hvordan rollen "
                 "adskiller sig fra de øvrige medarbejderes."),
            step("Formulér kravene", "Egen erfaring med psykiske vanskeligheder og mindst et års recovery vejer "
                 "tungere end formelle kvalifikationer."),
            step("Slå stillingen op", "Brug netværk og peer-organisationer, så stillingen når dem, den er til."),
            step("Hold samtalen", "Spørg til, hvordan ansøgeren kan bruge sine erfaringer til gavn for borgeren."),
            step("Tag godt imod", "Sørg for introduktion, faglig sparring og adgang til peer-uddannelsen."),
        ],
        references=[
            reference("Peer-Partnerskabet", 2024, "Trin-for-trin vejledning til ansættelse af peer-medarbejdere",
                      "Peer-Partnerskabet"),
            reference("Socialstyrelsen", 2016, "Peer-støtte på det psykosociale og psykiatriske område",
                      "Socialstyrelsen"),
        ],
    )
    implementing = GuidePageFactory(
        parent=guides, title="Sådan implementerer I peer-støtte", slug="implementering",
        intro="Til ledelse og medarbejdere, der vil indføre peer-støtte, så den skaber de ønskede resultater.",
        steps=[
            step("Forankr beslutningen", "Ledelsen skal bakke op og afsætte tid og ressourcer."),
            step("Forbered kollegerne", "Tal om, hvad peers bidrager med, og hvordan samarbejdet skal foregå."),
            step("Vælg en model", "Individuel støtte eller gruppeforløb: vælg ud fra borgernes behov."),
            step("Følg op", "Evaluer løbende, og justér rammerne efter erfaringerne."),
        ],
        references=[
            reference("Johansen, G. K.", 2018, "Implementering af peer-støtte: Erfaringer og anbefalinger",
                      "Projekt Peer-Støtte i Region Hovedstaden"),
        ],
        related=pages(hiring),
    )
    hiring.related = pages(implementing)
    hiring.save_revision().publish()

    step_message("publications with PDF files")
    publications = PublicationIndexPageFactory(parent=home, show_in_menus=True,
                                               search_description="Rapporter, modelbeskrivelser og guides.")
    two_models = PublicationPageFactory(
        parent=publications, title="To modeller for peer-støtte", issuer="Peer-støtte i Region Hovedstaden",
        year=2017, summary="Beskrivelse af de to modeller, partnerskabet udviklede: individuel peer-støtte og "
        "peer-undervisning i grupper.",
        covers=[{"type": "point", "value": v} for v in ("Hovedopgaverne for peer-medarbejdere", "Individuel støtte",
                                                         "Gruppeforløb")],
        documents=documents(pdf("To modeller for peer-støtte", "Individuel peer-støtte og gruppeforløb.")),
    )
    two_models.topics.add("Modeller")
    catalogue_pub = PublicationPageFactory(
        parent=publications, title="Modeller for brug af peer-støtte", issuer="Socialstyrelsen", year=2018,
        summary="Et katalog over seks modeller, som tre partnerskaber har afprøvet i regioner og kommuner, med "
        "omkostningsvurdering.",
        covers=[{"type": "point", "value": v} for v in (
            "Målgruppe og mål", "Kontekst", "Logisk model", "Organisatoriske forhold", "Omkostninger",
            "Anbefalinger")],
        documents=documents(pdf("Modelkatalog", "Seks afprøvede modeller for peer-støtte."),
                            pdf("Bilag til modelkataloget", "Funktionsbeskrivelser og samarbejdsaftaler.")),
    )
    catalogue_pub.topics.add("Modeller", "Implementering")
    guide_pub = PublicationPageFactory(
        parent=publications, title="Inspirationsguide til peer-støtte", issuer="Socialstyrelsen", year=2016,
        summary="De vigtigste overvejelser og konkrete redskaber, når peer-støtte skal udvikles og implementeres.",
        documents=documents(pdf("Inspirationsguide", "Gode råd til udvikling og implementering.")),
    )
    guide_pub.topics.add("Implementering")
    for publication in (two_models, catalogue_pub, guide_pub):
        publication.save_revision().publish()

    step_message("model catalogue")
    catalogue = ModelCatalogueIndexPageFactory(parent=home, show_in_menus=True,
                                               search_description="Afprøvede modeller for peer-støtte.")
    PeerSupportModelPageFactory(
        parent=catalogue, title="Individuel peer-støtte", slug="individuel", context=Context.MUNICIPAL,
        target_group="Borgere over 18 år med psykiske vanskeligheder, der får støtte i kommunen.",
        goal="At styrke borgerens forudsætninger for at deltage aktivt i sin egen recovery-proces.",
        resources="Peer-støttemedarbejder, mindst 15 timer om ugen\nFaglig sparring\nPeer-uddannelse",
        activities="Samtaler ud fra borgerens ønsker og mål\nBrobygning til netværk og tilbud i lokalområdet",
        outputs="Antal borgere i forløb\nAntal samtaler",
        effects="Mere håb og mod på forandring\nStørre socialt netværk\nStyrket recovery",
        appendices=documents(pdf("Funktionsbeskrivelse", "Opgaver og ansvar for peer-støttemedarbejderen.")),
    )
    PeerSupportModelPageFactory(
        parent=catalogue, title="Peer-undervisning i gruppeforløb", slug="gruppeforloeb",
        context=Context.REGIONAL,
        target_group="Patienter i regionspsykiatrien, der deltager i gruppeforløb.",
        goal="At give deltagerne nye måder at forstå deres eget liv og vilkår på, sammen med andre.",
        resources="Peer-underviser\nMedunderviser fra personalet\nLokale",
        activities="Fælles planlægning\nUndervisning i grupper",
        outputs="Antal gruppeforløb\nAntal deltagere",
        effects="Deltagerne støtter hinanden\nBedre mestring af hverdagen",
    )
    PeerSupportModelPageFactory(
        parent=catalogue, title="Peer-støtte på botilbud", slug="botilbud", context=Context.SUPPORTED_HOUSING,
        target_group="Beboere på botilbud.", goal="At skabe håb og fællesskab i hverdagen på botilbuddet.",
    )

    step_message("FAQ and contact form")
    contact = ContactPageFactory(
        parent=home, title="Kontakt os", slug="kontakt", show_in_menus=True, contact_person=contact_person,
        intro="Skriv til os, så svarer vi inden for fem arbejdsdage.",
        thank_you_text="Tak for din henvendelse. Vi svarer inden for fem arbejdsdage.",
    )
    faq = FAQPageFactory(
        parent=home, title="Spørgsmål og svar", slug="spoergsmaal", show_in_menus=True, contact_form=contact,
        documents=documents(two_models.documents[0].value),
        intro="Her har vi samlet de spørgsmål, vi oftest får. Finder du ikke svaret, så skriv til os nederst på siden.",
        themes=[
            {"type": "theme", "value": {"title": "Peer-støtte", "questions": [
                question("Hvad er peer-støtte?", "Støtte fra en person, der selv har levet med psykiske "
                         "vanskeligheder og er i gang med eller har været igennem en recovery-proces."),
                question("Virker peer-støtte?", "Studier viser mindst samme effekt som støtte fra de traditionelle "
                         "faggrupper, og især når peers har særlige roller og opgaver."),
            ]}},
            {"type": "theme", "value": {"title": "At arbejde som peer", "questions": [
                question("Hvem kan blive peer-støttemedarbejder?", "Du skal have levet med psykiske vanskeligheder, "
                         "have været i gang med din recovery i mindst et år og ønske et job på mindst 15 timer om "
                         "ugen."),
                question("Hvor meget af tiden er man peer?", "Som peer laver man peer-arbejde i mindst to "
                         "tredjedele af sin arbejdstid."),
            ]}},
            {"type": "theme", "value": {"title": "Peer-uddannelsen", "questions": [
                question("Hvordan er uddannelsen bygget op?", "Man starter med et basismodul på 3-4 dage, som "
                         "udbydes tre gange om året. Derefter følger obligatoriske og valgfri moduler."),
                question("Hvor lang tid har man?", "De obligatoriske moduler skal være gennemført senest et år "
                         "efter start."),
            ]}},
        ],
    )

    step_message("site settings and menu")
    home.cta_heading = "Vil I have støtte til at inddrage peers?"
    home.cta_text = ("Kommuner kan tilmelde sig et gratis rådgivningsforløb på 18 måneder med vejledning, workshops "
                     "og kompetenceudvikling. Nye hold starter i januar og august.")
    home.cta_page = course
    home.contact_person = contact_person
    home.save_revision().publish()
    site_settings = SiteSettings.load()
    site_settings.organisation = "Peer-rådgivning"
    site_settings.address = "Eksempelvej 1\n1000 København K"
    site_settings.phone = "33 12 34 56"
    site_settings.email = "kontakt@peer-raadgivning.local"
    site_settings.accessibility_page = accessibility
    site_settings.privacy_page = privacy
    site_settings.cookie_page = cookies
    site_settings.main_menu = [
        {"type": "item", "value": {"page": target.pk, "label": label}}
        for target, label in ((course, ""), (news, ""), (guides, ""), (publications, ""), (catalogue, ""),
                              (faq, "Spørgsmål og svar"), (contact, ""))
    ]
    site_settings.save()
