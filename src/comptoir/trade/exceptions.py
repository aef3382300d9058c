"""Domain errors of international trade, with a stable code for the API."""

from comptoir.core.exceptions import CoreError


class TradeError(CoreError):
    code = "trade_error"


class NoExchangeRate(TradeError):
    """No rate of this currency is known on or before the day asked."""

    code = "no_exchange_rate"
