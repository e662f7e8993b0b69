from django.db import models
from django.utils import timezone


class IdempotencyRecord(models.Model):
    """The first response to a request sent with an Idempotency-Key, kept to replay it.

    Lives in whichever schema served the request (public for signup, the hotel's otherwise).
    `status_code` is null while the first request is still being processed.
    """

    scope = models.CharField(max_length=300)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)
    # While in progress: the request holding the key, and until when. A request that died
    # (worker killed, machine lost) never finishes; once its lease ends a retry takes over.
    owner = models.CharField(max_length=32, blank=True, default="")
    lease_expires_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="core_idempotency_scope_key_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"


class AuditEvent(models.Model):
    """Who changed what, written in the same transaction as the change."""

    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="core_audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}:{self.target_id}"
