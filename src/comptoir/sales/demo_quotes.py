"""Demo quotes and orders of Vercors Équipements: ~80 quotes in every status and ~60 orders
over the last year, for the demo's client customers. Lines come from the catalog when it
has products (priced by price_for), else from a list of believable items. Numbers are taken
from the real sequences in date order, so the numbering looks as it would in real life.
"""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import F, Max

from comptoir.core.sequences import sequence_ensure, sequence_next
from comptoir.parties.models import Interaction, Organisation, Party
from comptoir.sales import services
from comptoir.sales.models import Order, Quote
from comptoir.sales.services.quotes import customer_email

SEED = 4_2026
PARIS = ZoneInfo("Europe/Paris")
ITEMS = [
    ("Four mixte 10 niveaux GN 1/1", "unit", "9800"),
    ("Armoire réfrigérée inox 2 portes 1400 L", "unit", "3150"),
    ("Lave-vaisselle à capot", "unit", "4200"),
    ("Table de travail inox 1800 × 700", "unit", "690"),
    ("Hotte murale 2 m avec filtres", "unit", "2480"),
    ("Cellule de refroidissement 5 niveaux", "unit", "5600"),
    ("Plaque à induction 4 foyers", "unit", "3890"),
    ("Friteuse électrique 2 × 10 L", "unit", "1490"),
    ("Étagère inox 4 niveaux", "unit", "310"),
    ("Trancheuse professionnelle 300 mm", "unit", "1150"),
]
SERVICES = [
    ("Livraison et mise en place", "package", "350"),
    ("Installation et mise en service", "hour", "68"),
    ("Formation des équipes (demi-journée)", "package", "420"),
    ("Contrat de maintenance préventive annuel", "package", "960"),
    ("Dépose et évacuation de l'ancien matériel", "package", "280"),
]
TITLES = [
    "Équipement de la cuisine centrale",
    "Rénovation de la plonge",
    "Remplacement du four",
    "Ouverture du nouveau restaurant",
    "Mise aux normes de la chambre froide",
    "Laverie et maintenance",
    "Extension de la zone de production",
    "Équipement du self du personnel",
]
REFUSAL_REASONS = ["Budget reporté à l'an prochain", "Concurrent moins cher", "Projet abandonné"]


def _at(day, rng) -> datetime:
    return datetime.combine(day, time(rng.randint(8, 17), rng.choice((0, 15, 30, 45))), PARIS)


def _lines(rng, products, customer) -> list[dict]:
    lines: list[dict] = []
    if rng.random() < 0.35:
        lines.append({"kind": "section", "label": "Matériel"})
    if products:
        for product in rng.sample(products, k=min(len(products), rng.randint(1, 4))):
            lines.append(
                {"kind": "item", "product": product, "quantity": Decimal(rng.randint(1, 4))}
            )
    else:
        for label, unit, price in rng.sample(ITEMS, k=rng.randint(1, 4)):
            lines.append(
                {
                    "kind": "item",
                    "label": label,
                    "unit": unit,
                    "quantity": Decimal(rng.randint(1, 3)),
                    "unit_price": Decimal(price),
                    "discount_percent": Decimal(rng.choice((0, 0, 0, 5, 10))),
                }
            )
    if lines[0]["kind"] == "section":
        lines.append({"kind": "subtotal", "label": "Sous-total matériel"})
        lines.append({"kind": "section", "label": "Prestations"})
    for label, unit, price in rng.sample(SERVICES, k=rng.randint(1, 2)):
        quantity = Decimal(rng.randint(4, 16)) if unit == "hour" else Decimal(1)
        lines.append(
            {
                "kind": "item",
                "label": label,
                "unit": unit,
                "quantity": quantity,
                "unit_price": Decimal(price),
            }
        )
    return lines


def _quote_status(age: int, rng) -> str:
    if age < 10:
        return rng.choice(("draft", "sent", "sent"))
    if age < 30:
        return rng.choice(("sent", "sent", "accepted", "refused"))
    return rng.choices(("accepted", "refused", "expired"), weights=(6, 2, 2))[0]


def _order_status(age: int, rng) -> str:
    if age < 7:
        return rng.choice(("draft", "confirmed", "confirmed", "in_preparation"))
    if age < 30:
        return rng.choice(("confirmed", "in_preparation", "partly_delivered", "delivered"))
    return rng.choices(("delivered", "invoiced", "cancelled"), weights=(3, 6, 1))[0]


