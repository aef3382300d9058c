"""Deliveries in the API: notes (list, detail, create from an order, ship, deliver, incident,
proof of delivery) and carriers. The same services and queries as the pages; errors take the
house shape (a domain error is a 400 with its stable `code`, e.g. `over_delivery`).

The schemas live here rather than in a shared `schemas.py`: they are the deliveries' own.
"""

import datetime
from decimal import Decimal

from django.urls import reverse
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile

from comptoir.core.queries import require
from comptoir.core.schemas import Error, KeysetParams
from comptoir.sales import delivery_conformity
from comptoir.sales.api.lists import list_response
from comptoir.sales.api.quote_schemas import UNIT_CODES
from comptoir.sales.models import Carrier, Delivery
from comptoir.sales.queries import deliveries as queries
from comptoir.sales.queries import orders as order_queries
from comptoir.sales.services import deliveries as services

router = Router(tags=["deliveries"])
ERRORS = {401: Error, 403: Error}


# --- Schemas --------------------------------------------------------------------------------


class CarrierOut(Schema):
    id: int = Field(..., examples=[3])
    name: str = Field(..., examples=["Geodis"])
    tracking_url: str = Field(..., examples=["https://www.geodis.com/fr/suivi?number={tracking}"])
    is_active: bool


class CarrierIn(Schema):
    name: str = Field(..., max_length=100, examples=["Chronopost"])
    tracking_url: str = Field(
        "",
        max_length=300,
        examples=["https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT={tracking}"],
        description="the carrier's tracking page, with {tracking} where the number goes",
    )
    is_active: bool = True


class DeliverySummary(Schema):
    id: int = Field(..., examples=[42])
    number: str = Field(..., examples=["BL-2026-00042"], description="empty until shipped")
    status: str = Field(
        ..., examples=["shipped"], description="prepared, shipped, delivered, incident"
    )
    order_id: int = Field(..., examples=[17])
    order_number: str = Field(..., examples=["CO-2026-00017"])
    customer_id: int = Field(..., examples=[12])
    customer: str = Field(..., examples=["Fromagerie des Alpes SAS"])
    carrier: str | None = Field(..., examples=["Geodis"])
    tracking_number: str = Field(..., examples=["GE1234567890"])
    tracking_url: str = Field(..., examples=["https://www.geodis.com/fr/suivi?number=GE1234567890"])
    conformity: str = Field(
        ..., examples=["compliant"], description="unchecked, compliant, discrepancies"
    )
    created_at: datetime.datetime
    shipped_at: datetime.datetime | None
    delivered_at: datetime.datetime | None
    url: str = Field(..., examples=["/ventes/livraisons/42/"])


class DeliveryLineOut(Schema):
    id: int = Field(..., examples=[101])
    order_line_id: int | None = Field(..., examples=[55], description="null: not on the order")
    reference: str = Field(..., examples=["PD-40"])
    label: str = Field(..., examples=["Pompe doseuse PD-40"])
    unit: str = Field(..., examples=["unit"], description=UNIT_CODES)
    quantity: Decimal = Field(..., examples=["6"], description="announced on the note")
    received_quantity: Decimal | None = Field(..., examples=["5"], description="signed for")


class FindingOut(Schema):
    kind: str = Field(
        ...,
        examples=["short"],
        description="wrong_item, missing, short, over, extra_item, over_order",
    )
    label: str = Field(..., examples=["Pompe doseuse PD-40"])
    expected: Decimal = Field(..., examples=["6"])
    actual: Decimal = Field(..., examples=["5"])
    message: str = Field(
        ...,
        examples=["Quantité insuffisante : Pompe doseuse PD-40 — annoncé 6, reçu 5 (manque 1)."],
    )


class DeliveryDetail(DeliverySummary):
    delivery_address: str = Field(..., examples=["ZA des Iles\n38120 Le Fontanil-Cornillon"])
    planned_date: datetime.date | None
    notes: str
    over_delivery_reason: str
    received_by: str = Field(..., examples=["M. Girard"])
    incident_at: datetime.datetime | None
    incident_reason: str = Field(..., examples=[""])
    lines: list[DeliveryLineOut]
    findings: list[FindingOut] = Field(..., description="the conformity check, once delivered")


class DeliveryPage(Schema):
    items: list[DeliverySummary]
    count: int = Field(..., examples=[128])
    next_cursor: str | None = Field(..., description="pass as ?after= for more")


