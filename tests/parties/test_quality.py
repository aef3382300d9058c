from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.timezone import localtime

from comptoir.core.exceptions import NotAllowed
from comptoir.parties.models import Email, Organisation, Party, Person, Phone
from comptoir.parties.quality import checks, quality_filter, quality_report
from comptoir.parties.services import duplicates_scan_store


def counts(user):
    return {row["name"]: row["count"] for row in quality_report(user=user)}


def test_each_count_matches_its_list(users):
    complete = Organisation.objects.create(
        kind="organisation", name="Complète", legal_name="Complète", siren="732829320"
    )
    Email.objects.create(party=complete, address="a@b.fr")
    Phone.objects.create(party=complete, number="+33478950213")
    complete.addresses.create(line1="1 rue", city="Lyon")
    Organisation.objects.create(kind="organisation", name="Sans rien", legal_name="Sans rien")
    lonely = Person.objects.create(kind="person", name="SEUL Jean", last_name="Seul")
    Phone.objects.create(party=lonely, number="0478950213")  # typed before normalisation

    found = counts(users["comptable"])
    assert found["no_email"] == 2 and found["no_phone"] == 1 and found["no_address"] == 2
    assert found["no_siren"] == 1
    assert found["invalid_phone"] == 1
    for name, count in found.items():
        assert Party.objects.filter(quality_filter(name)).count() == count, name


def test_stale_prospects(users):
    old = timezone.now() - timedelta(days=3 * 365 + 10)
    stale = Organisation.objects.create(
        kind="organisation", name="Vieux", legal_name="Vieux", is_prospect=True
    )
    Party.objects.filter(pk=stale.pk).update(created_at=old)
    recent = Organisation.objects.create(
        kind="organisation", name="Récent", legal_name="Récent", is_prospect=True
    )
    Party.objects.filter(pk=recent.pk).update(created_at=old, last_interaction_at=timezone.now())
    assert counts(users["comptable"])["stale_prospects"] == 1


def test_report_needs_view_party(users):
    with pytest.raises(NotAllowed):
        quality_report(user=users["prestataire"])


def test_quality_page_links_each_count_to_its_list(client_as):
    Organisation.objects.create(kind="organisation", name="Sans rien", legal_name="Sans rien")
    client = client_as("accueil")
    page = client.get(reverse("parties:quality")).content.decode()
    link = f"{reverse('parties:organisations')}?quality=no_email"
    assert link in page
    listed = client.get(link).content.decode()
    assert "Sans rien" in listed


def test_quality_page_is_refused_to_the_outsourced_operator(client_as):
    assert client_as("prestataire").get(reverse("parties:quality")).status_code == 403


# --- Invalid values -------------------------------------------------------------------------


def org(name, **fields):
    return Organisation.objects.create(kind="organisation", name=name, legal_name=name, **fields)


def test_invalid_identifiers_of_french_organisations(users):
    org("Bonne", siren="732829320", siret="73282932000074")
    org("Bonne aussi", siren="552100554")
    bad_luhn = org("Luhn faux", siren="732829321")
    letters = org("Lettres", siren="73282932A")
    short_siret = org("SIRET court", siren="732829320", siret="7328293200007")
    org("Étrangère", siren="123", country="BE")  # not French: its own rules

    assert counts(users["comptable"])["invalid_identifiers"] == 3
    listed = set(
        Party.objects.filter(quality_filter("invalid_identifiers")).values_list("pk", flat=True)
    )
    assert listed == {bad_luhn.pk, letters.pk, short_siret.pk}


def test_invalid_emails_postal_codes_and_people_without_first_name(users):
    good = org("Bonne")
    Email.objects.create(party=good, address="contact@bonne.fr")
    good.addresses.create(line1="1 rue", postal_code="69002", city="Lyon")
    no_at = org("Sans arobase")
    Email.objects.create(party=no_at, address="contact.bonne.fr")
    spaced = org("Avec espace")
    Email.objects.create(party=spaced, address="contact @bonne.fr")
    short_code = org("Code court")
    short_code.addresses.create(line1="1 rue", postal_code="6900", city="Lyon")
    lettered = org("Code lettres")
    lettered.addresses.create(line1="1 rue", postal_code="69OO2", city="Lyon")
    abroad = org("Nouméa")
    abroad.addresses.create(line1="1 rue", postal_code="988", city="Nouméa", country="NC")
    Person.objects.create(kind="person", name="SEUL", last_name="Seul")
    Person.objects.create(kind="person", name="DUPONT Jean", last_name="Dupont", first_name="Jean")

    found = counts(users["comptable"])
    assert found["invalid_email"] == 2
    assert found["invalid_postal_code"] == 2
    assert found["no_first_name"] == 1
    for name in ("invalid_email", "invalid_postal_code", "no_first_name"):
        assert Party.objects.filter(quality_filter(name)).count() == found[name], name


def test_each_check_is_one_query(users, django_assert_max_num_queries):
    with django_assert_max_num_queries(len(checks()) + 2):  # + the permission lookups
        quality_report(user=users["comptable"])


def test_the_lists_show_the_new_checks(client_as):
    org("Luhn faux", siren="732829321")
    Person.objects.create(kind="person", name="SEUL", last_name="Seul")
    client = client_as("accueil")
    page = client.get(reverse("parties:quality")).content.decode()
    assert "Organisations en France au SIREN ou SIRET invalide" in page
    assert "Personnes sans prénom" in page
    listed = client.get(f"{reverse('parties:organisations')}?quality=invalid_identifiers")
    assert "Luhn faux" in listed.content.decode()
    listed = client.get(f"{reverse('parties:people')}?quality=no_first_name")
    assert "SEUL" in listed.content.decode()


# --- Duplicates, from the stored scan -------------------------------------------------------


def test_duplicates_not_analysed_yet(client_as):
    page = client_as("administrateur").get(reverse("parties:quality")).content.decode()
    row = page[page.index('id="quality-duplicates"') :]
    assert "Groupes de doublons probables" in row and "pas encore analysé" in row
    assert reverse("parties:duplicates-scan") in row and "Lancer l'analyse" in row


def test_duplicates_count_links_to_the_review_with_the_scan_date(client_as):
    org("Garage Dupont", siren="552100554")
    org("GARAGE DUPONT SARL", siren="552100554")
    stored = duplicates_scan_store()
    page = client_as("administrateur").get(reverse("parties:quality")).content.decode()
    row = page[page.index('id="quality-duplicates"') :]
    assert "Examiner 1 groupe" in row and reverse("parties:duplicates") in row
    finished = localtime(stored.finished_at)
    when = f"{date_format(finished, 'DATE_FORMAT')} à {time_format(finished, 'TIME_FORMAT')}"
    assert f"Analyse du {when}" in row


def test_readers_see_the_count_without_the_review(client_as):
    org("Garage Dupont", siren="552100554")
    org("GARAGE DUPONT SARL", siren="552100554")
    duplicates_scan_store()
    page = client_as("accueil").get(reverse("parties:quality")).content.decode()
    row = page[page.index('id="quality-duplicates"') :]
    assert reverse("parties:duplicates") not in row and ">1<" in row.replace(" ", "").replace(
        "\n", ""
    )
