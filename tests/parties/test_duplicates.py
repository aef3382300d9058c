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
