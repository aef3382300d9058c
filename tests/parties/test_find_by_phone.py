"""The screen-pop: an incoming call's number, however written, finds its party at once."""

import pytest
from django.core.exceptions import ValidationError

from comptoir.core.exceptions import NotAllowed
from comptoir.parties.models import Affiliation, Organisation, Person, Phone
from comptoir.parties.queries import find_by_phone, find_by_phone_for


@pytest.fixture
def callers(db):
    vercors = Organisation.objects.create(
        kind="organisation", name="Fromagerie du Vercors", legal_name="Fromagerie du Vercors SAS"
    )
    Phone.objects.create(party=vercors, number="+33478950213", label="switchboard")
    claire = Person.objects.create(
        kind="person", name="Martin Claire", first_name="Claire", last_name="Martin"
    )
    Affiliation.objects.create(person=claire, organisation=vercors)
    # The switchboard is also her direct line, and her mobile.
    Phone.objects.create(party=claire, number="+33478950213")
    Phone.objects.create(party=claire, number="+33612345678", label="mobile")
    other = Organisation.objects.create(kind="organisation", name="Autre", legal_name="Autre")
    Phone.objects.create(party=other, number="+33478950214")
    return {"vercors": vercors, "claire": claire}


@pytest.mark.parametrize(
    "typed",
    [
        "+33478950213",
        "+33 4 78 95 02 13",
        "0033 4 78 95 02 13",
        "0033478950213",
        "+33 (0)4 78 95 02 13",
        "04 78 95 02 13",
        "04.78.95.02.13",
        "04-78-95-02-13",
        "0478950213",
        # National number without its 0, as some trunks send the caller id.
        "4 78 95 02 13",
    ],
)
def test_every_way_of_writing_the_number_finds_both_parties(callers, typed):
    found = find_by_phone(typed, region="FR")
    assert {party.name for party in found} == {"Fromagerie du Vercors", "Martin Claire"}


def test_the_company_country_is_the_default_region(callers, company):
    assert [p.name for p in find_by_phone("06 12 34 56 78")] == ["Martin Claire"]
    company.country = "NC"
    company.save()
    # In New Caledonia, 06 12 34 56 78 is not a number: no French party by mistake.
    assert find_by_phone("06 12 34 56 78") == []


def test_a_party_with_the_number_twice_appears_once(callers):
    found = find_by_phone("+33478950213")
    assert sorted(party.name for party in found) == ["Fromagerie du Vercors", "Martin Claire"]


@pytest.mark.parametrize("typed", ["+33478950299", "", "abc", "12", "+999 12"])
def test_unknown_or_unreadable_numbers_find_nobody(callers, typed):
    assert find_by_phone(typed, region="FR") == []


def test_the_screen_pop_is_one_indexed_query(callers, django_assert_num_queries):
    with django_assert_num_queries(1) as captured:
        found = find_by_phone("0033 4 78 95 02 13")
        # Names, kinds and flags come without another query.
        assert [(p.kind, p.name) for p in found] == [
            ("organisation", "Fromagerie du Vercors"),
            ("person", "Martin Claire"),
        ]
        assert [p.owner for p in found] == [None, None]
    assert "parties_phone" in captured.captured_queries[0]["sql"]
    with django_assert_num_queries(1):
        assert find_by_phone("+33 4 99 99 99 99", region="FR") == []


def test_the_lookup_uses_the_index_on_the_number(callers):
    from django.db import connection

    from comptoir.parties.models import Party

    queryset = Party.objects.filter(phones__number="+33478950213")
    plan = queryset.explain().lower()
    if connection.vendor == "sqlite":
        assert "using index" in plan and "parties_phone" in plan
    # On PostgreSQL a tiny table is scanned whatever the indexes; the index exists:
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, Phone._meta.db_table)
    assert any(index["index"] and index["columns"] == ["number"] for index in indexes.values())


def test_people_need_the_view_permission(callers, users):
    found = find_by_phone_for(user=users["teleconseiller"], number="04 78 95 02 13")
    assert len(found) == 2
    with pytest.raises(NotAllowed):
        find_by_phone_for(user=users["prestataire"], number="04 78 95 02 13")
    with pytest.raises(ValidationError):
        find_by_phone_for(user=users["teleconseiller"], number="not a number")
