"""Demo client base of Vercors Équipements (`comptoir demo`): ~300 organisations, ~850 people,
their channels, consents and two years of timeline.

Everything comes from one seeded random generator, so two databases get the same names and
identifiers; dates are relative to the day the command runs. Organisations and people are
multi-table models (one Party row + one child row), which bulk_create cannot write: they are
created one by one (and audited as created by the system); everything else hanging on them is
bulk-created. Some records are duplicates on purpose, for the duplicate scan to find, and some
prospects have been silent for years, for the GDPR review to flag.
"""

import random
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import phonenumbers
from rapidfuzz import fuzz
from stdnum import luhn

from comptoir.core.identifiers import format_phone, validate_phone
from comptoir.parties.duplicates import comparable_name
from comptoir.parties.models import (
    Address,
    Affiliation,
    Consent,
    Email,
    Interaction,
    Organisation,
    Party,
    Person,
    Phone,
    Tag,
)
from comptoir.parties.normalize import fold
from comptoir.parties.services.parties import person_name

SEED = 2026
PARIS = ZoneInfo("Europe/Paris")

# City -> (postal codes, landline prefixes after +33, weight, team).
CITIES = {
    "Lyon": (["69001", "69002", "69003", "69006", "69007", "69008", "69009"], ["472", "478", "437"], 22, "Lyon Métropole"),
    "Villeurbanne": (["69100"], ["472", "478"], 7, "Lyon Métropole"),
    "Vénissieux": (["69200"], ["472", "478"], 3, "Lyon Métropole"),
    "Villefranche-sur-Saône": (["69400"], ["474"], 3, "Lyon Métropole"),
    "Grenoble": (["38000", "38100"], ["476", "438"], 9, "Alpes"),
    "Voiron": (["38500"], ["476"], 2, "Alpes"),
    "Annecy": (["74000"], ["450"], 5, "Alpes"),
    "Chambéry": (["73000"], ["479"], 5, "Alpes"),
    "Valence": (["26000"], ["475"], 5, "Alpes"),
    "Saint-Étienne": (["42000", "42100"], ["477"], 7, "Loire-Auvergne"),
    "Roanne": (["42300"], ["477"], 2, "Loire-Auvergne"),
    "Clermont-Ferrand": (["63000", "63100"], ["473"], 6, "Loire-Auvergne"),
    "Mâcon": (["71000"], ["385"], 3, "Saône-Ain"),
    "Bourg-en-Bresse": (["01000"], ["474"], 4, "Saône-Ain"),
    "Dijon": (["21000"], ["380"], 2, "Saône-Ain"),
    "Paris": (["75008", "75011", "75015", "75017"], ["142", "144", "153"], 6, "Hors région"),
    "Marseille": (["13001", "13006", "13008"], ["491"], 4, "Hors région"),
    "Montpellier": (["34000"], ["467"], 2, "Hors région"),
}  # fmt: skip

STREETS = [
    "rue de la République", "avenue Jean Jaurès", "rue Victor Hugo", "boulevard Gambetta",
    "rue Pasteur", "avenue de la Gare", "rue du Général Leclerc", "rue des Tanneurs",
    "chemin des Vignes", "rue de l'Industrie", "avenue des Frères Lumière", "rue Paul Bert",
    "impasse des Artisans", "rue du Commerce", "allée des Érables", "rue Émile Zola",
    "route de Grenoble", "rue Carnot", "avenue Foch", "rue de la Liberté", "quai des Marais",
    "rue Voltaire", "boulevard de l'Europe", "rue des Acacias", "place du Marché",
]  # fmt: skip
BUSINESS_PARKS = ["ZI des Platières", "ZA du Moulin", "Parc d'activités des Chesnes", "ZI Sud"]

FIRST_NAMES_F = [
    "Marie", "Sophie", "Isabelle", "Nathalie", "Catherine", "Sandrine", "Céline", "Aurélie",
    "Julie", "Camille", "Émilie", "Laure", "Claire", "Anne", "Christine", "Valérie", "Hélène",
    "Élodie", "Manon", "Léa", "Chloé", "Pauline", "Sarah", "Amandine", "Virginie", "Agnès",
    "Brigitte", "Martine", "Sylvie", "Françoise", "Mélanie", "Audrey", "Inès", "Nadia", "Karima",
    "Anne-Sophie", "Marie-Christine", "Odile", "Géraldine", "Stéphanie",
]  # fmt: skip
FIRST_NAMES_M = [
    "Jean", "Pierre", "Michel", "Philippe", "Alain", "Nicolas", "Christophe", "Stéphane",
    "Laurent", "Frédéric", "Olivier", "Sébastien", "Julien", "David", "Thomas", "Guillaume",
    "Maxime", "Antoine", "Romain", "Benoît", "Jérôme", "Franck", "Didier", "Patrick", "Bernard",
    "Hugo", "Lucas", "Mathieu", "Rachid", "Karim", "Yannick", "Jean-Pierre", "Jean-Luc",
    "François", "Gilles", "Cédric", "Arnaud", "Bruno", "Xavier", "Rémi",
]  # fmt: skip
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet",
    "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin",
    "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier",
    "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez", "Gérard", "Nguyen",
    "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier", "Roger", "Roche", "Roy", "Noël",
    "Meyer", "Lucas", "Meunier", "Jean", "Perez", "Marchand", "Dufour", "Blanchard", "Brun",
    "Barbier", "Arnaud", "Giraud", "Rivière", "Brunet", "Colin", "Picard", "Vidal", "Caron",
    "Benoît", "Chabert", "Rey", "Berthet", "Jacquier", "Buisson", "Chapuis", "Fayolle", "Rochette",
    "Ducret", "Guillot", "Pellet", "Vial", "Cartier", "Bouvier", "Tissot", "Chatelain", "Mollard",
    "Perret", "Cottet", "Bonnefoy", "Brossard", "Dumas", "Besson", "Benali", "Haddad", "Pereira",
]  # fmt: skip

