"""Creates the editors' and publishers' groups with their permissions.

A later migration that adds a content model must give these groups its permissions too.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from programme.roles import EDITORS, PUBLISHERS

# Frozen here, as they were when this migration was written.
CONTENT_MODELS = (
    "source",
    "theme",
    "locality",
    "partner",
    "project",
    "keyfigure",
    "award",
    "milestone",
    "page",
)
PUBLISHABLE_MODELS = ("source", "partner", "project", "award", "milestone", "page")


def role_permissions(role):
    actions = ("add", "change", "view") if role == EDITORS else ("add", "change", "delete", "view")
    codenames = [f"{action}_{model}" for model in CONTENT_MODELS for action in actions]
    if role == PUBLISHERS:
        codenames += [f"publish_{model}" for model in PUBLISHABLE_MODELS]
    return codenames


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in (EDITORS, PUBLISHERS):
        group, _ = Group.objects.get_or_create(name=role)
        for codename in role_permissions(role):
            group.permissions.add(
                Permission.objects.get(content_type__app_label="programme", codename=codename)
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, PUBLISHERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
