from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from innkeep.core.api import idempotent
from innkeep.core.api_schema import ERROR_RESPONSES
from innkeep.core.throttling import WindowRateThrottle
from innkeep.tenancy.selectors import hotel_urls
from innkeep.tenancy.serializers import SignupRequestSerializer, SignupResponseSerializer
from innkeep.tenancy.services import hotel_signup

SIGNUP_EXAMPLE = {
    "hotel_name": "Grand Hotel",
    "subdomain": "grand",
    "owner_email": "ana@grand.test",
    "owner_password": "a-long-Secret-2027",
    "owner_first_name": "Ana",
    "owner_last_name": "Ruiz",
    "timezone": "Europe/Madrid",
    "currency": "EUR",
    "country": "ES",
}

SIGNED_UP_EXAMPLE = {
    "hotel": {
        "name": "Grand Hotel",
        "subdomain": "grand",
        "status": "trial",
        "trial_ends_at": "2027-03-03T10:00:00Z",
    },
    "urls": {
        "site": "https://grand.innkeep.example/",
        "admin": "https://grand.innkeep.example/admin/",
        "api": "https://grand.innkeep.example/api/v1/",
        "docs": "https://grand.innkeep.example/api/docs/",
    },
}


class SignupView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [WindowRateThrottle]
    throttle_scope = "signup"

    @extend_schema(
        operation_id="signup",
        summary="Sign a hotel up",
        description=(
            "Creates the hotel, its subdomain, its own database schema and its owner account. "
            "The hotel starts in `trial`. Send an `Idempotency-Key` header to retry safely."
        ),
        request=SignupRequestSerializer,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                required=False,
                description="Same key + same body replays the first answer; "
                "same key + another body is 422 IDEMPOTENCY_KEY_REUSED.",
            )
        ],
        responses={201: SignupResponseSerializer, **ERROR_RESPONSES(400, 409, 422, 429)},
        examples=[
            OpenApiExample("Signup", value=SIGNUP_EXAMPLE, request_only=True),
            OpenApiExample("Signed up", value=SIGNED_UP_EXAMPLE, response_only=True),
        ],
        tags=["platform"],
    )
    @idempotent
    def post(self, request: Request) -> Response:
        serializer = SignupRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = hotel_signup(**serializer.validated_data)
        hotel = result.hotel
        body = SignupResponseSerializer(
            {
                "hotel": {
                    "name": hotel.name,
                    "subdomain": hotel.subdomain,
                    "status": hotel.status,
                    "trial_ends_at": hotel.trial_ends_at,
                },
                "urls": hotel_urls(hotel=hotel),
            }
        ).data
        return Response(body, status=status.HTTP_201_CREATED)
