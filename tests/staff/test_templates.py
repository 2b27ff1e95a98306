"""The workspace has no stylesheet of its own: its templates use Wagtail's admin CSS, and a utility class (`w-…`)
only works if Wagtail's own build of core.css contains it (Tailwind keeps only the classes Wagtail itself uses)."""

import re
from pathlib import Path

import wagtail

ROOT = Path(__file__).resolve().parents[2]
CORE_CSS = Path(wagtail.__file__).parent / "admin" / "static" / "wagtailadmin" / "css" / "core.css"
OURS = [
    *(ROOT / "workflows" / "templates" / "workflows" / "staff").rglob("*.html"),
    *(ROOT / "templates" / "core").rglob("*.html"),
    *(ROOT / "templates" / "cms" / "admin").rglob("*.html"),
    *(ROOT / "workflows" / "staff").glob("*.py"),
]
CLASS_ATTRIBUTE = re.compile(r'class(?:name)?\s*=\s*"([^"]*)"')
UTILITY = re.compile(r"^(?:[a-z]+:)?-?w-")


def wagtail_classes():
    css = CORE_CSS.read_text()
    return {name.replace("\\", "") for name in re.findall(r"\.((?:\\.|[A-Za-z0-9_-])+)", css)}


def test_every_utility_class_in_the_workspace_exists_in_wagtails_css():
    defined = wagtail_classes()
    assert {"w-flex", "w-sr-only", "lg:w-pl-8", "w-status--primary"} <= defined  # the parsing works
    unknown = set()
    for path in OURS:
        for attribute in CLASS_ATTRIBUTE.findall(path.read_text()):
            for name in attribute.split():
                if UTILITY.match(name) and "{" not in name and name not in defined:
                    unknown.add(f"{name} ({path.relative_to(ROOT)})")
    assert not unknown, "not in Wagtail's core.css: " + ", ".join(sorted(unknown))
