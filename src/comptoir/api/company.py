"""GET and PATCH /api/v1/company: the company profile, as on the « Company » settings page."""

from django.http import Http404
from ninja import Router

from comptoir.api.schemas import CompanyOut, CompanyPatch, Error
from comptoir.core import queries, services
from comptoir.core.models import Company

router = Router(tags=["company"])

ERRORS = {401: Error, 403: Error, 404: Error}


@router.get("/company", response={200: CompanyOut, **ERRORS}, summary="Company profile")
def company_get(request):
    company = queries.company_for(user=request.auth)
    if company is None:
        raise Http404
    return company


@router.patch(
    "/company",
    response={200: CompanyOut, 422: Error, **ERRORS},
    summary="Change the company profile",
)
def company_patch(request, payload: CompanyPatch):
    """Identifiers (SIREN, SIRET, VAT, ICE, RIDET) are checked and normalised; every change is
    recorded in the audit trail under the caller's name."""
    fields = payload.dict(exclude_unset=True)
    for name, value in fields.items():
        # null empties a text field, which the database stores as "" rather than NULL.
        if value is None and not Company._meta.get_field(name).null:
            fields[name] = ""
    return services.company_update(by=request.auth, **fields)
