"""The credit-limit check an order goes through at confirmation.

Sales cannot know a customer's outstanding invoices: billing (issue 6) can, and billing
depends on sales, not the other way. So the check is a hook: `settings.COMPTOIR_CREDIT_CHECK`
names a function `(*, customer, amount) -> CreditDecision` that billing will provide; until
then every order passes.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.module_loading import import_string

from comptoir.sales.choices import CreditOutcome


@dataclass(frozen=True)
class CreditDecision:
    outcome: str  # CreditOutcome: ok, warn or block
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome == CreditOutcome.OK

    @property
    def blocks(self) -> bool:
        return self.outcome == CreditOutcome.BLOCK


OK = CreditDecision(CreditOutcome.OK)


def no_check(*, customer, amount: Decimal) -> CreditDecision:
    return OK


def credit_check(*, customer, amount: Decimal) -> CreditDecision:
    """Whether `customer` may owe `amount` more (in the company's currency)."""
    path = getattr(settings, "COMPTOIR_CREDIT_CHECK", "") or ""
    check = import_string(path) if path else no_check
    decision = check(customer=customer, amount=amount)
    if decision.outcome not in CreditOutcome.values:
        raise ValueError(f"Unknown credit outcome {decision.outcome!r} from {path}.")
    return decision
