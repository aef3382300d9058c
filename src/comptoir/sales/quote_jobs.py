"""The daily follow-up of quotes: expire those past their validity, remind the owner of
those unanswered after N days (settings.COMPTOIR_QUOTE_REMINDER_DAYS, 7 by default)."""

import datetime

from django.conf import settings
from django.utils import timezone

from comptoir.sales.choices import QuoteStatus
from comptoir.sales.models import Quote
from comptoir.sales.services.quotes import quote_expire, quote_remind


def reminder_days() -> int:
    return int(getattr(settings, "COMPTOIR_QUOTE_REMINDER_DAYS", 7) or 7)


def quotes_follow_up(now=None) -> str:
    now = now or timezone.now()
    today = timezone.localdate(now)
    expired = 0
    for quote in Quote.objects.filter(status=QuoteStatus.SENT, valid_until__lt=today):
        quote_expire(quote=quote)
        expired += 1
    due = now - datetime.timedelta(days=reminder_days())
    reminded = 0
    for quote in Quote.objects.filter(
        status=QuoteStatus.SENT, sent_at__lte=due, reminded_at__isnull=True
    ).select_related("customer", "owner"):
        reminded += quote_remind(quote=quote)
    return f"quotes expired: {expired}, reminders: {reminded}"
