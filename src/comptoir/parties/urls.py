from django.urls import path, register_converter

from comptoir.parties.views import (
    duplicates,
    gdpr,
    imports,
    lists,
    organisations,
    people,
    quality,
    timeline,
)


class _Choice:
    regex = ""

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class KindConverter(_Choice):
    regex = "organisation|person"


class FormatConverter(_Choice):
    regex = "csv|xlsx"


class ChannelConverter(_Choice):
    regex = "address|phone|email"


register_converter(KindConverter, "party_kind")
register_converter(FormatConverter, "export_format")
register_converter(ChannelConverter, "channel")

app_name = "parties"
CHANNELS = "<channel:channel>"

urlpatterns = [
    path("organisations/", organisations.organisation_list, name="organisations"),
    path("organisations/nouvelle/", organisations.organisation_create, name="organisation-add"),
    path(
        "organisations/<int:pk>/modifier/",
        organisations.organisation_edit,
        name="organisation-edit",
    ),
    path("personnes/", people.person_list, name="people"),
    path("qualite/", quality.quality, name="quality"),
    path("import/", imports.import_upload, name="import"),
    path("import/<str:token>/verifier/", imports.import_check, name="import-check"),
    path("import/<str:token>/lancer/", imports.import_run, name="import-run"),
    path("doublons/", duplicates.duplicates, name="duplicates"),
    path("doublons/fusionner/", duplicates.duplicates_merge, name="duplicates-merge"),
    path("doublons/analyser/", duplicates.duplicates_scan_start, name="duplicates-scan"),
    path("suggestions/", organisations.party_suggestions, name="party-suggestions"),
    path("personnes/nouvelle/", people.person_create, name="person-add"),
    path("personnes/<int:pk>/modifier/", people.person_edit, name="person-edit"),
    path(
        "<party_kind:kind>/export.<export_format:fmt>",
        lists.party_export,
        name="export",
    ),
    path("<party_kind:kind>/actions/", lists.party_bulk, name="bulk"),
    path("<party_kind:kind>/filtres/", lists.saved_filter_save, name="saved-filter-add"),
    path("filtres/<int:pk>/supprimer/", lists.saved_filter_delete, name="saved-filter-delete"),
    path("<int:pk>/", organisations.party_detail, name="party"),
    path("<int:pk>/etiquettes/", organisations.party_tags, name="party-tags"),
    path("<int:pk>/organisations/", people.affiliation_add, name="affiliation-add"),
    path(
        "<int:pk>/affiliations/<int:affiliation_pk>/supprimer/",
        organisations.affiliation_delete,
        name="affiliation-delete",
    ),
    path(f"<int:pk>/{CHANNELS}/ajouter/", organisations.channel_add, name="channel-add"),
    path(
        f"<int:pk>/{CHANNELS}/<int:channel_pk>/supprimer/",
        organisations.channel_delete,
        name="channel-delete",
    ),
    # The timeline and consent blocks of the 360° page, and the GDPR pages.
    path("<int:pk>/historique/", timeline.timeline_fragment, name="timeline"),
    path("<int:pk>/historique/ajouter/", timeline.interaction_add, name="interaction-add"),
    path("<int:pk>/consentements/", gdpr.consents_fragment, name="consents"),
    path("<int:pk>/consentements/ajouter/", gdpr.consent_add, name="consent-add"),
    path("<int:pk>/bloctel/", gdpr.do_not_call_set, name="do-not-call"),
    path("<int:pk>/rgpd/export/", gdpr.gdpr_export, name="gdpr-export"),
    path("<int:pk>/rgpd/export.json", gdpr.gdpr_export_json, name="gdpr-export-json"),
    path("<int:pk>/rgpd/export.pdf", gdpr.gdpr_export_pdf, name="gdpr-export-pdf"),
    path("<int:pk>/rgpd/effacer/", gdpr.party_erase, name="gdpr-erase"),
]
