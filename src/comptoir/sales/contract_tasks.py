"""Background tasks of contracts (django-tasks; run by `comptoir worker`)."""

from django_tasks import task

from comptoir.core.models import User


@task()
def contract_pdf_attach(*, contract_id: int, user_id: int | None = None) -> str:
    """Make the signed contract's PDF and attach it, once (enqueued when the signature
    commits). Idempotent: a contract that has its PDF keeps it."""
    from comptoir.sales.services.contracts import contract_signed_pdf_attach

    by = User.objects.filter(pk=user_id).first() if user_id else None
    attachment = contract_signed_pdf_attach(contract_id=contract_id, by=by)
    return attachment.name if attachment else ""
