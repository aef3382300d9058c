"""Links that other apps put on a party's 360° page: its quotes, its orders, its contracts,
its commercial terms… Those apps build on parties, which cannot import them, so each one
registers its links from its AppConfig.ready(); the page shows those the person may open."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class PartyLink:
    label: str
    url_name: str
    icon: str  # a Bootstrap Icons name
    permission: str
    # Empty: the party's id is the URL's argument. Else the query parameter that gives it
    # to a list (`?customer=12`: that party's documents) or a form (`?client=12`: a new one).
    param: str = ""

    def url(self, party) -> str:
        if not self.param:
            return reverse(self.url_name, args=[party.pk])
        return f"{reverse(self.url_name)}?{self.param}={party.pk}"


LINKS: list[PartyLink] = []


def register(*links: PartyLink) -> None:
    for link in links:
        if link not in LINKS:  # ready() may run twice in tests
            LINKS.append(link)


def links_for(*, user, party) -> list[tuple[PartyLink, str]]:
    """(link, its URL for this party) for the links this person may follow."""
    return [(link, link.url(party)) for link in LINKS if user.has_perm(link.permission)]
