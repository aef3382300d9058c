from django.urls import path

from comptoir.core.views import attachments, audit, company, tasks, taxes, tokens, users

app_name = "core"
urlpatterns = [
    path("parametres/entreprise/", company.company_detail, name="company"),
    path("parametres/entreprise/modifier/", company.company_edit, name="company-edit"),
    path("parametres/entreprise/logo/", company.company_logo, name="company-logo"),
    path("parametres/comptes-bancaires/", company.bank_account_list, name="bank-accounts"),
    path(
        "parametres/comptes-bancaires/nouveau/", company.bank_account_edit, name="bank-account-add"
    ),
    path(
        "parametres/comptes-bancaires/<int:pk>/",
        company.bank_account_edit,
        name="bank-account-edit",
    ),
    path(
        "parametres/comptes-bancaires/<int:pk>/supprimer/",
        company.bank_account_delete,
        name="bank-account-delete",
    ),
    path("parametres/taxes/", taxes.tax_rate_list, name="tax-rates"),
    path("parametres/taxes/nouveau/", taxes.tax_rate_edit, name="tax-rate-add"),
    path("parametres/taxes/<int:pk>/", taxes.tax_rate_edit, name="tax-rate-edit"),
    path("parametres/numerotation/", taxes.sequence_list, name="sequences"),
    path("parametres/utilisateurs/", users.user_list, name="users"),
    path("parametres/utilisateurs/nouveau/", users.user_create, name="user-add"),
    path("parametres/utilisateurs/<int:pk>/", users.user_detail, name="user-detail"),
    path("parametres/utilisateurs/<int:pk>/modifier/", users.user_edit, name="user-edit"),
    path("parametres/audit/", audit.audit_list, name="audit"),
    path("parametres/audit/export/", tasks.audit_export_start, name="audit-export"),
    path("parametres/taches/", tasks.task_list, name="tasks"),
    path("taches/<str:result_id>/fichier/", tasks.task_download, name="task-download"),
    path("taches/<str:result_id>/", tasks.task_progress, name="task-progress"),
    path("compte/profil/", users.profile, name="profile"),
    path("compte/jetons-api/", tokens.token_list, name="api-tokens"),
    path("compte/jetons-api/<int:pk>/revoquer/", tokens.token_revoke, name="api-token-revoke"),
    path(
        "pieces-jointes/ajouter/<int:content_type_id>/<str:object_id>/",
        attachments.attachment_add,
        name="attachment-add",
    ),
    path("pieces-jointes/<int:pk>/", attachments.attachment_download, name="attachment-download"),
    path(
        "pieces-jointes/<int:pk>/supprimer/",
        attachments.attachment_delete,
        name="attachment-delete",
    ),
]
