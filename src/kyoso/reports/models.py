"""Per-person preference for the weekly digest e-mail (kept here so accounts stays untouched)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestSubscription(models.Model):
    """A person's weekly digest choice; no row, or `unsubscribed_at` empty, means they receive it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_subscription"
    )
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest subscription")
        verbose_name_plural = _("digest subscriptions")

    def __str__(self) -> str:
        return f"digest: {self.user_id}"

    @property
    def weekly_digest(self) -> bool:
        return self.unsubscribed_at is None
