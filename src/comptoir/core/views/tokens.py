from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from comptoir.core import tokens
from comptoir.core.forms.errors import add_service_error
from comptoir.core.forms.tokens import ApiTokenForm
from comptoir.core.models import ApiToken


@never_cache  # the page may show a new key: no copy of it may linger in a cache
@login_required
def token_list(request):
    form = ApiTokenForm(request.POST or None)
    created = raw_key = None
    if request.method == "POST" and form.is_valid():
        try:
            created, raw_key = tokens.api_token_create(
                user=request.user, name=form.cleaned_data["name"], expires_at=form.expires_at()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            # The key is rendered in this response only, never put in the session or a
            # redirect: once the page is left it cannot be shown again.
            form = ApiTokenForm()
    now = timezone.now()
    rows = [
        (token, tokens.api_token_status(token, now))
        for token in tokens.api_tokens_of(user=request.user)
    ]
    return render(
        request,
        "core/api_tokens.html",
        {"form": form, "rows": rows, "created": created, "raw_key": raw_key},
    )


@require_POST
@login_required
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk)
    tokens.api_token_revoke(token=token, by=request.user)
    messages.success(request, _("The token « %(name)s » has been revoked.") % {"name": token.name})
    return redirect("core:api-tokens")