# Sector -> (NAF codes, name patterns, organisation kind, legal forms, headcount bands).
# In patterns {n} is a family name, {c} the city, {p} a place word.
SECTORS = {
    "Restauration": (
        ["56.10A", "56.10C", "56.21Z", "56.30Z"],
        ["Restaurant {n}", "Brasserie du {p}", "Le Bouchon {n}", "Traiteur {n}", "Bistrot {n}", "Pizzeria {n}"],
        "company", ["SARL", "SAS", "EURL", "SASU"], ["1-9", "10-49"],
    ),
    "Hôtellerie": (
        ["55.10Z"], ["Hôtel du {p}", "Hôtel {n}", "Résidence hôtelière {n}"],
        "company", ["SARL", "SAS"], ["1-9", "10-49", "50-249"],
    ),
    "Boulangerie-pâtisserie": (
        ["10.71C", "10.71D"], ["Boulangerie {n}", "Pâtisserie {n}", "Au Fournil {n}"],
        "company", ["SARL", "EURL", "EI"], ["0", "1-9"],
    ),
    "BTP": (
        ["41.20A", "43.21A", "43.22A", "43.32A", "43.99C"],
        ["{n} Bâtiment", "Maçonnerie {n}", "Menuiserie {n}", "{n} Électricité", "Plomberie {n}", "Charpentes {n}"],
        "company", ["SARL", "SAS", "SA"], ["1-9", "10-49", "50-249"],
    ),
    "Santé": (
        ["86.10Z", "86.21Z", "86.90A", "87.10A"],
        ["Clinique du {p}", "Cabinet médical {n}", "Laboratoire {n}", "EHPAD Les {t}"],
        "company", ["SAS", "SA", "SARL"], ["10-49", "50-249", "250-4999"],
    ),
    "Commerce de détail": (
        ["47.11B", "47.52A", "47.59B", "47.21Z"],
        ["Quincaillerie {n}", "Épicerie fine {n}", "{n} Distribution", "Primeurs {n}", "Comptoir {n}"],
        "company", ["SARL", "SAS", "EURL"], ["1-9", "10-49"],
    ),
    "Industrie agroalimentaire": (
        ["10.13A", "10.51C", "10.82Z", "10.39A", "11.02B"],
        ["Salaisons {n}", "Fromagerie {n}", "Chocolaterie {n}", "Conserverie {n}", "Domaine {n}"],
        "company", ["SAS", "SA", "SARL"], ["10-49", "50-249", "250-4999"],
    ),
    "Transport et logistique": (
        ["49.41A", "52.29A", "52.10B"],
        ["Transports {n}", "{n} Logistique", "Messageries {n}"],
        "company", ["SAS", "SARL", "SA"], ["10-49", "50-249"],
    ),
    "Industrie mécanique": (
        ["25.62B", "28.29B", "33.12Z"],
        ["Mécanique {n}", "Usinage {n}", "{n} Industrie", "Chaudronnerie {n}"],
        "company", ["SAS", "SA", "SARL"], ["10-49", "50-249"],
    ),
    "Services aux entreprises": (
        ["70.22Z", "81.21Z", "82.30Z", "69.20Z"],
        ["{n} Conseil", "Nettoyage {n}", "{n} Événements", "Cabinet {n} Expertise"],
        "company", ["SAS", "SARL", "EURL", "SASU"], ["0", "1-9", "10-49"],
    ),
}  # fmt: skip
PLACES = [
    "Parc",
    "Lac",
    "Marché",
    "Théâtre",
    "Pont",
    "Vieux Port",
    "Château",
    "Moulin",
    "Soleil",
    "Midi",
]
EHPAD = ["Tilleuls", "Glycines", "Charmilles", "Bleuets", "Jardins d'Alice", "Coteaux"]

ADMIN_PATTERNS = [
    ("Mairie de {c}", "84.11Z", "Administration publique", "50-249"),
    ("Lycée professionnel {n}", "85.32Z", "Enseignement", "50-249"),
    ("Lycée hôtelier de {c}", "85.32Z", "Enseignement", "50-249"),
    ("Centre hospitalier de {c}", "86.10Z", "Santé", "250-4999"),
    ("Communauté de communes du Pays de {c}", "84.11Z", "Administration publique", "50-249"),
]
ASSOCIATIONS = [
    "Banque alimentaire du Rhône", "Restos du Cœur – antenne de {c}", "Amicale laïque de {c}",
    "Club sportif de {c}", "Comité des fêtes de {c}", "Maison des jeunes et de la culture de {c}",
    "Association Les Petits Chefs de {c}", "Foyer de jeunes travailleurs de {c}",
]  # fmt: skip
GROUPS = [
    ("Groupe Saveurs du Rhône", "Restauration", "Lyon", ["Brasserie Bellevue", "Le Comptoir des Saveurs", "Saveurs Traiteur"]),
    ("Alpes Santé Groupe", "Santé", "Grenoble", ["Clinique des Alpes", "Clinique du Grésivaudan"]),
    ("Groupe Transports Berthet", "Transport et logistique", "Bourg-en-Bresse", ["Berthet Frigo Express", "Berthet Logistique Mâcon"]),
    ("Fromageries Réunies des Savoie", "Industrie agroalimentaire", "Annecy", ["Fromagerie du Semnoz", "Affinage des Bauges"]),
]  # fmt: skip
SUPPLIERS = [
    ("Inox Alpes Fabrication", "25.11Z", "Industrie mécanique", "Grenoble"),
    ("Froid Industriel du Dauphiné", "28.25Z", "Industrie mécanique", "Voiron"),
    ("Cartonnages du Forez", "17.21A", "Industrie", "Saint-Étienne"),
    ("Transports Rochette Frères", "49.41A", "Transport et logistique", "Villeurbanne"),
    ("Électro-Cuisson Lyonnaise", "27.51Z", "Industrie mécanique", "Vénissieux"),
    ("Verrerie Technique de Rive-de-Gier", "23.13Z", "Industrie", "Saint-Étienne"),
    ("Plastiques Oyonnax Injection", "22.29A", "Industrie", "Bourg-en-Bresse"),
    ("Laverie Pro Équipement", "28.94Z", "Industrie mécanique", "Lyon"),
    ("Fournitures de Bureau Rhodaniennes", "46.66Z", "Commerce de gros", "Lyon"),
    ("Informatique Services Chambéry", "62.02A", "Services aux entreprises", "Chambéry"),
    ("Pièces Détachées CHR Sud-Est", "46.69B", "Commerce de gros", "Valence"),
    ("Groupe Ressort Industrie", "25.93Z", "Industrie mécanique", "Annecy"),
    ("Emballages Clermontois", "17.21B", "Industrie", "Clermont-Ferrand"),
    ("Menuiserie Inox Savoyarde", "25.11Z", "Industrie mécanique", "Chambéry"),
    ("Acier Service Rhône", "46.72Z", "Commerce de gros", "Vénissieux"),
    ("Affûtage et Coutellerie Thiernoise", "25.71Z", "Industrie", "Clermont-Ferrand"),
    ("Hygiène Pro Distribution", "46.44Z", "Commerce de gros", "Villeurbanne"),
    ("Étiquettes Bressanes", "17.29Z", "Industrie", "Bourg-en-Bresse"),
    ("Gaz et Fluides du Lyonnais", "46.71Z", "Commerce de gros", "Lyon"),
    ("Maintenance Frigorifique Mâconnaise", "33.12Z", "Industrie mécanique", "Mâcon"),
]  # fmt: skip
PARTNERS = [
    ("Rhône Leasing Professionnel", "64.91Z", "Services financiers", "Lyon"),
    ("Installateurs Associés des Alpes", "43.22B", "BTP", "Grenoble"),
    ("Bureau d'études Cuisines Pro", "71.12B", "Services aux entreprises", "Lyon"),
    ("École de Cuisine de Chambéry", "85.59A", "Enseignement", "Chambéry"),
    ("Frigoristes du Forez", "43.22B", "BTP", "Saint-Étienne"),
]  # fmt: skip
COMPETITORS = [
    ("Équip'Pro Rhône-Alpes", "Lyon"),
    ("Alpes Cuisines Professionnelles", "Annecy"),
    ("Dauphiné Équipement CHR", "Grenoble"),
    ("Sud-Est Matériel Hôtelier", "Marseille"),
    ("Auvergne Froid et Cuisson", "Clermont-Ferrand"),
]

