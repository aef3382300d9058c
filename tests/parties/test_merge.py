"""Merging duplicates keeps every linked record on the party that stays."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import Attachment, AuditEntry
from comptoir.parties.models import (
    Affiliation,
    Consent,
    Email,
    Interaction,
    Organisation,
    Party,
    Person,
    Phone,
    Tag,
)
from comptoir.parties.services import duplicates_scan_store, parties_merge


def org(name, **fields):
    return Organisation.objects.create(kind="organisation", name=name, legal_name=name, **fields)


def test_merge_keeps_every_link(users):
    # Given two records of one bakery, each with its own links
    keep = org("Boulangerie Martin", siren="732829320")
    other = org("BOULANGERIE MARTIN SARL", siret="73282932000074", is_client=True)
    Phone.objects.create(party=keep, number="+33478950213", is_default=True)
    Phone.objects.create(party=other, number="+33478950213")  # the same number twice
    Phone.objects.create(party=other, number="+33612345678")
    Email.objects.create(party=other, address="compta@martin.fr")
    other.addresses.create(line1="3 rue Mercière", city="Lyon")
    Consent.objects.create(
        party=other,
        purpose="email_marketing",
        status="granted",
        given_at=timezone.now(),
        source="salon",
    )
    Interaction.objects.create(
        party=other, kind="call", subject="Devis four", occurred_at=timezone.now()
    )
    jeanne = Person.objects.create(kind="person", name="DURAND Jeanne", last_name="Durand")
    Affiliation.objects.create(person=jeanne, organisation=other, job_title="Gérante")
    subsidiary = org("Martin Traiteur", parent=other)
    other.tags.add(Tag.objects.create(name="VIP"))
    Attachment.objects.create(
        content_type=ContentType.objects.get_for_model(Organisation),
        object_id=str(other.pk),
        file="attachments/kbis.pdf",
        name="kbis.pdf",
        mime_type="application/pdf",
        size=10,
    )

    # When they are merged
    kept = parties_merge(by=users["administrateur"], keep=keep, others=[other])

    # Then nothing is lost and nothing is doubled
    assert not Party.objects.filter(pk=other.pk).exists()
    assert sorted(kept.phones.values_list("number", flat=True)) == ["+33478950213", "+33612345678"]
    assert list(kept.emails.values_list("address", flat=True)) == ["compta@martin.fr"]
    assert kept.addresses.get().city == "Lyon"
    assert kept.consents.count() == 1 and kept.interactions.count() == 1
    assert list(kept.people.all()) == [jeanne]
    subsidiary.refresh_from_db()
    assert subsidiary.parent_id == keep.pk
    assert list(kept.tags.values_list("name", flat=True)) == ["VIP"]
    assert Attachment.objects.get().object_id == str(keep.pk)
    kept.refresh_from_db()
    assert kept.siret == "73282932000074" and kept.is_client  # filled from the other
    assert kept.last_interaction_at is not None
    assert AuditEntry.objects.filter(object_id=str(keep.pk), changes__has_key="merged").exists()


def test_merge_needs_the_merge_permission(users):
    a, b = org("A"), org("A bis")
    with pytest.raises(NotAllowed):
        parties_merge(by=users["charge_clientele"], keep=a, others=[b])


def test_an_organisation_and_a_person_are_never_merged(users):
    a = org("Martin")
    b = Person.objects.create(kind="person", name="MARTIN Paul", last_name="Martin")
    with pytest.raises(ValidationError):
        parties_merge(by=users["administrateur"], keep=a, others=[b])
    assert Party.objects.count() == 2


def test_review_page_lists_groups_and_merges(client_as):
    a = org("Garage Dupont", siren="552100554")
    b = org("GARAGE DUPONT SARL", siren="552100554")
    duplicates_scan_store()  # the page reads the stored scan; it never scans itself
    client = client_as("administrateur")
    page = client.get("/clients/doublons/").content.decode()
    assert "Garage Dupont" in page and "GARAGE DUPONT SARL" in page
    response = client.post("/clients/doublons/fusionner/", {"ids": [a.pk, b.pk], "keep": a.pk})
    assert response.status_code == 302
    assert list(Party.objects.values_list("pk", flat=True)) == [a.pk]


def test_review_page_needs_the_merge_permission(client_as):
    assert client_as("charge_clientele").get("/clients/doublons/").status_code == 403
