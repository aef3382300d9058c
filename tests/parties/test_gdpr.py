"""GDPR: the export of a party's data, its erasure, and the retention of stale prospects."""

import datetime
import io
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from comptoir.core import scheduler
from comptoir.core.models import AuditEntry
from comptoir.parties import services
from comptoir.parties.exceptions import PartyError
from comptoir.parties.models import (
    Address,
    Affiliation,
    Email,
    Interaction,
    Organisation,
    Party,
    Person,
    Phone,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
YEARS_3 = datetime.timedelta(days=3 * 365)


def make_person(**fields) -> Person:
    fields = {"last_name": "Moreau", "first_name": "Julie", "name": "MOREAU Julie", **fields}
    return Person.objects.create(kind="person", **fields)


def make_org(name="Imprimerie Roux", **fields) -> Organisation:
    return Organisation.objects.create(legal_name=name, name=name, kind="organisation", **fields)


@pytest.fixture
def julie(users):
    person = make_person(notes="Prefers mornings", birth_date=datetime.date(1980, 5, 4))
    Email.objects.create(party=person, address="julie.moreau@example.fr")
    Phone.objects.create(party=person, number="+33612345678")
    Address.objects.create(party=person, line1="3 rue des Lilas", city="Lyon")
    Affiliation.objects.create(person=person, organisation=make_org(), job_title="Buyer")
    services.consent_record(
        by=users["adv"],
        party=person,
        purpose="email_marketing",
        status="granted",
        source="Fair",
        proof="Signed at booth 12 by Julie Moreau",
    )
    services.record_interaction(
        party=person, kind="call", subject="Call with Julie Moreau", body="Her son is ill"
    )
    services.record_interaction(
        party=person,
        kind="invoice",
        subject="Invoice FA-2026-0001",
        source_app="billing.invoice",
        source_id="1",
    )
    return person


# --- Access -------------------------------------------------------------------------------


def test_export_holds_channels_consents_interactions_and_affiliations(julie, users):
    data = services.party_export_personal_data(by=users["charge_clientele"], party=julie)

    assert data["party"]["first_name"] == "Julie"
    assert data["party"]["birth_date"] == "1980-05-04"
    assert [e["address"] for e in data["emails"]] == ["julie.moreau@example.fr"]
    assert [p["number"] for p in data["phones"]] == ["+33612345678"]
    assert [a["city"] for a in data["addresses"]] == ["Lyon"]
    assert [c["proof"] for c in data["consents"]] == ["Signed at booth 12 by Julie Moreau"]
    assert {i["subject"] for i in data["interactions"]} == {
        "Call with Julie Moreau",
        "Invoice FA-2026-0001",
    }
    assert data["affiliations"][0]["organisation"] == "Imprimerie Roux"
    json.dumps(data)  # ready to be downloaded as it is


def test_export_needs_export_party(julie, users):
    with pytest.raises(PermissionDenied):
        services.party_export_personal_data(by=users["accueil"], party=julie)


def test_export_json_download(julie, client_as):
    response = client_as("direction").get(reverse("parties:gdpr-export-json", args=[julie.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["emails"][0]["address"] == "julie.moreau@example.fr"
    assert len(data["interactions"]) == 2


def test_export_pdf_download_holds_the_data(julie, client_as):
    from pypdf import PdfReader

    response = client_as("direction").get(reverse("parties:gdpr-export-pdf", args=[julie.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Données personnelles de" in text
    assert "julie.moreau@example.fr" in text


def test_export_pdf_needs_the_export_permission(julie, client_as):
    response = client_as("teleconseiller").get(reverse("parties:gdpr-export-pdf", args=[julie.pk]))
    assert response.status_code == 403


def test_export_page_is_printable_and_offers_erasure_to_admin_only(julie, client_as):
    url = reverse("parties:gdpr-export", args=[julie.pk])
    html = client_as("administrateur").get(url).content.decode()
    assert "julie.moreau@example.fr" in html and "Her son is ill" in html
    assert "data-print" in html
    assert "data-confirm" in html and reverse("parties:gdpr-erase", args=[julie.pk]) in html

    html = client_as("direction").get(url).content.decode()
    assert reverse("parties:gdpr-erase", args=[julie.pk]) not in html


# --- Erasure ------------------------------------------------------------------------------


def test_erase_anonymises_and_keeps_the_row(julie, users):
    services.party_erase(by=users["administrateur"], party=julie)

    person = Person.objects.get(pk=julie.pk)
    assert person.name == person.last_name
    assert str(person.pk) in person.name and "Moreau" not in person.name
    assert person.first_name == "" and person.birth_date is None and person.notes == ""
    assert person.anonymised_at is not None
    assert not person.emails.exists() and not person.phones.exists()
    assert not person.addresses.exists() and not person.affiliations.exists()
    consent = person.consents.get()  # kept as proof that we asked, without the details
    assert consent.status == "granted" and consent.proof == ""
    call, invoice = (
        Interaction.objects.filter(party=person, kind=kind).get() for kind in ("call", "invoice")
    )
    assert call.body == "" and "Julie" not in call.subject
    assert invoice.subject == "Invoice FA-2026-0001"  # a document's reference stays


def test_erase_is_audited_and_the_trail_forgets_the_values(julie, users):
    services.party_erase(by=users["administrateur"], party=julie)

    trail = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_id=str(julie.pk)
    )
    erasure = trail.filter(changes__has_key="anonymised_at").get()
    assert erasure.user == users["administrateur"]
    text = json.dumps(list(AuditEntry.objects.values("object_repr", "changes")))
    assert "Moreau" not in text and "julie.moreau@example.fr" not in text
    assert "+33612345678" not in text and "Lilas" not in text


def test_erase_needs_erase_party(julie, users):
    with pytest.raises(PermissionDenied):
        services.party_erase(by=users["charge_clientele"], party=julie)
    assert Person.objects.get(pk=julie.pk).anonymised_at is None


def test_erase_refused_twice(julie, users):
    services.party_erase(by=users["administrateur"], party=julie)
    with pytest.raises(PartyError):
        services.party_erase(by=users["administrateur"], party=Party.objects.get(pk=julie.pk))


def test_erase_an_organisation_clears_its_identifiers(users):
    org = make_org(siren="732829320", trade_name="Roux")
    services.party_erase(by=users["administrateur"], party=org)
    org.refresh_from_db()
    assert org.siren == "" and org.trade_name == "" and "Roux" not in org.legal_name


def test_erase_view_post_only(julie, client_as):
    client = client_as("administrateur")
    url = reverse("parties:gdpr-erase", args=[julie.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert Person.objects.get(pk=julie.pk).anonymised_at is not None
    again = client.post(url, follow=True)
    assert "ont déjà été effacées" in again.content.decode()


def test_erase_view_refused_without_permission(julie, client_as):
    response = client_as("charge_clientele").post(reverse("parties:gdpr-erase", args=[julie.pk]))
    assert response.status_code == 403


# --- Stale prospects ----------------------------------------------------------------------


def make_prospect(name, *, created_ago=None, touched_ago=None, **fields):
    party = make_org(name, is_prospect=True, **fields)
    now = timezone.now()
    Party.objects.filter(pk=party.pk).update(
        created_at=now - (created_ago or DAY),
        last_interaction_at=now - touched_ago if touched_ago else None,
    )
    return party


def test_stale_prospects_are_flagged_after_three_years():
    old_silent = make_prospect("Old silent", created_ago=YEARS_3 + DAY)
    old_touched = make_prospect("Old touched", created_ago=5 * YEARS_3, touched_ago=YEARS_3 + DAY)
    recent = make_prospect("Recent", created_ago=5 * YEARS_3, touched_ago=YEARS_3 - DAY)
    young = make_prospect("Young", created_ago=YEARS_3 - DAY)
    client = make_prospect("Client", created_ago=5 * YEARS_3, is_client=True)

    assert services.prospects_flag_stale() == 2
    flagged = set(
        Party.objects.filter(review_requested_at__isnull=False).values_list("pk", flat=True)
    )
    assert flagged == {old_silent.pk, old_touched.pk}
    assert {recent.pk, young.pk, client.pk}.isdisjoint(flagged)
    assert services.prospects_flag_stale() == 0  # flagged once


def test_flagged_prospects_are_erased_thirty_days_later():
    stale = make_prospect("Stale", created_ago=YEARS_3 + DAY)
    now = timezone.now()
    services.prospects_flag_stale(now=now)

    assert services.prospects_erase_unreviewed(now=now + 29 * DAY) == 0
    assert services.prospects_erase_unreviewed(now=now + 31 * DAY) == 1
    stale.refresh_from_db()
    assert stale.anonymised_at is not None and "Stale" not in stale.name
    entry = AuditEntry.objects.filter(
        object_id=str(stale.pk), changes__has_key="anonymised_at"
    ).get()
    assert entry.user is None  # the scheduled job
    assert services.prospects_erase_unreviewed(now=now + 32 * DAY) == 0


def test_a_new_interaction_unflags_and_protects_the_prospect(users):
    stale = make_prospect("Stale", created_ago=YEARS_3 + DAY)
    services.prospects_flag_stale()
    services.record_interaction(party=stale, kind="call", subject="Still interested")

    stale.refresh_from_db()
    assert stale.review_requested_at is None
    assert services.prospects_erase_unreviewed(now=timezone.now() + 31 * DAY) == 0
    assert Party.objects.get(pk=stale.pk).anonymised_at is None


def test_a_prospect_edited_after_the_flag_is_not_erased(users):
    stale = make_prospect("Stale", created_ago=YEARS_3 + DAY)
    services.prospects_flag_stale(now=timezone.now() - DAY)
    services.party_set_do_not_call(by=users["adv"], party=stale, on_list=True)
    assert services.prospects_erase_unreviewed(now=timezone.now() + 31 * DAY) == 0


def test_the_daily_job_flags_and_erases():
    scheduler.discover()
    job = scheduler.JOBS["prospects_review"]
    assert job.every == datetime.timedelta(days=1)
    stale = make_prospect("Stale", created_ago=YEARS_3 + DAY)
    old_flag = make_prospect("Old flag", created_ago=YEARS_3 + DAY)
    Party.objects.filter(pk=old_flag.pk).update(review_requested_at=timezone.now() - 31 * DAY)
    Party.objects.filter(pk=old_flag.pk).update(updated_at=timezone.now() - 40 * DAY)

    job.run()  # tasks run inline in tests

    stale.refresh_from_db()
    old_flag.refresh_from_db()
    assert stale.review_requested_at is not None and stale.anonymised_at is None
    assert old_flag.anonymised_at is not None
