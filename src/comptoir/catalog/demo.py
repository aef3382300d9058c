"""Demo catalog of Vercors Équipements (`comptoir demo`): professional kitchen, cold and
bakery equipment, spare parts, maintenance hours, installation flat rates and training days;
a general price list, a resellers' list with quantity breaks, key-account lists, customer
categories, terms and discounts on customers of the parties demo.

Deterministic (no random): the same catalog on every database.
"""

from datetime import date
from decimal import Decimal

from comptoir.catalog.models import (
    CustomerCategory,
    CustomerDiscount,
    CustomerTerms,
    PriceList,
    PriceListItem,
    Product,
    ProductFamily,
)
from comptoir.core import money
from comptoir.core.models import TaxRate
from comptoir.parties.models import Organisation

D = Decimal

# family -> (parent family, [(reference, label, unit, purchase cost, sale price, kind)])
FAMILIES: dict[str, tuple[str | None, list[tuple]]] = {
    "Équipements": (None, []),
    "Cuisson": (
        "Équipements",
        [
            ("CUI-FM06", "Four mixte 6 niveaux GN 1/1", "unit", "4150", "6890"),
            ("CUI-FM10", "Four mixte 10 niveaux GN 1/1", "unit", "5980", "9450"),
            ("CUI-FM20", "Four mixte 20 niveaux GN 2/1 sur chariot", "unit", "11200", "17900"),
            ("CUI-PIA4", "Piano de cuisson 4 feux vifs gaz", "unit", "1480", "2490"),
            ("CUI-PIA6", "Piano de cuisson 6 feux vifs et four gaz", "unit", "2620", "4190"),
            ("CUI-FRI10", "Friteuse électrique 2 × 10 l", "unit", "890", "1490"),
            ("CUI-SAL", "Salamandre électrique 600 mm", "unit", "520", "890"),
            ("CUI-PLA", "Plancha électrique chrome dur 800 mm", "unit", "980", "1650"),
        ],
    ),
    "Froid": (
        "Équipements",
        [
            ("FRO-ARM700", "Armoire réfrigérée positive 700 l inox", "unit", "1390", "2290"),
            ("FRO-ARM1400", "Armoire réfrigérée positive 1 400 l inox", "unit", "2280", "3690"),
            ("FRO-ARMN700", "Armoire réfrigérée négative 700 l inox", "unit", "1620", "2690"),
            ("FRO-CEL10", "Cellule de refroidissement rapide 10 niveaux", "unit", "4950", "7990"),
            ("FRO-TAB3", "Table réfrigérée 3 portes", "unit", "1180", "1990"),
            ("FRO-CF", "Chambre froide positive modulaire (m²)", "m2", "610", "980"),
            ("FRO-MGL", "Machine à glaçons 45 kg/24 h", "unit", "1050", "1790"),
        ],
    ),
    "Laverie": (
        "Équipements",
        [
            ("LAV-FRT", "Lave-vaisselle frontal 500 mm", "unit", "1690", "2790"),
            ("LAV-CAP", "Lave-vaisselle à capot avec adoucisseur", "unit", "3150", "5190"),
            ("LAV-TUN", "Tunnel de lavage 1 200 paniers/h", "unit", "16800", "26500"),
            ("LAV-VER", "Lave-verres 400 mm", "unit", "890", "1490"),
        ],
    ),
    "Boulangerie": (
        "Équipements",
        [
            ("BOU-PET60", "Pétrin à spirale 60 kg de pâte", "unit", "3350", "5490"),
            ("BOU-FSO", "Four à sole électrique 3 étages", "unit", "12400", "19800"),
            ("BOU-FAC", "Façonneuse à baguettes", "unit", "4200", "6790"),
            ("BOU-CHF", "Chambre de fermentation contrôlée 2 chariots", "unit", "5600", "8990"),
            ("BOU-DIV", "Diviseuse hydraulique 20 parts", "unit", "2900", "4690"),
        ],
    ),
    "Inox et mobilier": (
        "Équipements",
        [
            ("INX-TAB14", "Table inox adossée 1 400 × 700", "unit", "240", "420"),
            ("INX-PLO", "Plonge inox 2 bacs égouttoir à droite", "unit", "390", "690"),
            ("INX-ETA", "Étagère inox 4 niveaux", "unit", "160", "285"),
            ("INX-HOT", "Hotte murale inox (mètre linéaire)", "m", "420", "720"),
        ],
    ),
    "Pièces détachées": (
        None,
        [
            ("PDR-JNT01", "Joint de porte four mixte 6/10 niveaux", "unit", "38", "79"),
            ("PDR-RES25", "Résistance de four 2 500 W", "unit", "46", "98"),
            ("PDR-THE01", "Thermostat de sécurité 320 °C", "unit", "21", "49"),
            ("PDR-SON01", "Sonde à cœur multipoints", "unit", "64", "139"),
            ("PDR-MOT01", "Moteur de ventilation four mixte", "unit", "185", "369"),
            ("PDR-CMP01", "Compresseur frigorifique 1/2 CV", "unit", "210", "429"),
            ("PDR-VEN01", "Ventilateur d'évaporateur", "unit", "42", "92"),
            ("PDR-POM01", "Pompe de vidange lave-vaisselle", "unit", "58", "124"),
            ("PDR-BRA01", "Bras de lavage rotatif", "unit", "27", "61"),
            ("PDR-GAZ01", "Thermocouple gaz 900 mm", "unit", "9", "24"),
            ("PDR-FLT01", "Filtre à graisse inox 500 × 500", "unit", "19", "45"),
            ("PDR-DET5", "Détergent lave-vaisselle (bidon 5 kg)", "kg", "2.10", "4.90"),
            ("PDR-DTR5", "Détartrant four mixte (bidon 5 l)", "l", "3.40", "7.80"),
            ("PDR-CAR01", "Carte électronique de commande four", "unit", "240", "489"),
        ],
    ),
    "Services": (None, []),
    "Maintenance": (
        "Services",
        [
            ("SRV-HTEC", "Heure de technicien (main-d'œuvre)", "hour", "38", "78", "service"),
            (
                "SRV-HURG",
                "Heure de technicien en urgence (sous 4 h)",
                "hour",
                "45",
                "115",
                "service",
            ),
            (
                "SRV-DEPL",
                "Forfait déplacement agglomération lyonnaise",
                "package",
                "22",
                "65",
                "service",
            ),
            (
                "SRV-DEPR",
                "Forfait déplacement hors agglomération",
                "package",
                "45",
                "120",
                "service",
            ),
            ("SRV-ENTF", "Entretien préventif four mixte", "package", "70", "189", "service"),
            (
                "SRV-ENTR",
                "Entretien préventif installation froid",
                "package",
                "80",
                "215",
                "service",
            ),
            ("SRV-ENTL", "Entretien préventif lave-vaisselle", "package", "55", "149", "service"),
            (
                "SRV-CTRF",
                "Contrôle d'étanchéité des fluides frigorigènes",
                "package",
                "60",
                "160",
                "service",
            ),
            (
                "SRV-ABO",
                "Abonnement télésurveillance des températures",
                "month",
                "9",
                "29",
                "service",
            ),
        ],
    ),
    "Installation": (
        "Services",
        [
            (
                "INS-STD",
                "Forfait installation et mise en service (appareil standard)",
                "package",
                "140",
                "320",
                "service",
            ),
            (
                "INS-FOUR",
                "Forfait installation four mixte (raccordements compris)",
                "package",
                "260",
                "590",
                "service",
            ),
            ("INS-CF", "Montage de chambre froide (par m²)", "m2", "55", "120", "service"),
            (
                "INS-LAV",
                "Forfait installation lave-vaisselle à capot",
                "package",
                "190",
                "420",
                "service",
            ),
            (
                "INS-EVAC",
                "Enlèvement et recyclage de l'ancien appareil",
                "package",
                "35",
                "90",
                "service",
            ),
        ],
    ),
    "Formation": (
        "Services",
        [
            (
                "FOR-FM1",
                "Journée de formation cuisson au four mixte",
                "day",
                "280",
                "790",
                "service",
            ),
            ("FOR-HAC", "Journée de formation hygiène HACCP", "day", "250", "690", "service"),
            (
                "FOR-DEM",
                "Demi-journée de prise en main sur site",
                "package",
                "120",
                "340",
                "service",
            ),
        ],
    ),
}

