"""Organisations, people and their channels for tests of the client base."""

import factory

from comptoir.parties.models import Address, Affiliation, Email, Organisation, Person, Phone, Tag


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = "organisation"
    legal_name = factory.Sequence(lambda n: f"Société {n:04d}")
    trade_name = ""
    name = factory.LazyAttribute(lambda o: o.trade_name or o.legal_name)
    country = "FR"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    kind = "person"
    first_name = factory.Sequence(lambda n: f"Prénom{n:04d}")
    last_name = factory.Sequence(lambda n: f"Nom{n:04d}")
    name = factory.LazyAttribute(lambda p: f"{p.last_name.upper()} {p.first_name}")


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    party = factory.SubFactory(OrganisationFactory)
    line1 = "12 rue de la République"
    postal_code = "69002"
    city = "Lyon"
    country = "FR"
    is_default = True


class PhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phone

    party = factory.SubFactory(OrganisationFactory)
    number = factory.Sequence(lambda n: f"+334789{n:05d}")
    is_default = True


class EmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Email

    party = factory.SubFactory(OrganisationFactory)
    address = factory.Sequence(lambda n: f"contact{n}@example.fr")
    is_default = True


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    job_title = "Acheteur"


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"tag-{n}")


def organisation_with_channels(**fields) -> Organisation:
    """An organisation with a main address, phone and e-mail, as the lists show them."""
    organisation = OrganisationFactory(**fields)
    AddressFactory(party=organisation)
    PhoneFactory(party=organisation)
    EmailFactory(party=organisation)
    return organisation
