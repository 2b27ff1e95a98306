"""Wagtail's database search backend on SQLite, with Danish stemming: "kommunerne" finds what "kommune" finds.

On PostgreSQL the database stems (settings: SEARCH_CONFIG "danish"). SQLite's full-text index (FTS5, behind
Wagtail's backend) splits words but has no Danish stemmer, and Python cannot add one to it. So both sides are stemmed
here with Snowball's Danish stemmer, the algorithm PostgreSQL's `danish` configuration uses too:

- the index: Wagtail writes each object's title and body to its index table (FTS5 copies them by trigger); the
  index then rewrites them as stems ("vejledningerne hjælper kommunerne" becomes "vejledning hjælp kommun");
- the query: each word of a search (and of a phrase) is stemmed the same way before it reaches FTS5.

The autocomplete column (prefix search on titles, used by the admin's choosers) is left as it is.
After switching an existing SQLite database to this backend, run `manage.py update_index` once.

Ranking: Wagtail's SQLite ranking multiplies the whole bm25 by the title's norm, which grows the shorter the title
is, so the cookie page ("Cookies", naming "rådgivningsforløbet" once in its body) ranked above the page titled
"Rådgivningsforløbet". Here one bm25 ranks, with a title counting ten times a body (on PostgreSQL the title's boost
does the same: it is weighted A, the body D).

The stemming itself, and what the public search adds on both databases, are in cms.search.
"""

from modelsearch.backends.database.sqlite.query import BM25
from wagtail.search.backends.database.sqlite.sqlite import (
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from wagtail.search.query import And, Or, Phrase, PlainText
from wagtail.search.utils import get_content_type_pk

from .search import WORD, stem


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


class WeightedBM25(BM25):
    """bm25 with the FTS5 table's columns (autocomplete, body, title) weighted: a title counts ten times a body."""

    def as_sql(self, compiler, connection, function=None, template=None):
        sql, params = super().as_sql(compiler, connection)
        return sql.replace(")", ", 0.0, 1.0, 10.0)"), params


class DanishSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
    def build_tsrank(self, vector, query, config=None, boost=1.0):
        """Wagtail's ranking, with the title weighted (`WeightedBM25`)."""
        if isinstance(query, (And, Or)):
            return super().build_tsrank(vector, query, config=config, boost=boost)
        return WeightedBM25() * boost

    def _build_rank_expression(self, vectors, config):
        """One bm25 over the weighted columns. Wagtail adds a second bm25 (of all columns, FTS5 has no other)
        multiplied by the title's norm, which is larger the shorter the title: a one-word title ("Cookies") made a
        page that mentions a word once in its body rank above the page with the word in its title."""
        return self.build_tsrank(None, self.query, config=config)

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
