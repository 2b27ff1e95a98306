"""The public website's models, one module per section of the site."""

from .base import ContactPerson, SitePage, apply_cache_headers, exclude_private, routed_ancestors
from .catalogue import Context, ModelCatalogueIndexPage, PeerSupportModelPage
from .contact import ContactFormField, ContactPage
from .documents import SiteDocument
from .faq import FAQPage
from .guides import GuideIndexPage, GuidePage
from .home import HomePage
from .news import Comment, NewsArticlePage, NewsCategory, NewsIndexPage
from .newsletter import NewsletterIssue, Subscriber
from .programme import ProgrammePage
from .publications import PublicationIndexPage, PublicationPage, PublicationTopic
from .settings import SiteSettings
from .standard import StandardPage

__all__ = [
    "Comment", "ContactFormField", "ContactPage", "ContactPerson", "Context", "SiteDocument", "FAQPage",
    "GuideIndexPage", "GuidePage", "HomePage", "ModelCatalogueIndexPage", "NewsArticlePage", "NewsCategory",
    "NewsIndexPage", "NewsletterIssue", "PeerSupportModelPage", "ProgrammePage", "PublicationIndexPage",
    "PublicationPage", "PublicationTopic", "SiteSettings", "SitePage", "StandardPage", "Subscriber",
    "apply_cache_headers", "exclude_private", "routed_ancestors",
]
