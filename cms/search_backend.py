"""Wagtail's database search backend on SQLite, with Danish stemming: "kommunerne" finds what "kommune" finds.

On PostgreSQL the database stems (settings: SEARCH_CONFIG "danish"). SQLite's full-text index (FTS5, behind
Wagtail's backend) splits words but has no Danish stemmer, and Python cannot add one to it. So both sides are stemmed
here with Snowball's Danish stemmer, the algorithm PostgreSQL's `danish` configuration uses too:

- the index: Wagtail writes each object's title and body to its index table (FTS5 copies them by trigger); the
  index then rewrites them as stems ("vejledningerne hjælper kommunerne" becomes "vejledning hjælp kommun");
- the query: each word of a search (and of a phrase) is stemmed the same way before it reaches FTS5.

The autocomplete column (prefix search on titles, used by the admin's choosers) is left as it is.
After switching an existing SQLite database to this backend, run `manage.py update_index` once.
"""

import re
import threading

import snowballstemmer
from wagtail.search.backends.database.sqlite.sqlite import (
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from wagtail.search.query import Phrase, PlainText
from wagtail.search.utils import get_content_type_pk

WORD = re.compile(r"\w+")
_local = threading.local()  # a Snowball stemmer keeps state while it works: one per thread


def stem(text):
    """The Danish stems of the words in `text`, lower case, separated by spaces."""
    if not hasattr(_local, "stemmer"):
        _local.stemmer = snowballstemmer.stemmer("danish")
    return " ".join(_local.stemmer.stemWords(WORD.findall(text.lower())))


class DanishSQLiteIndex(SQLiteIndex):
    def add_items(self, model, objs):
        """Wagtail's indexing, then the entries' title and body replaced by their stems."""
        super().add_items(model, objs)
        entries = list(self.entries.filter(
            content_type_id=get_content_type_pk(model), object_id__in=[str(obj.pk) for obj in objs],
        ))
        for entry in entries:
            entry.title, entry.body = stem(entry.title), stem(entry.body)
        self.entries.bulk_update(entries, ["title", "body"])


class DanishSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
    def build_search_query_content(self, query, config=None):
        """The words of plain and phrase queries as stems; a query without words is left as Wagtail has it."""
        if isinstance(query, (PlainText, Phrase)) and WORD.search(query.query_string):
            if isinstance(query, PlainText):
                query = PlainText(stem(query.query_string), operator=query.operator, boost=query.boost)
            else:
                query = Phrase(stem(query.query_string))
        return super().build_search_query_content(query, config)


class DanishSQLiteSearchBackend(SQLiteSearchBackend):
    index_class = DanishSQLiteIndex
    query_compiler_class = DanishSQLiteSearchQueryCompiler


SearchBackend = DanishSQLiteSearchBackend
