"""French typography for the texts built in code, as the translations write theirs: a
no-break space inside « » (tests/web/test_translations.py), so that a quotation mark never
starts or ends a line alone."""

NO_BREAK_SPACE = "\u00a0"


def quoted(value) -> str:
    """«\u00a0value\u00a0»: a name quoted in a sentence (a column header, a price list)."""
    return f"«{NO_BREAK_SPACE}{value}{NO_BREAK_SPACE}»"
