"""Domain errors of the sales app, each with a stable code for the API."""

from comptoir.core.exceptions import CoreError

# Contracts


class ContractError(CoreError):
    code = "contract_error"


class ContractNotDraft(ContractError):
    """Only a draft contract may be changed; a signed one is corrected by an amendment."""

    code = "contract_not_draft"


class ContractTransitionRefused(ContractError):
    code = "contract_transition"


class ContractDatesInvalid(ContractError):
    code = "contract_dates"


class ContractClausesMissing(ContractError):
    """Signature refused: `missing` lists the clause types still absent."""

    code = "contract_clauses_missing"

    def __init__(self, message: str, *, missing: list[str]):
        super().__init__(message)
        self.missing = missing


class MergeFieldUnknown(ContractError):
    """A template or a clause names a merge field that is not in the whitelist."""

    code = "merge_field_unknown"

    def __init__(self, message: str, *, fields: list[str]):
        super().__init__(message)
        self.fields = fields
