"""The duplicate scan finds what a person would call the same party, and nothing else."""

import json

import pytest
from django.core.management import call_command

from comptoir.parties.duplicates import comparable_name, scan
from comptoir.parties.models import Address, Email, Organisation, Person, Phone


def organisation(name, *, siren="", city="Lyon"):
    party = Organisation.objects.create(
        kind="organisation", name=name, legal_name=name, siren=siren
    )
    Address.objects.create(party=party, line1="1 rue de la Paix", city=city, is_default=True)
    return party


def person(last, first, *, city="Lyon"):
    party = Person.objects.create(
        kind="person", name=f"{last.upper()} {first}", last_name=last, first_name=first
    )
    Address.objects.create(party=party, line1="2 place Bellecour", city=city, kind="home")
    return party


def groups_as_sets():
    return [set(group.party_ids) for group in scan()]


def test_legal_forms_and_accents_do_not_count():
    assert comparable_name("BOULANGERIE MARTIN SARL") == comparable_name("Boulangerie Martin")
    assert comparable_name("Société Générale") == "generale"


@pytest.mark.django_db
def test_same_siren_is_a_certain_duplicate():
    a = organisation("Vercors Équipements", siren="842156374")
    b = organisation("VERCORS EQUIPEMENTS SAS", siren="842156374", city="Grenoble")
    organisation("Autre société", siren="732829320")

    [group] = scan()
    assert set(group.party_ids) == {a.pk, b.pk}
    assert group.score == 100
    assert "siren" in {e.reason for e in group.evidence}


@pytest.mark.django_db
def test_same_email_or_phone_across_parties():
    a, b, c = person("Durand", "Jeanne"), person("Martin", "Paul"), person("Petit", "Léa")
    Email.objects.create(party=a, address="contact@exemple.fr")
    Email.objects.create(party=b, address="contact@exemple.fr")
    Phone.objects.create(party=b, number="+33478950213")
    Phone.objects.create(party=c, number="+33478950213")

    assert groups_as_sets() == [{a.pk, b.pk, c.pk}]  # joined through b


@pytest.mark.django_db
def test_close_names_in_the_same_city():
    a = organisation("Boulangerie Martin")
    b = organisation("BOULANGERIE MARTIN SARL")
    organisation("Boulangerie Martin", city="Marseille")  # same name, another city
    organisation("Boucherie Moderne")

    [group] = scan()
    assert set(group.party_ids) == {a.pk, b.pk}
    assert {e.reason for e in group.evidence} == {"name"}
    assert 90 <= group.score <= 100


@pytest.mark.django_db
def test_a_person_and_an_organisation_are_never_name_duplicates():
    organisation("Martin Paul")
    person("Martin", "Paul")
    assert scan() == []


@pytest.mark.django_db
def test_command_prints_groups_and_json():
    a = organisation("Garage Dupont", siren="552100554")
    b = organisation("Garage Dupont", siren="552100554")

    from io import StringIO

    out = StringIO()
    call_command("duplicates", "scan", stdout=out)
    assert "Garage Dupont" in out.getvalue() and "1 groupe" in out.getvalue()

    out = StringIO()
    call_command("duplicates", "scan", "--json", stdout=out)
    [group] = json.loads(out.getvalue())
    assert group["party_ids"] == sorted([a.pk, b.pk]) and "siren" in group["reasons"]


# --- At scale: progress, stored scans ---------------------------------------------------------

from datetime import datetime, timedelta  # noqa: E402

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from comptoir.core.models import TaskProgress  # noqa: E402
from comptoir.parties.jobs import duplicates_scan_enqueue  # noqa: E402
from comptoir.parties.models import DuplicateScan, Party  # noqa: E402
from comptoir.parties.queries import latest_duplicate_scan  # noqa: E402
from comptoir.parties.services import KEEP_SCANS, duplicates_scan_store  # noqa: E402


@pytest.mark.django_db
def test_scan_reports_its_progress_to_the_end():
    for n in range(3):
        organisation(f"Garage {n}", city=["Lyon", "Paris", "Nantes"][n])
    calls = []
    scan(progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 3) and calls[-1] == (3, 3)
    assert [done for done, _total in calls] == sorted(done for done, _total in calls)


@pytest.mark.django_db
def test_words_in_another_order_in_one_city_are_found():
    a = organisation("Boulangerie Martin")
    b = organisation("Martin Boulangerie")
    assert groups_as_sets() == [{a.pk, b.pk}]


@pytest.mark.django_db
def test_a_stored_scan_keeps_the_groups_and_only_the_latest_five():
    a = organisation("Garage Dupont", siren="552100554")
    b = organisation("GARAGE DUPONT SARL", siren="552100554")
    organisation("Autre société")
    for _ in range(KEEP_SCANS + 2):
        stored = duplicates_scan_store()
    assert DuplicateScan.objects.count() == KEEP_SCANS
    stored.refresh_from_db()
    assert stored.party_count == 3 and stored.group_count == 1 and stored.finished_at
    assert stored.groups == [
        {"party_ids": [a.pk, b.pk], "score": 100, "reasons": ["name", "siren"]}
    ]
    assert latest_duplicate_scan().pk == stored.pk


