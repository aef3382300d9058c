"""Consent: history kept, the status in force, and whom we may canvass."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from comptoir.parties import services
from comptoir.parties.models import Affiliation, Consent, Organisation, Person

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def make_org(name="Garage Petit") -> Organisation:
    return Organisation.objects.create(legal_name=name, name=name, kind="organisation")


def make_person(last_name="Leroy", organisation=None) -> Person:
    person = Person.objects.create(last_name=last_name, name=last_name.upper(), kind="person")
    if organisation:
        Affiliation.objects.create(person=person, organisation=organisation)
    return person


def record(user, party, purpose, status, when):
    return services.consent_record(
        by=user, party=party, purpose=purpose, status=status, source="Web form", given_at=when
    )


def test_history_is_kept_and_the_latest_is_in_force(users):
    person = make_person()
    user = users["charge_clientele"]
    now = timezone.now()
    granted = record(user, person, "email_marketing", "granted", now - 10 * DAY)
    withdrawn = record(user, person, "email_marketing", "withdrawn", now - DAY)

    assert Consent.objects.filter(party=person).count() == 2
    granted.refresh_from_db()
    assert granted.status == "granted"  # the old row is untouched
    current = services.consent_current(person)
    assert current["email_marketing"] == withdrawn
    assert current["phone_canvassing"] is None
    assert withdrawn.recorded_by == user


def test_a_back_dated_record_does_not_override_a_newer_one(users):
    person = make_person()
    user = users["charge_clientele"]
    now = timezone.now()
    record(user, person, "sms", "refused", now - DAY)
    record(user, person, "sms", "granted", now - 30 * DAY)  # a paper found in a drawer
    assert services.consent_current(person)["sms"].status == "refused"


def test_recording_needs_change_party(users):
    with pytest.raises(PermissionDenied):
        record(users["comptable"], make_person(), "sms", "granted", None)
    assert not Consent.objects.exists()


def test_private_person_needs_opt_in_for_email(users):
    person = make_person()
    assert services.may_contact(person, "email_marketing") is False
    assert services.may_contact(person, "sms") is False
    record(users["adv"], person, "email_marketing", "granted", None)
    assert services.may_contact(person, "email_marketing") is True


def test_business_email_is_opt_out(users):
    org = make_org()
    contact = make_person("Petit", organisation=org)
    assert services.may_contact(org, "email_marketing") is True
    assert services.may_contact(contact, "email_marketing") is True  # at their work
    record(users["adv"], org, "email_marketing", "refused", None)
    assert services.may_contact(org, "email_marketing") is False


def test_withdrawal_wins_over_an_earlier_grant(users):
    person = make_person()
    now = timezone.now()
    record(users["adv"], person, "post", "granted", now - 2 * DAY)
    record(users["adv"], person, "post", "withdrawn", now - DAY)
    assert services.may_contact(person, "post") is False


def test_do_not_call_list_blocks_phone_canvassing(users):
    org = make_org()
    assert services.may_contact(org, "phone_canvassing") is True
    record(users["adv"], org, "phone_canvassing", "granted", None)
    services.party_set_do_not_call(by=users["adv"], party=org, on_list=True)
    org.refresh_from_db()
    assert org.on_do_not_call_list
    assert services.may_contact(org, "phone_canvassing") is False
    assert services.may_contact(org, "email_marketing") is True  # only the phone is blocked


def test_consents_fragment_and_form(client_as):
    person = make_person()
    client = client_as("service_client")
    url = reverse("parties:consents", args=[person.pk])
    html = client.get(url).content.decode()
    assert 'id="consent-form"' in html
    assert 'data-may-contact="no"' in html  # a private person, nothing granted yet

    response = client.post(
        reverse("parties:consent-add", args=[person.pk]),
        {"purpose": "email_marketing", "status": "granted", "source": "Shop counter"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="granted"' in html and "Shop counter" in html
    assert services.may_contact(person, "email_marketing")


def test_consents_form_keeps_input_on_error(client_as):
    person = make_person()
    response = client_as("service_client").post(
        reverse("parties:consent-add", args=[person.pk]),
        {"purpose": "sms", "status": "granted", "source": "", "proof": "Signed paper #12"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "Signed paper #12" in html and "is-invalid" in html
    assert not Consent.objects.exists()


def test_consents_read_only_for_comptable(client_as):
    person = make_person()
    client = client_as("comptable")
    html = client.get(reverse("parties:consents", args=[person.pk])).content.decode()
    assert 'id="consent-form"' not in html
    response = client.post(reverse("parties:do-not-call", args=[person.pk]), {"on_list": "1"})
    assert response.status_code == 403
