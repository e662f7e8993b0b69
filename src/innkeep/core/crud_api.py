"""The staff API's CRUD viewsets (catalogue, rates): list and retrieve come from DRF; create,
change and delete parse the body with the viewset's input serializer and hand it to the app's
service through three hooks, so a viewset says only which service does what. And the
OpenAPI of those five operations with the standard answers of each."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.filters import OrderingFilter, SearchFilter
from rest_framework.request import Request
from rest_framework.response import Response

from innkeep.core.api_schema import ERROR_RESPONSES
from innkeep.core.filters import FilterBackend


class CrudViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):  # type: ignore[misc]
    """Views parse, call one service, serialise: `input_serializer_class` checks the body
    (all fields on create, those sent on a change), `create_with`, `update_with` and
    `delete_with` call the service, `serializer_class` shows the result."""

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_value_regex = "[0-9]{1,18}"
    filter_backends = [FilterBackend, SearchFilter, OrderingFilter]
    input_serializer_class: type[serializers.Serializer]

    def output(self, obj: Any, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(obj).data, status=status_code)

    def valid_input(self, *, partial: bool = False) -> dict[str, Any]:
        serializer = self.input_serializer_class(data=self.request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.output(self.create_with(self.valid_input()), status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        changes = self.valid_input(partial=True)
        return self.output(self.update_with(self.get_object(), changes))

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.delete_with(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def create_with(self, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def update_with(self, obj: Any, changes: dict[str, Any]) -> Any:
        raise NotImplementedError

    def delete_with(self, obj: Any) -> None:
        raise NotImplementedError


# --- their OpenAPI, for extend_schema_view(list=..., retrieve=..., create=...) -----------


def list_schema(
    summary: str, output: type[serializers.Serializer], *, errors: tuple[int, ...] = (400, 401, 403)
) -> Any:
    return extend_schema(
        summary=summary, responses={200: output(many=True), **ERROR_RESPONSES(*errors)}
    )


def retrieve_schema(summary: str, output: type[serializers.Serializer]) -> Any:
    return extend_schema(summary=summary, responses={200: output, **ERROR_RESPONSES(401, 403, 404)})


def create_schema(
    summary: str,
    request: type[serializers.Serializer],
    output: type[serializers.Serializer],
    *,
    errors: tuple[int, ...] = (400, 401, 403),
    **more: Any,
) -> Any:
    """`more`: description, examples..., as extend_schema takes them."""
    responses = {201: output, **ERROR_RESPONSES(*errors)}
    return extend_schema(summary=summary, request=request, responses=responses, **more)


def update_schema(
    summary: str,
    request: type[serializers.Serializer],
    output: type[serializers.Serializer],
    *,
    errors: tuple[int, ...] = (400, 401, 403, 404),
    **more: Any,
) -> Any:
    responses = {200: output, **ERROR_RESPONSES(*errors)}
    return extend_schema(summary=summary, request=request, responses=responses, **more)


def destroy_schema(summary: str, *, errors: tuple[int, ...] = (401, 403, 404), **more: Any) -> Any:
    return extend_schema(summary=summary, responses={204: None, **ERROR_RESPONSES(*errors)}, **more)


def model_access(model: type[Model], **more: str) -> dict[str, str]:
    """The permissions of a CrudViewSet's actions: Django's view, add, change and delete of
    `model`, plus `more` (an extra action's name -> its permission)."""
    meta = model._meta

    def permission(verb: str) -> str:
        return f"{meta.app_label}.{verb}_{meta.model_name}"

    return {
        "list": permission("view"),
        "retrieve": permission("view"),
        "create": permission("add"),
        "partial_update": permission("change"),
        "destroy": permission("delete"),
        **more,
    }
