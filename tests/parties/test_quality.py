from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.core.exceptions import NotAllowed
from comptoir.parties.models import Email, Organisation, Party, Person, Phone
from comptoir.parties.quality import quality_filter, quality_report


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