class DeliveryFilters(KeysetParams):
    status: str = Field("", examples=["shipped"])
    carrier: str = Field("", examples=["3"], description="a carrier's id")
    customer: str = Field("", examples=["12"], description="a customer's id")
    date_from: str = Field("", examples=["2026-11-01"], description="prepared on or after")
    date_to: str = Field("", examples=["2026-11-30"], description="prepared on or before")
    q: str = Field("", examples=["BL-2026-00042"], description="note, order or tracking number")


class DeliveryCreate(Schema):
    order_id: int = Field(..., examples=[17])
    quantities: dict[int, Decimal] | None = Field(
        None,
        examples=[{"55": "6", "56": "4"}],
        description="order line id → quantity; omitted: everything left to deliver",
    )
    carrier_id: int | None = Field(None, examples=[3])
    tracking_number: str = Field("", max_length=60)
    delivery_address: str | None = Field(None, description="omitted: the order's")
    planned_date: datetime.date | None = None
    notes: str = ""
    over_delivery_reason: str = Field(
        "",
        examples=["Vendu par carton de 12"],
        description="required to deliver more than is left of a line",
    )


class ShipIn(Schema):
    carrier_id: int | None = Field(None, examples=[3])
    tracking_number: str | None = Field(None, max_length=60, examples=["GE1234567890"])


class UnannouncedIn(Schema):
    quantity: Decimal = Field(..., examples=["1"])
    order_line_id: int | None = Field(None, examples=[57], description="an item of the order")
    label: str = Field("", max_length=300, examples=["Vanne papillon DN50"])
    reference: str = Field("", max_length=60, examples=["VP-50"])


class DeliverIn(Schema):
    received: dict[int, Decimal] = Field(
        default_factory=dict,
        examples=[{"101": "5"}],
        description="delivery line id → quantity received; lines left out: as announced",
    )
    unannounced: list[UnannouncedIn] = Field(default_factory=list)
    received_by: str = Field("", max_length=120, examples=["M. Girard, magasinier"])
    delivered_at: datetime.datetime | None = Field(None, description="omitted: now")


class IncidentIn(Schema):
    reason: str = Field(..., examples=["Colis endommagé, refusé par le client"])


class AttachmentOut(Schema):
    id: int
    name: str = Field(..., examples=["bl-signe.pdf"])
    size: int


# --- Helpers --------------------------------------------------------------------------------


def _summary(delivery: Delivery) -> dict:
    return {
        "id": delivery.pk,
        "number": delivery.number,
        "status": delivery.status,
        "order_id": delivery.order_id,
        "order_number": delivery.order.number,
        "customer_id": delivery.customer_id,
        "customer": delivery.customer.name,
        "carrier": delivery.carrier.name if delivery.carrier else None,
        "tracking_number": delivery.tracking_number,
        "tracking_url": delivery.tracking_link,
        "conformity": delivery.conformity,
        "created_at": delivery.created_at,
        "shipped_at": delivery.shipped_at,
        "delivered_at": delivery.delivered_at,
        "url": reverse("sales:delivery", args=[delivery.pk]),
    }


def _detail(delivery: Delivery) -> dict:
    findings = []
    if delivery.status == "delivered":
        check = services.conformity_of(delivery)
        findings = [
            {
                "kind": finding.kind,
                "label": finding.label,
                "expected": finding.expected,
                "actual": finding.actual,
                "message": delivery_conformity.describe(finding),
            }
            for finding in check.findings
        ]
    return {
        **_summary(delivery),
        "delivery_address": delivery.delivery_address,
        "planned_date": delivery.planned_date,
        "notes": delivery.notes,
        "over_delivery_reason": delivery.over_delivery_reason,
        "received_by": delivery.received_by,
        "incident_at": delivery.incident_at,
        "incident_reason": delivery.incident_reason,
        "lines": list(delivery.lines.all()),
        "findings": findings,
    }


def _delivery(request, delivery_id: int) -> Delivery:
    return queries.delivery_get(user=request.auth, pk=delivery_id)


def _carrier(request, carrier_id: int | None) -> Carrier | None:
    if carrier_id is None:
        return None
    return queries.carrier_get(user=request.auth, pk=carrier_id)


# --- Notes ----------------------------------------------------------------------------------


@router.get("/deliveries", response={200: DeliveryPage, **ERRORS}, summary="List delivery notes")
def deliveries_list(request, filters: Query[DeliveryFilters]):
    """Newest first, filtered as the list page does, with the filtered count; keyset pages:
    pass `next_cursor` back as `after`."""
    return list_response(
        request, filters, read=queries.delivery_list, page=queries.delivery_page, summary=_summary
    )


