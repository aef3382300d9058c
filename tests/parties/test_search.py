"""Search as you type: names, identifiers, e-mails, phones and cities, accents ignored."""

import pytest
from django.core.management.color import no_style
from django.db import connection
from django.urls import reverse

from comptoir.parties.models import Address, Email, Organisation, Party, Person, Phone
from comptoir.parties.queries import search_parties


@pytest.fixture
def base(db):
    societe = Organisation.objects.create(
        kind="organisation",
        name="Société Générale d'Équipement",
        legal_name="Société Générale d'Équipement SA",
        siren="552120222",
        siret="55212022200013",
        is_client=True,
    )
    Address.objects.create(
        party=societe, line1="1 rue Haute", postal_code="42000", city="Saint-Étienne"
    )
    vercors = Organisation.objects.create(
        kind="organisation",
        name="Les Fromages du Vercors",
        legal_name="SARL Dauphinoise de Fromages",
        trade_name="Les Fromages du Vercors",
        siren="732829320",
    )
    Email.objects.create(party=vercors, address="contact@fromages-vercors.fr")
    Phone.objects.create(party=vercors, number="+33478950213")
    claire = Person.objects.create(
        kind="person", name="Martin Claire", first_name="Claire", last_name="Martin"
    )
    Email.objects.create(party=claire, address="claire.martin@exemple.fr")
    Phone.objects.create(party=claire, number="+687251234")
    Address.objects.create(party=claire, line1="3 rue Jules Ferry", city="Nouméa", country="NC")
    Organisation.objects.create(kind="organisation", name="Bœuf & Cœur", legal_name="Bœuf & Cœur")
    return {"societe": societe, "vercors": vercors, "claire": claire}


def names(user, query, **kwargs):
    return [party.name for party in search_parties(user=user, query=query, **kwargs)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("societe", "Société Générale d'Équipement"),  # accents
        ("SOCIÉTÉ générale", "Société Générale d'Équipement"),  # case, several words
        ("equip", "Société Générale d'Équipement"),  # prefix of a later word
        ("vercor", "Les Fromages du Vercors"),  # as you type
        ("dauphinoise", "Les Fromages du Vercors"),  # legal name
        ("contact@fromages-vercors.fr", "Les Fromages du Vercors"),  # the e-mail
        ("fromages-vercors", "Les Fromages du Vercors"),  # part of the e-mail
        ("claire.martin@", "Martin Claire"),  # an e-mail being typed
        ("04 78 95", "Les Fromages du Vercors"),  # phone, national, being typed
        ("04.78.95.02.13", "Les Fromages du Vercors"),
        ("+33 4 78 95 02 13", "Les Fromages du Vercors"),
        ("0033478950213", "Les Fromages du Vercors"),
        ("25 12 34", "Martin Claire"),  # New Caledonia has no trunk 0
        ("+687 25", "Martin Claire"),
        ("732 829 320", "Les Fromages du Vercors"),  # SIREN with spaces
        ("5521202220", "Société Générale d'Équipement"),  # SIRET being typed
        ("saint etienne", "Société Générale d'Équipement"),  # city without accent or hyphen
        ("nouméa", "Martin Claire"),
        ("noumea", "Martin Claire"),
        ("42000", "Société Générale d'Équipement"),  # postal code
        ("claire mart", "Martin Claire"),  # words in any order
        ("coeur", "Bœuf & Cœur"),  # a ligature, typed as two letters
        ("Cœur", "Bœuf & Cœur"),
        ("BOEUF COE", "Bœuf & Cœur"),
        ("vercors 0478", "Les Fromages du Vercors"),  # words and a phone's digits
        ("fromages 3347895", "Les Fromages du Vercors"),
        ("generale 552120", "Société Générale d'Équipement"),  # words and a SIREN
        ("claire 2512", "Martin Claire"),
        ("equipement 42000", "Société Générale d'Équipement"),  # words and a postal code
    ],
)
def test_finds(base, users, query, expected):
    assert names(users["teleconseiller"], query) == [expected]


@pytest.mark.parametrize(
    "query",
    [
        *("zzz", "vercors nouméa", "", "  ", "-", '"', "*", "a OR b"),
        *("vercors 0699", "generale 732829", "4789", "04 79", "+33 5"),
    ],
)
def test_finds_nothing(base, users, query):
    assert names(users["teleconseiller"], query) == []


@pytest.mark.parametrize(
    "query",
    [
        '"vercors',
        "vercors*",
        "(vercors",
        "vercors)",
        ":vercors",
        "^vercors",
        "vercors'--",
        "+vercors",
    ],
)
def test_search_syntax_typed_by_people_is_plain_text(base, users, query):
    assert names(users["teleconseiller"], query) == ["Les Fromages du Vercors"]


def test_an_exact_identifier_comes_first(base, users):
    # A name that contains the SIREN would outrank it on text relevance alone.
    Organisation.objects.create(
        kind="organisation", name="552120222 Conseil", legal_name="552120222 Conseil"
    )
    assert names(users["teleconseiller"], "552120222") == [
        "Société Générale d'Équipement",
        "552120222 Conseil",
    ]
    assert names(users["teleconseiller"], "552 120 222")[0] == "Société Générale d'Équipement"