TAGS = [
    "Salon Equip'Hotel 2025", "Salon Sirha 2025", "VIP", "Relance printemps", "Appel d'offres",
    "Contrat de maintenance", "Newsletter", "Parrainage", "Leasing", "Export",
]  # fmt: skip

JOBS = {
    "company": [
        ("Gérant", "decision_maker"), ("Directeur général", "decision_maker"),
        ("Président", "decision_maker"), ("Responsable des achats", "buyer"),
        ("Acheteur", "buyer"), ("Comptable", "accountant"), ("Responsable administratif et financier", "accountant"),
        ("Chef de cuisine", "user"), ("Responsable maintenance", "technical"),
        ("Responsable technique", "technical"), ("Assistant de direction", "other"),
        ("Responsable d'exploitation", "user"), ("Directeur commercial", "prescriber"),
    ],
    "administration": [
        ("Directeur des services techniques", "decision_maker"), ("Responsable de la commande publique", "buyer"),
        ("Gestionnaire marchés publics", "buyer"), ("Chef de cuisine", "user"), ("Intendant", "accountant"),
        ("Agent comptable", "accountant"), ("Responsable restauration collective", "prescriber"),
    ],
    "small": [
        ("Gérant", "decision_maker"), ("Cogérant", "decision_maker"), ("Comptable", "accountant"),
        ("Chef de cuisine", "user"), ("Responsable de production", "user"),
        ("Assistant administratif", "other"),
    ],
    "association": [
        ("Président", "decision_maker"), ("Trésorier", "accountant"), ("Secrétaire", "other"),
        ("Coordinateur", "user"), ("Responsable logistique", "buyer"),
    ],
}  # fmt: skip

# Sectors with a kitchen, where the chef is the one who uses what we sell.
KITCHENS = {"Restauration", "Hôtellerie", "Santé", "Enseignement", "Action sociale et loisirs"}

PRODUCTS = [
    "four mixte 10 niveaux", "lave-vaisselle à capot", "chambre froide positive",
    "armoire réfrigérée 700 L", "trancheuse à jambon", "batteur-mélangeur 20 L", "vitrine réfrigérée",
    "hotte aspirante", "plonge inox 2 bacs", "machine à glaçons", "cellule de refroidissement",
    "friteuse double bac", "piano de cuisson", "table réfrigérée", "rayonnages inox",
    "four à sole", "laminoir à pâte", "étuve de fermentation", "lave-linge industriel",
    "chariot de service", "meuble bain-marie",
]  # fmt: skip
SUBJECTS = {
    "call": [
        ("out", "Appel de suivi après installation du {p}"), ("out", "Relance devis {p}"),
        ("in", "Demande de prix pour un {p}"), ("in", "Question sur la garantie du {p}"),
        ("out", "Prise de rendez-vous pour présentation de la gamme"), ("in", "Demande de délai de livraison"),
        ("out", "Appel de prospection : besoins en équipement de cuisine"), ("in", "Panne signalée sur {p}"),
        ("out", "Point sur le contrat de maintenance"), ("in", "Demande de rappel du service commercial"),
    ],
    "email": [
        ("out", "Envoi de la documentation {p}"), ("in", "Demande de devis : {p}"),
        ("out", "Proposition tarifaire {p}"), ("in", "Réclamation délai de livraison"),
        ("out", "Confirmation du rendez-vous"), ("in", "Relevé des compteurs et demande d'intervention"),
        ("out", "Conditions de reprise de l'ancien matériel"), ("in", "Demande de fiche technique {p}"),
    ],
    "meeting": [
        ("out", "Rendez-vous de présentation de l'offre {y}"), ("out", "Réunion de lancement du projet de cuisine"),
        ("out", "Revue annuelle du compte"), ("out", "Négociation des conditions {y}"),
        ("in", "Rendez-vous au showroom de Lyon"),
    ],
    "visit": [
        ("out", "Visite du site pour relevé de cotes"), ("out", "Visite de courtoisie"),
        ("out", "Démonstration {p} sur site"), ("out", "Réception de l'installation du {p}"),
        ("in", "Visite du client au showroom"),
    ],
    "sample": [("out", "Envoi d'échantillons de bacs gastronormes"), ("out", "Prêt d'un {p} à l'essai")],
    "note": [
        ("internal", "Client satisfait, projet d'agrandissement en {y}"), ("internal", "Budget voté pour le renouvellement du {p}"),
        ("internal", "Changement d'interlocuteur aux achats"), ("internal", "Concurrent présent sur le dossier {p}"),
        ("internal", "Attend les subventions avant de commander"), ("internal", "Prévoir relance avant l'été"),
    ],
}  # fmt: skip
KIND_WEIGHTS = {"call": 35, "email": 30, "meeting": 8, "visit": 8, "note": 12, "sample": 3}
MAILINGS = [
    (60, "Newsletter : les nouveautés de la rentrée"),
    (150, "Offre spéciale Salon Equip'Hotel"),
    (250, "Catalogue froid professionnel"),
    (400, "Relance printemps : contrat de maintenance"),
    (540, "Invitation au Salon Sirha"),
    (680, "Vœux et conditions de l'année"),
]
INTERESTS = [
    "cuisine", "pâtisserie", "œnologie", "randonnée", "jardinage", "barbecue", "bricolage",
    "ski", "vélo", "photographie", "voyages", "musique",
]  # fmt: skip
PRIVATE_DOMAINS = [
    "gmail.com",
    "orange.fr",
    "free.fr",
    "laposte.net",
    "wanadoo.fr",
    "sfr.fr",
    "hotmail.fr",
]


