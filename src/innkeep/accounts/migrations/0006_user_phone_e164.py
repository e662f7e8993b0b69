# Phones become E.164 and the database refuses anything else. Existing numbers are
# normalised first, a national one read in the hotel's country (none in the public schema:
# operators' numbers must carry their country code). A number that cannot be read is
# cleared, and its old value kept in an audit row (action "user.phone_cleared"), so the
# CHECK never meets a bad row and nothing is lost without a trace.

import django.core.validators
import phonenumbers
from django.db import migrations, models


def e164_or_none(raw, region):
    """Frozen here on purpose: what this migration did must not change with the helper."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if number.extension or not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_phones(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    AuditEvent = apps.get_model("core", "AuditEvent")
    Hotel = apps.get_model("tenancy", "Hotel")
    schema = getattr(schema_editor.connection, "schema_name", "public")
    region = (
        Hotel.objects.filter(schema_name=schema).values_list("country", flat=True).first() or None
    )
    for user in User.objects.exclude(phone="").only("pk", "phone"):
        raw = user.phone
        text = raw.strip()
        stored = (e164_or_none(text, region) or "") if text else ""
        if stored == raw:
            continue
        User.objects.filter(pk=user.pk).update(phone=stored)
        if text and not stored:
            AuditEvent.objects.create(
                action="user.phone_cleared",
                target_type="accounts.user",
                target_id=str(user.pk),
                data={"phone": [raw, ""], "reason": "not a valid phone number"},
            )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_user_token_generation'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('core', '0002_auditevent'),
        ('tenancy', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(normalise_phones, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name='user',
            name='phone',
            field=models.CharField(blank=True, help_text='E.164, e.g. +34612345678; empty when there is none.', max_length=32, validators=[django.core.validators.RegexValidator('^(\\+[1-9][0-9]{6,14})?$', 'Store phone numbers as E.164, e.g. +34612345678.')]),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.CheckConstraint(condition=models.Q(('phone', ''), ('phone__regex', '^\\+[1-9][0-9]{6,14}$'), _connector='OR'), name='accounts_user_phone_e164'),
        ),
    ]
