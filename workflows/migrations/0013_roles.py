"""The roles as `workflows.permissions.GRANTS` describes them: advisers and coordinators get the workspace's named
permissions (work on cases, coordinate), and the competence partners (the university college and the peer
organisation) get a group of their own. A frozen copy of GRANTS; tests/staff/test_permissions.py checks that the groups
match the table, so a change to GRANTS needs a migration like this one."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {   'Advisers': [   'wagtailadmin.access_admin',
                    'workflows.add_casenote',
                    'workflows.change_enrolment',
                    'workflows.change_meetingsignup',
                    'workflows.run_course',
                    'workflows.screen_registration',
                    'workflows.take_attendance',
                    'workflows.view_casenote',
                    'workflows.view_cohort',
                    'workflows.view_competencemodule',
                    'workflows.view_course',
                    'workflows.view_enrolment',
                    'workflows.view_evaluation',
                    'workflows.view_guidancesession',
                    'workflows.view_informationmeeting',
                    'workflows.view_meetingprocess',
                    'workflows.view_meetingsignup',
                    'workflows.view_programme',
                    'workflows.view_registration',
                    'workflows.view_registrationprocess',
                    'workflows.view_workshop',
                    'workflows.work_cases'],
    'Competence partners': [   'wagtailadmin.access_admin',
                               'workflows.change_enrolment',
                               'workflows.deliver_competence',
                               'workflows.view_competencemodule',
                               'workflows.view_enrolment'],
    'Coordinators': [   'core.export_personal_data',
                        'core.manage_personal_data',
                        'wagtailadmin.access_admin',
                        'workflows.add_casenote',
                        'workflows.add_cohort',
                        'workflows.add_competencemodule',
                        'workflows.add_informationmeeting',
                        'workflows.add_programme',
                        'workflows.assign_lead_adviser',
                        'workflows.change_cohort',
                        'workflows.change_competencemodule',
                        'workflows.change_decisiontext',
                        'workflows.change_enrolment',
                        'workflows.change_informationmeeting',
                        'workflows.change_meetingsignup',
                        'workflows.change_programme',
                        'workflows.change_registration',
                        'workflows.coordinate',
                        'workflows.delete_cohort',
                        'workflows.delete_competencemodule',
                        'workflows.delete_informationmeeting',
                        'workflows.offer_seat',
                        'workflows.run_course',
                        'workflows.screen_registration',
                        'workflows.take_attendance',
                        'workflows.view_casenote',
                        'workflows.view_cohort',
                        'workflows.view_competencemodule',
                        'workflows.view_course',
                        'workflows.view_decisiontext',
                        'workflows.view_enrolment',
                        'workflows.view_evaluation',
                        'workflows.view_guidancesession',
                        'workflows.view_informationmeeting',
                        'workflows.view_meetingprocess',
                        'workflows.view_meetingsignup',
                        'workflows.view_programme',
                        'workflows.view_registration',
                        'workflows.view_registrationprocess',
                        'workflows.view_workshop',
                        'workflows.work_cases']}


def _permission(apps, label):
    app_label, codename = label.split(".", 1)
    return apps.get_model("auth.Permission").objects.get(content_type__app_label=app_label, codename=codename)


def grant(apps, schema_editor):
    for app_label in ("core", "workflows"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth.Group")
    for name, labels in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = [_permission(apps, label) for label in labels]
        ours = group.permissions.filter(content_type__app_label__in=["core", "workflows", "wagtailadmin"])
        group.permissions.remove(*[permission for permission in ours if permission not in wanted])
        group.permissions.add(*wanted)


def ungrant(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name="Competence partners").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0012_flows_by_domain"),
        ("workflows", "0009_coordinators_personal_data"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, ungrant)]
