from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from comptoir.core.exceptions import CoreError, NotAllowed
from comptoir.core.models import AuditEntry, TaxRate
from comptoir.core.taxes import tax_rate_save, tax_rates_for, tax_rates_install_presets

pytestmark = pytest.mark.django_db


def rates_of(country):
    return {(r.code, r.rate, r.is_default) for r in TaxRate.objects.filter(country=country)}


def test_french_presets():
    created = tax_rates_install_presets(country="FR")

    assert created == 5
    assert rates_of("FR") == {
        ("fr-20", Decimal("20"), True),
        ("fr-10", Decimal("10"), False),
        ("fr-5-5", Decimal("5.5"), False),
        ("fr-2-1", Decimal("2.1"), False),
        ("fr-exempt", Decimal("0"), False),
    }
    exempt = TaxRate.objects.get(country="FR", code="fr-exempt")
    assert exempt.label == "Exonéré"
    assert exempt.exemption_mention == "TVA non applicable, art. 293 B du CGI"
    assert TaxRate.objects.get(country="FR", code="fr-20").label == "TVA 20 %"
    assert TaxRate.objects.get(country="FR", code="fr-5-5").label == "TVA 5,5 %"


def test_new_caledonian_presets_default_to_the_general_tgc_rate():
    tax_rates_install_presets(country="NC")

    assert rates_of("NC") == {
        ("nc-22", Decimal("22"), False),
        ("nc-11", Decimal("11"), True),
        ("nc-6", Decimal("6"), False),
        ("nc-3", Decimal("3"), False),
        ("nc-exempt", Decimal("0"), False),
    }
    assert TaxRate.objects.get(country="NC", code="nc-11").label == "TGC 11 %"
    assert TaxRate.objects.get(country="NC", code="nc-exempt").label == "Exonéré"


def test_moroccan_presets():
    tax_rates_install_presets(country="MA")

    assert rates_of("MA") == {
        ("ma-20", Decimal("20"), True),
        ("ma-14", Decimal("14"), False),
        ("ma-10", Decimal("10"), False),
        ("ma-7", Decimal("7"), False),
        ("ma-exempt", Decimal("0"), False),
    }
    assert TaxRate.objects.get(country="MA", code="ma-7").label == "TVA 7 %"


def test_each_country_keeps_its_own_default():
    for country in ("FR", "NC", "MA"):
        tax_rates_install_presets(country=country)

    defaults = dict(TaxRate.objects.filter(is_default=True).values_list("country", "rate"))
    assert defaults == {"FR": Decimal("20"), "NC": Decimal("11"), "MA": Decimal("20")}


def test_installing_twice_creates_nothing_and_keeps_edits(users):
    tax_rates_install_presets(country="FR")
    edited = TaxRate.objects.get(country="FR", code="fr-10")
    tax_rate_save(
        by=users["comptable"], tax_rate=edited, label="TVA 10 % restauration", is_default=True
    )

    created = tax_rates_install_presets(country="FR", by=users["comptable"])

    assert created == 0
    assert TaxRate.objects.filter(country="FR").count() == 5
    edited.refresh_from_db()
    assert edited.label == "TVA 10 % restauration"
    assert TaxRate.objects.get(country="FR", is_default=True) == edited


def test_installing_puts_back_only_the_missing_rates():
    tax_rates_install_presets(country="FR")
    TaxRate.objects.filter(code="fr-2-1").delete()

    assert tax_rates_install_presets(country="FR") == 1
    assert TaxRate.objects.filter(country="FR").count() == 5


def test_presets_for_a_country_without_any_are_refused():
    with pytest.raises(CoreError):
        tax_rates_install_presets(country="SN")


def test_a_call_center_operator_may_not_read_save_or_install(users):
    tax_rates_install_presets(country="FR")
    rate = TaxRate.objects.get(code="fr-20")
    operator = users["teleconseiller"]

    with pytest.raises(NotAllowed):
        tax_rate_save(by=operator, tax_rate=rate, rate=Decimal("19"))
    with pytest.raises(NotAllowed):
        tax_rate_save(by=operator, country="FR", code="x", label="X", rate=Decimal("1"))
    with pytest.raises(NotAllowed):
        tax_rates_install_presets(country="NC", by=operator)
    with pytest.raises(NotAllowed):
        tax_rates_for(user=operator)
    rate.refresh_from_db()
    assert rate.rate == Decimal("20")
    assert not TaxRate.objects.filter(country="NC").exists()


def test_a_reader_may_read_but_not_change(users):
    tax_rates_install_presets(country="FR")
    tax_rates_install_presets(country="NC")

    rates = tax_rates_for(user=users["adv"], country="NC")

    assert [r.code for r in rates] == ["nc-22", "nc-11", "nc-6", "nc-3", "nc-exempt"]
    with pytest.raises(NotAllowed):
        tax_rate_save(by=users["adv"], tax_rate=rates[0], rate=Decimal("23"))