def load_quotes(ctx) -> None:
    if Quote.objects.exists():
        ctx.note("Devis et commandes : déjà présents, laissés tels quels")
        return
    rng = random.Random(SEED)
    customers = list(Organisation.objects.filter(is_client=True).order_by("pk")[:45])
    if not customers:
        ctx.note("Devis et commandes : pas de client de démonstration")
        return
    try:
        from comptoir.catalog.models import Product

        products = list(Product.objects.filter(active=True).order_by("pk")[:40])
    except ImportError:  # pragma: no cover - catalog is installed with sales
        products = []
    adv = ctx.users["adv"]
    owners = [ctx.users["charge_clientele"], adv, ctx.users["teleconseiller"]]
    today = ctx.today
    # More recent than old: the last weeks hold drafts and quotes waiting for an answer.
    days = sorted(today - timedelta(days=int(rng.random() ** 1.7 * 365)) for _ in range(74))
    code, label, fmt = services.QUOTE_SEQUENCE
    sequence_ensure(code=code, label=label, format=fmt)
    quotes, interactions = [], []
    for index, day in enumerate(days):
        customer = rng.choice(customers)
        # A few export quotes: another currency at the day's rate (trade), an Incoterm.
        export = index % 9 == 4 and (today - day).days < 150
        currency = rng.choice(("USD", "CHF", "GBP")) if export else ""
        quote = services.quote_create(
            by=adv,
            customer=customer,
            owner=rng.choice(owners),
            title=rng.choice(TITLES),
            issue_date=day,
            valid_until=day + timedelta(days=30),
            discount_percent=Decimal(rng.choice((0, 0, 0, 0, 2, 3, 5))),
            currency=currency or "EUR",
            incoterm="FCA" if export else rng.choice(("", "", "", "DAP", "EXW")),
            incoterm_place="Lyon" if export or rng.random() < 0.5 else "",
            payment_terms=rng.choice(("", "30 jours fin de mois", "45 jours date de facture")),
            lines=_lines(rng, products, customer),
        )
        status = _quote_status((today - day).days, rng)
        if status == "expired" and day + timedelta(days=30) >= today:
            status = "sent"
        fields = {"status": status}
        if status != "draft":
            sent_at = _at(day, rng)
            fields.update(
                number=sequence_next(code=code, day=day),
                sent_at=sent_at,
                sent_to=customer_email(customer) or "achats@example.fr",
            )
            interactions.append(
                Interaction(
                    party=customer,
                    kind="quote",
                    direction="out",
                    occurred_at=sent_at,
                    subject=f"Devis {fields['number']} envoyé",
                    user=quote.owner,
                    source_app="sales.quote",
                    source_id=str(quote.pk),
                )
            )
            if status == "sent" and (today - day).days > 7:
                fields["reminded_at"] = sent_at + timedelta(days=7)
        if status in ("accepted", "refused"):
            answered = _at(min(day + timedelta(days=rng.randint(2, 20)), today), rng)
            fields.update(
                answered_at=answered,
                answered_by_name=rng.choice(("Claire Martin", "Paul Morel", "Nadia Haddad")),
                answered_from_ip="203.0.113.24",
            )
            if status == "refused":
                fields["refusal_reason"] = rng.choice(REFUSAL_REASONS)
        Quote.objects.filter(pk=quote.pk).update(**fields)
        quotes.append((quote.pk, status, day))

    # Revisions: a few refused or sent quotes went to a second version.
    revised = [pk for pk, status, day in quotes if status == "refused"][:6]
    for pk in revised:
        v1 = Quote.objects.get(pk=pk)
        Quote.objects.filter(pk=pk).update(status="sent")
        v1.refresh_from_db()
        v2 = services.quote_revise(by=adv, quote=v1)
        day = min(v1.issue_date + timedelta(days=10), today)
        Quote.objects.filter(pk=v2.pk).update(
            status="accepted",
            issue_date=day,
            valid_until=day + timedelta(days=30),
            sent_at=_at(day, rng),
            sent_to=v1.sent_to,
            answered_at=_at(min(day + timedelta(days=3), today), rng),
            answered_by_name="Claire Martin",
        )
        quotes.append((v2.pk, "accepted", day))

    # Orders: most accepted quotes, and direct orders taken by phone.
    ocode, olabel, ofmt = services.ORDER_SEQUENCE
    sequence_ensure(code=ocode, label=olabel, format=ofmt)
    planned = []
    for pk, status, day in quotes:
        if status == "accepted" and rng.random() < 0.9:
            planned.append((min(day + timedelta(days=rng.randint(1, 6)), today), pk))
    for _ in range(60 - len(planned) if len(planned) < 60 else 0):
        planned.append((today - timedelta(days=rng.randint(0, 365)), None))
    planned.sort(key=lambda item: (item[0], item[1] or 0))
    orders = 0
    for day, quote_pk in planned:
        if quote_pk:
            order = services.order_create_from_quote(
                by=adv,
                quote=Quote.objects.get(pk=quote_pk),
                customer_reference=f"BC-{day:%y%m}-{rng.randint(100, 999)}",
            )
        else:
            customer = rng.choice(customers)
            order = services.order_create(
                by=adv,
                customer=customer,
                order_date=day,
                customer_reference=rng.choice(("", f"CMD {rng.randint(1000, 9999)}")),
                lines=_lines(rng, products, customer),
            )
        status = _order_status((today - day).days, rng)
        fields = {"status": status, "order_date": day}
        if status != "draft":
            confirmed = _at(day, rng)
            fields.update(
                number=sequence_next(code=ocode, day=day),
                confirmed_at=confirmed,
                confirmed_by=adv,
                credit_outcome="ok",
            )
            if status not in ("confirmed", "cancelled"):
                fields.update(
                    launched_at=confirmed + timedelta(hours=rng.randint(2, 48)), launched_by=adv
                )
            if status == "cancelled":
                fields.update(
                    cancelled_at=confirmed + timedelta(days=2),
                    cancel_reason="Annulée par le client",
                )
        Order.objects.filter(pk=order.pk).update(**fields)
        orders += 1
    Interaction.objects.bulk_create(interactions, batch_size=500)
    # Written in bulk, past record_interaction(): each customer's last contact follows.
    latest = (
        Interaction.objects.filter(party_id__in={i.party_id for i in interactions})
        .values("party_id")
        .annotate(at=Max("occurred_at"))
    )
    for row in latest:
        Party.objects.filter(pk=row["party_id"]).update(last_interaction_at=row["at"])
    # created_at is auto_now_add: make it match the documents' dates.
    Quote.objects.filter(sent_at__isnull=False).update(created_at=F("sent_at"))
    ctx.note(f"Devis : {Quote.objects.count()} (dont {len(revised)} révisés), commandes : {orders}")