# Resellers pay less, and less again from 5 and 10 units.
RESELLER_BREAKS = ((D("1"), D("0.85")), (D("5"), D("0.80")), (D("10"), D("0.76")))


def _round(value: Decimal) -> Decimal:
    """A list price derived from the sale price, rounded like the demo's euros."""
    return money.quantize(value, "EUR")


def load(ctx) -> None:
    if Product.objects.exists():
        ctx.note("Catalogue : déjà présent, laissé tel quel")
        return
    tax_rate = TaxRate.objects.get(country="FR", code="fr-20")
    families: dict[str, ProductFamily] = {}
    products: list[Product] = []
    for name, (parent, rows) in FAMILIES.items():
        families[name] = ProductFamily.objects.create(
            name=name, parent=families[parent] if parent else None
        )
        for row in rows:
            reference, label, unit, cost, price, *kind = row
            products.append(
                Product.objects.create(
                    reference=reference,
                    label=label,
                    unit=unit,
                    kind=kind[0] if kind else "product",
                    family=families[name],
                    purchase_cost=D(cost),
                    sale_price=D(price),
                    tax_rate=tax_rate,
                    description="",
                )
            )
    old = Product.objects.create(
        reference="CUI-FM06-V1",
        label="Four mixte 6 niveaux (ancienne génération)",
        family=families["Cuisson"],
        purchase_cost=D("3900"),
        sale_price=D("6490"),
        tax_rate=tax_rate,
        active=False,
    )
    products.append(old)
    by_ref = {p.reference: p for p in products}

    year = ctx.today.year
    general = PriceList.objects.create(
        name=f"Tarif général {year}",
        kind="general",
        valid_from=date(year, 1, 1),
        valid_to=date(year, 12, 31),
        notes="Prix publics HT, révisés chaque 1er janvier.",
    )
    # The general list names the equipment at its public price, with a break from 3 units on
    # fixtures that restaurants buy by the dozen.
    items = []
    for product in products:
        if not product.active or product.kind == "service":
            continue
        items.append(
            PriceListItem(
                price_list=general,
                product=product,
                min_quantity=D("1"),
                unit_price=product.sale_price,
            )
        )
        if product.family.name in ("Inox et mobilier", "Pièces détachées"):
            items.append(
                PriceListItem(
                    price_list=general,
                    product=product,
                    min_quantity=D("3"),
                    unit_price=_round(product.sale_price * D("0.95")),
                )
            )
    resellers = PriceList.objects.create(
        name="Tarif revendeurs", kind="category", notes="Installateurs et revendeurs agréés."
    )
    for product in products:
        if product.kind == "service" or not product.active:
            continue
        for threshold, ratio in RESELLER_BREAKS:
            items.append(
                PriceListItem(
                    price_list=resellers,
                    product=product,
                    min_quantity=threshold,
                    unit_price=_round(product.sale_price * ratio),
                )
            )
    public = PriceList.objects.create(
        name="Tarif collectivités et santé",
        kind="category",
        notes="Marchés publics et établissements de santé.",
    )
    for product in products:
        if product.active and product.family.parent_id == families["Équipements"].pk:
            items.append(
                PriceListItem(
                    price_list=public,
                    product=product,
                    min_quantity=D("1"),
                    unit_price=_round(product.sale_price * D("0.90")),
                )
            )
    PriceListItem.objects.bulk_create(items, batch_size=500)

    categories = {
        "Revendeurs": CustomerCategory.objects.create(
            name="Revendeurs",
            description="Installateurs et revendeurs de matériel CHR.",
            price_list=resellers,
        ),
        "Collectivités et santé": CustomerCategory.objects.create(
            name="Collectivités et santé",
            description="Cliniques, EHPAD, cantines.",
            price_list=public,
        ),
        "Restauration indépendante": CustomerCategory.objects.create(
            name="Restauration indépendante",
            description="Restaurants et hôtels indépendants : tarif général.",
        ),
    }

    clients = list(Organisation.objects.filter(is_client=True).order_by("name_folded", "id"))
    key_accounts = [o for o in clients if o.is_key_account][:3]
    for index, organisation in enumerate(key_accounts):
        key_list = PriceList.objects.create(
            name=f"Grand compte – {organisation.name}",
            kind="key_account",
            valid_from=date(year, 1, 1),
            notes="Conditions négociées à l'accord-cadre.",
        )
        chosen = [p for p in products if p.active][index::4][:14]
        PriceListItem.objects.bulk_create(
            [
                PriceListItem(
                    price_list=key_list,
                    product=product,
                    min_quantity=D("1"),
                    unit_price=_round(product.sale_price * D("0.82")),
                )
                for product in chosen
            ]
        )
        CustomerTerms.objects.create(
            party=organisation, price_list=key_list, discount_percent=D("2")
        )
        CustomerDiscount.objects.create(
            party=organisation, family=families["Pièces détachées"], percent=D("10")
        )
        organisation.payment_terms_days = 45
        organisation.save(update_fields=["payment_terms_days"])

    health = [o for o in clients if o.sector == "Santé" and o not in key_accounts][:6]
    builders = [o for o in clients if o.sector == "BTP" and o not in key_accounts][:5]
    restaurants = [
        o for o in clients if o.sector in ("Restauration", "Hôtellerie") and o not in key_accounts
    ][:8]
    for organisation in health:
        CustomerTerms.objects.create(
            party=organisation, category=categories["Collectivités et santé"]
        )
    for organisation in builders:
        CustomerTerms.objects.create(party=organisation, category=categories["Revendeurs"])
        CustomerDiscount.objects.create(
            party=organisation, product=by_ref["INS-STD"], percent=D("15")
        )
    for index, organisation in enumerate(restaurants):
        CustomerTerms.objects.create(
            party=organisation,
            category=categories["Restauration indépendante"],
            discount_percent=D("3") if index % 2 else D("0"),
        )
        if index % 3 == 0:
            CustomerDiscount.objects.create(
                party=organisation, family=families["Maintenance"], percent=D("5")
            )
    ctx.note(
        f"Catalogue : {len(products)} produits et services, {len(families)} familles, "
        f"{PriceList.objects.count()} listes de prix, "
        f"{CustomerTerms.objects.count()} clients avec conditions commerciales"
    )
