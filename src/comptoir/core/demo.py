"""Demo data: a believable French SME to try Comptoir with (`comptoir demo`).

`load()` builds the company (Vercors Équipements SAS, Lyon), its bank account, the French tax
rates and one user per role, then hands over to every other Comptoir app, in INSTALLED_APPS
order: an app adds its own demo data by having a `demo.py` module with

    def load(ctx: DemoContext) -> None:
        customer, _ = Organisation.objects.get_or_create(siren="…", defaults={…})
        ctx.note(f"{n} customers")

`ctx` carries the company, the bank account, the users by role code (`ctx.users["adv"]`), and
`note()` for a line of the command's summary. Everything runs in one transaction, as the
system user (acting_as(None)), and must be idempotent: create with get_or_create on natural
keys (SIREN, codes, usernames, numbers), so running the command twice changes nothing.
Passwords "demo" are for demo data only.
"""

import importlib
import importlib.util
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from comptoir.core.attachments import attachment_add
from comptoir.core.audit import acting_as
from comptoir.core.models import Attachment, BankAccount, Company, User
from comptoir.core.roles import ROLES
from comptoir.core.taxes import tax_rates_install_presets

DEMO_PASSWORD = "demo"  # noqa: S105 - demo accounts only, printed in the summary
DOMAIN = "vercors-equipements.fr"
SIREN = "842156374"
# SIRET = SIREN + NIC 0001 + Luhn check digit; VAT key = (SIREN·100 + 12) mod 97.
SIRET = "84215637400014"
VAT_NUMBER = f"FR{int(SIREN + '12') % 97:02d}{SIREN}"
IBAN = "FR7630006000011234567890189"
BIC = "AGRIFRPPXXX"

COMPANY = {
    "legal_name": "Vercors Équipements SAS",
    "trade_name": "Vercors Équipements",
    "legal_form": "SAS",
    "share_capital": Decimal("150000.00"),
    "registration": "RCS Lyon",
    "siret": SIRET,
    "vat_number": VAT_NUMBER,
    "address_line1": "27 rue de la Villette",
    "postal_code": "69003",
    "city": "Lyon",
    "country": "FR",
    "phone": "+33478950213",
    "email": f"contact@{DOMAIN}",
    "website": f"https://www.{DOMAIN}",
    "currency": "EUR",
    "fiscal_year_start_month": 1,
    "time_zone": "Europe/Paris",
    "language": "fr",
}

# Role code -> (first name, last name): the people of the demo company.
PEOPLE = {
    "direction": ("Hélène", "Marchand"),
    "charge_clientele": ("Julien", "Roussel"),
    "adv": ("Sophie", "Garnier"),
    "accueil": ("Camille", "Lefèvre"),
    "service_client": ("Nadia", "Benali"),
    "teleconseiller": ("Kevin", "Moreau"),
    "superviseur": ("Isabelle", "Fontaine"),
    "acheteur": ("Thomas", "Perrin"),
    "comptable": ("Martine", "Chevalier"),
    "prestataire": ("Lucas", "Girard"),
    "administrateur": ("Olivier", "Lambert"),
}


@dataclass
class DemoContext:
    company: Company
    bank_account: BankAccount
    users: dict[str, User]
    today: object = field(default_factory=lambda: timezone.localdate())
    summary: list[str] = field(default_factory=list)

    def note(self, line: str) -> None:
        self.summary.append(line)


class DemoRefused(Exception):
    """The database already holds a real company: demo data would mix with it."""


def _company() -> Company:
    company = Company.objects.filter(siren=SIREN).first()
    if company:
        return company
    current = Company.current()
    if current and current.siren:
        raise DemoRefused(
            f"La base contient déjà l'entreprise « {current} » : "
            "les données de démonstration vont dans une base vide."
        )
    # A bare row left by `createadmin` (name only) becomes the demo company.
    company = current or Company()
    for name, value in {**COMPANY, "siren": SIREN}.items():
        setattr(company, name, value)
    company.full_clean()
    company.save()
    return company


def _bank_account(company: Company) -> BankAccount:
    account = company.bank_accounts.filter(iban=IBAN).first()
    if account is None:
        account = BankAccount(
            company=company,
            label="Compte courant",
            bank_name="Crédit Agricole",
            iban=IBAN,
            bic=BIC,
            is_default=not company.bank_accounts.filter(is_default=True).exists(),
        )
        account.full_clean()
        account.save()
    return account


def _tax_rates() -> None:
    tax_rates_install_presets(country="FR")


# A one-page PDF, so the company record shows the attachments panel at work.
KBIS_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 61>>stream\nBT /F1 18 Tf 60 780 Td (Extrait Kbis - demonstration) Tj ET\n"
    b"endstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _attachments(company: Company, admin: User) -> None:
    if Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(company), object_id=str(company.pk)
    ).exists():
        return
    attachment_add(record=company, file=ContentFile(KBIS_PDF, name="extrait-kbis.pdf"), by=admin)


def _users() -> dict[str, User]:
    users = {}
    for code in ROLES:
        first_name, last_name = PEOPLE.get(code, (code.title(), "Démo"))
        user = User.objects.filter(username=code).first()
        if user is None:
            user = User(
                username=code,
                first_name=first_name,
                last_name=last_name,
                email=f"{code.replace('_', '.')}@{DOMAIN}",
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        # add() of a group already there would still write an (empty) audit entry.
        if not user.groups.filter(name=code).exists():
            user.groups.add(Group.objects.get(name=code))
        users[code] = user
    return users


def _app_hooks():
    """`load` of each installed Comptoir app's demo module, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        if not config.name.startswith("comptoir.") or config.name == "comptoir.core":
            continue
        module_name = f"{config.name}.demo"
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        if hasattr(module, "load"):
            yield module.load


def load() -> DemoContext:
    with acting_as(None), transaction.atomic():
        company = _company()
        ctx = DemoContext(company=company, bank_account=_bank_account(company), users=_users())
        _tax_rates()
        _attachments(company, ctx.users["administrateur"])
        ctx.note(f"Entreprise : {company.legal_name} (SIREN {company.siren}), {company.city}")
        ctx.note(f"Utilisateurs : {', '.join(ctx.users)} (mot de passe « {DEMO_PASSWORD} »)")
        for hook in _app_hooks():
            hook(ctx)
    return ctx
