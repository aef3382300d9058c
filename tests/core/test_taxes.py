from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from comptoir.core.exceptions import CoreError, NotAllowed
from comptoir.core.models import AuditEntry, TaxRate
from comptoir.core.taxes import tax_rate_save, tax_rates_install_presets

pytestmark = pytest.mark.django_db


def rates_of(country):
    return {(r.code, r.rate, r.is_default) for r in TaxRate.objects.filter(country=country)}


def test_french_presets():
    tax_rates_install_presets(country="FR")

    assert rates_of("FR") == {
        ("tva-20", Decimal("20"), True),
        ("tva-10", Decimal("10"), False),
        ("tva-5-5", Decimal("5.5"), False),
        ("tva-2-1", Decimal("2.1"), False),
        ("tva-exoneree", Decimal("0"), False),
    }
    exempt = TaxRate.objects.get(country="FR", rate=0)
    assert exempt.exemption_mention == "TVA non applicable, art. 293 B du CGI"
    assert TaxRate.objects.get(country="FR", code="tva-5-5").label == "TVA 5,5 %"


def test_new_caledonian_presets_default_to_the_general_tgc_rate():
    tax_rates_install_presets(country="NC")

    assert rates_of("NC") == {
        ("tgc-22", Decimal("22"), False),
        ("tgc-11", Decimal("11"), True),
        ("tgc-6", Decimal("6"), False),
        ("tgc-3", Decimal("3"), False),
        ("tgc-exoneree", Decimal("0"), False),
    }
    assert TaxRate.objects.get(country="NC", code="tgc-11").label == "TGC 11 %"


def test_moroccan_presets():
    tax_rates_install_presets(country="MA")

    assert {rate for _code, rate, _default in rates_of("MA")} == {
        Decimal(r) for r in ("20", "14", "10", "7", "0")
    }
    assert TaxRate.objects.get(country="MA", is_default=True).rate == Decimal("20")


def test_installing_twice_changes_nothing_and_keeps_edits(users):
    tax_rates_install_presets(country="FR")
    edited = TaxRate.objects.get(country="FR", code="tva-10")
    tax_rate_save(
        by=users["comptable"], tax_rate=edited, label="TVA 10 % restauration", is_default=True
    )

    tax_rates_install_presets(country="FR", by=users["comptable"])

    assert TaxRate.objects.filter(country="FR").count() == 5
    edited.refresh_from_db()
    assert edited.label == "TVA 10 % restauration"
    assert TaxRate.objects.get(country="FR", is_default=True) == edited


def test_presets_for_a_country_without_any_are_refused():
    with pytest.raises(CoreError):
        tax_rates_install_presets(country="SN")


def test_a_role_without_change_taxrate_may_not_save_or_install(users):
    tax_rates_install_presets(country="FR")
    rate = TaxRate.objects.get(code="tva-20")

    with pytest.raises(NotAllowed):
        tax_rate_save(by=users["adv"], tax_rate=rate, rate=Decimal("19"))
    with pytest.raises(NotAllowed):
        tax_rate_save(by=users["adv"], country="FR", code="x", label="X", rate=Decimal("1"))
    with pytest.raises(NotAllowed):
        tax_rates_install_presets(country="NC", by=users["teleconseiller"])
    rate.refresh_from_db()
    assert rate.rate == Decimal("20")


def test_saving_a_new_default_demotes_the_old_one_and_is_audited(users):
    tax_rates_install_presets(country="FR")

    new = tax_rate_save(
        by=users["comptable"],
        country="FR",
        code="tva-8-5",
        label="TVA 8,5 %",
        rate=Decimal("8.5"),
        is_default=True,
    )

    assert list(TaxRate.objects.filter(country="FR", is_default=True)) == [new]
    entry = AuditEntry.objects.get(
        content_type__model="taxrate", object_id=str(new.pk), action="create"
    )
    assert entry.user == users["comptable"]


def test_an_invalid_rate_is_refused_and_nothing_changes(users):
    tax_rates_install_presets(country="FR")

    with pytest.raises(ValidationError) as error:
        tax_rate_save(
            by=users["comptable"],
            country="FR",
            code="tva-20",
            label="Doublon",
            rate=Decimal("120"),
            is_default=True,
        )

    assert "rate" in error.value.message_dict
    assert TaxRate.objects.get(country="FR", is_default=True).code == "tva-20"


def test_list_page_groups_rates_by_country(client_as):
    tax_rates_install_presets(country="FR")
    tax_rates_install_presets(country="NC")

    response = client_as("comptable").get(reverse("core:tax-rates"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "France" in page and "TGC 11 %" in page and "5,5" in page
    assert reverse("core:tax-rate-edit", args=[TaxRate.objects.get(code="tgc-3").pk]) in page


def test_list_page_is_refused_to_a_call_center_operator(client_as):
    response = client_as("teleconseiller").get(reverse("core:tax-rates"))

    assert response.status_code == 403


def test_list_page_empty_state_offers_the_company_presets(client_as):
    client = client_as("comptable")

    page = client.get(reverse("core:tax-rates")).content.decode()
    assert 'value="install-presets"' in page

    response = client.post(reverse("core:tax-rates"), {"action": "install-presets"})
    assert response.status_code == 302
    assert TaxRate.objects.filter(country="FR").count() == 5


def test_a_reader_sees_no_edit_buttons(client_as):
    tax_rates_install_presets(country="FR")

    page = client_as("direction").get(reverse("core:tax-rates")).content.decode()

    assert "TVA 20 %" in page
    assert reverse("core:tax-rate-add") not in page
    assert 'value="install-presets"' not in page


def test_edit_form_keeps_typed_values_on_error(client_as):
    tax_rates_install_presets(country="FR")
    client = client_as("comptable")

    response = client.post(
        reverse("core:tax-rate-add"),
        {
            "country": "FR",
            "code": "tva-20",
            "label": "Mon taux à moi",
            "rate": "150",
            "active": "on",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Mon taux à moi" in page
    assert 'value="150"' in page
    assert "is-invalid" in page
    assert not TaxRate.objects.filter(label="Mon taux à moi").exists()


def test_edit_form_saves_and_redirects(client_as):
    tax_rates_install_presets(country="FR")
    rate = TaxRate.objects.get(country="FR", code="tva-2-1")
    client = client_as("comptable")

    response = client.post(
        reverse("core:tax-rate-edit", args=[rate.pk]),
        {"country": "FR", "code": "tva-2-1", "label": "TVA presse", "rate": "2.1", "active": "on"},
    )

    assert response.status_code == 302
    assert response.url == reverse("core:tax-rates")
    rate.refresh_from_db()
    assert rate.label == "TVA presse"


def test_edit_form_refuses_a_duplicate_code(client_as):
    tax_rates_install_presets(country="FR")

    response = client_as("comptable").post(
        reverse("core:tax-rate-add"),
        {"country": "FR", "code": "tva-10", "label": "Autre", "rate": "10", "active": "on"},
    )

    assert response.status_code == 200
    assert TaxRate.objects.filter(code="tva-10").count() == 1
    assert "alert-danger" in response.content.decode() or "is-invalid" in response.content.decode()
