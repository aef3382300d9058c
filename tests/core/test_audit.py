from django.contrib.contenttypes.models import ContentType
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from comptoir.core import audit
from comptoir.core.choices import AuditAction
from comptoir.core.models import AuditEntry, Company, User
from comptoir.core.templatetags.records import change_lines


def entries_of(record):
    return list(audit.trail_for(record))


def render_trail(record, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    with translation.override("en"):
        return Template("{% load records %}{% audit_trail record %}").render(
            Context({"record": record, "request": request, "user": user})
        )


def test_creation_is_recorded_with_who_and_the_initial_values(users):
    with audit.acting_as(users["administrateur"]):
        company = Company.objects.create(legal_name="Boulangerie Martin", city="Nantes")
    (entry,) = entries_of(company)
    assert entry.action == AuditAction.CREATE
    assert entry.user == users["administrateur"]
    assert entry.object_repr == str(company)
    assert entry.changes["legal_name"] == [None, "Boulangerie Martin"]
    assert entry.changes["city"] == [None, "Nantes"]
    assert "updated_at" not in entry.changes


def test_update_records_only_the_fields_that_changed(company, users):
    company = Company.objects.get(pk=company.pk)
    company.city = "Nouméa"
    company.country = "NC"
    with audit.acting_as(users["administrateur"]):
        company.save()
    latest = entries_of(company)[0]
    assert latest.action == AuditAction.UPDATE
    assert latest.user == users["administrateur"]
    assert latest.changes == {"city": ["Lyon", "Nouméa"], "country": ["FR", "NC"]}


def test_saving_without_a_change_writes_nothing(company):
    company = Company.objects.get(pk=company.pk)
    before = AuditEntry.objects.count()
    company.save()
    assert AuditEntry.objects.count() == before


def test_deletion_is_recorded_and_the_trail_outlives_the_record(company, users):
    pk = company.pk
    with audit.acting_as(users["administrateur"]):
        company.delete()
    entry = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Company), object_id=str(pk)
    ).latest("id")
    assert entry.action == AuditAction.DELETE
    assert entry.user == users["administrateur"]
    assert entry.object_repr == "Atelier Durand SARL"


def test_changes_without_anyone_acting_are_the_systems(company):
    assert entries_of(company)[0].user is None


def test_passwords_never_reach_the_trail(db):
    user = User.objects.create_user(username="jdupont", password="Premier-mot-2026")
    user.set_password("Second-mot-2026")
    user.first_name = "Jean"
    user.save()
    for entry in entries_of(user):
        assert "password" not in entry.changes
        assert "last_login" not in entry.changes
    assert entries_of(user)[0].changes == {"first_name": ["", "Jean"]}


def test_trail_shows_labels_choice_labels_and_old_and_new(company, users):
    company = Company.objects.get(pk=company.pk)
    company.country = "NC"
    company.city = "Nouméa"
    with audit.acting_as(users["administrateur"]):
        company.save()
    html = render_trail(company, users["comptable"])
    assert "History" in html
    assert "Country" in html and "<del>France</del>" in html and "<ins>New Caledonia</ins>" in html
    assert "City" in html and "<del>Lyon</del>" in html and "<ins>Nouméa</ins>" in html
    assert "administrateur" in html  # who
    assert "system" in html  # the fixture's creation, outside any request
    assert "Modified" in html and "Created" in html


def test_trail_never_shows_excluded_fields_even_if_recorded(users):
    shown = users["accueil"]
    # An entry written before `password` was excluded, or by a careless bulk path.
    entry = audit.record(
        shown, AuditAction.UPDATE, {"password": ["md5$old", "md5$new"], "phone": ["", "0102"]}
    )
    assert [line["name"] for line in change_lines(entry)] == ["phone"]
    html = render_trail(shown, users["administrateur"])
    assert "md5$" not in html
    assert "0102" in html


def test_trail_is_hidden_from_who_may_not_see_the_record(company, users):
    assert render_trail(company, users["outsider"]).strip() == ""


def test_trail_empty_state(users):
    AuditEntry.objects.all().delete()
    html = render_trail(users["accueil"], users["administrateur"])
    assert "No change recorded yet" in html


def test_trail_names_a_removed_field_by_its_stored_name(company, users):
    audit.record(company, AuditAction.UPDATE, {"fax_number": ["01 02", "03 04"]})
    html = render_trail(company, users["administrateur"])
    assert "fax_number" in html and "<del>01 02</del>" in html and "<ins>03 04</ins>" in html