def test_an_exact_phone_and_email_come_first(base, users):
    other = Organisation.objects.create(
        kind="organisation", name="Contact Fromages Vercors Vercors", legal_name="X"
    )
    Email.objects.create(party=other, address="contact@fromages-vercors.fr.example")
    assert names(users["teleconseiller"], "contact@fromages-vercors.fr")[0] == (
        "Les Fromages du Vercors"
    )


def test_names_weigh_more_than_cities(base, users):
    lyon = Organisation.objects.create(
        kind="organisation", name="Lyonnaise des Eaux", legal_name="L"
    )
    Address.objects.create(party=base["vercors"], line1="1 quai", city="Lyon")
    assert names(users["teleconseiller"], "lyon") == [lyon.name, "Les Fromages du Vercors"]


def test_limit(base, users):
    for number in range(5):
        Organisation.objects.create(kind="organisation", name=f"Vercors {number}", legal_name="V")
    assert len(names(users["teleconseiller"], "vercors", limit=3)) == 3


def test_without_the_view_permission_nothing(base, users):
    assert names(users["prestataire"], "vercors") == []
    assert names(users["outsider"], "vercors") == []
    assert names(None, "vercors") == []


def test_the_index_follows_every_change(base, users):
    user = users["teleconseiller"]
    vercors = base["vercors"]
    # Renamed: the new name is found, the old one no more.
    vercors.name = vercors.trade_name = "Fromagerie Bellecombe"
    vercors.save()
    assert names(user, "bellecombe") == ["Fromagerie Bellecombe"]
    assert names(user, "vercors") == ["Fromagerie Bellecombe"]  # still in its e-mail
    Email.objects.filter(party=vercors).delete()
    assert names(user, "vercors") == []
    # A phone moved to another party (a merge) leaves the first and reaches the second.
    Phone.objects.filter(party=vercors).update(party=base["claire"])
    assert names(user, "0478950213") == ["Martin Claire"]
    # Trade name, identifiers and addresses are indexed when they change too.
    Organisation.objects.filter(pk=vercors.pk).update(trade_name="Chez Paulette", siren="")
    assert names(user, "paulette") == ["Fromagerie Bellecombe"]
    assert names(user, "732829320") == []
    Address.objects.create(party=vercors, line1="2 place", city="Villard-de-Lans")
    assert names(user, "villard de lans") == ["Fromagerie Bellecombe"]
    # Deleted: gone from the index.
    base["claire"].delete()
    assert names(user, "martin") == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM parties_search")
        assert cursor.fetchone()[0] == Party.objects.count()


def test_the_search_index_triggers_exist(db):
    """A later migration that rebuilds one of these tables on SQLite drops its triggers;
    this says so, rather than a search that silently stops following changes."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE 'parties_search_%%'"
            )
        else:
            cursor.execute(
                "SELECT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name = 'parties_search_sync'"
            )
        tables = {row[0] for row in cursor.fetchall()}
    # PostgreSQL's documents hold no phone: phones are found through their own index.
    phones = {"parties_phone"} if connection.vendor == "sqlite" else set()
    assert tables == {
        "parties_party",
        "parties_organisation",
        "parties_person",
        "parties_email",
        "parties_address",
        *phones,
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram similarity")
def test_postgresql_forgives_a_typo_in_a_name(base, users):
    assert names(users["teleconseiller"], "fromages du vercord") == ["Les Fromages du Vercors"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram similarity")
def test_the_typo_index_follows_the_folded_name(base, users):
    """The trigram index reads the folded name kept in the search table: a folded name
    written alone (as a migration refolding names does) reaches it too."""
    Party.objects.filter(pk=base["vercors"].pk).update(name_folded="les fromages du royans")
    assert names(users["teleconseiller"], "fromages du royant") == ["Les Fromages du Vercors"]


# --- The global search of the top bar ------------------------------------------------------


def test_the_top_bar_shows_parties_with_their_city_and_number(base, client_as):
    response = client_as("accueil").get(
        reverse("web:search"), {"q": "vercors"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Les Fromages du Vercors" in html
    response = client_as("accueil").get(reverse("web:search"), {"q": "nouméa"})
    html = response.content.decode()
    assert "Martin Claire" in html
    assert "Nouméa" in html
    assert "+687 25.12.34" in html  # the number as people read it


def test_the_top_bar_links_to_the_party_page(base, client_as):
    from comptoir.parties.search import party_url

    response = client_as("direction").get(reverse("web:search"), {"q": "societe"})
    assert f'href="{party_url(base["societe"].pk)}"' in response.content.decode()


def test_the_top_bar_shows_no_party_to_an_outsourced_operator(base, client_as):
    response = client_as("prestataire").get(reverse("web:search"), {"q": "vercors"})
    assert response.status_code == 200
    assert "Vercors" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_emptying_the_tables_empties_the_index():
    Organisation.objects.create(kind="organisation", name="Vercors", legal_name="Vercors")
    # What Django's flush runs between transactional tests (TRUNCATE on PostgreSQL).
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(
            no_style(), ["parties_organisation", "parties_party"], allow_cascade=True
        )
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM parties_search")
        assert cursor.fetchone()[0] == 0
