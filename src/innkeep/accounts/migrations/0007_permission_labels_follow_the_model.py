# Django writes a permission's label when it first creates the row and never again, so
# databases made before 0003 still show "Can lift a sign-in lockout" for unlock_user, a
# lockout that no longer exists. Labels are brought to what the model says today.

from django.db import migrations

LABELS = {
    "unlock_user": "Can clear sign-in delays",
    "manage_owners": "Can appoint, demote and deactivate owners",
}


def relabel(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for codename, label in LABELS.items():
        Permission.objects.filter(
            content_type__app_label="accounts", content_type__model="user", codename=codename
        ).exclude(name=label).update(name=label)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_user_phone_e164"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(relabel, migrations.RunPython.noop)]
