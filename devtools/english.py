"""English that reached Danish staff before, and English that Wagtail shows until our catalogue translates it: the
one list that tests/staff/test_danish.py checks every staff page of every role against and `manage.py find_english`
reports beside the untranslated msgids it finds."""

import re

LEAKED = [
    "Applications", "Artifact", "Access Forbidden", "have no rights", "Submit to Moderators",
    "There are", "There is", "matches", "Page 1 of", "Select all", "Select row", "Sort by", "Search all pages",
    "Search", "Toggle", "Keyboard shortcuts", "Shortcuts", "Dashboard", "Bulk actions", "Show filters",
    "Filter by", "Help", "Editor Guide", "What's new", "Pagination", "Breadcrumb", "Close dialog", "Side panel",
    "Save draft", "Publish", "Preview", "Live version", "Visit the live page", "Visible to all", "Theme preferences",
    "Profile picture", "Notifications", "Name and Email", "Username", "Last login", "Add a user", "Site history",
    "Workflows", "Snippets", "Collection", "Usage count", "More options", "Choose", "Loading", "No results",
    "Actions", "Inspect", "Edit", "Delete", "Cancel", "Sorry", "Are you sure", " of ", "pages", "items",
    "Why not upload", "Exploring", "DRAFT", "draft", "True", "False", "Meeting", "downloads", "Profile",
]
# English month names and abbreviations beside a day or a year ("6. Dec 2026"): Danish ones are lower case after a
# day, and the names Danish shares (April, August, September, November, December) cannot tell.
ENGLISH_MONTH = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|June|"
                           r"July|October)\b\.?,? \d")
ENGLISH_DAY_MONTH = re.compile(r"(?<!\d)\d{1,2}\.? (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b")


def _whole(word):
    """The word as a whole word: "Edit" is English, "Edith" is a name."""
    before = r"(?<!\w)" if word[0].isalnum() else ""
    after = r"(?!\w)" if word[-1].isalnum() else ""
    return re.compile(before + re.escape(word) + after)


_LEAKED = [(word, _whole(word)) for word in LEAKED]


def leaks(text):
    """The leaked words in one text a person meets (its words, or "month" for an English month name)."""
    found = [word for word, pattern in _LEAKED if pattern.search(text)]
    if ENGLISH_MONTH.search(text) or ENGLISH_DAY_MONTH.search(text):
        found.append("month")
    return found