class _Generator:
    """Draws everything from one seeded generator and remembers what it already used, so that
    identifiers, numbers and names never collide except where a duplicate is meant."""

    def __init__(self, ctx):
        self.rng = random.Random(SEED)
        self.ctx = ctx
        self.today = ctx.today
        self.sirens: set[str] = set()
        self.numbers: set[str] = set()
        self.emails: set[str] = set()
        self.domains: set[str] = set()
        self.names_by_city: dict[str, list[str]] = defaultdict(list)
        users = ctx.users
        self.managers = [
            (users["charge_clientele"], 55),
            (users["direction"], 15),
            (users["adv"], 15),
            (users["teleconseiller"], 15),
        ]
        self.tags = {name: Tag.objects.get_or_create(name=name)[0] for name in TAGS}
        # Rows hanging on the parties, bulk-created at the end.
        self.addresses: list[Address] = []
        self.phones: list[Phone] = []
        self.email_rows: list[Email] = []
        self.consents: list[Consent] = []
        self.affiliations: list[Affiliation] = []
        self.tag_links: list = []
        self.created_at: dict[int, datetime] = {}
        self.organisations: list[Organisation] = []
        self.contacts: dict[int, list[Person]] = defaultdict(list)
        self.private: list[Person] = []
        self.stale: list[Party] = []

    # --- small draws --------------------------------------------------------------------

    def weighted(self, pairs):
        values, weights = zip(*pairs, strict=True)
        return self.rng.choices(values, weights)[0]

    def city(self) -> str:
        return self.weighted([(name, spec[2]) for name, spec in CITIES.items()])

    def owner(self):
        return self.weighted(self.managers)

    def at(self, days_ago_min: int, days_ago_max: int) -> datetime:
        """A working-hours moment between the two ages (in days), in the company's time zone."""
        day = self.today - timedelta(days=self.rng.randint(days_ago_min, days_ago_max))
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        moment = time(self.rng.randint(8, 17), self.rng.choice((0, 10, 15, 20, 30, 40, 45, 50)))
        return datetime.combine(day, moment, tzinfo=PARIS)

    def siren(self, prefix: str = "") -> str:
        while True:
            if not prefix:
                body = str(self.rng.randint(3, 9)) + f"{self.rng.randrange(10**7):07d}"
            else:
                body = prefix + "".join(str(self.rng.randrange(10)) for _ in range(8 - len(prefix)))
            number = body + luhn.calc_check_digit(body)
            if number not in self.sirens:
                self.sirens.add(number)
                return number

    def siret(self, siren: str, establishment: int = 1) -> str:
        body = f"{siren}{establishment:04d}"
        return body + luhn.calc_check_digit(body)

    @staticmethod
    def vat(siren: str) -> str:
        return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"

    def phone(self, city: str | None = None, *, mobile: bool = False) -> str:
        while True:
            if mobile or city is None:
                head = self.rng.choice(["6", "6", "6", "7"])
                head += str(self.rng.randint(5, 8)) if head == "7" else str(self.rng.randint(0, 9))
                number = f"+33{head}{self.rng.randrange(10**7):07d}"
            else:
                prefix = self.rng.choice(CITIES[city][1])
                number = f"+33{prefix}{self.rng.randrange(10**6):06d}"
            if number in self.numbers:
                continue
            if phonenumbers.is_valid_number(phonenumbers.parse(number)):
                self.numbers.add(number)
                return number

    def person_name(self) -> tuple[str, str, str]:
        civility = self.rng.choice(["M.", "Mme"])
        first = self.rng.choice(FIRST_NAMES_M if civility == "M." else FIRST_NAMES_F)
        return civility, first, self.rng.choice(LAST_NAMES)

    def street(self, business: bool = False) -> str:
        if business and self.rng.random() < 0.25:
            return f"{self.rng.randint(1, 40)} {self.rng.choice(BUSINESS_PARKS)}"
        return f"{self.rng.randint(1, 180)} {self.rng.choice(STREETS)}"

    def name_is_free(self, name: str, city: str) -> bool:
        """True when no party of the city has a name the duplicate scan would call the same."""
        comparable = comparable_name(name)
        return all(
            fuzz.token_sort_ratio(comparable, other) < 85 for other in self.names_by_city[city]
        )

    def domain(self, name: str, city: str) -> str:
        """The organisation's web and e-mail domain, never shared with another one."""
        domain = f"{_slug(name)}.fr"
        if domain in self.domains:
            domain = f"{_slug(name)}-{_slug(city)}.fr"
        self.domains.add(domain)
        return domain

    def private_email(self, first: str, last: str) -> str:
        while True:
            address = f"{_email_local(first, last)}{self.rng.randint(1, 99)}@"
            address += self.rng.choice(PRIVATE_DOMAINS)
            if address not in self.emails:
                return address

    def take_name(self, name: str, city: str) -> None:
        self.names_by_city[city].append(comparable_name(name))

    # --- rows ---------------------------------------------------------------------------

    def address(self, party, city, *, kind="billing", default=True, line1=None, business=True):
        self.addresses.append(
            Address(
                party=party,
                kind=kind,
                line1=line1 or self.street(business),
                postal_code=self.rng.choice(CITIES[city][0]),
                city=city,
                city_folded=fold(city)[:100],
                is_default=default,
            )
        )

    def add_phone(self, party, number, label, default=False):
        self.phones.append(Phone(party=party, number=number, label=label, is_default=default))

    def add_email(self, party, address, label="work", default=True):
        self.emails.add(address)
        self.email_rows.append(Email(party=party, address=address, label=label, is_default=default))

    def tag(self, party, *names):
        through = Party.tags.through
        for name in names:
            self.tag_links.append(through(party_id=party.pk, tag_id=self.tags[name].pk))


