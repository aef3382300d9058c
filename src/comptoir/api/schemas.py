"""What the API reads and writes. Examples show up in the documentation page (/api/v1/docs)."""

from datetime import datetime
from decimal import Decimal

from ninja import Field, Schema

# The error shape is shared with the apps' own routers, hence defined in core.
from comptoir.core.schemas import Error, FieldError  # noqa: F401

# --- Health -------------------------------------------------------------------------------


class DatabaseHealth(Schema):
    ok: bool
    vendor: str = Field(..., examples=["postgresql"])
    latency_ms: float | None = Field(..., examples=[0.42])


class WorkerHealth(Schema):
    ok: bool = Field(..., description="A worker said it was alive less than 2 minutes ago.")
    last_seen: datetime | None = Field(..., examples=["2026-03-02T09:14:05+00:00"])
    pending_tasks: int | None = Field(..., examples=[3], description="Tasks waiting to run.")
    oldest_pending_seconds: float | None = Field(..., examples=[12.5])


class Health(Schema):
    status: str = Field(
        ...,
        examples=["ok"],
        description="ok; degraded when no worker runs; down (HTTP 503) when the database fails",
    )
    database: DatabaseHealth
    worker: WorkerHealth


# --- Me -----------------------------------------------------------------------------------


class RoleOut(Schema):
    code: str = Field(..., examples=["comptable"])
    label: str = Field(..., examples=["Accountant"])


class MeOut(Schema):
    username: str = Field(..., examples=["cmartin"])
    first_name: str = Field(..., examples=["Claire"])
    last_name: str = Field(..., examples=["Martin"])
    email: str = Field(..., examples=["claire.martin@atelier-durand.fr"])
    language: str = Field(..., examples=["fr"])
    roles: list[RoleOut]
    permissions: list[str] = Field(..., examples=[["core.view_company", "core.view_taxrate"]])


# --- Company ------------------------------------------------------------------------------


class CompanyOut(Schema):
    legal_name: str = Field(..., examples=["Atelier Durand SARL"])
    trade_name: str = Field(..., examples=["Atelier Durand"])
    legal_form: str = Field(..., examples=["SARL"])
    share_capital: Decimal | None = Field(..., examples=["15000.00"])
    registration: str = Field(..., examples=["RCS Lyon"])
    siren: str = Field(..., examples=["732829320"])
    siret: str = Field(..., examples=["73282932000074"])
    vat_number: str = Field(..., examples=["FR44732829320"])
    ice: str = Field(..., examples=[""])
    ridet: str = Field(..., examples=[""])
    address_line1: str = Field(..., examples=["12 rue de la République"])
    address_line2: str = Field(..., examples=[""])
    postal_code: str = Field(..., examples=["69002"])
    city: str = Field(..., examples=["Lyon"])
    country: str = Field(..., examples=["FR"])
    phone: str = Field(..., examples=["+33478000000"])
    email: str = Field(..., examples=["contact@atelier-durand.fr"])
    website: str = Field(..., examples=["https://atelier-durand.fr"])
    currency: str = Field(..., examples=["EUR"])
    fiscal_year_start_month: int = Field(..., examples=[1])
    time_zone: str = Field(..., examples=["Europe/Paris"])
    language: str = Field(..., examples=["fr"])
    updated_at: datetime


class CompanyPatch(Schema):
    """Only the fields sent are changed; null empties a field. Identifiers may be typed with
    spaces: they are checked and stored compact."""

    legal_name: str | None = Field(None, examples=["Atelier Durand SARL"])
    trade_name: str | None = Field(None, examples=["Atelier Durand"])
    legal_form: str | None = Field(None, examples=["SAS"], description="EI, EURL, SARL, SAS…")
    share_capital: Decimal | None = Field(None, examples=["15000.00"])
    registration: str | None = Field(None, examples=["RCS Lyon"])
    siren: str | None = Field(None, examples=["732 829 320"])
    siret: str | None = Field(None, examples=["732 829 320 00074"])
    vat_number: str | None = Field(None, examples=["FR 44 732829320"])
    ice: str | None = Field(None, examples=["001561191000066"])
    ridet: str | None = Field(None, examples=["123456.001"])
    address_line1: str | None = Field(None, examples=["12 rue de la République"])
    address_line2: str | None = Field(None, examples=["Bâtiment B"])
    postal_code: str | None = Field(None, examples=["69002"])
    city: str | None = Field(None, examples=["Lyon"])
    country: str | None = Field(None, examples=["FR"], description="FR, NC, MA, SN, CI…")
    phone: str | None = Field(None, examples=["+33478000000"])
    email: str | None = Field(None, examples=["contact@atelier-durand.fr"])
    website: str | None = Field(None, examples=["https://atelier-durand.fr"])
    currency: str | None = Field(None, examples=["EUR"], description="EUR, XPF, MAD, XOF…")
    fiscal_year_start_month: int | None = Field(None, examples=[1], ge=1, le=12)
    time_zone: str | None = Field(None, examples=["Europe/Paris"])
    language: str | None = Field(None, examples=["fr"], description="fr or en")