@router.get(
    "/deliveries/{int:delivery_id}",
    response={200: DeliveryDetail, 404: Error, **ERRORS},
    summary="A delivery note",
)
def deliveries_detail(request, delivery_id: int):
    """With its lines and, once delivered, the conformity check's findings."""
    return _detail(_delivery(request, delivery_id))


@router.post(
    "/deliveries",
    response={201: DeliveryDetail, 400: Error, 404: Error, 422: Error, **ERRORS},
    summary="Prepare a delivery note from an order",
)
def deliveries_create(request, payload: DeliveryCreate):
    """From a confirmed order (or one in preparation, or partly delivered). Without
    `quantities`, the note takes everything left to deliver. More than is left of a line is
    refused (400, `over_delivery`) unless `over_delivery_reason` says why."""
    require(request.auth, "sales.add_delivery")
    order = order_queries.order_get(user=request.auth, pk=payload.order_id)
    delivery = services.delivery_prepare(
        order=order,
        quantities=payload.quantities,
        carrier=_carrier(request, payload.carrier_id),
        tracking_number=payload.tracking_number,
        delivery_address=payload.delivery_address,
        planned_date=payload.planned_date,
        notes=payload.notes,
        over_delivery_reason=payload.over_delivery_reason,
        by=request.auth,
    )
    return Status(201, _detail(queries.delivery_get(user=request.auth, pk=delivery.pk)))


@router.post(
    "/deliveries/{int:delivery_id}/ship",
    response={200: DeliveryDetail, 400: Error, 404: Error, **ERRORS},
    summary="Ship a prepared note",
)
def deliveries_ship(request, delivery_id: int, payload: ShipIn):
    """The note takes its number (BL-2026-00042); the customer's timeline says so."""
    delivery = _delivery(request, delivery_id)
    services.delivery_ship(
        delivery=delivery,
        carrier=_carrier(request, payload.carrier_id),
        tracking_number=payload.tracking_number,
        by=request.auth,
    )
    return _detail(_delivery(request, delivery_id))


@router.post(
    "/deliveries/{int:delivery_id}/deliver",
    response={200: DeliveryDetail, 400: Error, 404: Error, 422: Error, **ERRORS},
    summary="Record what the customer signed for",
)
def deliveries_deliver(request, delivery_id: int, payload: DeliverIn):
    """Received quantities per line (left out: as announced) and what arrived unannounced;
    the note is checked against the order, which becomes partly delivered or delivered."""
    delivery = _delivery(request, delivery_id)
    services.delivery_deliver(
        delivery=delivery,
        received=payload.received,
        unannounced=[
            services.Unannounced(
                quantity=item.quantity,
                order_line=item.order_line_id,
                label=item.label,
                reference=item.reference,
            )
            for item in payload.unannounced
        ],
        received_by=payload.received_by,
        delivered_at=payload.delivered_at,
        by=request.auth,
    )
    return _detail(_delivery(request, delivery_id))


@router.post(
    "/deliveries/{int:delivery_id}/incident",
    response={200: DeliveryDetail, 400: Error, 404: Error, **ERRORS},
    summary="Report an incident on a shipped note",
)
def deliveries_incident(request, delivery_id: int, payload: IncidentIn):
    """Lost, damaged, refused: the reason is required; the goods are to be sent again."""
    delivery = _delivery(request, delivery_id)
    services.delivery_report_incident(delivery=delivery, reason=payload.reason, by=request.auth)
    return _detail(_delivery(request, delivery_id))


@router.post(
    "/deliveries/{int:delivery_id}/proof",
    response={201: AttachmentOut, 400: Error, 404: Error, **ERRORS},
    summary="Attach the proof of delivery",
)
def deliveries_proof(request, delivery_id: int, file: File[UploadedFile]):
    """The signed note's scan or a photo (PDF, PNG, JPEG…), once the goods are shipped."""
    delivery = _delivery(request, delivery_id)
    attachment = services.delivery_attach_proof(delivery=delivery, file=file, by=request.auth)
    return Status(201, {"id": attachment.pk, "name": attachment.name, "size": attachment.size})


# --- Carriers -------------------------------------------------------------------------------


@router.get("/carriers", response={200: list[CarrierOut], **ERRORS}, summary="List carriers")
def carriers_list(request, active: bool = Query(False, description="only the active ones")):
    return list(queries.carrier_list(user=request.auth, active_only=active))


@router.post("/carriers", response={201: CarrierOut, 422: Error, **ERRORS}, summary="Add a carrier")
def carriers_create(request, payload: CarrierIn):
    return Status(201, services.carrier_create(by=request.auth, **payload.dict()))
