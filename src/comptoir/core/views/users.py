from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from comptoir.core import queries, services
from comptoir.core.forms.errors import add_service_error
from comptoir.core.forms.users import ProfileForm, UserCreateForm, UserEditForm
from comptoir.core.http import render_page
from comptoir.core.roles import ROLES


@login_required
def user_list(request):
    filters = {key: request.GET.get(key, "") for key in ("q", "role", "active")}
    page = Paginator(queries.user_list(user=request.user, filters=filters), 50).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "filters": filters,
        "roles": ROLES,
        "can_add": request.user.has_perm("core.add_user"),
    }
    return render_page(request, "core/users.html", context, partial="rows")


@login_required
def user_detail(request, pk):
    shown = queries.user_get(user=request.user, pk=pk)
    return render(
        request,
        "core/user_detail.html",
        {
            "shown": shown,
            "roles": [ROLES[g.name] for g in shown.groups.all() if g.name in ROLES],
            "can_change": request.user.has_perm("core.change_user"),
        },
    )


@login_required
def user_create(request):
    queries.require(request.user, "core.add_user")
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.user_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("The account %(name)s has been created.") % {"name": created}
            )
            return redirect("core:user-detail", pk=created.pk)
    return render(request, "core/user_form.html", {"form": form})


@login_required
def user_edit(request, pk):
    shown = queries.user_get(user=request.user, pk=pk)
    queries.require(request.user, "core.change_user")
    form = UserEditForm(
        request.POST or None,
        instance=shown,
        initial={"roles": list(shown.groups.values_list("name", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(by=request.user, user=shown, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The account %(name)s has been saved.") % {"name": shown})
            return redirect("core:user-detail", pk=shown.pk)
    return render(request, "core/user_form.html", {"form": form, "shown": shown})


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return redirect("core:profile")
    return render(request, "core/profile.html", {"form": form})
