"""Published content changed: retire the cached public pages (core.pagecache).

Every page shows the menu, the footer (site settings) and often images, documents, contact boxes and news
categories, and index pages list their children; so any of these changes retires every cached page, not just the
one edited. Drafts do not: a saved revision changes nothing the public sees until it is published."""

from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Site, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from core import pagecache

from .models import ContactPerson, NewsCategory, SiteSettings


def connect():
    retire = pagecache.invalidate_on_commit
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(retire)
    for model in get_page_models():
        post_delete.connect(retire, sender=model)
    for model in (ContactPerson, NewsCategory, SiteSettings, get_image_model(), get_document_model(), Site):
        post_save.connect(retire, sender=model)
        post_delete.connect(retire, sender=model)
