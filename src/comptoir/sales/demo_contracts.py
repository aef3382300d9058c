"""Demo contracts of Vercors Équipements: a template per kind with believable French
clauses, and about twenty-five contracts of demo customers — maintenance of installed
equipment, extended warranties, subcontracted installations, remote-monitoring
subscriptions — signed over the last two years, so that the daily job renews some, one
has been terminated, notice was given on one, others near their notice deadline, and two
drafts wait for signature (one missing a mandatory clause).

Everything goes through the services, as people would, so numbers, schedules, PDFs, the
audit trail and the timeline are all real. Dates are relative to the day the command runs.
"""

import datetime
import random
from decimal import Decimal

from comptoir.core.audit import acting_as
from comptoir.parties.models import Organisation
from comptoir.sales import contract_terms
from comptoir.sales.choices import REQUIRED_CLAUSES
from comptoir.sales.models import Contract, ContractTemplate
from comptoir.sales.services import contracts as services

SEED = 2026

CLAUSES = {
    "object": (
        "Objet du contrat",
        "Le présent contrat a pour objet de définir les conditions dans lesquelles "
        "{{ societe.nom }} assure, pour le compte de {{ client.nom }}, les prestations "
        "décrites aux conditions particulières, sur les équipements et sites qui y sont "
        "listés.",
    ),
    "duration": (
        "Durée et reconduction",
        "Le contrat prend effet le {{ contrat.date_debut }} pour une durée de "
        "{{ contrat.duree }}, jusqu'au {{ contrat.date_fin }}. Il se renouvelle ensuite par "
        "tacite reconduction ({{ contrat.reconduction }}), sauf dénonciation par l'une des "
        "parties par lettre recommandée avec accusé de réception au moins "
        "{{ contrat.preavis }} avant son échéance.",
    ),
    "price": (
        "Prix et modalités de paiement",
        "Le prix annuel hors taxes est de {{ contrat.prix }}, facturé selon une périodicité "
        "{{ contrat.periodicite }}, terme à échoir. Les factures sont payables à 30 jours "
        "date de facture. Tout retard de paiement entraîne des pénalités au taux de trois "
        "fois le taux d'intérêt légal et une indemnité forfaitaire pour frais de "
        "recouvrement de 40 euros (articles L. 441-10 et D. 441-5 du code de commerce).",
    ),
    "indexation": (
        "Révision du prix",
        "Le prix est révisé chaque année à la date anniversaire du contrat selon la formule "
        "{{ contrat.formule }}, où P0 est le prix à la signature, S0 la valeur de l'indice "
        "{{ contrat.indice }} de référence ({{ contrat.indice_base }}) et S1 la dernière "
        "valeur publiée à la date de révision.",
    ),
    "service_level": (
        "Niveaux de service",
        "Les visites de maintenance préventive ont lieu selon le calendrier convenu. En cas "
        "de panne, le technicien intervient sur site dans un délai de 8 heures ouvrées "
        "suivant l'appel au service après-vente (du lundi au vendredi, de 8 h à 18 h). "
        "Les pièces d'usure sont comprises, les pièces détachées facturées au tarif en "
        "vigueur.",
    ),
    "warranty_scope": (
        "Étendue de la garantie",
        "La garantie couvre les pièces, la main-d'œuvre et les déplacements pour toute "
        "panne résultant d'un vice de fabrication ou de montage. Sont exclus les dommages "
        "dus à une utilisation non conforme à la notice, au défaut d'entretien ou à une "
        "intervention d'un tiers non agréé par {{ societe.nom }}.",
    ),
    "subcontractor_duties": (
        "Obligations du sous-traitant",
        "Le sous-traitant exécute les travaux d'installation selon les règles de l'art et "
        "les plans fournis, avec un personnel qualifié et habilité. Il justifie de son "
        "attestation de vigilance URSSAF tous les six mois (article L. 8222-1 du code du "
        "travail) et de son assurance responsabilité civile professionnelle.",
    ),
    "termination": (
        "Résiliation",
        "En cas de manquement grave de l'une des parties à ses obligations, non réparé dans "
        "les trente jours suivant une mise en demeure par lettre recommandée, l'autre partie "
        "peut résilier le contrat de plein droit, sans préjudice de tous dommages et "
        "intérêts.",
    ),
    "liability": (
        "Responsabilité et assurances",
        "La responsabilité de {{ societe.nom }} est limitée aux dommages directs et ne peut "
        "excéder le prix annuel du contrat. Chaque partie déclare être assurée pour les "
        "conséquences de sa responsabilité civile professionnelle.",
    ),
    "confidentiality": (
        "Confidentialité",
        "Chaque partie garde confidentielles les informations de l'autre dont elle a "
        "connaissance à l'occasion du contrat, pendant sa durée et cinq ans après son terme.",
    ),
    "personal_data": (
        "Données personnelles",
        "Les données personnelles échangées sont traitées conformément au règlement (UE) "
        "2016/679 (RGPD), pour la seule exécution du contrat. Chaque partie dispose d'un "
        "droit d'accès, de rectification et d'effacement auprès de l'autre.",
    ),
    "law": (
        "Droit applicable et juridiction",
        "Le contrat est soumis au droit français. Tout litige relatif à sa formation, son "
        "exécution ou sa résiliation relève, à défaut d'accord amiable, de la compétence "
        "exclusive du tribunal de commerce de Lyon.",
    ),
}

