"""What the client base API reads and writes; examples show in /api/v1/docs."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from comptoir.parties.queries.parties import ROLES, SORTS


class PhoneOut(Schema):
    id: int = Field(..., examples=[7])
    number: str = Field(..., examples=["+33478950213"], description="E.164")
    label: str = Field(..., examples=["switchboard"])
    is_default: bool


class EmailOut(Schema):
    id: int = Field(..., examples=[7])
    address: str = Field(..., examples=["contact@fromages-vercors.fr"])
    label: str = Field(..., examples=["work"])
    is_default: bool


class AddressOut(Schema):
    id: int = Field(..., examples=[7])
    kind: str = Field(..., examples=["billing"])
    line1: str = Field(..., examples=["12 rue de la République"])
    line2: str = Field(..., examples=[""])
    postal_code: str = Field(..., examples=["69002"])
    city: str = Field(..., examples=["Lyon"])
    country: str = Field(..., examples=["FR"])
    is_default: bool


class OrganisationRef(Schema):
    id: int = Field(..., examples=[12])
    name: str = Field(..., examples=["Les Fromages du Vercors"])


class PartySummary(Schema):
    """One line of a list or of search results."""

    id: int = Field(..., examples=[42])
    kind: str = Field(..., examples=["organisation"], description="organisation or person")
    name: str = Field(..., examples=["Les Fromages du Vercors"])
    city: str = Field(..., examples=["Villard-de-Lans"], description="of the main address")
    phone: str = Field(..., examples=["+33478950213"], description="the main number, E.164")
    email: str = Field(..., examples=["contact@fromages-vercors.fr"])
    url: str = Field(..., examples=["/clients/42/"], description="the page in Comptoir")


class LookupHit(Schema):
    """A party having the number that calls: what the operator's screen shows at once."""

    id: int = Field(..., examples=[42])
    kind: str = Field(..., examples=["person"])
    name: str = Field(..., examples=["MARTIN Claire"])
    phones: list[str] = Field(..., examples=[["+33478950213", "+33612345678"]])
    emails: list[str] = Field(..., examples=[["claire.martin@fromages-vercors.fr"]])
    organisations: list[str] = Field(
        ..., examples=[["Les Fromages du Vercors"]], description="a person's organisations"
    )
    is_client: bool
    is_prospect: bool
    on_do_not_call_list: bool
    url: str = Field(..., examples=["/clients/42/"])


class PartyDetail(Schema):
    id: int = Field(..., examples=[42])
    kind: str = Field(..., examples=["organisation"])
    name: str = Field(..., examples=["Les Fromages du Vercors"])
    roles: list[str] = Field(..., examples=[["client", "supplier"]])
    is_key_account: bool
    owner: str | None = Field(..., examples=["cmartin"], description="account manager's login")
    language: str = Field(..., examples=["fr"])
    preferred_channel: str = Field(..., examples=["email"])
    on_do_not_call_list: bool
    notes: str = Field(..., examples=[""])
    # An organisation's
    legal_name: str | None = Field(None, examples=["SARL Dauphinoise de Fromages"])
    trade_name: str | None = Field(None, examples=["Les Fromages du Vercors"])
    siren: str | None = Field(None, examples=["732829320"])
    siret: str | None = Field(None, examples=["73282932000074"])
    vat_number: str | None = Field(None, examples=["FR44732829320"])
    sector: str | None = Field(None, examples=["Agroalimentaire"])
    website: str | None = Field(None, examples=["https://fromages-vercors.fr"])
    country: str | None = Field(None, examples=["FR"])
    # A person's
    civility: str | None = Field(None, examples=["Mme"])
    first_name: str | None = Field(None, examples=["Claire"])
    last_name: str | None = Field(None, examples=["Martin"])
    organisations: list[OrganisationRef] = Field(default_factory=list)
    phones: list[PhoneOut]
    emails: list[EmailOut]
    addresses: list[AddressOut]
    last_interaction_at: datetime | None
    created_at: datetime
    url: str = Field(..., examples=["/clients/42/"])


