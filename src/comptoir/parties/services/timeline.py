"""The 360° timeline: what happened with a party, written by every app through one function,
record_interaction(); a paid invoice, for instance, is recorded with kind="payment",
source_app="billing.invoice" and source_id the invoice's id, so the timeline links to it.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.core.queries import require
from comptoir.parties.choices import Direction, InteractionKind
from comptoir.parties.exceptions import PartyError
from comptoir.parties.models import Interaction, Party

__all__ = ["QUICK_KINDS", "interaction_add_quick", "record_interaction"]

# What people log by hand from the timeline; the other kinds come from documents (quotes,
# invoices, calls of the contact center…) recorded by their own apps.
QUICK_KINDS = (InteractionKind.NOTE, InteractionKind.CALL, InteractionKind.MEETING)


def record_interaction(
    *,
    party: Party,
    kind: str,
    subject: str,
    by=None,
    occurred_at: datetime.datetime | None = None,
    body: str = "",
    direction: str = Direction.INTERNAL,
    source_app: str = "",
    source_id: str = "",
) -> Interaction:
    """Add one entry to the party's timeline; the single entry point for every app.

    `by` is the person who did it; None means the system or another app acting on its own
    (a paid invoice, an incoming call), and then no permission is checked, as the calling
    service has checked its own. A person needs `parties.add_interaction`.
    """
    if by is not None:
        require(by, "parties.add_interaction")
    if kind not in InteractionKind.values:
        raise PartyError(_("Unknown kind of interaction: %(kind)s.") % {"kind": kind})
    if direction not in Direction.values:
        raise PartyError(_("Unknown direction: %(direction)s.") % {"direction": direction})
    subject = (subject or "").strip()
    if not subject:
        raise PartyError(_("Give the interaction a subject."))
    occurred_at = occurred_at or timezone.now()
    with transaction.atomic():
        interaction = Interaction.objects.create(
            party=party,
            kind=kind,
            direction=direction,
            occurred_at=occurred_at,
            subject=subject[:200],
            body=body or "",
            user=by,
            source_app=source_app,
            source_id=str(source_id or ""),
        )
        # update() rather than save(): no audit entry per call, and no lost update when two
        # apps record at once. Only ever forward: a back-dated entry does not make the party
        # look less recently contacted. A new contact also lifts a stale-prospect review.
        Party.objects.filter(pk=party.pk).filter(
            Q(last_interaction_at__isnull=True) | Q(last_interaction_at__lt=occurred_at)
        ).update(last_interaction_at=occurred_at, review_requested_at=None)
    if party.last_interaction_at is None or party.last_interaction_at < occurred_at:
        party.last_interaction_at = occurred_at
        party.review_requested_at = None
    return interaction


def interaction_add_quick(
    *,
    by,
    party: Party,
    kind: str,
    subject: str,
    body: str = "",
    occurred_at: datetime.datetime | None = None,
) -> Interaction:
    """What the timeline's quick-add form writes: a note, a call or a meeting, by a person."""
    if by is None:
        raise PartyError(_("A quick entry is always made by someone."))
    require(by, "parties.add_interaction")
    if kind not in QUICK_KINDS:
        raise PartyError(_("Only notes, calls and meetings can be added here."))
    return record_interaction(
        party=party, kind=kind, subject=subject, by=by, occurred_at=occurred_at, body=body
    )
