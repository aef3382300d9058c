"""Organisations: creation and changes through the services, and the 360° page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEntry
from comptoir.parties import services
from comptoir.parties.models import Address, Affiliation, Email, Organisation, Party, Phone, Tag

from .factories import AffiliationFactory, OrganisationFactory, PersonFactory

# 732 829 320 is a valid SIREN (Luhn); its head office SIRET is 73282932000074.
SIREN, SIRET = "732829320", "73282932000074"


def test_create_normalises_identifiers_and_names_by_trade_name(users):
    organisation = services.organisation_create(
        by=users["charge_clientele"],
        legal_name="Boulangerie Martin SARL",
        trade_name="Chez Martin",
        siren="732 829 320",
        siret="732 829 320 00074",
        vat_number="fr 44 732829320",
        phone="04 78 95 02 13",
        email="Contact@Chez-Martin.FR",
    )
    organisation.refresh_from_db()
    assert organisation.name == "Chez Martin"
    assert organisation.siren == SIREN and organisation.siret == SIRET
    assert organisation.vat_number == "FR44732829320"
    assert organisation.phones.get().number == "+33478950213"
    assert organisation.emails.get().address == "contact@chez-martin.fr"
    assert AuditEntry.objects.filter(object_id=str(organisation.pk), user=users["charge_clientele"])


def test_name_falls_back_to_legal_name(users):
    organisation = services.organisation_create(by=users["adv"], legal_name="Durand SA")
    assert organisation.name == "Durand SA" and organisation.name_folded == "durand sa"


def test_siret_of_another_siren_is_refused_and_nothing_is_saved(users):
    with pytest.raises(ValidationError) as error:
        services.organisation_create(
            by=users["adv"],
            legal_name="Mauvais",
            siren="552100554",
            siret=SIRET,
            phone="04 78 95 02 13",
        )
    assert "siret" in error.value.message_dict
    assert not Organisation.objects.exists() and not Phone.objects.exists()


def test_siren_is_taken_from_the_siret(users):
    organisation = services.organisation_create(by=users["adv"], legal_name="X", siret=SIRET)
    assert organisation.siren == SIREN


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("siren", "732829321"),
        ("siret", "73282932000075"),
        ("vat_number", "FR00732829320"),
        ("ice", "001561191000067"),
        ("ridet", "12-34"),
    ],
)
def test_bad_identifiers_are_refused_with_their_field(users, field, value):
    with pytest.raises(ValidationError) as error:
        services.organisation_create(by=users["adv"], legal_name="X", **{field: value})
    assert field in error.value.message_dict
    assert not Organisation.objects.exists()


def test_valid_ice_and_ridet_are_kept_compact(users):
    organisation = services.organisation_create(
        by=users["adv"], legal_name="X", ice="001 561 191 000 066", ridet="123456"
    )
    assert organisation.ice == "001561191000066" and organisation.ridet == "0123456.000"


def test_bad_phone_is_refused_with_a_clear_message_and_nothing_saved(users):
    with pytest.raises(ValidationError) as error:
        services.organisation_create(by=users["adv"], legal_name="X", phone="12")
    assert "pas un numéro valide" in error.value.message_dict["phone"][0]
    assert not Party.objects.exists()


def test_update_changes_identifiers_and_keeps_the_trail(users):
    organisation = OrganisationFactory(legal_name="Ancien nom")
    services.organisation_update(
        by=users["adv"], organisation=organisation, legal_name="Nouveau nom", siren=SIREN
    )
    organisation.refresh_from_db()
    assert organisation.name == "Nouveau nom" and organisation.siren == SIREN
    entry = AuditEntry.objects.filter(object_id=str(organisation.pk), action="update").latest("at")
    assert entry.user == users["adv"]


def test_an_organisation_cannot_be_in_its_own_subsidiaries(users):
    top = OrganisationFactory()
    child = OrganisationFactory(parent=top)
    with pytest.raises(ValidationError) as error:
        services.organisation_update(by=users["adv"], organisation=top, parent=child)
    assert "parent" in error.value.message_dict


@pytest.mark.parametrize("role", ["comptable", "direction", "prestataire", "outsider"])
def test_readers_and_strangers_may_not_write(users, role):
    with pytest.raises(NotAllowed):
        services.organisation_create(by=users[role], legal_name="X")
    organisation = OrganisationFactory()
    with pytest.raises(NotAllowed):
        services.organisation_update(by=users[role], organisation=organisation, legal_name="Y")
    with pytest.raises(NotAllowed):
        services.phone_add(by=users[role], party=organisation, number="0478950213")


# --- Channels ---------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["04 78 95 02 13", "+33 4 78 95 02 13", "0033478950213"])
def test_phone_typed_any_way_is_stored_in_e164(users, typed):
    organisation = OrganisationFactory()
    phone = services.phone_add(by=users["accueil"], party=organisation, number=typed)
    assert phone.number == "+33478950213" and phone.is_default


def test_phone_region_is_the_address_country(users):
    organisation = OrganisationFactory(country="FR")
    services.address_add(
        by=users["accueil"], party=organisation, line1="1 rue", city="Nouméa", country="NC"
    )
    phone = services.phone_add(by=users["accueil"], party=organisation, number="27 12 34")
    assert phone.number == "+687271234"


def test_phone_region_defaults_to_the_company_country(users, company):
    company.country = "MA"
    company.save()
    person = PersonFactory()
    phone = services.phone_add(by=users["accueil"], party=person, number="0522 22 22 22")
    assert phone.number == "+212522222222"


def test_invalid_phone_is_refused(users):
    with pytest.raises(ValidationError) as error:
        services.phone_add(by=users["accueil"], party=OrganisationFactory(), number="0000")
    assert "number" in error.value.message_dict
    assert not Phone.objects.exists()


def test_email_is_lowercased_and_validated(users):
    organisation = OrganisationFactory()
    email = services.email_add(by=users["accueil"], party=organisation, address=" Jean@EXAMPLE.fr ")
    assert email.address == "jean@example.fr"
    with pytest.raises(ValidationError):
        services.email_add(by=users["accueil"], party=organisation, address="pas-une-adresse")
    assert Email.objects.count() == 1


def test_one_main_channel_and_the_next_takes_over_on_delete(users):
    organisation = OrganisationFactory()
    first = services.phone_add(by=users["adv"], party=organisation, number="0478950213")
    second = services.phone_add(
        by=users["adv"], party=organisation, number="0612345678", is_default=True
    )
    first.refresh_from_db()
    assert second.is_default and not first.is_default
    services.phone_delete(by=users["adv"], phone=second)
    first.refresh_from_db()
    assert first.is_default


def test_address_city_is_folded_for_filters(users):
    address = services.address_add(
        by=users["adv"], party=OrganisationFactory(), line1="1 place", city="Saint-Étienne"
    )
    assert address.city_folded == "saint-etienne" and address.is_default


def test_address_update_and_delete(users):
    organisation = OrganisationFactory()
    address = services.address_add(by=users["adv"], party=organisation, line1="1 rue", city="Lyon")
    services.address_update(by=users["adv"], address=address, city="Villeurbanne")
    assert Address.objects.get().city == "Villeurbanne"
    services.address_delete(by=users["adv"], address=address)
    assert not Address.objects.exists()


def test_tags_are_set_exactly(users):
    organisation = OrganisationFactory()
    services.party_set_tags(by=users["adv"], party=organisation, names=["VIP", "Salon Lyon"])
    services.party_set_tags(by=users["adv"], party=organisation, names=["vip", "Export"])
    assert sorted(organisation.tags.values_list("name", flat=True)) == ["Export", "VIP"]
    assert Tag.objects.count() == 3


# --- Pages ------------------------------------------------------------------------------


def test_create_page_keeps_what_was_typed_on_error(client_as):
    client = client_as("charge_clientele")
    response = client.post(
        reverse("parties:organisation-add"),
        {"legal_name": "Garde Moi", "siren": "123", "country": "FR", "language": "fr"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Garde Moi"' in page and 'value="123"' in page
    assert "Indiquez au moins un téléphone" in page  # what is missing, in French
    assert not Organisation.objects.exists()


def test_create_page_creates_with_its_first_channels(client_as):
    client = client_as("charge_clientele")
    response = client.post(
        reverse("parties:organisation-add"),
        {
            "legal_name": "Atelier Bois",
            "siren": SIREN,
            "country": "FR",
            "language": "fr",
            "organisation_kind": "company",
            "phone": "04 78 95 02 13",
            "address_line1": "3 rue du Port",
            "address_city": "Lyon",
            "address_country": "FR",
        },
    )
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("parties:party", args=[organisation.pk])
    assert organisation.phones.get().number == "+33478950213"
    assert organisation.addresses.get().city == "Lyon"


def test_create_page_requires_one_channel(client_as):
    response = client_as("adv").post(
        reverse("parties:organisation-add"),
        {"legal_name": "Sans contact", "country": "FR", "language": "fr"},
    )
    assert response.status_code == 200 and not Organisation.objects.exists()


def test_edit_page_saves(client_as):
    organisation = OrganisationFactory(legal_name="Avant")
    response = client_as("adv").post(
        reverse("parties:organisation-edit", args=[organisation.pk]),
        {
            "legal_name": "Après",
            "country": "FR",
            "language": "fr",
            "organisation_kind": "company",
            "is_client": "on",
        },
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Après" and organisation.is_client


def test_detail_page_shows_channels_people_and_the_group_tree(client_as, users):
    group = OrganisationFactory(legal_name="Holding Durand")
    organisation = OrganisationFactory(legal_name="Durand Lyon", parent=group, siren=SIREN)
    OrganisationFactory(legal_name="Durand Bron", parent=organisation)
    OrganisationFactory(legal_name="Durand Paris", parent=group)
    services.phone_add(by=users["adv"], party=organisation, number="04 78 95 02 13")
    services.email_add(by=users["adv"], party=organisation, address="lyon@durand.fr")
    services.address_add(by=users["adv"], party=organisation, line1="1 quai", city="Lyon")
    AffiliationFactory(
        organisation=organisation, person=PersonFactory(last_name="Moreau", first_name="Léa")
    )

    response = client_as("teleconseiller").get(reverse("parties:party", args=[organisation.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "04 78 95 02 13" in page and "lyon@durand.fr" in page and "1 quai" in page
    assert "MOREAU Léa" in page and SIREN in page
    group_html = page[page.index('id="group"') :]
    for name in ("Holding Durand", "Durand Bron", "Durand Paris"):
        assert name in group_html
    # Nested: Bron is inside Lyon's list, which is inside the holding's.
    assert group_html.index("Holding Durand") < group_html.index("Durand Lyon")
    assert group_html.index("Durand Lyon") < group_html.index("Durand Bron")


def test_detail_page_adds_and_deletes_a_phone(client_as):
    organisation = OrganisationFactory()
    client = client_as("accueil")
    url = reverse("parties:channel-add", args=[organisation.pk, "phone"])
    client.post(url, {"number": "+33 4 78 95 02 13", "label": "office"})
    phone = organisation.phones.get()
    assert phone.number == "+33478950213"
    client.post(reverse("parties:channel-delete", args=[organisation.pk, "phone", phone.pk]))
    assert not organisation.phones.exists()


def test_detail_page_refuses_an_invalid_phone_with_a_message(client_as):
    organisation = OrganisationFactory()
    response = client_as("accueil").post(
        reverse("parties:channel-add", args=[organisation.pk, "phone"]),
        {"number": "12", "label": "office"},
        follow=True,
    )
    assert "pas un numéro valide" in response.content.decode()
    assert not organisation.phones.exists()


def test_detail_page_is_forbidden_to_prestataire(client_as):
    organisation = OrganisationFactory()
    assert (
        client_as("prestataire").get(reverse("parties:party", args=[organisation.pk])).status_code
        == 403
    )


def test_reader_cannot_add_a_channel(client_as):
    organisation = OrganisationFactory()
    response = client_as("comptable").post(
        reverse("parties:channel-add", args=[organisation.pk, "email"]),
        {"address": "a@b.fr", "label": "work"},
    )
    assert response.status_code == 403 and not organisation.emails.exists()


def test_affiliation_primary_is_unique_per_organisation(users):
    organisation = OrganisationFactory()
    first, second = PersonFactory(), PersonFactory()
    services.affiliation_save(
        by=users["adv"], person=first, organisation=organisation, is_primary=True
    )
    services.affiliation_save(
        by=users["adv"], person=second, organisation=organisation, is_primary=True
    )
    assert list(
        Affiliation.objects.filter(is_primary=True).values_list("person_id", flat=True)
    ) == [second.pk]


# --- The parent organisation is chosen with a search picker -----------------------------------


def test_parent_is_a_search_box_not_a_list_of_every_organisation(client_as):
    for n in range(30):
        OrganisationFactory(legal_name=f"Filiale {n:02d}")
    page = client_as("adv").get(reverse("parties:organisation-add")).content.decode()
    assert 'role="combobox"' in page and 'name="parent"' in page
    assert "Filiale 07" not in page  # no <option> per organisation
    assert reverse("parties:party-suggestions") + "?kind=organisation" in page


def test_edit_page_shows_the_parent_name_and_saves_the_chosen_one(client_as):
    group, other = (
        OrganisationFactory(legal_name="Groupe Durand"),
        OrganisationFactory(legal_name="Holding Roux"),
    )
    organisation = OrganisationFactory(legal_name="Durand Lyon", parent=group)
    client = client_as("adv")
    url = reverse("parties:organisation-edit", args=[organisation.pk])

    page = client.get(url).content.decode()
    assert f'name="parent" value="{group.pk}"' in page and 'value="Groupe Durand"' in page
    assert f"exclude={organisation.pk}" in page  # not its own parent

    data = {
        "legal_name": "Durand Lyon",
        "country": "FR",
        "language": "fr",
        "organisation_kind": "company",
        "parent": other.pk,
    }
    assert client.post(url, data).status_code == 302
    organisation.refresh_from_db()
    assert organisation.parent_id == other.pk


def test_an_unknown_parent_id_gets_the_usual_error_and_keeps_the_form(client_as):
    organisation = OrganisationFactory(legal_name="Durand Lyon")
    response = client_as("adv").post(
        reverse("parties:organisation-edit", args=[organisation.pk]),
        {
            "legal_name": "Durand Lyon",
            "country": "FR",
            "language": "fr",
            "organisation_kind": "company",
            "parent": "999999",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in page
    assert 'aria-invalid="true"' in page


def test_suggestions_find_organisations_by_the_start_of_their_name(client_as):
    for n in range(12):
        OrganisationFactory(legal_name=f"Atelier {n:02d}")
    OrganisationFactory(legal_name="Boulangerie de l'Atelier")
    PersonFactory(last_name="Atelier", first_name="Jean")
    client = client_as("accueil")
    url = reverse("parties:party-suggestions")

    page = client.get(url, {"q": "atel", "kind": "organisation"}).content.decode()
    assert page.count('role="option"') == 10
    assert "Atelier 00" in page and "Atelier 09" in page and "Atelier 10" not in page
    assert "ATELIER Jean" not in page

    page = client.get(url, {"q": "boulangerie l'at", "kind": "organisation"}).content.decode()
    assert "Boulangerie de l&#x27;Atelier" in page

    page = client.get(url, {"q": "zzz", "kind": "organisation"}).content.decode()
    assert "Aucune organisation ne correspond." in page
    assert client.get(url, {"q": ""}).content.decode().strip() == ""


def test_suggestions_show_city_and_siren_and_leave_out_the_excluded(client_as):
    found = OrganisationFactory(legal_name="Vercors Équipements", siren=SIREN)
    found.addresses.create(line1="1 rue", city="Grenoble", is_default=True)
    itself = OrganisationFactory(legal_name="Vercors Bois")
    page = (
        client_as("accueil")
        .get(reverse("parties:party-suggestions"), {"q": "VERCORS", "exclude": itself.pk})
        .content.decode()
    )
    assert f'data-value="{found.pk}"' in page and "Grenoble · SIREN 732829320" in page
    assert "Vercors Bois" not in page


def test_suggestions_are_refused_to_the_outsourced_operator(client_as):
    OrganisationFactory(legal_name="Atelier")
    url = reverse("parties:party-suggestions")
    assert client_as("prestataire").get(url, {"q": "atel"}).status_code == 403


def test_the_360_page_shows_the_links_other_apps_register_to_those_allowed(client_as, users):
    from comptoir.parties.links import LINKS, PartyLink

    party = Organisation.objects.create(kind="organisation", name="Fromagerie", legal_name="F")
    link = PartyLink("Tableau de bord", "parties:party", "speedometer", "parties.export_party")
    LINKS.append(link)
    try:
        page = client_as("charge_clientele").get(f"/clients/{party.pk}/").content.decode()
        assert "Tableau de bord" in page  # account managers may export
        page = client_as("accueil").get(f"/clients/{party.pk}/").content.decode()
        assert "Tableau de bord" not in page
    finally:
        LINKS.remove(link)


@pytest.mark.parametrize(
    ("legal_name", "legal_form", "shown"),
    [
        ("Durand", "SAS", "Durand (SAS)"),
        ("Alpes Santé Groupe SAS", "SAS", "Alpes Santé Groupe SAS"),
        ("SARL Dauphinoise de Fromages", "SARL", "SARL Dauphinoise de Fromages"),
        ("Sasso Frères", "SAS", "Sasso Frères (SAS)"),  # a word, not letters of one
        ("Durand", "", "Durand"),
        ("Plomberie Durand EI", "EI", "Plomberie Durand EI"),
    ],
)
def test_the_legal_form_is_not_said_twice(legal_name, legal_form, shown):
    organisation = Organisation(legal_name=legal_name, legal_form=legal_form)
    assert organisation.legal_name_with_form == shown
