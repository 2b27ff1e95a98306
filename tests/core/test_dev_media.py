"""`make run` (DEBUG) serves uploaded files as the shipped proxies do: the images, never media/documents/, where the
municipalities' private uploads and the documents behind Wagtail's privacy checks are kept."""

import importlib

from django.urls import Resolver404, clear_url_caches, resolve

import config.urls


def served(path):
    try:
        return "document_root" in resolve(path).kwargs
    except Resolver404:
        return False


def test_debug_serves_images_but_not_documents_or_private_uploads(settings):
    settings.DEBUG = True
    try:
        importlib.reload(config.urls)
        clear_url_caches()
        assert served("/media/images/portrait.width-800.jpg")
        assert served("/media/original_images/portrait.jpg")
        assert not served("/media/documents/private/messageattachment/abc.pdf")
        assert not served("/media/documents/rapport.pdf")
    finally:
        settings.DEBUG = False
        importlib.reload(config.urls)
        clear_url_caches()
