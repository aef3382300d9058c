"""People: creation, names, affiliations, and their pages."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from comptoir.core.exceptions import NotAllowed
from comptoir.parties import services
from comptoir.parties.models import Affiliation, Person

from .factories import OrganisationFactory, PersonFactory


def test_person_name_is_last_name_first(users):
    person = services.person_create(
        by=users["accueil"],
        first_name="Léa",
        last_name="Moreau",
        email="LEA.Moreau@Example.FR",
        phone="+33 6 12 34 56 78",
    )
    assert person.name == "MOREAU Léa" and person.name_folded == "moreau lea"
    assert person.emails.get().address == "lea.moreau@example.fr"
    assert person.phones.get().number == "+33612345678"


def test_update_renames(users):
    person = PersonFactory(first_name="Léa", last_name="Moreau")
    services.person_update(by=users["adv"], person=person, last_name="Durand")
    person.refresh_from_db()
    assert person.name == "DURAND Léa"


def test_last_name_is_required(users):
    with pytest.raises(ValidationError) as error:
        services.person_create(by=users["adv"], first_name="Léa", last_name="")
    assert "last_name" in error.value.message_dict
    assert not Person.objects.exists()


def test_comptable_may_read_but_not_write(users):
    with pytest.raises(NotAllowed):
        services.person_create(by=users["comptable"], last_name="Moreau")


def test_affiliation_save_adds_then_updates(users):
    person, organisation = PersonFactory(), OrganisationFactory()
    services.affiliation_save(
        by=users["adv"], person=person, organisation=organisation, job_title="Acheteuse"
    )
    services.affiliation_save(
        by=users["adv"],
        person=person,
        organisation=organisation,
        job_title="Directrice achats",
        role="decision_maker",
        is_primary=True,
    )
    affiliation = Affiliation.objects.get()
    assert affiliation.job_title == "Directrice achats" and affiliation.is_primary
    assert affiliation.role == "decision_maker"


def test_create_page(client_as):
    response = client_as("teleconseiller").post(
        reverse("parties:person-add"),
        {"last_name": "Petit", "first_name": "Jean", "language": "fr", "email": "j@petit.fr"},
    )
    person = Person.objects.get()
    assert response.status_code == 302 and person.name == "PETIT Jean"


def test_create_page_keeps_typed_values_on_a_bad_phone(client_as):
    response = client_as("teleconseiller").post(
        reverse("parties:person-add"),
        {"last_name": "Petit", "first_name": "Jean", "language": "fr", "phone": "12"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'value="Petit"' in page and 'value="12"' in page
    assert "pas un numéro valide" in page
    assert not Person.objects.exists()


def test_person_page_lists_organisations_and_attaches_one(client_as):
    person = PersonFactory(last_name="Moreau", first_name="Léa")
    organisation = OrganisationFactory(legal_name="Atelier Bois")
    client = client_as("charge_clientele")
    client.post(
        reverse("parties:affiliation-add", args=[person.pk]),
        {"organisation": organisation.pk, "job_title": "Gérante", "role": "decision_maker"},
    )
    page = client.get(reverse("parties:party", args=[person.pk])).content.decode()
    assert "Atelier Bois" in page and "Gérante" in page


def test_edit_page_is_forbidden_to_readers(client_as):
    person = PersonFactory()
    assert (
        client_as("comptable").get(reverse("parties:person-edit", args=[person.pk])).status_code
        == 403
    )
    assert (
        client_as("prestataire").get(reverse("parties:party", args=[person.pk])).status_code == 403
    )


def test_the_organisation_of_a_contact_is_chosen_with_a_search_picker(client_as):
    person = PersonFactory(last_name="Moreau", first_name="Léa")
    for n in range(20):
        OrganisationFactory(legal_name=f"Société {n:02d}")
    page = client_as("charge_clientele").get(reverse("parties:party", args=[person.pk]))
    page = page.content.decode()
    form = page[page.index(reverse("parties:affiliation-add", args=[person.pk])) :]
    assert 'for="id_organisation"' in form and 'id="id_organisation"' in form
    assert 'role="combobox"' in form and 'type="hidden" name="organisation"' in form
    assert "Société 07" not in form


def test_an_unknown_organisation_is_refused_with_a_message(client_as):
    person = PersonFactory()
    client = client_as("charge_clientele")
    response = client.post(
        reverse("parties:affiliation-add", args=[person.pk]),
        {"organisation": "999999", "job_title": "Gérante"},
        follow=True,
    )
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not person.affiliations.exists()
