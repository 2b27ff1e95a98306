"""What the public search adds on both databases (cms.views.search): Danish stems, the nearest matches when a search
finds nothing as whole words, and each result's excerpt with the searched words marked.

Stems are Snowball's Danish stemmer, the algorithm PostgreSQL's `danish` configuration uses too; on SQLite the index
is stemmed with it (cms.search_backend)."""

import html
import re
import threading

import snowballstemmer
from django.core.cache import cache
from django.db import connection
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from wagtail.models import Page
from wagtail.search import index
from wagtail.search.models import IndexEntry
from wagtail.search.utils import get_descendants_content_types_pks

WORD = re.compile(r"\w+")
_local = threading.local()  # a Snowball stemmer keeps state while it works: one per thread


def stem(text):
    """The Danish stems of the words in `text`, lower case, separated by spaces."""
    if not hasattr(_local, "stemmer"):
        _local.stemmer = snowballstemmer.stemmer("danish")
    return " ".join(_local.stemmer.stemWords(WORD.findall(text.lower())))


MIN_PART = 3  # the shortest part of a compound word matched on its own
# What a search that found nothing may cost: its first words only, and a word longer than any real compound is
# looked for whole, never split (a 200-letter word would otherwise be tried 400 ways against every page).
MAX_NEAREST_WORDS = 5
MAX_SPLIT_LENGTH = 40
INDEX_TEXTS_SECONDS = 60  # the nearest matches may lag an edit by a minute; the index is not read per search


def _indexed_pages():
    """(page id, lower-case indexed text) of every indexed page, kept for a minute in the cache. The index holds the
    words: PostgreSQL keeps the text beside its search vectors, this module's SQLite index the stems."""
    return cache.get_or_set(f"cms.search.texts.{connection.vendor}", _read_index, INDEX_TEXTS_SECONDS)


def _read_index():
    title, body = ("title_text", "body_text") if connection.vendor == "postgresql" else ("title", "body")
    entries = IndexEntry.objects.filter(content_type__in=get_descendants_content_types_pks(Page))
    return [(int(pk), f"{title_text} {body_text or ''}".lower())
            for pk, title_text, body_text in entries.values_list("object_id", title, body)]


def _splits(word):
    """The ways to read `word` as a compound of two parts, the most even first: "peerstøtte" as "peer" + "støtte";
    a joining s or e is left out ("rådgivningsforløb" as "rådgivning" + "forløb" too)."""
    splits = []
    if len(word) > MAX_SPLIT_LENGTH:
        return []
    for at in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:at], word[at:]
        splits.append((head, tail))
        if head[-1] in "se" and len(head) > MIN_PART:
            splits.append((head[:-1], tail))
    return sorted(splits, key=lambda parts: -min(len(part) for part in parts))


def _found(fragments, texts):
    """The page ids whose text holds every fragment, as its stem (which both databases' text contains): one word
    anywhere inside a word, the parts of a split word each at the start of a word."""
    stems = [stem(fragment) or fragment for fragment in fragments]
    if len(stems) == 1:
        return {pk for pk, text in texts if stems[0] in text}
    patterns = [re.compile(rf"(?<!\w){re.escape(part)}") for part in stems]
    return {pk for pk, text in texts if all(pattern.search(text) for pattern in patterns)}


def nearest_matches(words):
    """(page ids, the fragments they were found by) for a search of `words` that found nothing as whole words.

    Danish joins words into compounds: "workshop" stands in "udviklingsworkshops", and "peerstøtte" is written
    "peer-støtte". So a word is looked for inside words; a word found nowhere is split into two parts found together.
    A page must hold every word so; the fragments are what the results page names and marks."""
    texts = _indexed_pages()
    pages, fragments = None, []
    for word in (word.lower() for word in words[:MAX_NEAREST_WORDS]):
        if len(word) < MIN_PART:
            continue
        parts = next((parts for parts in [(word,), *_splits(word)] if _found(parts, texts)), None)
        if parts is None:
            return set(), []
        found = _found(parts, texts)
        pages = found if pages is None else pages & found
        fragments += parts
    return pages or set(), fragments if pages else []


EXCERPT_WORDS = 30  # about two lines of a result


def page_text(page):
    """The text a page is found by, but its title, as plain text on one line (a specific page)."""
    values = []
    for field in page.get_search_fields():
        if isinstance(field, index.SearchField) and field.field_name != "title":
            value = field.get_value(page)
            values += value if isinstance(value, list) else [value]
    return " ".join(html.unescape(strip_tags(" ".join(str(value) for value in values if value))).split())


def excerpt(text, is_match):
    """About EXCERPT_WORDS words of `text` from a little before the first word `is_match` accepts, the accepted words
    in <mark>: HTML that is safe whatever the text holds (every piece is escaped). No match: the text's start."""
    words = text.split(" ")
    first = next((at for at, word in enumerate(words) if any(is_match(part) for part in WORD.findall(word))), 0)
    start = max(first - 8, 0)
    shown = " ".join(words[start:start + EXCERPT_WORDS])
    pieces = re.split(r"(\w+)", shown)  # odd pieces are words
    marked = "".join(
        f"<mark>{escape(piece)}</mark>" if at % 2 and is_match(piece) else escape(piece)
        for at, piece in enumerate(pieces)
    )
    before, after = ("…" if start else ""), ("…" if start + EXCERPT_WORDS < len(words) else "")
    return mark_safe(before + marked + after)  # noqa: S308 (escaped above)


def matcher(words, fragments):
    """Which words of a text an excerpt marks: of a search, those with a searched word's stem; of the nearest
    matches, those that hold one of the fragments they were found by."""
    if fragments:
        parts = [stem(fragment) or fragment for fragment in fragments]
        return lambda word: any(part in word.lower() for part in parts)
    stems = set(stem(" ".join(words)).split())
    return lambda word: stem(word) in stems