def _slug(text: str) -> str:
    """ASCII words joined by hyphens, for domains and e-mail addresses ("Cœur" -> "coeur")."""
    ascii_text = fold(text).replace("œ", "oe").replace("æ", "ae").encode("ascii", "ignore")
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text.decode()).split())


FEMININE = {
    "Gérant": "Gérante", "Cogérant": "Cogérante", "Directeur": "Directrice",
    "Président": "Présidente", "Acheteur": "Acheteuse", "Assistant": "Assistante",
    "Trésorier": "Trésorière", "Coordinateur": "Coordinatrice", "Intendant": "Intendante",
}  # fmt: skip


def _feminine(job_title: str) -> str:
    job_title = job_title.replace(" général", " générale").replace(" commercial", " commerciale")
    first, _space, rest = job_title.partition(" ")
    return " ".join(filter(None, [FEMININE.get(first, first), rest]))


def _email_local(first: str, last: str) -> str:
    return f"{_slug(first)}.{_slug(last)}".replace("-.", ".")


def _organisation(gen: _Generator, **fields) -> Organisation:
    fields.setdefault("trade_name", "")
    return Organisation.objects.create(
        kind="organisation", name=fields["trade_name"] or fields["legal_name"], **fields
    )


def _revenue(gen: _Generator, band: str) -> Decimal:
    low, high = {
        "0": (40, 250),
        "1-9": (150, 1_800),
        "10-49": (1_200, 9_000),
        "50-249": (8_000, 60_000),
        "250-4999": (50_000, 400_000),
    }[band]
    return Decimal(gen.rng.randint(low, high) * 1000).quantize(Decimal("0.01"))


def _company_name(gen: _Generator, sector: str, city: str) -> str:
    patterns = SECTORS[sector][1]
    for _attempt in range(50):
        pattern = gen.rng.choice(patterns)
        name = pattern.format(
            n=gen.rng.choice(LAST_NAMES),
            p=gen.rng.choice(PLACES),
            t=gen.rng.choice(EHPAD),
            c=city,
        )
        if gen.name_is_free(name, city):
            return name
    raise RuntimeError(f"no free name for {sector} in {city}")  # pragma: no cover


def _roles(gen: _Generator) -> dict:
    draw = gen.rng.random()
    if draw < 0.64:
        return {"is_client": True}
    if draw < 0.92:
        return {"is_prospect": True}
    return {"is_former_client": True}


def _new_company(
    gen: _Generator, sector: str, city: str, *, name=None, parent=None, roles=None, legal_form=None
):
    nafs, _patterns, kind, forms, bands = SECTORS[sector]
    if name is None:
        name = _company_name(gen, sector, city)
    gen.take_name(name, city)
    legal_form = legal_form or gen.rng.choice(forms)
    band = gen.rng.choice(bands)
    siren = gen.siren()
    roles = roles or _roles(gen)
    domain = gen.domain(name, city)
    organisation = _organisation(
        gen,
        organisation_kind=kind,
        legal_name=f"{name} {legal_form}" if legal_form != "EI" else name,
        trade_name=name,
        legal_form=legal_form,
        siren=siren,
        siret=gen.siret(siren, gen.rng.choice((1, 1, 1, 2, 3, 12, 25))),
        vat_number=gen.vat(siren),
        naf_code=gen.rng.choice(nafs),
        sector=sector,
        headcount_band=band,
        revenue=_revenue(gen, band),
        website=f"https://www.{domain}" if gen.rng.random() < 0.75 else "",
        parent=parent,
        owner=gen.owner(),
        team=CITIES[city][3],
        source=gen.rng.choice(
            [
                "fair",
                "referral",
                "website",
                "phoning",
                "advertisement",
                "mailing",
                "walk_in",
                "social",
            ]
        ),
        payment_terms_days=gen.rng.choice((30, 30, 45, 60)) if roles.get("is_client") else None,
        preferred_channel=gen.rng.choice(["", "", "email", "phone", "visit"]),
        **roles,
    )
    _organisation_channels(gen, organisation, city, domain)
    return organisation


def _organisation_channels(gen: _Generator, organisation, city: str, domain: str) -> None:
    organisation._demo_city = city
    organisation._demo_domain = domain
    if gen.rng.random() < 0.96:  # a few without address, for the data-quality checks
        gen.address(organisation, city)
        if gen.rng.random() < 0.2:
            gen.address(
                organisation, city, kind=gen.rng.choice(["delivery", "site"]), default=False
            )
    if gen.rng.random() < 0.95:
        gen.add_phone(organisation, gen.phone(city), "switchboard", default=True)
        if gen.rng.random() < 0.1:
            gen.add_phone(organisation, gen.phone(city), "fax")
    if gen.rng.random() < 0.85:
        gen.add_email(organisation, f"contact@{domain}", "generic")
        if gen.rng.random() < 0.3:
            gen.add_email(organisation, f"compta@{domain}", "accounting", default=False)
    gen.organisations.append(organisation)


def _other_organisation(
    gen, name, city, *, kind, sector, naf, band, siren_prefix="", legal_form="", **roles
):
    gen.take_name(name, city)
    siren = gen.siren(siren_prefix)
    legal_form = (
        legal_form or {"company": "SAS", "administration": "OTHER", "association": "ASSO"}[kind]
    )
    domain = gen.domain(f"Ville de {city}" if name.startswith("Mairie") else name, city)
    organisation = _organisation(
        gen,
        organisation_kind=kind,
        legal_name=name if legal_form in ("OTHER", "ASSO") else f"{name} {legal_form}",
        legal_form=legal_form,
        siren=siren,
        siret=gen.siret(siren),
        vat_number=gen.vat(siren) if kind == "company" else "",
        naf_code=naf,
        sector=sector,
        headcount_band=band,
        revenue=_revenue(gen, band) if kind == "company" else None,
        website=f"https://www.{domain}",
        owner=gen.owner() if not roles.get("is_supplier") else gen.ctx.users["acheteur"],
        team=CITIES[city][3],
        source=gen.rng.choice(["tender", "referral", "website", "fair"]),
        payment_terms_days=30 if roles.get("is_client") or roles.get("is_supplier") else None,
        **roles,
    )
    _organisation_channels(gen, organisation, city, domain)
    return organisation


