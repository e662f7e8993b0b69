from __future__ import annotations

from django.db import models

from innkeep.properties.models import RoomType


class InventoryDay(models.Model):
    """Rooms of one type on one night: how many exist to sell, how many are sold, how many
    are held back. PostgreSQL refuses any write that oversells."""

    room_type = models.ForeignKey(RoomType, on_delete=models.CASCADE, related_name="inventory")
    date = models.DateField()
    total = models.PositiveIntegerField()
    sold = models.PositiveIntegerField(default=0)
    blocked = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["date", "room_type_id"]
        constraints = [
            models.UniqueConstraint(fields=["room_type", "date"], name="inventory_day_one_row"),
            models.CheckConstraint(
                condition=models.Q(sold__lte=models.F("total") - models.F("blocked")),
                name="inventory_day_not_oversold",
            ),
        ]
        indexes = [models.Index(fields=["date", "room_type"], name="inventory_day_date_rt_idx")]

    def __str__(self) -> str:
        return f"{self.room_type_id} {self.date}: {self.sold}+{self.blocked}/{self.total}"

    @property
    def free(self) -> int:
        return self.total - self.sold - self.blocked
