"""What the contracts API reads and writes; examples show in /api/v1/docs."""

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from comptoir.core.schemas import KeysetParams
from comptoir.sales.queries.contracts import SORTS


class ContractFilters(KeysetParams):
    """The register's filters, as query parameters."""

    kind: str = Field(
        "",
        examples=["maintenance"],
        description="maintenance, warranty, subcontracting, subscription",
    )
    status: str = Field("", examples=["active"], description="draft, active, terminated, expired")
    customer: str = Field("", examples=["42"], description="the customer's party id")
    ends_before: str = Field(
        "", examples=["2026-12-31"], description="end of the term on or before"
    )
    notice_before: str = Field(
        "", examples=["2026-10-31"], description="notice deadline on or before, notice not given"
    )
    q: str = Field("", examples=["CT-2026"], description="number, title or customer")
    sort: str = Field("-created_at", examples=["notice_deadline"], description=", ".join(SORTS))


class DueFilters(Schema):
    on_or_before: date = Field(..., examples=["2026-04-01"])


class ContractSummary(Schema):
    id: int = Field(..., examples=[7])
    number: str = Field(..., examples=["CT-2026-00007"], description="empty for a draft")
    title: str = Field(..., examples=["Maintenance préventive des fours"])
    kind: str = Field(..., examples=["maintenance"])
    status: str = Field(..., examples=["active"])
    customer_id: int = Field(..., examples=[42])
    customer_name: str = Field(..., examples=["Boulangerie Roux"])
    start_date: date = Field(..., examples=["2026-01-01"])
    end_date: date = Field(..., examples=["2026-12-31"])
    tacit_renewal: bool
    notice_deadline: date | None = Field(..., examples=["2026-09-30"])
    notice_given_on: date | None = Field(..., examples=[None])
    price: Decimal = Field(..., examples=["2400.00"], description="yearly, excluding tax")
    currency: str = Field(..., examples=["EUR"])
    billing_frequency: str = Field(..., examples=["quarterly"])
    url: str = Field(..., examples=["/ventes/contrats/7/"])


class ContractPage(Schema):
    count: int = Field(..., examples=[25])
    items: list[ContractSummary]
    next_cursor: str | None = Field(..., description="pass as ?after= for more")


class ClauseOut(Schema):
    id: int = Field(..., examples=[3])
    clause_type: str = Field(..., examples=["liability"])
    title: str = Field(..., examples=["Responsabilité"])
    body: str = Field(
        ..., examples=["La responsabilité du prestataire est limitée au prix annuel."]
    )


class LineOut(Schema):
    description: str = Field(..., examples=["Maintenance préventive semestrielle"])
    equipment: str = Field(..., examples=["Four ventilé Bongard 10 niveaux n° 4471"])
    site: str = Field(..., examples=["Boulangerie Roux, Voiron"])


class ScheduleLineOut(Schema):
    id: int = Field(..., examples=[31])
    due_date: date = Field(..., examples=["2026-04-01"])
    period_start: date = Field(..., examples=["2026-04-01"])
    period_end: date = Field(..., examples=["2026-06-30"])
    amount: Decimal = Field(..., examples=["600.00"], description="excluding tax")
    currency: str = Field(..., examples=["EUR"])
    status: str = Field(..., examples=["pending"], description="pending, invoiced, cancelled")
    contract_id: int = Field(..., examples=[7])


class ContractDetail(ContractSummary):
    owner: str | None = Field(..., examples=["adv"])
    template_id: int | None = Field(..., examples=[2])
    renewal_months: int = Field(..., examples=[12])
    notice_months: int = Field(..., examples=[3])
    alert_days: int = Field(..., examples=[30])
    index_name: str = Field(..., examples=["Syntec"])
    index_base_value: Decimal | None = Field(..., examples=["280.1"])
    index_fixed_part: Decimal = Field(..., examples=["0.15"])
    signed_on: date | None = Field(..., examples=["2026-01-01"])
    missing_clauses: list[str] = Field(
        ..., examples=[["liability"]], description="mandatory clause types still absent"
    )
    clauses: list[ClauseOut]
    lines: list[LineOut]
    schedule: list[ScheduleLineOut]


class ContractIn(Schema):
    customer_id: int = Field(..., examples=[42])
    template_id: int | None = Field(
        None, examples=[2], description="its kind and clauses are copied"
    )
    kind: str = Field("", examples=[""], description="without a template")
    title: str = Field("", examples=["Maintenance préventive des fours"])
    start_date: date = Field(..., examples=["2026-01-01"])
    end_date: date | None = Field(
        None, examples=["2026-12-31"], description="default: term_months from the start"
    )
    term_months: int = Field(12, ge=1, le=120)
    tacit_renewal: bool = True
    renewal_months: int = Field(12, ge=1, le=120)
    notice_months: int = Field(3, ge=0, le=60)
    alert_days: int = Field(30, ge=0, le=365)
    price: Decimal = Field(Decimal(0), examples=["2400.00"], description="yearly, excluding tax")
    currency: str = Field("EUR", examples=["EUR"])
    billing_frequency: str = Field("yearly", examples=["quarterly"])
    index_name: str = Field("", examples=["Syntec"])
    index_base_value: Decimal | None = Field(None, examples=["280.1"])
    index_fixed_part: Decimal = Field(Decimal(0), examples=["0.15"])


class ClauseIn(Schema):
    clause_type: str = Field(..., examples=["liability"])
    title: str = Field("", examples=["Responsabilité"])
    body: str = Field(
        ..., examples=["La responsabilité du prestataire est limitée au prix annuel hors taxes."]
    )


class SignIn(Schema):
    signed_on: date | None = Field(None, examples=["2026-01-01"], description="default: today")
    signatory: str = Field("", examples=["Mme Claire Roux, gérante"])


class NoticeIn(Schema):
    given_on: date | None = Field(None, examples=["2026-09-15"], description="default: today")
    note: str = Field("", examples=["Lettre recommandée du client reçue le 15/09"])


class TemplateClauseOut(Schema):
    clause_type: str = Field(..., examples=["object"])
    title: str = Field(..., examples=["Objet du contrat"])
    body: str


class TemplateOut(Schema):
    id: int = Field(..., examples=[2])
    name: str = Field(..., examples=["Contrat de maintenance préventive"])
    kind: str = Field(..., examples=["maintenance"])
    body: str
    is_active: bool
    clauses: list[TemplateClauseOut]
