"""Merge fields: a whitelist replaced by our code, user text escaped, never a template."""

from decimal import Decimal

import pytest

from comptoir.sales import contract_merge
from tests.parties.factories import OrganisationFactory
from tests.sales.factories import ContractFactory

pytestmark = pytest.mark.django_db


def test_unknown_fields_and_template_tags_are_found():
    text = "{{ client.nom }} {{client.owner.password}} {{ contrat.numero|upper }} {% load x %}"
    assert contract_merge.unknown_fields(text) == [
        "client.owner.password",
        "contrat.numero|upper",
        "{% … %}",
    ]
    assert contract_merge.unknown_fields("{{ client.nom }}, {{contrat.prix}}") == []


def test_text_is_escaped_and_fields_replaced(company):
    contract = ContractFactory(
        customer=OrganisationFactory(name="Dupont & Fils <SARL>"),
        index_name="Syntec",
        index_base_value=Decimal("291.3000"),
        index_fixed_part=Decimal("0.150"),
    )
    values = contract_merge.values_for(contract)
    html = contract_merge.render_text(
        "## Titre\n\n<script>alert(1)</script> pour {{ client.nom }}\nligne 2\n\n"
        "Formule {{ contrat.formule }}, S0 = {{ contrat.indice_base }}",
        values,
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Dupont &amp; Fils &lt;SARL&gt;" in html
    assert html.startswith("<h3>Titre</h3>")
    assert "<br>ligne 2" in html
    assert "P1 = P0 × (0,15 + 0,85 × S1/S0)" in html and "S0 = 291,3" in html
    assert values["societe.nom"] == "Atelier Durand SARL"
    assert values["contrat.date_limite_denonciation"] == "30 septembre 2026"


def test_every_listed_field_has_a_value_for_a_draft(company):
    values = contract_merge.values_for(ContractFactory())
    assert set(values) == set(contract_merge.MERGE_FIELDS)
    assert values["contrat.numero"].startswith("Brouillon")
