"""Messages in the hotel admin: the log of what went to guests (read-only), and the hotel's
own templates, refused at save when they cannot render (the renderer's message is shown on
the field) and previewed on the sample reservation once saved."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html

from innkeep.core.admin_sites import ViewOnlyAdmin, hotel_admin_site
from innkeep.notifications.models import Message, MessageTemplate
from innkeep.notifications.rendering import VARIABLES, TemplateRenderError, render, sample_context
from innkeep.notifications.services import message_template_save

VARIABLES_HELP = "Variables: " + ", ".join(f"{{{{ {name} }}}}" for name in VARIABLES)


@admin.register(Message, site=hotel_admin_site)
class MessageAdmin(ViewOnlyAdmin):
    list_display = ["created_at", "trigger", "channel", "recipient", "status", "attempts"]
    list_filter = ["status", "channel", "trigger"]
    search_fields = ["recipient", "dedupe_key"]
    date_hierarchy = "created_at"
    list_select_related = ["reservation"]
    readonly_fields = [
        "reservation",
        "channel",
        "trigger",
        "recipient",
        "language",
        "status",
        "dedupe_key",
        "subject",
        "body_text",
        "body_html",
        "provider_id",
        "attempts",
        "scheduled_for",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
        "delivered_at",
        "last_error",
        "created_at",
        "updated_at",
    ]


@admin.register(MessageTemplate, site=hotel_admin_site)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ["trigger", "channel", "language", "subject", "updated_at"]
    list_filter = ["trigger", "channel", "language"]
    fields = ["trigger", "channel", "language", "subject", "body_text", "body_html", "preview"]
    readonly_fields = ["preview"]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        for name in ("subject", "body_text", "body_html"):
            if name in form.base_fields:
                form.base_fields[name].help_text = VARIABLES_HELP
        return form

    @admin.display(description="Preview (sample reservation)")
    def preview(self, obj: MessageTemplate) -> str:
        if obj.pk is None:
            return "Shown once saved."
        try:
            rendered = render(
                subject=obj.subject,
                body_text=obj.body_text,
                body_html=obj.body_html,
                context=sample_context(language=obj.language),
            )
        except TemplateRenderError as exc:
            return str(exc)
        return format_html("<strong>{}</strong><pre>{}</pre>", rendered.subject, rendered.body_text)

    def save_model(
        self, request: HttpRequest, obj: MessageTemplate, form: Any, change: bool
    ) -> None:
        # The form has run the model's clean() (the render check) already; the service runs
        # it again, inside the save that writes the audit row.
        message_template_save(actor=request.user, template=obj)
