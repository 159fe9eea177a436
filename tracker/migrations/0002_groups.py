"""The Officials, Reviewers and Analysts groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = {
    "Officials": [
        "tracker.view_commitment",
        "tracker.view_project",
        "tracker.add_statusupdate",
        "tracker.change_statusupdate",
        "tracker.view_statusupdate",
        "tracker.add_evidence",
        "tracker.change_evidence",
        "tracker.delete_evidence",
        "tracker.view_evidence",
    ],
    "Reviewers": [
        "tracker.view_commitment",
        "tracker.view_project",
        "tracker.view_statusupdate",
        "tracker.view_evidence",
        "tracker.review_statusupdate",
    ],
    "Analysts": [
        "sectors.view_sector",
        "tracker.view_declaration",
        "tracker.view_paragraph",
        "tracker.view_commitment",
        "tracker.view_organisation",
        "tracker.view_project",
        "tracker.view_statusupdate",
        "tracker.view_evidence",
        "tracker.add_complianceassessment",
        "tracker.view_complianceassessment",
        "tracker.add_savedfilter",
        "tracker.view_savedfilter",
        "tracker.delete_savedfilter",
    ],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sectors", "0001_initial"),
        ("tracker", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