def _organisations(gen: _Generator) -> None:
    rng = gen.rng
    for holding, sector, city, subsidiaries in GROUPS:
        parent = _new_company(gen, sector, city, name=holding, roles={"is_client": True})
        parent.is_key_account = True
        for name in subsidiaries:
            child = _new_company(
                gen,
                sector,
                rng.choice([city, gen.city()]),
                name=name,
                parent=parent,
                roles={"is_client": True},
            )
            child.is_key_account = rng.random() < 0.5
    sectors = list(SECTORS)
    weights = [14, 6, 6, 10, 6, 8, 6, 4, 5, 5]
    for _ in range(225):
        _new_company(gen, rng.choices(sectors, weights)[0], gen.city())
    # The spec's example of a duplicate: the same bakery entered twice.
    _new_company(
        gen,
        "Boulangerie-pâtisserie",
        "Villeurbanne",
        name="Boulangerie Martin",
        roles={"is_client": True},
        legal_form="SARL",
    )
    for pattern, naf, sector, band in ADMIN_PATTERNS * 2:
        city = gen.city()
        name = pattern.format(
            c=city,
            n=rng.choice(
                [
                    "Jean Moulin",
                    "Marie Curie",
                    "Louise Michel",
                    "Jules Verne",
                    "Condorcet",
                    "Victor Hugo",
                ]
            ),
        )
        if not gen.name_is_free(name, city):
            continue
        prefix = {"84.11Z": "21", "85.32Z": "19", "86.10Z": "26"}[naf]
        _other_organisation(
            gen,
            name,
            city,
            kind="administration",
            sector=sector,
            naf=naf,
            band=band,
            siren_prefix=prefix,
            **_roles(gen),
        )
    for pattern in ASSOCIATIONS:
        city = gen.city()
        name = pattern.format(c=city)
        _other_organisation(
            gen,
            name,
            city,
            kind="association",
            sector="Action sociale et loisirs",
            naf="94.99Z",
            band=rng.choice(["0", "1-9"]),
            siren_prefix="7",
            **_roles(gen),
        )
    for name, naf, sector, city in SUPPLIERS:
        supplier = _other_organisation(
            gen,
            name,
            city,
            kind="company",
            sector=sector,
            naf=naf,
            band=rng.choice(["10-49", "50-249"]),
            is_supplier=True,
        )
        supplier.is_client = rng.random() < 0.15
    for name, naf, sector, city in PARTNERS:
        _other_organisation(
            gen, name, city, kind="company", sector=sector, naf=naf, band="10-49", is_partner=True
        )
    for name, city in COMPETITORS:
        _other_organisation(
            gen,
            name,
            city,
            kind="company",
            sector="Commerce de gros",
            naf="46.69B",
            band=rng.choice(["10-49", "50-249"]),
            is_competitor=True,
        )
    # Key accounts: the groups, then the biggest clients, about fifteen in all.
    clients = [o for o in gen.organisations if o.is_client and o.parent_id is None]
    clients.sort(key=lambda o: o.revenue or 0, reverse=True)
    for organisation in clients[:9]:
        organisation.is_key_account = True
    for organisation in gen.organisations:
        if organisation.is_key_account:
            organisation.owner = gen.ctx.users[rng.choice(["direction", "charge_clientele"])]
            gen.tag(organisation, "VIP")
        if rng.random() < 0.25:
            names = rng.sample(TAGS[:2] + TAGS[3:], rng.randint(1, 2))
            gen.tag(organisation, *names)
    Party.objects.bulk_update(
        gen.organisations, ["is_key_account", "owner", "is_client"], batch_size=500
    )


def _contacts(gen: _Generator) -> None:
    rng = gen.rng
    for organisation in list(gen.organisations):
        small = organisation.headcount_band in ("0", "1-9")
        if organisation.is_competitor:
            count = 1
        else:
            count = rng.choices([1, 2, 3, 4, 5], [20, 30, 25, 15, 10])[0]
            # Nobody has five contacts in a one-man bakery.
            count = min(count, {"0": 1, "1-9": 3}.get(organisation.headcount_band, 5))
        kind = "small" if small and organisation.organisation_kind == "company" else None
        jobs = [
            job
            for job in JOBS[kind or organisation.organisation_kind]
            if job[0] != "Chef de cuisine" or organisation.sector in KITCHENS
        ]
        rng.shuffle(jobs)
        # One boss, who is the main contact.
        bosses = [job for job in jobs if job[1] == "decision_maker"]
        jobs = bosses[:1] + [job for job in jobs if job[1] != "decision_maker"]
        taken = set()
        for index in range(count):
            civility, first, last = gen.person_name()
            local = _email_local(first, last)
            if local in taken:
                continue
            taken.add(local)
            job_title, role = jobs[index % len(jobs)]
            if civility == "Mme":
                job_title = _feminine(job_title)
            person = _person(
                gen,
                civility,
                first,
                last,
                is_client=organisation.is_client,
                is_prospect=organisation.is_prospect,
                is_former_client=organisation.is_former_client,
                is_supplier=organisation.is_supplier,
                is_partner=organisation.is_partner,
                is_competitor=organisation.is_competitor,
                owner=organisation.owner,
                team=organisation.team,
            )
            gen.affiliations.append(
                Affiliation(
                    person=person,
                    organisation=organisation,
                    job_title=job_title,
                    role=role,
                    is_primary=index == 0,
                )
            )
            gen.contacts[organisation.pk].append(person)
            person._demo_organisation = organisation
            if rng.random() < 0.9:
                gen.add_email(person, f"{local}@{organisation._demo_domain}")
            if rng.random() < 0.7:
                gen.add_phone(person, gen.phone(mobile=True), "mobile", default=True)
            if rng.random() < 0.35:
                gen.add_phone(person, gen.phone(organisation._demo_city), "office")
            _consents(gen, person)


def _person(gen: _Generator, civility, first, last, **fields) -> Person:
    return Person.objects.create(
        kind="person",
        name=person_name(last, first),
        civility=civility,
        first_name=first,
        last_name=last,
        **fields,
    )


