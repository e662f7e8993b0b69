"""Staff identity API: tokens, the signed-in user, staff, invitations, sign-in history."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import logout as session_logout
from django.db.models import QuerySet
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter, SearchFilter
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from innkeep.accounts import api_examples, selectors, services
from innkeep.accounts.filters import StaffFilter
from innkeep.accounts.login_guard import brakes_described, sign_in
from innkeep.accounts.models import Invitation, LoginAttempt, LoginChannel, User
from innkeep.accounts.serializers import (
    AcceptedSerializer,
    EmailSerializer,
    InvitationCreateSerializer,
    InvitationSerializer,
    LoginAttemptSerializer,
    LogoutSerializer,
    MeSerializer,
    MeUpdateSerializer,
    PasswordChangeSerializer,
    RefreshSerializer,
    StaffSerializer,
    StaffUpdateSerializer,
    TokenObtainSerializer,
    TokenPairSerializer,
)
from innkeep.accounts.tokens import token_refresh, token_sign_out, tokens_for
from innkeep.core.api_schema import ERROR_RESPONSES
from innkeep.core.client_address import client_address
from innkeep.core.filters import FilterBackend
from innkeep.core.permissions import AUTHENTICATED, PUBLIC
from innkeep.core.throttling import WindowRateThrottle

RESET_ANSWER = "If an account exists for this address, we sent it a link to set a new password."


class TokenView(APIView):
    authentication_classes: list[type] = []
    access = {"POST": PUBLIC}

    @extend_schema(
        operation_id="auth_token",
        summary="Sign in: get an access and a refresh token",
        description=(
            "Tokens belong to this hotel only. A wrong email or password is 401 "
            "`INVALID_CREDENTIALS`, the same answer whether or not the email has an account. "
            f"{brakes_described()}"
        ),
        request=TokenObtainSerializer,
        responses={200: TokenPairSerializer, **ERROR_RESPONSES(400, 401, 429)},
        examples=[
            OpenApiExample(
                "Sign in",
                value={"email": "owner@demo.test", "password": "demo-Owner-2027"},
                request_only=True,
            ),
            api_examples.TOKEN_PAIR,
        ],
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        serializer = TokenObtainSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = sign_in(
            email=serializer.validated_data["email"],
            password=serializer.validated_data["password"],
            ip=client_address(request._request),
            channel=LoginChannel.API,
        )
        return Response(tokens_for(user))


class TokenRefreshView(APIView):
    authentication_classes: list[type] = []
    access = {"POST": PUBLIC}

    @extend_schema(
        operation_id="auth_token_refresh",
        summary="Exchange a refresh token for a new pair",
        description=(
            "The refresh token is rotated: the one sent stops working, and so do the access "
            "tokens issued with it (retry a request that was in flight with the new access "
            "token). A refresh token is spent once: of several requests sending it at the "
            "same moment, exactly one gets a new pair, the others 401 `TOKEN_INVALID`. A "
            "token issued before its user was deactivated, changed role or password, or "
            "signed out everywhere is 401 `TOKEN_REVOKED`."
        ),
        request=RefreshSerializer,
        responses={200: TokenPairSerializer, **ERROR_RESPONSES(400, 401)},
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        serializer = RefreshSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(token_refresh(raw=serializer.validated_data["refresh"]))


class LogoutView(APIView):
    authentication_classes: list[type] = []
    access = {"POST": PUBLIC}

    @extend_schema(
        operation_id="auth_logout",
        summary="Sign out: revoke a refresh token and its access tokens",
        description=(
            "Revokes the refresh token sent and the access tokens issued with it; the "
            'user\'s other sessions keep working. With `"all": true` every token and '
            "admin session of the user ends (sign out everywhere). A token already "
            "revoked, rotated or expired is 401 `TOKEN_INVALID` (also the second of two "
            "simultaneous logouts), nothing else changes."
        ),
        request=LogoutSerializer,
        responses={204: None, **ERROR_RESPONSES(400, 401)},
        examples=[
            OpenApiExample(
                "Sign out everywhere",
                value={"refresh": "eyJhbGciOiJIUzI1NiIs...", "all": True},
                request_only=True,
            )
        ],
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        serializer = LogoutSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token_sign_out(
            raw=serializer.validated_data["refresh"], everywhere=serializer.validated_data["all"]
        )
        session_logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordResetView(APIView):
    authentication_classes: list[type] = []
    access = {"POST": PUBLIC}
    throttle_classes = [WindowRateThrottle]
    throttle_scope = "password_reset"

    @extend_schema(
        operation_id="auth_password_reset",
        summary="Email a password reset link",
        description="Answers the same whether or not the address has an account.",
        request=EmailSerializer,
        responses={202: AcceptedSerializer, **ERROR_RESPONSES(400, 429)},
        examples=[
            OpenApiExample(
                "Accepted", value={"detail": RESET_ANSWER}, response_only=True, status_codes=["202"]
            )
        ],
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        serializer = EmailSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.password_reset_request(email=serializer.validated_data["email"])
        return Response({"detail": RESET_ANSWER}, status=status.HTTP_202_ACCEPTED)


class MeView(APIView):
    access = {"GET": AUTHENTICATED, "PATCH": AUTHENTICATED}

    def _body(self, request: Request, user: User) -> dict[str, Any]:
        return MeSerializer(user, context={"hotel": request.tenant}).data  # type: ignore[attr-defined]

    @extend_schema(
        operation_id="me",
        summary="The signed-in staff member",
        responses={200: MeSerializer, **ERROR_RESPONSES(401)},
        tags=["me"],
    )
    def get(self, request: Request) -> Response:
        return Response(self._body(request, request.user))  # type: ignore[arg-type]

    @extend_schema(
        operation_id="me_update",
        summary="Change my name or phone",
        description=(
            "The phone is stored and answered as E.164 (+34612345678); a number without its "
            "country code is read in the hotel's country."
        ),
        request=MeUpdateSerializer,
        responses={200: MeSerializer, **ERROR_RESPONSES(400, 401)},
        tags=["me"],
    )
    def patch(self, request: Request) -> Response:
        serializer = MeUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = services.staff_update(
            actor=request.user,  # type: ignore[arg-type]
            user=request.user,  # type: ignore[arg-type]
            **serializer.validated_data,
        )
        return Response(self._body(request, user))


class MePasswordView(APIView):
    access = {"POST": AUTHENTICATED}

    @extend_schema(
        operation_id="me_password",
        summary="Change my password",
        description=(
            "Every token and session issued before stops working; the answer carries a new "
            "token pair. A wrong `current_password` is 400 `VALIDATION_ERROR` and counts as a "
            "wrong password for the sign-in's brakes (429 `LOGIN_THROTTLED` with "
            "`Retry-After`, see `POST /api/v1/auth/token/`)."
        ),
        request=PasswordChangeSerializer,
        responses={200: TokenPairSerializer, **ERROR_RESPONSES(400, 401, 429)},
        tags=["me"],
    )
    def post(self, request: Request) -> Response:
        serializer = PasswordChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.password_change(
            user=request.user,  # type: ignore[arg-type]
            ip=client_address(request._request),
            **serializer.validated_data,
        )
        return Response(tokens_for(user))


class MeVerifyEmailView(APIView):
    access = {"POST": AUTHENTICATED}

    @extend_schema(
        operation_id="me_verify_email",
        summary="Send me a new email verification link",
        request=None,
        responses={202: AcceptedSerializer, 200: AcceptedSerializer, **ERROR_RESPONSES(401)},
        tags=["me"],
    )
    def post(self, request: Request) -> Response:
        if services.email_verification_send(user=request.user):  # type: ignore[arg-type]
            return Response({"detail": "Verification link sent."}, status=202)
        return Response({"detail": "Your email is already verified."})


@extend_schema(tags=["staff"])
@extend_schema_view(
    list=extend_schema(
        summary="List staff",
        responses={200: StaffSerializer(many=True), **ERROR_RESPONSES(400, 401, 403)},
    ),
    retrieve=extend_schema(
        summary="One staff member",
        responses={200: StaffSerializer, **ERROR_RESPONSES(401, 403, 404)},
    ),
)
class StaffViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Staff accounts of this hotel."""

    serializer_class = StaffSerializer
    access = {
        "list": "accounts.view_user",
        "retrieve": "accounts.view_user",
        "partial_update": "accounts.change_user",
        "deactivate": "accounts.change_user",
        "reactivate": "accounts.change_user",
        "unlock": "accounts.unlock_user",
    }
    filter_backends = [FilterBackend, SearchFilter, OrderingFilter]
    filterset_class = StaffFilter
    search_fields = ["email", "first_name", "last_name"]
    ordering_fields = ["email", "last_name", "role", "date_joined", "last_login"]
    ordering = ["email"]
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[User]:
        return selectors.staff_list()

    @extend_schema(
        summary="Change a staff member's role or details",
        description=(
            "Only owners may appoint or demote owners; the last active owner stays. The phone "
            "is stored and answered as E.164; a number without its country code is read in "
            "the hotel's country."
        ),
        request=StaffUpdateSerializer,
        responses={200: StaffSerializer, **ERROR_RESPONSES(400, 401, 403, 404, 409)},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = StaffUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = services.staff_update(
            actor=request.user,  # type: ignore[arg-type]
            user=self.get_object(),
            **serializer.validated_data,
        )
        return Response(StaffSerializer(user).data)

    @extend_schema(
        summary="Deactivate: the account can no longer sign in; its tokens stop working",
        request=None,
        responses={200: StaffSerializer, **ERROR_RESPONSES(401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, pk: str | None = None) -> Response:
        user = services.staff_deactivate(actor=request.user, user=self.get_object())  # type: ignore[arg-type]
        return Response(StaffSerializer(user).data)

    @extend_schema(
        summary="Reactivate a deactivated account",
        request=None,
        responses={200: StaffSerializer, **ERROR_RESPONSES(401, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def reactivate(self, request: Request, pk: str | None = None) -> Response:
        user = services.staff_reactivate(actor=request.user, user=self.get_object())  # type: ignore[arg-type]
        return Response(StaffSerializer(user).data)

    @extend_schema(
        summary="Clear a staff member's sign-in delays",
        description=(
            "Forgets the account's recent wrong passwords from every address, so its sign-in "
            "is no longer delayed (delays expire by themselves too; nothing locks an "
            "account). Answers the staff member."
        ),
        request=None,
        responses={200: StaffSerializer, **ERROR_RESPONSES(401, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def unlock(self, request: Request, pk: str | None = None) -> Response:
        user = services.staff_unlock(actor=request.user, user=self.get_object())  # type: ignore[arg-type]
        return Response(StaffSerializer(user).data)


@extend_schema(tags=["staff"])
@extend_schema_view(
    list=extend_schema(summary="List invitations"),
)
class InvitationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Invitations to join the staff. The invitee gets an email with a link to this hotel."""

    serializer_class = InvitationSerializer
    access = {
        "list": "accounts.view_invitation",
        "retrieve": "accounts.view_invitation",
        "create": "accounts.add_invitation",
        "destroy": "accounts.delete_invitation",
    }

    def get_queryset(self) -> QuerySet[Invitation]:
        return selectors.invitation_list()

    @extend_schema(
        summary="Invite a staff member",
        description="Replaces any pending invitation for the same address.",
        request=InvitationCreateSerializer,
        responses={201: InvitationSerializer, **ERROR_RESPONSES(400, 401, 403, 409)},
        examples=[
            OpenApiExample(
                "Invite",
                value={"email": "maria@grand.test", "role": "front_desk"},
                request_only=True,
            ),
            api_examples.INVITATION,
        ],
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = InvitationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invitation = services.invitation_create(actor=request.user, **serializer.validated_data)  # type: ignore[arg-type]
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Revoke a pending invitation",
        responses={204: None, **ERROR_RESPONSES(401, 403, 404, 409)},
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.invitation_revoke(actor=request.user, invitation=self.get_object())  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["staff"], summary="Sign-in attempts, newest first")
class LoginAttemptListView(ListAPIView):
    serializer_class = LoginAttemptSerializer
    access = {"GET": "accounts.view_loginattempt"}
    filter_backends = [SearchFilter]
    search_fields = ["email"]

    def get_queryset(self) -> QuerySet[LoginAttempt]:
        return selectors.login_attempt_list()