TEMPLATES = {
    "maintenance": (
        "Contrat de maintenance préventive et curative",
        "## Contrat de maintenance\n\n"
        "Entre {{ societe.nom }}, {{ societe.adresse }}, SIREN {{ societe.siren }}, ci-après "
        "« le prestataire », et {{ client.nom }}, {{ client.adresse }}, ci-après « le "
        "client », il est convenu ce qui suit.",
    ),
    "warranty": (
        "Extension de garantie constructeur",
        "## Extension de garantie\n\n"
        "{{ societe.nom }} prolonge, au profit de {{ client.nom }}, la garantie des "
        "équipements listés ci-dessous, dans les conditions suivantes.",
    ),
    "subcontracting": (
        "Contrat de sous-traitance d'installation",
        "## Contrat de sous-traitance\n\n"
        "Dans le cadre de la loi n° 75-1334 du 31 décembre 1975 relative à la sous-traitance, "
        "{{ societe.nom }} confie à {{ client.nom }} l'exécution des travaux d'installation "
        "décrits ci-dessous.",
    ),
    "subscription": (
        "Abonnement télésurveillance et assistance",
        "## Abonnement\n\n"
        "{{ client.nom }} souscrit auprès de {{ societe.nom }} un abonnement de "
        "télésurveillance des équipements et d'assistance téléphonique, dans les conditions "
        "suivantes.",
    ),
}

EQUIPMENT = {
    "maintenance": [
        ("Compresseur à vis Atlas Copco GA 30", "Maintenance préventive semestrielle"),
        ("Chariot élévateur Fenwick E25", "Visite générale périodique et entretien"),
        ("Groupe froid Carrier 30RB", "Maintenance préventive trimestrielle"),
        ("Porte sectionnelle Hörmann SPU 67", "Entretien annuel et dépannage"),
        ("Four ventilé Bongard 10 niveaux", "Entretien préventif et dépannage"),
        ("Centrale de traitement d'air France Air", "Remplacement des filtres et contrôle"),
        ("Pont roulant Demag 5 t", "Vérification générale périodique"),
    ],
    "warranty": [
        ("Laveuse industrielle Electrolux WH6-20", "Extension de garantie pièces et main-d'œuvre"),
        ("Groupe électrogène SDMO 60 kVA", "Extension de garantie 3 ans"),
        ("Chambre froide positive Isocab", "Extension de garantie du groupe"),
    ],
    "subcontracting": [
        ("Ligne de convoyage", "Pose et raccordement des convoyeurs"),
        ("Rayonnages à palettes", "Montage et contrôle des rayonnages"),
    ],
    "subscription": [
        ("Télésurveillance des groupes froids", "Alertes de température 24 h/24"),
        ("Assistance téléphonique", "Hotline technique, 8 h – 18 h"),
    ],
}

# (kind, months before today it started, term in months, frequency, price, options)
PLAN = [
    ("maintenance", 2, 12, "quarterly", "2400.00", {}),
    ("maintenance", 4, 12, "quarterly", "3600.00", {}),
    ("maintenance", 5, 12, "yearly", "1850.00", {}),
    ("maintenance", 7, 12, "quarterly", "5200.00", {}),
    ("maintenance", 8, 12, "quarterly", "2980.00", {}),  # notice deadline within a month
    ("maintenance", 8, 12, "monthly", "4320.00", {}),  # notice deadline within a month
    ("maintenance", 9, 12, "yearly", "1450.00", {"notice": True}),
    ("maintenance", 10, 12, "quarterly", "6100.00", {}),
    ("maintenance", 11, 12, "half_yearly", "2750.00", {}),
    ("maintenance", 14, 12, "quarterly", "3900.00", {}),  # renewed by the job
    ("maintenance", 20, 12, "yearly", "2200.00", {}),  # renewed by the job
    ("maintenance", 6, 12, "quarterly", "3100.00", {"terminate": True}),
    ("maintenance", 3, 12, "monthly", "1980.00", {}),
    ("maintenance", 1, 12, "quarterly", "2650.00", {}),
    ("warranty", 13, 24, "yearly", "890.00", {"no_renewal": True}),
    ("warranty", 6, 36, "yearly", "1240.00", {"no_renewal": True}),
    ("warranty", 25, 24, "yearly", "760.00", {"no_renewal": True}),  # expired by the job
    ("warranty", 2, 24, "yearly", "1100.00", {"no_renewal": True}),
    ("subcontracting", 5, 12, "monthly", "18000.00", {}),
    ("subcontracting", 10, 12, "monthly", "9600.00", {}),
    ("subscription", 3, 12, "monthly", "588.00", {"notice_months": 1}),
    ("subscription", 8, 12, "monthly", "948.00", {"notice_months": 1}),
    ("subscription", 10, 12, "monthly", "1188.00", {"notice_months": 1}),  # notice soon
]


