from __future__ import annotations

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from innkeep.accounts import api_examples
from innkeep.accounts.models import Invitation, LoginAttempt, Role, User
from innkeep.core.api import PhoneField, PhoneInputField
from innkeep.core.api_fields import AnswerSerializer
from innkeep.core.text import validate_name


class TokenObtainSerializer(serializers.Serializer):
    email = serializers.CharField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False, write_only=True)


@extend_schema_serializer(examples=[api_examples.TOKEN_PAIR])
class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField(help_text="Send as `Authorization: Bearer <access>`.")
    refresh = serializers.CharField(help_text="Exchange at /api/v1/auth/token/refresh/.")


class RefreshSerializer(serializers.Serializer):
    refresh = serializers.CharField()


class LogoutSerializer(RefreshSerializer):
    all = serializers.BooleanField(
        default=False,
        help_text="Sign out everywhere: end every token and admin session of this user.",
    )


class HotelRefSerializer(serializers.Serializer):
    name = serializers.CharField()
    subdomain = serializers.CharField()


IDENTITY_FIELDS = ["id", "email", "first_name", "last_name", "phone", "role"]


# What the signed-in user and the staff list show alike of a user (a comment, not a
# docstring: the OpenAPI generator would print a docstring in both components).
class _UserSerializer(serializers.ModelSerializer):
    phone = PhoneField()
    email_verified = serializers.SerializerMethodField()

    def get_email_verified(self, user: User) -> bool:
        return user.email_verified_at is not None


@extend_schema_serializer(examples=[api_examples.ME])
class MeSerializer(_UserSerializer):
    permissions = serializers.SerializerMethodField()
    hotel = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            *IDENTITY_FIELDS,
            "email_verified",
            "last_login",
            "date_joined",
            "permissions",
            "hotel",
        ]
        read_only_fields = ["id", "email", "role", "last_login", "date_joined"]

    def get_permissions(self, user: User) -> list[str]:
        return sorted(user.get_all_permissions())

    def get_hotel(self, user: User) -> dict[str, str]:
        hotel = self.context["hotel"]
        return {"name": hotel.name, "subdomain": hotel.subdomain}


class MeUpdateSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=150, required=False, validators=[validate_name])
    last_name = serializers.CharField(max_length=150, required=False, validators=[validate_name])
    phone = PhoneInputField()


class PasswordChangeSerializer(serializers.Serializer):
    current_password = serializers.CharField(max_length=128, trim_whitespace=False)
    new_password = serializers.CharField(max_length=128, trim_whitespace=False)


class EmailSerializer(serializers.Serializer):
    email = serializers.CharField(max_length=254)


@extend_schema_serializer(examples=[api_examples.ACCEPTED])
class AcceptedSerializer(serializers.Serializer):
    detail = serializers.CharField()


@extend_schema_serializer(examples=[api_examples.STAFF], deprecate_fields=["locked"])
class StaffSerializer(_UserSerializer):
    locked = serializers.SerializerMethodField(
        help_text="Always false: nothing locks an account any more (wrong passwords delay "
        "the next try, and the delays expire by themselves). Kept for existing clients."
    )
    failed_login_count = serializers.IntegerField(
        read_only=True,
        help_text="Wrong passwords since the last right one. It never blocks a sign-in.",
    )

    class Meta:
        model = User
        fields = [
            *IDENTITY_FIELDS,
            "is_active",
            "email_verified",
            "locked",
            "failed_login_count",
            "last_login",
            "date_joined",
        ]
        read_only_fields = fields

    def get_locked(self, user: User) -> bool:
        return False


class StaffUpdateSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    first_name = serializers.CharField(max_length=150, required=False, validators=[validate_name])
    last_name = serializers.CharField(max_length=150, required=False, validators=[validate_name])
    phone = PhoneInputField()


@extend_schema_serializer(examples=[api_examples.INVITATION])
class InvitationSerializer(AnswerSerializer):
    status = serializers.CharField(read_only=True)
    invited_by = serializers.EmailField(source="invited_by.email", read_only=True, default=None)

    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "status", "invited_by", "expires_at", "created_at"]


class InvitationCreateSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    role = serializers.ChoiceField(choices=Role.choices)


@extend_schema_serializer(examples=[api_examples.LOGIN_ATTEMPT])
class LoginAttemptSerializer(AnswerSerializer):
    class Meta:
        model = LoginAttempt
        fields = [
            "id",
            "email",
            "user",
            "ip_address",
            "channel",
            "succeeded",
            "reason",
            "created_at",
        ]
