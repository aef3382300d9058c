"""The search picker (parties.forms.widgets, template web/widgets/picker.html): a text box for
people, a hidden id for the form, and the usual validation of a ModelChoiceField."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comptoir.parties.forms.widgets import PartyPicker, SearchPicker
from comptoir.parties.models import Organisation
from tests.parties.factories import OrganisationFactory


class ClientForm(forms.Form):
    client = forms.ModelChoiceField(
        label="Client",
        queryset=Organisation.objects.all(),
        widget=SearchPicker(search_url="/chercher/"),
    )


@pytest.mark.django_db
def test_renders_a_labelled_combobox_and_the_hidden_id():
    chosen = OrganisationFactory(legal_name="Atelier Lumière")
    OrganisationFactory.create_batch(5)
    form = ClientForm(initial={"client": chosen.pk})

    with CaptureQueriesContext(connection) as queries:
        html = str(form["client"])

    assert len(queries) == 1  # the chosen one's name, not the list of every organisation
    assert f'<input type="hidden" name="client" value="{chosen.pk}" data-picker-value>' in html
    assert 'id="id_client"' in html and 'value="Atelier Lumière"' in html
    assert 'role="combobox"' in html and 'aria-controls="id_client_options"' in html
    assert 'hx-get="/chercher/"' in html and 'hx-target="#id_client_options"' in html
    assert "<option" not in html
    assert form["client"].id_for_label == "id_client"  # the <label for> reaches the text box


@pytest.mark.django_db
def test_the_posted_id_is_validated_by_the_field():
    chosen = OrganisationFactory()
    form = ClientForm({"client": str(chosen.pk)})
    assert form.is_valid() and form.cleaned_data["client"] == chosen

    form = ClientForm({"client": "424242"})
    assert not form.is_valid()
    assert "Sélectionnez un choix valide" in form.errors["client"][0]
    html = str(form["client"])
    assert 'value="424242"' in html and 'value=""' in html  # no name for an unknown id

    form = ClientForm({})
    assert form.errors["client"] == ["Ce champ est obligatoire."]


def test_party_picker_asks_the_parties_suggestions():
    assert str(PartyPicker().search_url) == "/clients/suggestions/"
    assert str(PartyPicker(kind="organisation", exclude=7).search_url) == (
        "/clients/suggestions/?kind=organisation&exclude=7"
    )
    assert str(PartyPicker(kind="organisation").placeholder) == "Tapez le début de son nom…"
