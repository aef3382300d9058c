"""Timeline, consent and GDPR pages of a party; included by parties/urls.py under /clients/,
so the names live in the `parties` namespace."""

from django.urls import path

from comptoir.parties.views import gdpr, timeline

urlpatterns = [
    path("<int:pk>/historique/", timeline.timeline_fragment, name="timeline"),
    path("<int:pk>/historique/ajouter/", timeline.interaction_add, name="interaction-add"),
    path("<int:pk>/consentements/", gdpr.consents_fragment, name="consents"),
    path("<int:pk>/consentements/ajouter/", gdpr.consent_add, name="consent-add"),
    path("<int:pk>/consentements/bloctel/", gdpr.do_not_call_set, name="do-not-call"),
    path("<int:pk>/rgpd/", gdpr.gdpr_export, name="gdpr-export"),
    path("<int:pk>/rgpd/export.json", gdpr.gdpr_export_json, name="gdpr-export-json"),
    path("<int:pk>/rgpd/effacer/", gdpr.party_erase, name="gdpr-erase"),
]
