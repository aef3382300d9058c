from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from comptoir.core import services
from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEntry, BankAccount, Company

VALID_IBAN = "FR76 3000 6000 0112 3456 7890 189"


def test_administrator_updates_the_profile_and_identifiers_are_normalised(users):
    company = services.company_update(
        by=users["administrateur"],
        legal_name="Atelier Durand",
        siren="732 829 320",
        siret="732 829 320 00074",
        vat_number="fr 44 732829320",
        share_capital=Decimal("15000.00"),
    )
    company.refresh_from_db()
    assert (company.siren, company.siret, company.vat_number) == (
        "732829320",
        "73282932000074",
        "FR44732829320",
    )


def test_bad_identifiers_are_refused_field_by_field(users):
    with pytest.raises(ValidationError) as caught:
        services.company_update(by=users["administrateur"], siren="732829321", ice="12")
    assert set(caught.value.message_dict) == {"siren", "ice"}
    assert Company.current().siren == "732829320"  # nothing half-saved


def test_siret_must_belong_to_the_siren(users):
    with pytest.raises(ValidationError) as caught:
        services.company_update(by=users["administrateur"], siret="55210055400013")
    assert "siret" in caught.value.message_dict


def test_ridet_format_for_new_caledonia(users):
    company = services.company_update(by=users["administrateur"], country="NC", ridet="123456.001")
    assert company.ridet == "0123456.001"


def test_only_the_administrator_may_change_the_profile(users):
    with pytest.raises(NotAllowed):
        services.company_update(by=users["comptable"], legal_name="Pirate")


def test_profile_changes_are_audited_with_who_and_what(users):
    services.company_update(by=users["administrateur"], city="Villeurbanne")
    entry = AuditEntry.objects.filter(action="update").latest("at")
    assert entry.user == users["administrateur"]
    assert entry.changes == {"city": ["Lyon", "Villeurbanne"]}


def test_bank_accounts_one_default_and_iban_checked(users):
    accountant = users["comptable"]
    first = services.bank_account_save(by=accountant, label="Courant", iban=VALID_IBAN)
    assert first.is_default  # the only account is the default one
    assert first.iban == "FR7630006000011234567890189"
    second = services.bank_account_save(
        by=accountant, label="Épargne", iban="FR1420041010050500013M02606", is_default=True
    )
    first.refresh_from_db()
    assert second.is_default and not first.is_default
    with pytest.raises(ValidationError) as caught:
        services.bank_account_save(
            by=accountant, label="Faux", iban="FR76 3000 6000 0112 3456 7890 180"
        )
    assert "iban" in caught.value.message_dict
    assert BankAccount.objects.count() == 2


def test_company_page_per_role(client_as):
    assert client_as("adv").get(reverse("core:company")).status_code == 200
    assert client_as("prestataire").get(reverse("core:company")).status_code == 403


def test_edit_form_keeps_what_was_typed_on_error(client_as):
    client = client_as("administrateur")
    response = client.post(
        reverse("core:company-edit"),
        {
            "legal_name": "Atelier Durand",
            "siren": "123456789",
            "city": "Saint-Étienne",
            "country": "FR",
            "currency": "EUR",
            "fiscal_year_start_month": "1",
            "time_zone": "Europe/Paris",
            "language": "fr",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Saint-Étienne" in page and "123456789" in page
    assert 'aria-invalid="true"' in page
    assert Company.current().city == "Lyon"


def test_edit_form_saves(client_as):
    client = client_as("administrateur")
    response = client.post(
        reverse("core:company-edit"),
        {
            "legal_name": "Atelier Durand",
            "siren": "732829320",
            "city": "Lyon",
            "country": "FR",
            "currency": "XPF",
            "fiscal_year_start_month": "7",
            "time_zone": "Pacific/Noumea",
            "language": "fr",
        },
    )
    assert response.status_code == 302
    company = Company.current()
    assert (company.currency, company.fiscal_year_start_month) == ("XPF", 7)


def test_edit_page_forbidden_to_the_accountant(client_as):
    assert client_as("comptable").get(reverse("core:company-edit")).status_code == 403


def test_phone_typed_any_way_is_stored_e164_and_shown_nationally(users, client_as):
    company = services.company_update(by=users["administrateur"], phone="04 78 95 02 13")
    assert company.phone == "+33478950213"
    page = client_as("adv").get(reverse("core:company")).content.decode()
    assert "04 78 95 02 13" in page
    with pytest.raises(ValidationError) as caught:
        services.company_update(by=users["administrateur"], phone="12")
    assert "phone" in caught.value.message_dict
