# The hotel's phone becomes E.164 and the database refuses anything else. An existing
# number is normalised first, a national one read in the profile's country; one that cannot
# be read is cleared, and its old value kept in an audit row (action
# "hotel_profile.phone_cleared"), so the CHECK never meets a bad row.

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


def normalise_phone(apps, schema_editor):
    HotelProfile = apps.get_model("properties", "HotelProfile")
    AuditEvent = apps.get_model("core", "AuditEvent")
    for profile in HotelProfile.objects.exclude(phone="").only("pk", "phone", "country"):
        raw = profile.phone
        text, region = raw.strip(), profile.country.strip().upper() or None
        stored = (e164_or_none(text, region) or "") if text else ""
        if stored == raw:
            continue
        HotelProfile.objects.filter(pk=profile.pk).update(phone=stored)
        if text and not stored:
            AuditEvent.objects.create(
                action="hotel_profile.phone_cleared",
                target_type="properties.hotelprofile",
                target_id=str(profile.pk),
                data={"phone": [raw, ""], "reason": "not a valid phone number"},
            )


class Migration(migrations.Migration):

    dependencies = [
        ('properties', '0004_names_refuse_control_characters'),
        ('core', '0002_auditevent'),
    ]

    operations = [
        migrations.RunPython(normalise_phone, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name='hotelprofile',
            name='phone',
            field=models.CharField(blank=True, help_text='E.164, e.g. +34612345678; empty when there is none.', max_length=32, validators=[django.core.validators.RegexValidator('^(\\+[1-9][0-9]{6,14})?$', 'Store phone numbers as E.164, e.g. +34612345678.')]),
        ),
        migrations.AddConstraint(
            model_name='hotelprofile',
            constraint=models.CheckConstraint(condition=models.Q(('phone', ''), ('phone__regex', '^\\+[1-9][0-9]{6,14}$'), _connector='OR'), name='properties_profile_phone_e164'),
        ),
    ]
