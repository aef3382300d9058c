"""API shapes every app's router shares (apps may not import comptoir.api)."""

from ninja import Field, Schema


class FieldError(Schema):
    field: str | None = Field(..., examples=["siren"], description="null: the whole request")
    message: str = Field(..., examples=["This SIREN is not valid."])


class Error(Schema):
    """The house error shape: a stable code, a message, the fields at fault."""

    code: str = Field(..., examples=["validation_error"])
    message: str = Field(..., examples=["Some values are not valid."])
    errors: list[FieldError] = Field(default_factory=list)


class KeysetParams(Schema):
    """The paging half of a long list's query parameters (keyset pages, `core.paging`)."""

    after: str = Field("", description="next_cursor of the previous page")
    limit: int = Field(50, ge=1, le=200)
