"""Editors publish directly. The agency is small: the people who write the website also answer for it, and nobody
sits in Wagtail's Moderators group to approve their work, so "Submit to Moderators approval" led nowhere. The
Editors group gets publish permission on every page (the root page, where Wagtail's initial data already gives it add
and change), and Wagtail's default "Moderators approval" workflow (created by wagtailcore's migration 0048) is
deactivated the way `Workflow.deactivate()` does it: pages in moderation leave it, the workflow is no longer
assigned to any page or type, and it stays in Settings → Workflows for anyone who wants moderation back."""

from django.db import migrations
from django.utils import timezone

WORKFLOW = "Moderators approval"


def _publish_permission(apps):
    ContentType = apps.get_model("contenttypes.ContentType")
    page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    permission, _ = apps.get_model("auth.Permission").objects.get_or_create(
        content_type=page_type, codename="publish_page", defaults={"name": "Can publish any page"})
    return permission


def _root(apps):
    return apps.get_model("wagtailcore.Page").objects.filter(depth=1).first()


def editors_publish(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    editors, root = Group.objects.filter(name="Editors").first(), _root(apps)
    if editors and root:
        GroupPagePermission.objects.get_or_create(group=editors, page=root, permission=_publish_permission(apps))

    WorkflowState = apps.get_model("wagtailcore.WorkflowState")
    TaskState = apps.get_model("wagtailcore.TaskState")
    for workflow in apps.get_model("wagtailcore.Workflow").objects.filter(name=WORKFLOW, active=True):
        states = WorkflowState.objects.filter(workflow=workflow, status__in=["in_progress", "needs_changes"])
        TaskState.objects.filter(workflow_state__in=states, status="in_progress").update(
            status="cancelled", finished_at=timezone.now())
        states.update(status="cancelled")
        apps.get_model("wagtailcore.WorkflowPage").objects.filter(workflow=workflow).delete()
        apps.get_model("wagtailcore.WorkflowContentType").objects.filter(workflow=workflow).delete()
        workflow.active = False
        workflow.save(update_fields=["active"])


def moderators_approve(apps, schema_editor):
    """Back to Wagtail's defaults: editors submit, moderators approve."""
    apps.get_model("wagtailcore.GroupPagePermission").objects.filter(
        group__name="Editors", permission=_publish_permission(apps)).delete()
    root = _root(apps)
    for workflow in apps.get_model("wagtailcore.Workflow").objects.filter(name=WORKFLOW, active=False):
        workflow.active = True
        workflow.save(update_fields=["active"])
        if root:
            apps.get_model("wagtailcore.WorkflowPage").objects.get_or_create(page=root, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0008_editor_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(editors_publish, moderators_approve)]