def _consents(gen: _Generator, person: Person) -> None:
    rng = gen.rng
    draw = rng.random()
    if draw < 0.75:
        status = "granted" if draw < 0.55 else "refused"
        given = gen.at(200, 900)
        gen.consents.append(
            Consent(
                party=person,
                purpose="email_marketing",
                status=status,
                given_at=given,
                source=rng.choice(
                    [
                        "Formulaire du site",
                        "Salon Equip'Hotel",
                        "Bon de commande signé",
                        "Appel téléphonique",
                    ]
                ),
            )
        )
        person._demo_mailing = status == "granted"
        if status == "granted" and rng.random() < 0.08:  # changed their mind later
            gen.consents.append(
                Consent(
                    party=person,
                    purpose="email_marketing",
                    status="withdrawn",
                    given_at=gen.at(10, 190),
                    source="Lien de désinscription",
                )
            )
            person._demo_mailing = False
    if rng.random() < 0.4:
        gen.consents.append(
            Consent(
                party=person,
                purpose="phone_canvassing",
                status=rng.choice(["granted", "granted", "refused"]),
                given_at=gen.at(100, 900),
                source="Appel téléphonique",
            )
        )
    if rng.random() < 0.04:
        person.on_do_not_call_list = True


def _private_customers(gen: _Generator) -> None:
    rng = gen.rng
    while len(gen.private) < 100:
        civility, first, last = gen.person_name()
        city = gen.city()
        name = person_name(last, first)
        if not gen.name_is_free(name, city):
            continue
        gen.take_name(name, city)
        age = rng.randint(24, 78)
        children = rng.choice((0, 0, 1, 2, 2, 3))
        household = 1 + rng.choice((0, 1, 1)) + children
        is_client = rng.random() < 0.7
        person = _person(
            gen,
            civility,
            first,
            last,
            is_client=is_client,
            is_prospect=not is_client or rng.random() < 0.1,
            owner=gen.ctx.users[rng.choice(["charge_clientele", "teleconseiller"])],
            source=rng.choice(["walk_in", "website", "social", "referral"]),
            birth_date=date(gen.today.year - age, rng.randint(1, 12), rng.randint(1, 28)),
            household_size=household,
            children=children,
            socio_professional_category="7" if age > 64 else rng.choice("2345568"),
            interests=", ".join(rng.sample(INTERESTS, rng.randint(1, 3))),
            preferred_hours=rng.choice(
                ["", "", "après 18 h", "le samedi matin", "entre 12 h et 14 h"]
            ),
        )
        person._demo_city = city
        gen.address(person, city, kind="home", business=False)
        gen.add_email(person, gen.private_email(first, last), "personal")
        gen.add_phone(person, gen.phone(mobile=True), "mobile", default=True)
        if rng.random() < 0.2:
            gen.add_phone(person, gen.phone(city), "home")
        _consents(gen, person)
        if rng.random() < 0.1:
            person.on_do_not_call_list = True
        gen.private.append(person)


def _variant(name: str, legal_form: str, index: int) -> str:
    """How the same company gets typed by someone else: upper case, legal form, 'Ets'…"""
    bare = fold(name).upper() if index % 3 == 0 else name.upper()
    return [
        f"{bare} {legal_form}",
        f"Ets {name}",
        f"{name} ({legal_form})",
        f"Sté {name}",
        f"{bare}",
    ][index % 5].strip()


def _duplicates(gen: _Generator) -> int:
    """Pairs the duplicate scan should find: same SIREN, same e-mail, same phone, close names."""
    rng = gen.rng
    pairs = 0
    martin = next(o for o in gen.organisations if o.trade_name == "Boulangerie Martin")
    companies = [
        o
        for o in gen.organisations
        if o.organisation_kind == "company"
        and (o.is_client or o.is_prospect)
        and o.parent_id is None
        and not o.is_key_account
        and o is not martin
    ]
    originals = [martin, *rng.sample(companies, 9)]
    for index, original in enumerate(originals):
        city = original._demo_city
        name = _variant(original.trade_name, original.legal_form or "SARL", index)
        twin = Organisation.objects.create(
            kind="organisation",
            name=name,
            legal_name=name,
            organisation_kind="company",
            siren=original.siren,
            siret=original.siret if index % 2 else "",
            naf_code=original.naf_code,
            sector=original.sector,
            is_prospect=True,
            owner=gen.owner(),
            team=original.team,
            source="fair",
        )
        twin._demo_city, twin._demo_domain = city, original._demo_domain
        gen.organisations.append(twin)
        gen.address(twin, city)
        gen.tag(twin, "Salon Equip'Hotel 2025")
        pairs += 1
    # Same e-mail: a contact keyed in again as a lone prospect.
    contacts = [people[0] for people in gen.contacts.values() if people]
    for person in rng.sample(contacts, 2):
        twin = _person(
            gen,
            person.civility,
            person.first_name,
            person.last_name.upper(),
            is_prospect=True,
            owner=gen.owner(),
            source="website",
        )
        domain = person._demo_organisation._demo_domain
        gen.add_email(twin, f"{_email_local(person.first_name, person.last_name)}@{domain}")
        gen.private.append(twin)
        pairs += 1
    # Same phone, typed "04 72 …" on one record and "+33 4 72 …" on the other: stored in E.164,
    # they are one number.
    switchboards = {p.party.pk: p.number for p in gen.phones if p.label == "switchboard"}
    candidates = [o for o in companies if o not in originals and o.pk in switchboards]
    for original in rng.sample(candidates, 2):
        typed = format_phone(switchboards[original.pk])
        # The premises' company of the owner, reached on the same switchboard.
        people = gen.contacts.get(original.pk) or []
        family = people[0].last_name if people else rng.choice(LAST_NAMES)
        twin = _other_organisation(
            gen,
            f"SCI {family} Patrimoine",
            original._demo_city,
            kind="company",
            sector="Immobilier",
            naf="68.20B",
            band="0",
            legal_form="OTHER",
            is_prospect=True,
        )
        gen.phones = [p for p in gen.phones if p.party is not twin]
        gen.add_phone(twin, validate_phone(typed), "switchboard", default=True)
        pairs += 1
    # Close names in one city, no identifier: a first name typed with a letter too many.
    for original in rng.sample(
        [p for p in gen.private if p.first_name and "-" not in p.last_name], 2
    ):
        typo = original.first_name[:-1] + original.first_name[-1] * 2
        twin = _person(
            gen,
            original.civility,
            typo,
            original.last_name,
            is_prospect=True,
            owner=gen.owner(),
            source="phoning",
        )
        gen.address(twin, original._demo_city, kind="home", business=False)
        twin._demo_city = original._demo_city
        gen.private.append(twin)
        pairs += 1
    return pairs


