"""The customer's signed link: no login, good, tampered, expired, superseded, answered,
rate-limited; CSRF stays on."""

import datetime

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comptoir.sales import services
from comptoir.sales.exceptions import LinkInvalid
from comptoir.sales.models import Quote
from comptoir.sales.quote_links import SALT, quote_token, quote_token_read
from comptoir.sales.views.quotes import LINK_ATTEMPTS_PER_HOUR
from tests.sales.factories import quote_for


@pytest.fixture
def sent(users, django_capture_on_commit_callbacks):
    quote = quote_for(users["adv"], title="Cuisine du restaurant")
    with django_capture_on_commit_callbacks(execute=True):
        return services.quote_send(by=users["adv"], quote=quote)


def url(quote, token=None):
    return reverse("sales:quote-public", args=[token or quote_token(quote)])


def test_the_link_shows_the_quote_and_accepts_it_without_login(client, sent):
    page = client.get(url(sent))
    assert page.status_code == 200
    assert sent.number in page.text and "Cuisine du restaurant" in page.text
    answer = client.post(
        url(sent),
        {"answer": "accept", "name": "Claire Martin", "email": "claire@x.fr", "agree": "on"},
        REMOTE_ADDR="198.51.100.4",
    )
    assert answer.status_code == 302
    sent.refresh_from_db()
    assert sent.status == "accepted" and sent.answered_from_ip == "198.51.100.4"
    again = client.get(url(sent))
    assert "Claire Martin" in again.text and 'id="quote-accept"' not in again.text


def test_the_pdf_of_the_link(client, sent):
    response = client.get(reverse("sales:quote-public-pdf", args=[quote_token(sent)]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_acceptance_needs_a_name_and_the_box_ticked(client, sent):
    response = client.post(url(sent), {"answer": "accept", "name": "", "email": "a@b.fr"})
    assert response.status_code == 400
    sent.refresh_from_db()
    assert sent.status == "sent"


def test_a_refusal_with_its_reason(client, sent):
    client.post(url(sent), {"answer": "refuse", "name": "P. Morel", "reason": "Trop cher"})
    sent.refresh_from_db()
    assert sent.status == "refused" and sent.refusal_reason == "Trop cher"


def test_a_tampered_link_is_refused(client, sent):
    token = quote_token(sent)
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = client.get(url(sent, tampered))
    assert response.status_code == 404
    assert sent.number not in response.text
    forged = signing.dumps({"q": sent.pk, "v": 1}, salt="another-salt")
    assert client.get(url(sent, forged)).status_code == 404


def test_an_old_link_expires(sent):
    token = quote_token(sent)
    with pytest.raises(LinkInvalid, match="expired|expiré"):
        quote_token_read(token, max_age=-1)
    assert quote_token_read(token) == (sent.pk, 1)


def test_an_old_link_is_refused_by_the_page(client, sent, monkeypatch):
    from comptoir.sales import quote_links

    token = quote_token(sent)
    monkeypatch.setattr(quote_links, "LINK_MAX_AGE", -1)
    response = client.get(url(sent, token))
    assert response.status_code == 404
    assert "expiré" in response.text
    assert sent.number not in response.text


def test_the_link_of_a_superseded_version_says_so(client, users, sent):
    token = quote_token(sent)
    services.quote_revise(by=users["adv"], quote=sent)
    response = client.get(url(sent, token))
    assert response.status_code == 200
    assert "remplacé" in response.text
    client.post(
        url(sent, token), {"answer": "accept", "name": "X", "email": "x@y.fr", "agree": "on"}
    )
    sent.refresh_from_db()
    assert sent.status == "superseded"


def test_an_expired_quote_says_so(client, sent):
    Quote.objects.filter(pk=sent.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=2)
    )
    response = client.get(url(sent))
    assert 'id="quote-accept"' not in response.text
    assert "expiré" in response.text


def test_csrf_is_checked(sent):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        url(sent), {"answer": "accept", "name": "X", "email": "x@y.fr", "agree": "on"}
    )
    assert response.status_code == 403
    sent.refresh_from_db()
    assert sent.status == "sent"


def test_the_link_is_rate_limited(client, sent):
    for _ in range(LINK_ATTEMPTS_PER_HOUR):
        assert client.post(url(sent), {"answer": "accept", "name": ""}).status_code == 400
    assert client.post(url(sent), {"answer": "accept", "name": ""}).status_code == 429


def test_a_draft_is_not_shown_through_a_link(client, users):
    draft = quote_for(users["adv"])
    response = client.get(url(draft))
    assert 'id="quote-accept"' not in response.text


def test_the_salt_is_specific(sent):
    assert signing.loads(quote_token(sent), salt=SALT)["q"] == sent.pk