def test_saving_a_new_default_demotes_the_old_one_and_is_audited(users):
    tax_rates_install_presets(country="FR")
    tax_rates_install_presets(country="NC")

    new = tax_rate_save(
        by=users["comptable"],
        country="FR",
        code="fr-8-5",
        label="TVA 8,5 %",
        rate=Decimal("8.5"),
        is_default=True,
    )

    assert list(TaxRate.objects.filter(country="FR", is_default=True)) == [new]
    # Another country's default is not touched.
    assert TaxRate.objects.get(country="NC", is_default=True).code == "nc-11"
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
            code="fr-150",
            label="Trop",
            rate=Decimal("150"),
            is_default=True,
        )

    assert "rate" in error.value.message_dict
    # The old default was demoted before the check, and that was rolled back too.
    assert TaxRate.objects.get(country="FR", is_default=True).code == "fr-20"
    assert not TaxRate.objects.filter(code="fr-150").exists()


def test_list_page_groups_rates_by_country(client_as):
    tax_rates_install_presets(country="FR")
    tax_rates_install_presets(country="NC")

    response = client_as("comptable").get(reverse("core:tax-rates"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "France" in page and "Nouvelle-Calédonie" in page
    assert "TGC 11 %" in page and "TVA 5,5 %" in page
    assert reverse("core:tax-rate-edit", args=[TaxRate.objects.get(code="nc-3").pk]) in page


def test_list_page_is_refused_to_a_call_center_operator(client_as):
    response = client_as("teleconseiller").get(reverse("core:tax-rates"))

    assert response.status_code == 403


def test_empty_list_offers_the_presets_of_the_company_country(client_as):
    client = client_as("administrateur")

    page = client.get(reverse("core:tax-rates")).content.decode()
    assert "empty-state" in page
    assert 'name="action" value="install"' in page

    response = client.post(reverse("core:tax-rates"), {"action": "install"}, follow=True)

    assert response.redirect_chain == [(reverse("core:tax-rates"), 302)]
    assert TaxRate.objects.get(country="FR", is_default=True).code == "fr-20"
    assert TaxRate.objects.filter(country="FR").count() == 5
    assert "empty-state" not in response.content.decode()


def test_installing_from_the_page_is_refused_without_add_taxrate(client_as):
    response = client_as("direction").post(reverse("core:tax-rates"), {"action": "install"})

    assert response.status_code == 403
    assert not TaxRate.objects.exists()


def test_a_reader_sees_no_edit_buttons(client_as):
    tax_rates_install_presets(country="FR")

    page = client_as("direction").get(reverse("core:tax-rates")).content.decode()

    assert "TVA 20 %" in page
    assert reverse("core:tax-rate-add") not in page
    assert 'value="install"' not in page


def test_edit_form_keeps_typed_values_on_error(client_as):
    tax_rates_install_presets(country="FR")
    client = client_as("comptable")

    response = client.post(
        reverse("core:tax-rate-add"),
        {
            "country": "FR",
            "code": "fr-150",
            "label": "Mon taux à moi",
            "rate": "150",
            "active": "on",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Mon taux à moi" in page
    assert 'value="150"' in page
    assert 'value="fr-150"' in page
    assert "is-invalid" in page
    assert not TaxRate.objects.filter(code="fr-150").exists()


def test_edit_form_saves_and_redirects(client_as):
    tax_rates_install_presets(country="FR")
    rate = TaxRate.objects.get(country="FR", code="fr-2-1")
    client = client_as("comptable")

    response = client.post(
        reverse("core:tax-rate-edit", args=[rate.pk]),
        {"country": "FR", "code": "fr-2-1", "label": "TVA presse", "rate": "2.1", "active": "on"},
    )

    assert response.status_code == 302
    assert response.url == reverse("core:tax-rates")
    rate.refresh_from_db()
    assert rate.label == "TVA presse"


def test_edit_form_makes_a_new_default(client_as):
    tax_rates_install_presets(country="FR")
    rate = TaxRate.objects.get(country="FR", code="fr-10")

    response = client_as("administrateur").post(
        reverse("core:tax-rate-edit", args=[rate.pk]),
        {
            "country": "FR",
            "code": "fr-10",
            "label": "TVA 10 %",
            "rate": "10",
            "is_default": "on",
            "active": "on",
        },
    )

    assert response.status_code == 302
    assert TaxRate.objects.get(country="FR", is_default=True) == rate


def test_edit_form_refuses_a_duplicate_code(client_as):
    tax_rates_install_presets(country="FR")

    response = client_as("comptable").post(
        reverse("core:tax-rate-add"),
        {"country": "FR", "code": "fr-10", "label": "Autre", "rate": "10", "active": "on"},
    )

    assert response.status_code == 200
    assert TaxRate.objects.filter(code="fr-10").count() == 1
    page = response.content.decode()
    assert "existe déjà" in page  # the duplicate code, said in French


def test_edit_form_is_refused_to_a_reader(client_as):
    tax_rates_install_presets(country="FR")
    rate = TaxRate.objects.get(code="fr-20")

    assert client_as("adv").get(reverse("core:tax-rate-edit", args=[rate.pk])).status_code == 403