def _interactions(gen: _Generator) -> list[Interaction]:
    rng = gen.rng
    users = gen.ctx.users
    kinds = list(KIND_WEIGHTS)
    weights = list(KIND_WEIGHTS.values())
    rows = []

    def add(party, when, kind=None, *, direction=None, subject=None, user=None):
        kind = kind or rng.choices(kinds, weights)[0]
        if subject is None:
            direction, pattern = rng.choice(SUBJECTS[kind])
            subject = pattern.format(p=rng.choice(PRODUCTS), y=when.year + rng.choice((0, 1)))
        rows.append(
            Interaction(
                party=party,
                kind=kind,
                direction=direction,
                occurred_at=when,
                subject=subject,
                user=user or party.owner or users["charge_clientele"],
            )
        )

    for organisation in gen.organisations:
        if organisation.is_key_account:
            count, window = rng.randint(18, 30), (0, 730)
        elif organisation.is_client:
            count, window = rng.randint(4, 14), (0, 730)
        elif organisation.is_former_client:
            count, window = rng.randint(2, 6), (400, 730)
        elif organisation.is_supplier:
            count, window = rng.randint(2, 6), (0, 730)
        elif organisation.is_prospect:
            count, window = rng.randint(0, 5), (0, 600)
        else:
            count, window = rng.randint(0, 2), (0, 730)
        people = gen.contacts.get(organisation.pk, [])
        for _ in range(count):
            # A call or an e-mail is with someone: a third go on that person's own timeline.
            party = rng.choice(people) if people and rng.random() < 0.3 else organisation
            user = users["acheteur"] if organisation.is_supplier else None
            add(party, gen.at(*window), user=user)
    for person in gen.private:
        for _ in range(rng.randint(0, 4)):
            add(person, gen.at(0, 730), rng.choice(["call", "email", "visit"]))
    everyone = [p for people in gen.contacts.values() for p in people] + gen.private
    for days_ago, subject in MAILINGS:
        when = datetime.combine(gen.today - timedelta(days=days_ago), time(9, 30), tzinfo=PARIS)
        for person in everyone:
            if getattr(person, "_demo_mailing", False) and rng.random() < 0.35:
                add(
                    person,
                    when,
                    "mailing",
                    direction="out",
                    subject=subject,
                    user=users["charge_clientele"],
                )
    return rows


def _stale_prospects(gen: _Generator) -> list[Party]:
    """Prospects nobody has talked to for more than three years, for the GDPR review."""
    stale = []
    for _ in range(12):
        civility, first, last = gen.person_name()
        city = gen.city()
        name = person_name(last, first)
        if not gen.name_is_free(name, city):
            continue
        gen.take_name(name, city)
        person = _person(
            gen,
            civility,
            first,
            last,
            is_prospect=True,
            source="fair",
            owner=gen.ctx.users["charge_clientele"],
        )
        gen.address(person, city, kind="home", business=False)
        gen.add_email(person, gen.private_email(first, last), "personal")
        stale.append(person)
    # A few prospect companies, and the people there, have gone quiet too.
    sirens = Counter(o.siren for o in gen.organisations)
    quiet = [
        o
        for o in gen.organisations
        if o.is_prospect and sirens[o.siren] == 1 and o.organisation_kind == "company"
    ][:6]
    for organisation in quiet:
        stale += [organisation, *gen.contacts.get(organisation.pk, [])]
    return stale


def load(ctx) -> None:
    if Party.objects.exists():
        ctx.note("Base clients : déjà présente, laissée telle quelle")
        return
    gen = _Generator(ctx)
    _organisations(gen)
    _contacts(gen)
    _private_customers(gen)
    pairs = _duplicates(gen)
    stale = _stale_prospects(gen)
    stale_ids = {p.pk for p in stale}

    Address.objects.bulk_create(gen.addresses, batch_size=500)
    Phone.objects.bulk_create(gen.phones, batch_size=500)
    Email.objects.bulk_create(gen.email_rows, batch_size=500)
    # Nobody has heard of a stale prospect for years: no recent consent either.
    consents = [c for c in gen.consents if c.party.pk not in stale_ids]
    Consent.objects.bulk_create(consents, batch_size=500)
    Affiliation.objects.bulk_create(gen.affiliations, batch_size=500)
    Party.tags.through.objects.bulk_create(gen.tag_links, batch_size=500)

    interactions = [i for i in _interactions(gen) if i.party.pk not in stale_ids]
    # A stale prospect was last heard of three to five years ago, or never.
    for party in stale[::2]:
        interactions.append(
            Interaction(
                party=party,
                kind="call",
                direction="out",
                occurred_at=gen.at(1100, 1800),
                subject="Appel de prospection : pas de projet pour le moment",
                user=ctx.users["teleconseiller"],
            )
        )
    Interaction.objects.bulk_create(interactions, batch_size=1000)

    # created_at is auto_now_add: the past is written afterwards, before each first contact.
    first_at: dict[int, datetime] = {}
    last_at: dict[int, datetime] = {}
    for row in interactions:
        pk = row.party.pk
        first_at[pk] = min(first_at.get(pk, row.occurred_at), row.occurred_at)
        last_at[pk] = max(last_at.get(pk, row.occurred_at), row.occurred_at)
    parties = [*gen.organisations, *(p for ps in gen.contacts.values() for p in ps), *gen.private]
    parties += [p for p in stale if p not in parties]
    rng = gen.rng
    for party in parties:
        if party.pk in stale_ids:
            oldest = rng.randint(1900, 2500)
        elif party.is_client or party.is_former_client or party.is_supplier:
            oldest = rng.randint(760, 3000)
        else:
            oldest = rng.randint(30, 700)
        created = gen.at(oldest, oldest)
        if party.pk in first_at:
            created = min(created, first_at[party.pk] - timedelta(days=rng.randint(1, 30)))
        party.created_at = created
        party.last_interaction_at = last_at.get(party.pk)
    Party.objects.bulk_update(
        parties, ["created_at", "last_interaction_at", "on_do_not_call_list"], batch_size=500
    )

    organisations = len(gen.organisations)
    people = len(parties) - organisations
    ctx.note(
        f"Base clients : {organisations} organisations, {people} personnes, "
        f"{len(interactions)} interactions, {pairs} doublons à fusionner"
    )