def _first_of_month(day: datetime.date, months_back: int) -> datetime.date:
    return contract_terms.add_months(day.replace(day=1), -months_back)


def _templates(adv) -> dict[str, ContractTemplate]:
    templates = {}
    for kind, (name, body) in TEMPLATES.items():
        template = services.contract_template_create(by=adv, name=name, kind=kind, body=body)
        for code in REQUIRED_CLAUSES[kind]:
            title, text = CLAUSES[code]
            services.contract_template_clause_add(
                by=adv, template=template, clause_type=code, title=title, body=text
            )
        templates[kind] = template
    return templates


def load_contracts(ctx) -> None:
    if Contract.objects.exists() or ContractTemplate.objects.exists():
        ctx.note("Contrats : déjà présents, laissés tels quels")
        return
    rng = random.Random(SEED)
    today = ctx.today
    adv, manager = ctx.users["adv"], ctx.users["charge_clientele"]
    templates = _templates(adv)
    customers = list(
        Organisation.objects.filter(is_client=True).select_related("owner").order_by("id")[:60]
    )
    if not customers:
        ctx.note("Contrats : aucun client dans la base, pas de contrat de démonstration")
        return
    rng.shuffle(customers)

    made = []
    for index, (kind, back, term, frequency, price, options) in enumerate(PLAN):
        customer = customers[index % len(customers)]
        start = _first_of_month(today, back)
        with_index = kind in ("maintenance", "subscription")
        contract = services.contract_create(
            by=adv,
            customer=customer,
            template=templates[kind],
            start_date=start,
            term_months=term,
            tacit_renewal=not options.get("no_renewal"),
            renewal_months=12,
            notice_months=options.get("notice_months", 0 if options.get("no_renewal") else 3),
            price=Decimal(price),
            billing_frequency=frequency,
            index_name="Syntec" if with_index else "",
            index_base_value=Decimal("284.6") if with_index else None,
            index_fixed_part=Decimal("0.15") if kind == "maintenance" else Decimal(0),
            owner=customer.owner or manager,
        )
        equipment = EQUIPMENT[kind]
        for _n in range(rng.randint(1, 3)):
            name, service = rng.choice(equipment)
            services.contract_line_add(
                by=adv,
                contract=contract,
                description=service,
                equipment=f"{name} — n° {rng.randint(10000, 99999)}",
                site=customer.name,
            )
        made.append((contract, start, options))

    # Signed a few days before their start, in the order of signature: numbers follow dates.
    signatures = sorted(
        (min(start - datetime.timedelta(days=rng.randint(3, 20)), today), contract.pk, contract)
        for contract, start, _options in made
    )
    for signed_on, _pk, contract in signatures:
        services.contract_sign(
            by=adv,
            contract=contract,
            signed_on=signed_on,
            signatory=rng.choice(["M. le gérant", "Mme la directrice", "Le responsable technique"]),
        )

    for contract, _start, options in made:
        if options.get("notice"):
            services.contract_give_notice(
                by=manager,
                contract=contract,
                given_on=today - datetime.timedelta(days=12),
                note="Lettre recommandée du client : regroupement de ses contrats",
            )
        if options.get("terminate"):
            services.contract_terminate(
                by=adv,
                contract=contract,
                on=today - datetime.timedelta(days=20),
                reason="Cessation d'activité du site",
            )

    # The daily job, as the scheduler would have run it: renewals and an expiry.
    with acting_as(None):
        counts = services.contracts_renew(today=today)
    # The renewed maintenance contracts were revised on their anniversary.
    for contract in Contract.objects.filter(renewal_count__gt=0, kind="maintenance"):
        services.contract_index(
            by=adv,
            contract=contract,
            index_value=Decimal("291.3"),
            effective_on=contract.term_start,
        )

    # Two drafts waiting: one complete, one missing its liability clause.
    customer = customers[len(PLAN) % len(customers)]
    draft = services.contract_create(
        by=manager,
        customer=customer,
        template=templates["maintenance"],
        start_date=_first_of_month(today, -1),
        price=Decimal("3300.00"),
        billing_frequency="quarterly",
        index_name="Syntec",
        index_base_value=Decimal("291.3"),
    )
    services.contract_line_add(
        by=manager,
        contract=draft,
        description="Maintenance préventive semestrielle",
        equipment="Compresseur à vis Atlas Copco GA 30 — n° 48213",
        site=customer.name,
    )
    incomplete = services.contract_create(
        by=adv,
        customer=customers[(len(PLAN) + 1) % len(customers)],
        template=templates["subscription"],
        start_date=_first_of_month(today, -1),
        price=Decimal("708.00"),
        billing_frequency="monthly",
        notice_months=1,
        index_name="Syntec",
        index_base_value=Decimal("291.3"),
    )
    services.contract_clause_delete(
        by=adv, clause=incomplete.clauses.get(clause_type="personal_data")
    )
    ctx.note(
        f"Contrats : {Contract.objects.count()} contrats ({counts['renewed']} reconduits, "
        f"{counts['expired']} échus, 2 brouillons), {len(templates)} modèles"
    )
