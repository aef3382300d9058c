"""Settings pages for tax rates and numbering sequences."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comptoir.core import queries, sequences, taxes
from comptoir.core.choices import Country
from comptoir.core.exceptions import CoreError
from comptoir.core.forms.errors import add_service_error
from comptoir.core.forms.taxes import TaxRateForm
from comptoir.core.models import Company


def _company_country() -> str:
    return Company.current_country()


@login_required
def tax_rate_list(request):
    """The rates by country; a POST installs the presets of the company's country."""
    country = _company_country()
    if request.method == "POST":
        if request.POST.get("action") == "install":
            return _install_presets(request, country)
        return redirect("core:tax-rates")
    by_country: dict[str, list] = {}
    for rate in taxes.tax_rates_for(user=request.user):
        rate.percent = _percent(rate.rate)
        by_country.setdefault(rate.country, []).append(rate)
    can_add = request.user.has_perm("core.add_taxrate")
    return render(
        request,
        "core/tax_rates.html",
        {
            "groups": [(Country(code).label, group) for code, group in by_country.items()],
            "can_add": can_add,
            "can_change": request.user.has_perm("core.change_taxrate"),
            "preset_country": (
                Country(country).label if can_add and taxes.has_presets(country) else None
            ),
        },
    )


def _percent(rate: Decimal) -> str:
    """20.000 -> "20", 5.500 -> "5,5" in French."""
    shown = rate.quantize(Decimal(1)) if rate == rate.to_integral_value() else rate.normalize()
    return formats.number_format(shown)


def _install_presets(request, country: str):
    try:
        created = taxes.tax_rates_install_presets(country=country, by=request.user)
    except CoreError as error:
        messages.error(request, error.message)
    else:
        if created:
            messages.success(
                request,
                ngettext(
                    "%(count)s tax rate of %(country)s installed.",
                    "%(count)s tax rates of %(country)s installed.",
                    created,
                )
                % {"country": Country(country).label, "count": created},
            )
        else:
            messages.info(
                request,
                _("The tax rates of %(country)s were already installed.")
                % {"country": Country(country).label},
            )
    return redirect("core:tax-rates")


@login_required
def tax_rate_edit(request, pk=None):
    tax_rate = None
    if pk is not None:
        tax_rate = taxes.tax_rate_get_for(user=request.user, pk=pk)
    queries.require(request.user, "core.change_taxrate" if tax_rate else "core.add_taxrate")
    initial = {} if tax_rate else {"country": _company_country()}
    form = TaxRateForm(request.POST or None, instance=tax_rate, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            taxes.tax_rate_save(by=request.user, tax_rate=tax_rate, **form.cleaned_data)
        except (ValidationError, CoreError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The tax rate has been saved."))
            return redirect("core:tax-rates")
    return render(request, "core/tax_rate_form.html", {"form": form, "tax_rate": tax_rate})


@login_required
def sequence_list(request):
    found = list(sequences.sequence_list_for(user=request.user))
    start_month = sequences.fiscal_start_month()
    today = timezone.localdate()
    rows = []
    for sequence in found:
        try:
            preview = sequences.sequence_preview(
                sequence=sequence, day=today, start_month=start_month
            )
        except CoreError as error:
            preview, preview_error = None, error.message
        else:
            preview_error = None
        counters = [
            (sequences.fiscal_year_label(c.fiscal_year, start_month), c)
            for c in sequence.counters.all()
        ]
        rows.append(
            {
                "sequence": sequence,
                "counters": counters,
                "preview": preview,
                "preview_error": preview_error,
            }
        )
    return render(request, "core/sequences.html", {"rows": rows, "today": today})
