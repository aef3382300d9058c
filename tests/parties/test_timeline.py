"""The 360° timeline: record_interaction, the timeline query and its fragment."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from comptoir.parties import queries, services
from comptoir.parties.exceptions import PartyError
from comptoir.parties.models import Affiliation, Interaction, Organisation, Party, Person

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def make_org(name="Boulangerie Martin") -> Organisation:
    return Organisation.objects.create(legal_name=name, name=name, kind="organisation")


def make_person(last_name="Durand", organisation=None) -> Person:
    person = Person.objects.create(last_name=last_name, name=last_name.upper(), kind="person")
    if organisation:
        Affiliation.objects.create(person=person, organisation=organisation)
    return person


def test_record_interaction_moves_last_interaction_forward_only():
    party = make_org()
    now = timezone.now()
    services.record_interaction(party=party, kind="call", subject="Call", occurred_at=now)
    services.record_interaction(party=party, kind="note", subject="Old", occurred_at=now - HOUR)

    party.refresh_from_db()
    assert party.last_interaction_at == now
    assert party.interactions.count() == 2


def test_record_interaction_defaults_to_now_and_keeps_source():
    party = make_org()
    before = timezone.now()
    entry = services.record_interaction(
        party=party,
        kind="invoice",
        subject="Invoice FA-1",
        source_app="billing.invoice",
        source_id=7,
    )
    assert entry.occurred_at >= before
    assert (entry.source_app, entry.source_id, entry.user) == ("billing.invoice", "7", None)
    party.refresh_from_db()
    assert party.last_interaction_at == entry.occurred_at


def test_record_interaction_refuses_unknown_kind_and_unallowed_user(users):
    party = make_org()
    with pytest.raises(PartyError):
        services.record_interaction(party=party, kind="telepathy", subject="?")
    with pytest.raises(PermissionDenied):
        services.record_interaction(party=party, kind="note", subject="x", by=users["outsider"])
    assert not Interaction.objects.exists()


def test_quick_add_needs_add_interaction(users):
    party = make_org()
    with pytest.raises(PermissionDenied):
        services.interaction_add_quick(
            by=users["comptable"], party=party, kind="note", subject="x", body=""
        )
    entry = services.interaction_add_quick(
        by=users["charge_clientele"], party=party, kind="meeting", subject="Visit", body="Met"
    )
    assert entry.user == users["charge_clientele"]


def test_quick_add_only_notes_calls_and_meetings(users):
    with pytest.raises(PartyError):
        services.interaction_add_quick(
            by=users["charge_clientele"], party=make_org(), kind="invoice", subject="x"
        )


def _entries(party, count, start=None):
    start = start or timezone.now() - datetime.timedelta(days=count)
    return [
        services.record_interaction(
            party=party,
            kind="call" if i % 2 else "note",
            subject=f"#{i}",
            occurred_at=start + i * HOUR,
        )
        for i in range(count)
    ]


def test_timeline_newest_first_and_filtered_by_kind(users):
    party = make_org()
    _entries(party, 4)
    user = users["comptable"]

    found = queries.timeline(user=user, party=party)
    assert [e.subject for e in found] == ["#3", "#2", "#1", "#0"]
    calls = queries.timeline(user=user, party=party, kinds=["call"])
    assert [e.subject for e in calls] == ["#3", "#1"]


def test_timeline_older_pages_by_keyset(users):
    party = make_org()
    same_time = timezone.now() - HOUR
    # Several at the same instant: the id breaks the tie, none is lost or repeated.
    for i in range(5):
        services.record_interaction(
            party=party, kind="note", subject=f"#{i}", occurred_at=same_time
        )
    user = users["adv"]

    first = queries.timeline(user=user, party=party, limit=2)
    cursor = queries.timeline_cursor_parse(queries.timeline_cursor(first[-1]))
    second = queries.timeline(user=user, party=party, limit=2, before=cursor)
    third = queries.timeline(
        user=user, party=party, limit=2, before=(second[-1].occurred_at, second[-1].pk)
    )
    subjects = [e.subject for e in first + second + third]
    assert subjects == ["#4", "#3", "#2", "#1", "#0"]


def test_timeline_needs_view_party(users):
    with pytest.raises(PermissionDenied):
        queries.timeline(user=users["outsider"], party=make_org())


def test_organisation_timeline_includes_its_people(users):
    org = make_org()
    person = make_person("Durand", organisation=org)
    stranger = make_person("Autre")
    now = timezone.now()
    services.record_interaction(party=org, kind="meeting", subject="Org", occurred_at=now - HOUR)
    services.record_interaction(party=person, kind="call", subject="Person", occurred_at=now)
    services.record_interaction(party=stranger, kind="call", subject="Stranger", occurred_at=now)

    found = queries.timeline(user=users["direction"], party=org)
    assert [(e.subject, e.via and e.via.name) for e in found] == [
        ("Person", "DURAND"),
        ("Org", None),
    ]
    # The person's own timeline does not show the organisation's.
    assert [e.subject for e in queries.timeline(user=users["direction"], party=person)] == [
        "Person"
    ]


def test_cursor_parse_ignores_tampering():
    assert queries.timeline_cursor_parse("abc") is None
    assert queries.timeline_cursor_parse("") is None
    assert queries.timeline_cursor_parse("1.2.3") is None


# --- The fragment -------------------------------------------------------------------------


def test_fragment_shows_entries_chips_and_quick_add(client_as):
    party = make_org()
    services.record_interaction(
        party=party, kind="call", subject="Asked for a quote", body="Wants 40 units"
    )
    response = client_as("charge_clientele").get(reverse("parties:timeline", args=[party.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Asked for a quote" in html and "Wants 40 units" in html
    assert 'data-kind="complaint"' in html  # a filter chip per kind
    assert 'id="interaction-add-form"' in html


def test_fragment_empty_state_and_no_form_for_read_only(client_as):
    party = make_org()
    response = client_as("comptable").get(reverse("parties:timeline", args=[party.pk]))
    html = response.content.decode()
    assert 'id="timeline-empty"' in html
    assert 'id="interaction-add-form"' not in html


def test_fragment_refused_to_outsider(client_as):
    party = make_org()
    response = client_as("outsider").get(reverse("parties:timeline", args=[party.pk]))
    assert response.status_code == 403


def test_fragment_kind_filter_and_older_link(client_as, monkeypatch):
    from comptoir.parties.views import timeline as views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    party = make_org()
    _entries(party, 5)  # notes #0 #2 #4, calls #1 #3
    client = client_as("adv")
    url = reverse("parties:timeline", args=[party.pk])

    notes = client.get(url, {"kind": "note"}).content.decode()
    assert "#4" in notes and "#2" in notes and "#3" not in notes and "#0" not in notes
    older = notes.split('id="timeline-older"')[1].split('href="')[1].split('"')[0]
    older = older.replace("&amp;", "&")

    response = client.get(older, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "#0" in html and "#4" not in html and "#3" not in html
    assert 'id="timeline"' not in html  # only the entries, appended by htmx


def test_quick_add_by_htmx_refreshes_the_timeline(client_as):
    party = make_org()
    client = client_as("accueil")
    response = client.post(
        reverse("parties:interaction-add", args=[party.pk]),
        {"kind": "call", "subject": "Called back", "body": "About the delivery", "occurred_at": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Called back" in response.content.decode()
    entry = party.interactions.get()
    assert (entry.kind, entry.body) == ("call", "About the delivery")


def test_quick_add_keeps_what_was_typed_on_error(client_as):
    party = make_org()
    response = client_as("accueil").post(
        reverse("parties:interaction-add", args=[party.pk]),
        {"kind": "note", "subject": "", "body": "My long note"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "My long note" in html and "is-invalid" in html
    assert not party.interactions.exists()


def test_quick_add_refused_to_comptable(client_as):
    party = make_org()
    response = client_as("comptable").post(
        reverse("parties:interaction-add", args=[party.pk]),
        {"kind": "note", "subject": "x"},
    )
    assert response.status_code == 403
    assert not Party.objects.get(pk=party.pk).interactions.exists()


def test_quick_add_without_javascript_goes_back_to_the_party(client_as):
    party = make_org()
    response = client_as("accueil").post(
        reverse("parties:interaction-add", args=[party.pk]), {"kind": "note", "subject": "Hello"}
    )
    assert response.status_code == 302
    assert response.url == reverse("parties:party", args=[party.pk])


def test_included_blocks_load_themselves():
    from django.template.loader import render_to_string

    party = make_org()
    timeline_html = render_to_string("parties/partials/_timeline.html", {"party": party})
    consents_html = render_to_string("parties/partials/_consents.html", {"party": party})
    assert f'hx-get="{reverse("parties:timeline", args=[party.pk])}"' in timeline_html
    assert f'hx-get="{reverse("parties:consents", args=[party.pk])}"' in consents_html
