"""Fixtures the tests of the public website share."""

import pytest
from wagtail.models import Page

from cms.models import HomePage
from devtools.demo import cms as demo
from devtools.factories.cms import NewsArticlePageFactory, NewsIndexPageFactory


@pytest.fixture
def demo_site():
    """The demo content `make run` loads: every page type with realistic Danish content."""
    demo.build(lambda message: None)
    return HomePage.objects.get()


@pytest.fixture
def public_pages(demo_site):
    """Every live, public page of the demo site but the root, as its own page type."""
    return list(Page.objects.live().public().filter(depth__gte=2).specific())


@pytest.fixture
def article():
    return NewsArticlePageFactory(parent=NewsIndexPageFactory(parent=HomePage.objects.get()))
