"""Browser tests live in tests/browser/: CI's run with the clock 400 days ahead leaves that folder out, because
libfaketime's preload does not suit a browser (.ci/run). A browser test elsewhere ran there and timed out."""

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def test_every_browser_test_is_in_the_browser_folder():
    elsewhere = [str(path.relative_to(TESTS)) for path in TESTS.rglob("test_*.py")
                 if path.parent.name != "browser" and path != Path(__file__).resolve()
                 and "pytest.mark.browser" in path.read_text()]
    assert elsewhere == []