class PartyPage(Schema):
    items: list[PartySummary]
    next_cursor: str | None = Field(
        ..., examples=["WyJsZXMgZnJvbWFnZXMiLCA0Ml0"], description="pass as ?after= for more"
    )


class AddressIn(Schema):
    line1: str = Field(..., examples=["12 rue de la République"])
    line2: str = Field("", examples=["Bâtiment B"])
    postal_code: str = Field("", examples=["69002"])
    city: str = Field(..., examples=["Lyon"])
    country: str = Field("FR", examples=["FR"])


class PhoneIn(Schema):
    number: str = Field(..., examples=["06 12 34 56 78"], description="any format; stored E.164")
    label: str = Field("office", examples=["mobile"], description="mobile, office, switchboard…")
    is_default: bool = False


class EmailIn(Schema):
    address: str = Field(..., examples=["claire.martin@fromages-vercors.fr"])
    label: str = Field("work", examples=["work"])
    is_default: bool = False


class AddressAdd(AddressIn):
    kind: str = Field("billing", examples=["delivery"], description="billing, delivery, site")
    is_default: bool = False


class PartyPatch(Schema):
    """Only the fields sent are changed. Organisation fields on a person (or the reverse)
    are refused with 422."""

    legal_name: str | None = Field(None, examples=["SARL Dauphinoise de Fromages"])
    trade_name: str | None = None
    siren: str | None = Field(None, examples=["732 829 320"])
    siret: str | None = None
    vat_number: str | None = None
    sector: str | None = None
    website: str | None = None
    civility: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    is_prospect: bool | None = None
    is_client: bool | None = Field(None, examples=[True])
    is_former_client: bool | None = None
    is_supplier: bool | None = None
    is_partner: bool | None = None
    is_competitor: bool | None = None
    is_key_account: bool | None = None
    language: str | None = None
    preferred_channel: str | None = None
    notes: str | None = None
    on_do_not_call_list: bool | None = None


class PartyIn(Schema):
    is_prospect: bool = False
    is_client: bool = False
    is_supplier: bool = False
    is_partner: bool = False
    language: str = Field("fr", examples=["fr"])
    source: str = Field("", examples=["fair"], description="fair, referral, website, tender…")
    notes: str = Field("", examples=["Rencontré au salon de Lyon."])
    phone: str = Field("", examples=["04 78 95 02 13"], description="any format; stored E.164")
    email: str = Field("", examples=["contact@fromages-vercors.fr"])
    address: AddressIn | None = None


class OrganisationIn(PartyIn):
    legal_name: str = Field(..., examples=["SARL Dauphinoise de Fromages"])
    trade_name: str = Field("", examples=["Les Fromages du Vercors"])
    legal_form: str = Field("", examples=["SARL"])
    siren: str = Field("", examples=["732 829 320"], description="checked, stored compact")
    siret: str = Field("", examples=["732 829 320 00074"])
    vat_number: str = Field("", examples=["FR44732829320"])
    sector: str = Field("", examples=["Agroalimentaire"])
    website: str = Field("", examples=["https://fromages-vercors.fr"])
    revenue: Decimal | None = Field(None, examples=["1250000.00"])
    country: str = Field("FR", examples=["FR"])


class PersonIn(PartyIn):
    civility: str = Field("", examples=["Mme"], description="M., Mme or empty")
    first_name: str = Field("", examples=["Claire"])
    last_name: str = Field(..., examples=["Martin"])
    birth_date: date | None = Field(None, examples=["1984-05-17"])
    organisation_id: int | None = Field(
        None, examples=[12], description="the organisation this person works for"
    )
    job_title: str = Field("", examples=["Responsable achats"])


