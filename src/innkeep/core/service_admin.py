"""Admin classes that save through the services, as the API does: every change audited and
checked by the same rules, and a refused one (409, or a rule the form cannot see) shown as a
message instead of a 500."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from innkeep.core.errors import InnkeepError, ValidationFailed


def error_text(exc: InnkeepError) -> str:
    if isinstance(exc, ValidationFailed):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.fields.items())
    return exc.message


def changes_of(obj: models.Model, form: forms.ModelForm, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in form.changed_data if name in fields}


def for_each_reporting_refusals(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    objects: Iterable[Any],
    act: Callable[[Any], object],
    *,
    label: Callable[[Any], str] = str,
) -> int:
    """`act` on each object; one refused shows as a message naming it and the rest go on.
    How many went through."""
    done = 0
    for obj in objects:
        try:
            act(obj)
        except InnkeepError as exc:
            model_admin.message_user(request, f"{label(obj)}: {error_text(exc)}", messages.ERROR)
        else:
            done += 1
    return done


@dataclass(frozen=True)
class SavedThrough:
    """The services one model's admin saves through. The update and delete services take the
    row by the keyword `instance`; `relations` are many-to-many fields the services set
    themselves (create and update get them as lists)."""

    fields: tuple[str, ...]
    instance: str
    create: Callable[..., Any]
    update: Callable[..., object]
    delete: Callable[..., object]
    relations: tuple[str, ...] = ()

    @classmethod
    def named(
        cls,
        services: ModuleType,
        noun: str,
        *,
        fields: tuple[str, ...],
        instance: str | None = None,
        relations: tuple[str, ...] = (),
    ) -> SavedThrough:
        """The services `<noun>_create`, `<noun>_update` and `<noun>_delete` of a module (a
        missing one fails at import, not at the first save); the row keyword is the noun
        unless the services say it shorter."""
        return cls(
            fields=fields,
            instance=instance or noun,
            create=getattr(services, f"{noun}_create"),
            update=getattr(services, f"{noun}_update"),
            delete=getattr(services, f"{noun}_delete"),
            relations=relations,
        )


def action_with(
    method: str, value: Any, *, description: str, permissions: list[str] | None = None
) -> Callable[[Any, HttpRequest, QuerySet[Any]], None]:
    """An admin action that hands the selection to the admin's `method` with one fixed value:
    one action a status, all of them done by one method."""

    def action(model_admin: Any, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        getattr(model_admin, method)(request, queryset, value)

    return admin.action(description=description, permissions=permissions)(action)  # type: ignore[no-any-return]


class ServiceBackedAdmin(admin.ModelAdmin):
    """Subclasses name their services in `saved_through`, or say how to create, update and
    remove themselves."""

    saved_through: SavedThrough | None = None

    def _through(self) -> SavedThrough:
        if self.saved_through is None:
            raise NotImplementedError(f"{type(self).__name__} names no services")
        return self.saved_through

    def _relations(self, form: Any) -> dict[str, list[Any]]:
        return {name: list(form.cleaned_data[name]) for name in self._through().relations}

    def create(self, request: HttpRequest, obj: Any, form: Any) -> models.Model:
        through = self._through()
        return through.create(  # type: ignore[no-any-return]
            actor=request.user,
            **self._relations(form),
            **{name: getattr(obj, name) for name in through.fields},
        )

    def update(self, request: HttpRequest, obj: Any, form: Any) -> None:
        through = self._through()
        through.update(
            actor=request.user,
            changes=changes_of(obj, form, through.fields),
            **{through.instance: obj},
            **self._relations(form),
        )

    def remove(self, request: HttpRequest, obj: Any) -> None:
        through = self._through()
        through.delete(actor=request.user, **{through.instance: obj})

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            self.update(request, obj, form)
            return
        created = self.create(request, obj, form)
        obj.pk = created.pk  # inlines, the "added" message and the log need it
        obj._state.adding = False

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        if self.saved_through is None or not self.saved_through.relations:
            super().save_related(request, form, formsets, change)
            return
        # The services have set the many-to-many fields: the form must not save them again.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.remove(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for_each_reporting_refusals(self, request, queryset, lambda obj: self.remove(request, obj))

    def _refusal_as_message(
        self, view: Callable[..., HttpResponse], request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except InnkeepError as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._refusal_as_message(super().changeform_view, request, *args, **kwargs)

    def delete_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._refusal_as_message(super().delete_view, request, *args, **kwargs)
