"""Every copy of a Wagtail or viewflow original, and every internal of theirs we rely on, is on one list
(core/overrides.py) with the digest of the original it was made from: an upgrade that changes one fails here."""

from pathlib import Path

import pytest

from core.overrides import OVERRIDES

PROJECT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("override", OVERRIDES, ids=lambda override: override.original)
def test_the_installed_original_is_the_one_our_override_was_made_from(override):
    assert override.installed_digest() == override.digest, (
        f"{override.package}/{override.original} changed with the upgrade: compare it with "
        f"{override.ours or 'our use'} ({override.why}), carry the change over, then update the digest in "
        "core/overrides.py")


def extends_its_original(path):
    """A template that extends the Wagtail template of its own name, overriding documented blocks (as Wagtail's
    branding_title), is an extension, not a copy."""
    name = str(path.relative_to(PROJECT / "templates"))
    return path.read_text().startswith(f'{{% extends "{name}" %}}')


def test_every_copied_admin_template_is_on_the_list():
    """Each of our Wagtail admin templates is on the list (it copies what it changes), or only extends its original's
    documented blocks; and everything on the list exists."""
    listed = {override.ours for override in OVERRIDES if override.ours.startswith("templates/wagtailadmin/")}
    ours = {str(path.relative_to(PROJECT)): path for path in (PROJECT / "templates" / "wagtailadmin").rglob("*.html")}
    assert {name for name, path in ours.items() if not extends_its_original(path)} <= listed
    assert listed <= ours.keys()


def test_a_changed_original_is_noticed():
    """The check reads the installed file: a changed byte gives another digest."""
    override = OVERRIDES[0]
    changed = type(override)(override.ours, override.package, override.original, "0" * 64, override.why)
    assert changed.installed_digest() != changed.digest
