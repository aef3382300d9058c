import re

from django.core import mail
from django.urls import reverse


def test_password_reset_by_email_end_to_end(client, users):
    response = client.post(reverse("password_reset"), {"email": "comptable@example.fr"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"new_password1": "Une-phrase-longue-2026", "new_password2": "Une-phrase-longue-2026"},
    )
    assert response.status_code == 302
    users["comptable"].refresh_from_db()
    assert users["comptable"].check_password("Une-phrase-longue-2026")


def test_unknown_address_gives_the_same_answer(client, users):
    # Never reveal whether an address has an account.
    response = client.post(reverse("password_reset"), {"email": "personne@example.fr"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_change_requires_the_old_one(client_as, users):
    client = client_as("adv")
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "wrong",
            "new_password1": "Nouveau-2026-x",
            "new_password2": "Nouveau-2026-x",
        },
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
