from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.core.models import User
from comptoir.core.roles import ROLES


def role_choices():
    return [(code, role.label) for code, role in ROLES.items()]


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=role_choices, label=_("Roles"), required=False, **kwargs)


class UserCreateForm(forms.ModelForm):
    roles = RolesField()
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to let the person choose it through « Forgotten password? »."),
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "phone", "language"]


class UserEditForm(forms.ModelForm):
    roles = RolesField()

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "phone", "language", "is_active"]


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "phone", "language"]
