"""The organisations and people lists: filters, keyset pages, exports, bulk actions, saved
filters."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from comptoir.core.exceptions import NotAllowed
from comptoir.parties import queries, services
from comptoir.parties.models import Party, Phone, SavedFilter, Tag

from .factories import (
    AddressFactory,
    AffiliationFactory,
    OrganisationFactory,
    PersonFactory,
    organisation_with_channels,
)


def names(user, **filters):
    return [p.name for p in queries.party_list(user=user, filters=filters)]


@pytest.fixture
def base(users):
    """A small client base: a client in Lyon owned by the account manager, a prospect in
    Saint-Étienne, a supplier with a tag, and a person."""
    lyon = OrganisationFactory(
        legal_name="Alpha Lyon",
        is_client=True,
        owner=users["charge_clientele"],
        sector="Boulangerie",
        is_key_account=True,
    )
    AddressFactory(party=lyon, city="Lyon")
    AddressFactory(party=lyon, city="Lyon", is_default=False)  # two addresses, one row
    stetienne = OrganisationFactory(legal_name="Bêta Forez", is_prospect=True)
    AddressFactory(party=stetienne, city="Saint-Étienne")
    supplier = OrganisationFactory(legal_name="Gamma Fournitures", is_supplier=True)
    supplier.tags.add(Tag.objects.create(name="VIP"))
    person = PersonFactory(last_name="Durand", first_name="Léa", is_client=True)
    old = timezone.now() - datetime.timedelta(days=400)
    Party.objects.filter(pk=stetienne.pk).update(last_interaction_at=old, created_at=old)
    Party.objects.filter(pk=lyon.pk).update(last_interaction_at=timezone.now())
    return {"lyon": lyon, "stetienne": stetienne, "supplier": supplier, "person": person}


def test_each_filter(users, base):
    user = users["charge_clientele"]
    assert names(user, kind="organisation") == ["Alpha Lyon", "Bêta Forez", "Gamma Fournitures"]
    assert names(user, kind="person") == ["DURAND Léa"]
    assert names(user, role="client") == ["Alpha Lyon", "DURAND Léa"]
    assert names(user, role="prospect") == ["Bêta Forez"]
    assert names(user, owner="me") == ["Alpha Lyon"]
    assert names(users["adv"], owner="me") == []
    assert names(user, owner=str(user.pk)) == ["Alpha Lyon"]
    assert names(user, tag="vip") == ["Gamma Fournitures"]
    assert names(user, city="lyon") == ["Alpha Lyon"]
    assert names(user, city="saint etienne") == ["Bêta Forez"]
    assert names(user, city="SAINT-ÉT") == ["Bêta Forez"]
    assert names(user, sector="boulang") == ["Alpha Lyon"]
    assert names(user, key_account="1") == ["Alpha Lyon"]
    assert len(names(user, key_account="0")) == 3
    a_year_ago = (timezone.localdate() - datetime.timedelta(days=365)).isoformat()
    assert names(user, last_interaction_before=a_year_ago) == ["Bêta Forez"]
    assert names(user, last_interaction_after=a_year_ago) == ["Alpha Lyon"]
    assert names(user, created_before=a_year_ago) == ["Bêta Forez"]
    assert "Bêta Forez" not in names(user, created_after=a_year_ago)
    assert names(user, q="beta") == ["Bêta Forez"]
    assert names(user, q="fourn") == ["Gamma Fournitures"]
    Phone.objects.create(party=base["supplier"], number="+33478950213")
    # A phone number typed with spaces is one number, as in the top bar's search.
    assert names(user, q="04 78 95") == ["Gamma Fournitures"]
    assert names(user, q="+33 4 78 95 02 13") == ["Gamma Fournitures"]
    assert names(user, q="gamma 0478") == ["Gamma Fournitures"]
    assert names(user, q="04 79") == []
    assert names(user, role="nonsense", created_after="2026-02-31") == names(user)


def test_sorts(users, base):
    user = users["adv"]
    assert names(user, kind="organisation", sort="-last_interaction_at") == [
        "Alpha Lyon",
        "Bêta Forez",
        "Gamma Fournitures",
    ]
    assert names(user, kind="organisation", sort="-created_at")[-1] == "Bêta Forez"


def test_list_is_refused_without_view_permission(users):
    with pytest.raises(NotAllowed):
        queries.party_list(user=users["prestataire"], filters={})


@pytest.mark.parametrize("sort", ["name", "-last_interaction_at", "-created_at"])
def test_keyset_pages_cover_every_row_once(users, sort):
    for n in range(7):
        organisation = OrganisationFactory(legal_name=f"Org {n % 3}")  # ties on the name
        if n % 2:
            Party.objects.filter(pk=organisation.pk).update(
                last_interaction_at=timezone.now() - datetime.timedelta(days=n % 3)
            )
    found = queries.party_list(user=users["adv"], filters={"sort": sort})
    seen, after, pages = [], "", 0
    while True:
        page = queries.party_page(found, sort=sort, after=after, size=3)
        seen += [p.pk for p in page.rows]
        pages += 1
        if not page.next_cursor:
            break
        after = page.next_cursor
    assert pages == 3 and len(page.rows) == 1  # 3 + 3 + 1: the last page is short
    assert seen == [p.pk for p in found]  # same order, no duplicate, none missing


def test_list_page_next_and_first_links(client_as):
    for n in range(55):
        OrganisationFactory(legal_name=f"Org {n:02d}")
    client = client_as("adv")
    first = client.get(reverse("parties:organisations")).content.decode()
    assert "Org 49" in first and "Org 50" not in first and 'data-page="next"' in first
    next_url = first.split('data-page="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    second = client.get(next_url.replace("&amp;", "&")).content.decode()
    assert "Org 50" in second and "Org 54" in second and "Org 49" not in second
    assert 'data-page="next"' not in second and 'data-page="first"' in second


def test_htmx_refresh_returns_only_the_rows(client_as, base):
    response = client_as("adv").get(
        reverse("parties:organisations"), {"role": "prospect"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="party-rows">')
    assert "Bêta Forez" in page and "Alpha Lyon" not in page


def test_empty_state_says_what_to_do(client_as, db):
    page = client_as("adv").get(reverse("parties:people")).content.decode()
    assert "Aucune personne pour l'instant" in page


@pytest.mark.parametrize("url_name", ["parties:organisations", "parties:people"])
def test_list_page_query_count_does_not_grow(
    client_as, users, url_name, django_assert_max_num_queries
):
    client = client_as("charge_clientele")

    def make(count):
        for _ in range(count):
            organisation = organisation_with_channels(owner=users["adv"])
            organisation.tags.add(Tag.objects.get_or_create(name="VIP")[0])
            person = PersonFactory(owner=users["adv"])
            AffiliationFactory(person=person, organisation=organisation)

    make(5)
    client.get(reverse(url_name))  # warm the session and caches
    with django_assert_max_num_queries(20) as small:
        assert client.get(reverse(url_name)).status_code == 200
    make(45)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse(url_name))
    assert response.content.decode().count("data-party=") == 50


# --- Exports ----------------------------------------------------------------------------


def test_csv_export_has_exactly_the_filtered_rows(client_as, base):
    response = client_as("charge_clientele").get(
        reverse("parties:export", args=["organisation", "csv"]), {"city": "lyon"}
    )
    content = response.content.decode("utf-8")
    assert response.status_code == 200 and content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 2 and rows[1][0] == "Alpha Lyon"


def test_xlsx_export_has_exactly_the_filtered_rows(client_as, base):
    response = client_as("direction").get(
        reverse("parties:export", args=["organisation", "xlsx"]), {"role": "client"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert values[1:] == ["Alpha Lyon"]  # the person, a client too, is in the other list


@pytest.mark.parametrize("role", ["comptable", "adv", "prestataire"])
def test_export_is_refused_without_export_permission(client_as, base, role):
    response = client_as(role).get(reverse("parties:export", args=["organisation", "csv"]))
    assert response.status_code == 403


# --- Bulk actions -------------------------------------------------------------------------


def test_bulk_assign_owner_add_tag_and_set_role(users, base):
    chosen = Party.objects.filter(pk__in=[base["stetienne"].pk, base["supplier"].pk])
    by = users["charge_clientele"]
    assert services.parties_bulk_assign_owner(by=by, parties=chosen, owner=users["adv"]) == 2
    assert services.parties_bulk_add_tag(by=by, parties=chosen, tag="Salon 2026") == 2
    assert services.parties_bulk_set_role(by=by, parties=chosen, role="client", value=True) == 2
    for party in chosen:
        assert party.owner == users["adv"] and party.is_client
        assert "Salon 2026" in [t.name for t in party.tags.all()]
    with pytest.raises(NotAllowed):
        services.parties_bulk_add_tag(by=users["comptable"], parties=chosen, tag="X")


def test_bulk_page_action(client_as, users, base):
    client = client_as("accueil")
    response = client.post(
        reverse("parties:bulk", args=["organisation"]),
        {
            "action": "role_on",
            "role": "partner",
            "selected": [base["lyon"].pk, base["supplier"].pk, base["person"].pk],
        },
    )
    assert response.status_code == 302
    partners = set(Party.objects.filter(is_partner=True).values_list("pk", flat=True))
    # The person is not in the organisations list: it is left alone.
    assert partners == {base["lyon"].pk, base["supplier"].pk}


def test_bulk_page_refused_to_readers(client_as, base):
    response = client_as("comptable").post(
        reverse("parties:bulk", args=["organisation"]),
        {"action": "owner", "selected": [base["lyon"].pk]},
    )
    assert response.status_code == 403


# --- Saved filters ------------------------------------------------------------------------


def test_saved_filter_save_list_and_delete(client_as, users, base):
    client = client_as("charge_clientele")
    client.post(
        reverse("parties:saved-filter-add", args=["organisation"]),
        {"name": "Mes clients lyonnais", "query": "role=client&city=lyon&after=xyz"},
    )
    saved = SavedFilter.objects.get(user=users["charge_clientele"])
    assert "role=client" in saved.query and "city=lyon" in saved.query
    assert "after" not in saved.query and "kind=organisation" in saved.query
    page = client.get(reverse("parties:organisations")).content.decode()
    assert "Mes clients lyonnais" in page
    assert "Mes clients lyonnais" not in client.get(reverse("parties:people")).content.decode()
    filtered = client.get(f"{reverse('parties:organisations')}?{saved.query}").content.decode()
    assert "Alpha Lyon" in filtered and "Bêta Forez" not in filtered
    client.post(reverse("parties:saved-filter-delete", args=[saved.pk]))
    assert not SavedFilter.objects.exists()


def test_saved_filter_of_someone_else_cannot_be_deleted(client_as, users):
    other = SavedFilter.objects.create(user=users["adv"], name="À moi", query="kind=person")
    response = client_as("accueil").post(reverse("parties:saved-filter-delete", args=[other.pk]))
    assert response.status_code == 404 and SavedFilter.objects.exists()
