"""The import layers hold (`lint-imports`, run by `make lint` and CI), and a violation really fails the check: a
copy of the project where a registration service imports the staff workspace, and one where core imports the
workflows, are both refused."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ["cms", "core", "workflows", "devtools", "config"]


def lint_imports(root):
    return subprocess.run([str(LINT_IMPORTS)], cwd=root, capture_output=True, text=True)


def test_the_project_keeps_its_layers():
    result = lint_imports(settings.BASE_DIR)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize("module, violation, broken", [
    ("workflows/registration/services.py", "from ..staff import cases", "workflows.registration.services"),
    ("core/email.py", "from workflows.models import Registration", "core.email"),
    ("workflows/course/services.py", "from config.settings import base", "workflows.course.services"),
])
def test_a_violation_fails_the_check(tmp_path, module, violation, broken):
    for package in PACKAGES:
        shutil.copytree(Path(settings.BASE_DIR) / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__", "templates", "static", "locale"))
    shutil.copy(Path(settings.BASE_DIR) / "pyproject.toml", tmp_path)
    target = tmp_path / module
    target.write_text(target.read_text() + f"\n{violation}  # noqa\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0 and "BROKEN" in result.stdout
    assert broken in result.stdout


@pytest.mark.django_db
def test_the_programmes_pages_render_without_the_website(client, settings):
    """workflows sits below cms: its public pages extend whatever layout the project names, and core's own plain
    layout when there is no website (no cms template tags, no cms site settings)."""
    from devtools.factories.workflows import CohortFactory

    settings.PUBLIC_LAYOUT_TEMPLATE = "core/layout.html"
    options = settings.TEMPLATES[0]["OPTIONS"]
    processors = [processor for processor in options["context_processors"] if "wagtail" not in processor]
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "OPTIONS": {**options, "context_processors": processors}}]
    cohort = CohortFactory()
    response = client.get(f"/forloeb/{cohort.programme.slug}/tilmelding/")
    html = response.content.decode()
    assert response.status_code == 200 and 'name="motivation"' in html
    assert "site-header" not in html  # the website's header is not there