@pytest.mark.django_db
def test_command_stores_what_it_prints():
    organisation("Garage Dupont", siren="552100554")
    organisation("Garage Dupont", siren="552100554")
    from io import StringIO

    call_command("duplicates", "scan", stdout=StringIO())
    assert DuplicateScan.objects.get().group_count == 1


# --- The nightly job ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_job_scans_once_a_night():
    paris = timezone.get_default_timezone()
    afternoon = datetime(2026, 11, 23, 15, 0, tzinfo=paris)
    night = datetime(2026, 11, 24, 1, 10, tzinfo=paris)
    organisation("Garage Dupont", siren="552100554")
    organisation("Garage Dupont", siren="552100554")

    assert "night" in duplicates_scan_enqueue(now=afternoon)
    assert not DuplicateScan.objects.exists()

    # The immediate backend of the tests runs the task at once.
    assert "enqueued" in duplicates_scan_enqueue(now=night)
    DuplicateScan.objects.update(started_at=night)
    assert DuplicateScan.objects.get().group_count == 1
    assert "already" in duplicates_scan_enqueue(now=night + timedelta(hours=1))
    assert DuplicateScan.objects.count() == 1


# --- The review screen ----------------------------------------------------------------------


def test_review_screen_without_a_scan_offers_to_run_one(client_as):
    organisation("Garage Dupont", siren="552100554")
    organisation("GARAGE DUPONT SARL", siren="552100554")
    page = client_as("administrateur").get(reverse("parties:duplicates")).content.decode()
    assert "pas encore été analysée" in page and "Lancer l'analyse" in page
    assert "GARAGE DUPONT SARL" not in page  # no scan on a page view


def test_the_button_runs_the_scan_and_shows_its_progress(client_as):
    organisation("Garage Dupont", siren="552100554")
    organisation("GARAGE DUPONT SARL", siren="552100554")
    client = client_as("administrateur")

    response = client.post(reverse("parties:duplicates-scan"))

    progress = TaskProgress.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("core:task-progress", args=[progress.result_id])
    page = client.get(response.url).content.decode()
    assert "Analyse des doublons" in page
    assert "1 groupe de doublons probables trouvé." in page
    assert DuplicateScan.objects.get().group_count == 1
    review = client.get(reverse("parties:duplicates")).content.decode()
    assert "GARAGE DUPONT SARL" in review and "Relancer l'analyse" in review
    assert "1 groupe trouvé" in review


def test_only_who_may_merge_runs_the_scan(client_as):
    assert client_as("charge_clientele").post(reverse("parties:duplicates-scan")).status_code == 403
    assert not TaskProgress.objects.exists()


def _name_groups(count: int) -> list[tuple[Party, Party]]:
    pairs = []
    for n in range(count):
        city = f"Ville {n:03d}"
        pairs.append(
            (organisation(f"Garage {n:03d}", city=city), organisation(f"GARAGE {n:03d}", city=city))
        )
    return pairs


def test_review_screen_pages_twenty_groups_in_constant_queries(client_as):
    pairs = _name_groups(45)
    duplicates_scan_store()
    client = client_as("administrateur")
    url = reverse("parties:duplicates")
    client.get(url)  # session, permissions cached

    with CaptureQueriesContext(connection) as first:
        page = client.get(url).content.decode()
    assert page.count("data-group") == 20
    assert "Page 1 sur 3" in page
    with CaptureQueriesContext(connection) as last:
        page = client.get(f"{url}?page=3").content.decode()
    assert page.count("data-group") == 5
    assert len(first) == len(last) <= 8
    # The groups are read from the stored list: the latest ones (by score, then ids) last.
    assert f"Garage {44:03d}" in page and pairs[44][1].name in page


def test_records_deleted_since_the_scan_are_left_out(client_as):
    a, b, c = (
        organisation("Garage Dupont"),
        organisation("Garage Dupont"),
        organisation("Garage Dupont"),
    )
    organisation("Menuiserie Roux")
    e = organisation("MENUISERIE ROUX SARL")
    duplicates_scan_store()
    Party.objects.filter(pk__in=[c.pk, e.pk]).delete()

    page = client_as("administrateur").get(reverse("parties:duplicates")).content.decode()

    assert page.count("data-group") == 1  # Roux has one record left: no longer a group
    assert f'id="keep-{a.pk}"' in page and f'id="keep-{b.pk}"' in page
    assert f'id="keep-{c.pk}"' not in page and "Menuiserie Roux" not in page


def test_a_merge_takes_the_group_out_of_the_stored_scan(client_as):
    a = organisation("Garage Dupont", siren="552100554")
    b = organisation("GARAGE DUPONT SARL", siren="552100554")
    c, d = organisation("Menuiserie Roux"), organisation("MENUISERIE ROUX SARL")
    duplicates_scan_store()
    client = client_as("administrateur")

    response = client.post(
        reverse("parties:duplicates-merge"), {"ids": [a.pk, b.pk], "keep": a.pk, "page": "1"}
    )

    assert response.url == reverse("parties:duplicates") + "?page=1"
    stored = DuplicateScan.objects.get()
    assert stored.group_count == 1 and [g["party_ids"] for g in stored.groups] == [[c.pk, d.pk]]
    page = client.get(response.url).content.decode()
    assert "Fusionné dans Garage Dupont" in page
    assert page.count("data-group") == 1 and "MENUISERIE ROUX SARL" in page
