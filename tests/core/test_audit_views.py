import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from comptoir.core import audit, queries
from comptoir.core.choices import AuditAction
from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEntry, BankAccount, Company, User


@pytest.fixture
def english_users(users):
    User.objects.update(language="en")
    return users


def shown_entries(response) -> list[AuditEntry]:
    return list(response.context["page"].object_list)


def test_accountant_reads_the_trail_operator_may_not(client_as):
    assert client_as("comptable").get(reverse("core:audit")).status_code == 200
    assert client_as("teleconseiller").get(reverse("core:audit")).status_code == 403


def test_query_refuses_without_the_permission(users):
    with pytest.raises(NotAllowed):
        queries.audit_entries(user=users["teleconseiller"], filters={})


def test_newest_first_with_labels(client_as, company, english_users):
    company = Company.objects.get(pk=company.pk)
    company.country = "MA"
    with audit.acting_as(english_users["administrateur"]):
        company.save()
    response = client_as("comptable").get(reverse("core:audit"))
    first = shown_entries(response)[0]
    assert first.action == AuditAction.UPDATE
    html = response.content.decode()
    assert "<del>France</del>" in html and "<ins>Morocco</ins>" in html
    assert "Export CSV" in html


def test_filters(client_as, company, users):
    admin = users["administrateur"]
    with audit.acting_as(admin):
        BankAccount.objects.create(
            company=company, label="Compte courant", iban="FR7630006000011234567890189"
        )
    company = Company.objects.get(pk=company.pk)
    company.city = "Nantes"
    with audit.acting_as(users["comptable"]):
        company.save()
    client = client_as("comptable")
    url = reverse("core:audit")

    by_admin = shown_entries(client.get(url, {"user": admin.pk}))
    assert by_admin and all(e.user == admin for e in by_admin)

    bank_type = ContentType.objects.get_for_model(BankAccount)
    by_type = shown_entries(client.get(url, {"content_type": bank_type.pk}))
    assert [e.object_repr for e in by_type] == [str(BankAccount.objects.get())]

    updates = shown_entries(client.get(url, {"action": "update", "q": "durand"}))
    assert [e.changes for e in updates] == [{"city": ["Lyon", "Nantes"]}]

    today = timezone.localdate()
    assert shown_entries(client.get(url, {"date_from": today.isoformat()}))
    assert not shown_entries(
        client.get(url, {"date_to": (today - datetime.timedelta(days=1)).isoformat()})
    )
    assert not shown_entries(
        client.get(url, {"date_from": (today + datetime.timedelta(days=1)).isoformat()})
    )


def test_dates_are_days_in_the_local_time_zone(users, settings):
    settings.TIME_ZONE = "Pacific/Noumea"  # UTC+11: 20:00 UTC on the 1st is the 2nd in Nouméa
    entry = audit.record(users["accueil"], AuditAction.UPDATE, {"phone": ["", "1"]})
    AuditEntry.objects.filter(pk=entry.pk).update(
        at=datetime.datetime(2026, 3, 1, 20, 0, tzinfo=datetime.UTC)
    )
    with timezone.override("Pacific/Noumea"):
        found = queries.audit_entries(
            user=users["comptable"], filters={"date_from": "2026-03-02", "date_to": "2026-03-02"}
        )
        assert list(found) == [entry]
        found = queries.audit_entries(user=users["comptable"], filters={"date_to": "2026-03-01"})
        assert entry not in found


def test_malformed_filters_are_ignored(users):
    everything = queries.audit_entries(user=users["comptable"], filters={})
    found = queries.audit_entries(
        user=users["comptable"],
        filters={
            "action": "explode",
            "user": "1 OR 1=1",
            "content_type": "x",
            "date_from": "2026-02-31",
            "date_to": "yesterday",
            "q": "",
        },
    )
    assert found.count() == everything.count() > 0


def test_query_count_does_not_grow_with_entries(client_as, users, django_assert_max_num_queries):
    client = client_as("comptable")
    AuditEntry.objects.all().delete()
    audit.record(users["accueil"], AuditAction.UPDATE, {"phone": ["", "1"]})
    with django_assert_max_num_queries(10) as one:
        assert client.get(reverse("core:audit")).status_code == 200
    for n in range(30):
        with audit.acting_as(users[("adv", "direction", "acheteur")[n % 3]]):
            audit.record(users["accueil"], AuditAction.UPDATE, {"phone": [str(n), str(n + 1)]})
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("core:audit"))
    assert len(shown_entries(response)) == 31


def test_pagination_and_htmx_fragment(client_as, users):
    for n in range(55):
        audit.record(users["accueil"], AuditAction.UPDATE, {"phone": [str(n), str(n + 1)]})
    client = client_as("comptable")
    first = client.get(reverse("core:audit"))
    assert len(shown_entries(first)) == 50
    fragment = client.get(
        reverse("core:audit"), {"page": 2, "action": "update"}, HTTP_HX_REQUEST="true"
    )
    html = fragment.content.decode()
    assert "<html" not in html and 'id="audit-rows"' in html
    updates = AuditEntry.objects.filter(action=AuditAction.UPDATE).count()
    assert html.count("data-audit-entry=") == updates - 50
    assert "page=1" in html  # the way back


def test_export_button_carries_the_filters(client_as, users):
    response = client_as("comptable").get(
        reverse("core:audit"), {"action": "update", "q": "Durand", "user": users["adv"].pk}
    )
    html = response.content.decode()
    assert f'action="{reverse("core:audit-export")}"' in html
    assert '<input type="hidden" name="action" value="update">' in html
    assert '<input type="hidden" name="q" value="Durand">' in html
    assert f'<input type="hidden" name="user" value="{users["adv"].pk}">' in html


def test_empty_state(client_as, english_users):
    response = client_as("comptable").get(reverse("core:audit"), {"q": "nothing like this"})
    assert "No change matches these filters" in response.content.decode()


def test_empty_trail_without_filters_says_what_will_appear(client_as, english_users):
    AuditEntry.objects.all().delete()
    html = client_as("comptable").get(reverse("core:audit")).content.decode()
    assert "No change recorded yet" in html
    assert "No change matches these filters" not in html