class ListFilters(Schema):
    """The filters of the list page, as query parameters."""

    kind: str = Field("", examples=["organisation"], description="organisation or person")
    role: str = Field("", examples=["client"], description=", ".join(ROLES))
    owner: str = Field("", examples=["me"], description="a user id, me, or none")
    tag: str = Field("", examples=["salon Lyon 2026"])
    city: str = Field("", examples=["Lyon"], description="start of the city, accents ignored")
    q: str = Field("", examples=["fromage"], description="words of the name")
    sort: str = Field("name", examples=["name"], description=", ".join(SORTS))
    after: str = Field("", description="next_cursor of the previous page")
    limit: int = Field(50, ge=1, le=200)


class InteractionOut(Schema):
    id: int
    kind: str = Field(..., examples=["call"])
    direction: str = Field(..., examples=["in"])
    occurred_at: datetime
    subject: str = Field(..., examples=["Demande de prix pour un four"])
    body: str
    by: str | None = Field(None, examples=["Julien Roussel"])
    person: str | None = Field(None, description="For an organisation: whose interaction it is")


class InteractionIn(Schema):
    kind: str = Field(..., examples=["call"], description="call, email, meeting, note, visit…")
    subject: str = Field(..., examples=["Rappel pour le devis"])
    body: str = ""
    direction: str = Field("internal", examples=["out"])
    occurred_at: datetime | None = None


class ConsentOut(Schema):
    purpose: str = Field(..., examples=["email_marketing"])
    status: str | None = Field(None, examples=["granted"], description="null: never asked")
    given_at: datetime | None = None
    source: str = ""


class ConsentIn(Schema):
    purpose: str = Field(..., examples=["email_marketing"])
    status: str = Field(..., examples=["withdrawn"])
    source: str = Field(..., examples=["Appel du 12/11, demande du client"])
    proof: str = ""


# --- Imports --------------------------------------------------------------------------------


class ImportStarted(Schema):
    """The file was read and checked; its import runs in the background."""

    task_id: str = Field(..., examples=["0b7e4c2a-6f0e-4d43-9d0c-3f1c2a8e5b71"])
    rows: int = Field(..., examples=[1250], description="data rows read (the header excluded)")
    valid: int = Field(..., examples=[1238])
    rejected: int = Field(..., examples=[12], description="rows refused, with their reason")
    matches: int = Field(
        ...,
        examples=[87],
        description="valid rows having the SIREN, e-mail or phone of a known party: completed "
        "or skipped as `on_match` says",
    )
    mapping: dict[str, str] = Field(
        ...,
        examples=[{"Raison sociale": "name", "SIREN": "siren", "Téléphone": "phone"}],
        description="header -> field, as the file is read",
    )
    status_url: str = Field(..., examples=["/api/v1/parties/imports/0b7e4c2a-…"])
    page_url: str = Field(
        ..., examples=["/taches/0b7e4c2a-…/"], description="the progress page in Comptoir"
    )


class ImportCounts(Schema):
    created: int = Field(..., examples=[1150])
    updated: int = Field(..., examples=[87], description="known parties completed")
    skipped: int = Field(..., examples=[0], description="known parties left as they were")
    rejected: int = Field(..., examples=[12])


class ImportStatus(Schema):
    task_id: str = Field(..., examples=["0b7e4c2a-6f0e-4d43-9d0c-3f1c2a8e5b71"])
    state: str = Field(
        ..., examples=["succeeded"], description="waiting, running, succeeded, failed"
    )
    done: int = Field(..., examples=[1238])
    total: int = Field(..., examples=[1238])
    percent: int = Field(..., examples=[100])
    message: str = Field(
        ...,
        examples=["Fiches créées : 1150 ; complétées : 87 ; lignes ignorées : 0 ; rejetées : 12."],
        description="the summary once finished, in the user's language",
    )
    result: ImportCounts | None = Field(
        None, description="the counts, once finished, when the task backend keeps results"
    )
    rejects_url: str | None = Field(
        None,
        examples=["/api/v1/parties/imports/0b7e4c2a-…/rejects"],
        description="the rejected rows with their reason (CSV), once finished, if any",
    )
