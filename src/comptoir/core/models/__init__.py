from comptoir.core.models.attachments import Attachment
from comptoir.core.models.audit import AuditedModel, AuditEntry
from comptoir.core.models.company import BankAccount, Company
from comptoir.core.models.sequences import Sequence, SequenceCounter
from comptoir.core.models.tasks import ScheduledJobRun, TaskProgress, WorkerHeartbeat
from comptoir.core.models.taxes import TaxRate
from comptoir.core.models.tokens import ApiToken
from comptoir.core.models.users import User

__all__ = [
    "ApiToken",
    "Attachment",
    "AuditEntry",
    "AuditedModel",
    "BankAccount",
    "Company",
    "ScheduledJobRun",
    "Sequence",
    "SequenceCounter",
    "TaskProgress",
    "TaxRate",
    "User",
    "WorkerHeartbeat",
]
