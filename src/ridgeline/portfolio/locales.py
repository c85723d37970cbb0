"""Who the sample customers are, market by market: names, languages, email, phone and address.

The seven markets of the default policy each get local first names and surnames, addresses in
the local format and mobile numbers in the local numbering plan. A few customers write in another
language than their market's (a Swede writing English, a US customer writing Spanish): their
names are drawn from that language's home market, as a newcomer's would be.

Emails use `example.<tld>` domains, as the shared scenario fixtures do, so a sample customer
can never receive a real message. Phone numbers are random digits in the right format; nothing
ever dials them. All names are common given names and surnames of each country (public
frequency lists), combined at random: any likeness to a real person is chance.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

MARKET_ORDER = ("SE", "DE", "FR", "ES", "IT", "GB", "US")
# Share of customers by market (a US- and UK-heavy book, as at the large BNPL lenders).
MARKET_WEIGHTS = (12, 16, 10, 8, 7, 17, 30)
# How much a price in euros is in each market's currency (round figures, not a rate feed).
PRICE_SCALE = {
    "SE": 11.0,
    "DE": 1.0,
    "FR": 1.0,
    "ES": 1.0,
    "IT": 1.0,
    "GB": 0.86,
    "US": 1.08,
}
CURRENCY = {
    "SE": "SEK",
    "DE": "EUR",
    "FR": "EUR",
    "ES": "EUR",
    "IT": "EUR",
    "GB": "GBP",
    "US": "USD",
}
LANGUAGE = {"SE": "sv", "DE": "de", "FR": "fr", "ES": "es", "IT": "it", "GB": "en", "US": "en"}
# Where a customer who writes in `language` most likely comes from (for their name).
LANGUAGE_HOME = {"sv": "SE", "de": "DE", "fr": "FR", "es": "ES", "it": "IT", "en": "GB"}
# (other language, probability) per market: customers who write in another language.
OTHER_LANGUAGES: dict[str, tuple[tuple[str, float], ...]] = {
    "SE": (("en", 0.05),),
    "DE": (("en", 0.03), ("it", 0.01)),
    "FR": (("en", 0.02), ("es", 0.01)),
    "ES": (("en", 0.03), ("fr", 0.01)),
    "IT": (("en", 0.02), ("de", 0.01)),
    "GB": (("fr", 0.01), ("es", 0.01), ("it", 0.01), ("de", 0.01)),
    "US": (("es", 0.08),),
}

FIRST_NAMES: dict[str, tuple[str, ...]] = {
    "SE": ("Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Elin", "Anders", "Sara", "Mikael",
           "Emma", "Oskar", "Ida", "Karl", "Linnea", "Nils", "Maja", "Gustav", "Frida", "Henrik"),
    "DE": ("Lukas", "Anna", "Jonas", "Lena", "Felix", "Laura", "Maximilian", "Sophie", "Leon",
           "Marie", "Paul", "Hannah", "Jan", "Katharina", "Tobias", "Julia", "Stefan", "Sabine",
           "Jürgen", "Ute"),
    "FR": ("Camille", "Léa", "Manon", "Chloé", "Inès", "Louis", "Hugo", "Lucas", "Gabriel",
           "Arthur", "Amélie", "Nathalie", "Sophie", "Julien", "Nicolas", "Céline", "Mathieu",
           "Élodie", "Thomas", "Margaux"),
    "ES": ("Lucía", "María", "Paula", "Sofía", "Carmen", "Laura", "Alejandro", "Pablo", "Daniel",
           "Javier", "David", "Sergio", "Marta", "Elena", "Andrés", "Raúl", "Nuria", "Álvaro",
           "Irene", "Jorge"),
    "IT": ("Giulia", "Francesca", "Chiara", "Sara", "Martina", "Alessandro", "Lorenzo", "Matteo",
           "Andrea", "Marco", "Luca", "Giorgio", "Federica", "Elena", "Simone", "Davide",
           "Valentina", "Paolo", "Roberta", "Stefano"),
    "GB": ("Oliver", "George", "Harry", "Jack", "Charlie", "Amelia", "Olivia", "Isla", "Emily",
           "Sophie", "James", "Thomas", "Hannah", "Chloe", "Daniel", "Priya", "Mohammed", "Aisha",
           "Rhys", "Siobhan"),
    "US": ("James", "Mary", "Michael", "Jennifer", "Robert", "Linda", "David", "Jessica", "Chris",
           "Ashley", "Jose", "Maria", "Tyler", "Brittany", "Kevin", "Emily", "Marcus", "Keisha",
           "Brian", "Megan"),
}  # fmt: skip
SURNAMES: dict[str, tuple[str, ...]] = {
    "SE": ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
           "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Lindberg", "Lindqvist",
           "Bergström", "Sjöberg", "Åberg", "Holm", "Ekström", "Lundgren"),
    "DE": ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
           "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
           "Schröder", "Neumann", "Schwarz", "Zimmermann"),
    "FR": ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
           "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David",
           "Bertrand", "Roux", "Vincent", "Fournier"),
    "ES": ("García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez",
           "Pérez", "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz",
           "Álvarez", "Romero", "Navarro", "Torres"),
    "IT": ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
           "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa",
           "Giordano", "Rizzo", "Lombardi", "Moretti"),
    "GB": ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
           "Evans", "Thomas", "Roberts", "Walker", "Wright", "Patel", "Khan", "Hughes", "Edwards",
           "Green", "Hall", "Wood"),
    "US": ("Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
           "Rodriguez", "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas",
           "Taylor", "Moore", "Jackson", "Martin", "Lee"),
}  # fmt: skip
EMAIL_DOMAIN = {
    "SE": "example.se",
    "DE": "example.de",
    "FR": "example.fr",
    "ES": "example.es",
    "IT": "example.it",
    "GB": "example.co.uk",
    "US": "example.com",
}


@dataclass(frozen=True)
class AddressFormat:
    """How addresses are written in a market: `{street}`, `{number}`, `{postcode}`, `{city}`.

    A postcode pattern writes `#` for a digit, `%` for a digit other than 0 (districts numbered
    from 1, as in Paris 75001-75009) and `@` for a capital letter.
    """

    template: str
    streets: tuple[str, ...]
    cities: tuple[tuple[str, str], ...]  # (city, postcode pattern)


ADDRESSES: dict[str, AddressFormat] = {
    "SE": AddressFormat(
        "{street} {number}, {postcode} {city}",
        ("Storgatan", "Drottninggatan", "Kungsgatan", "Vasagatan", "Sveavägen", "Götgatan",
         "Linnégatan", "Järnvägsgatan"),
        (("Stockholm", "11# ##"), ("Göteborg", "41# ##"), ("Malmö", "21# ##"),
         ("Uppsala", "75# ##"), ("Västerås", "72# ##"), ("Örebro", "70# ##"),
         ("Linköping", "58# ##")),
    ),
    "DE": AddressFormat(
        "{street} {number}, {postcode} {city}",
        ("Hauptstraße", "Schulstraße", "Gartenstraße", "Bahnhofstraße", "Dorfstraße",
         "Bergstraße", "Lindenstraße"),
        (("Berlin", "10###"), ("Hamburg", "20###"), ("München", "80###"), ("Köln", "50###"),
         ("Frankfurt am Main", "60###"), ("Stuttgart", "70###"), ("Leipzig", "04###")),
    ),
    "FR": AddressFormat(
        "{number} {street}, {postcode} {city}",
        ("rue de la République", "avenue Jean Jaurès", "rue Victor Hugo", "boulevard Voltaire",
         "rue Pasteur", "place de la Mairie"),
        (("Paris", "7500%"), ("Lyon", "6900%"), ("Marseille", "130##"), ("Toulouse", "31000"),
         ("Nantes", "44000"), ("Bordeaux", "33000"), ("Lille", "59000")),
    ),
    "ES": AddressFormat(
        "{street}, {number}, {postcode} {city}",
        ("Calle Mayor", "Calle Real", "Avenida de la Constitución", "Gran Vía",
         "Plaza de España", "Calle del Sol"),
        (("Madrid", "2800%"), ("Barcelona", "0800%"), ("Valencia", "4600%"),
         ("Sevilla", "4100%"), ("Zaragoza", "5000%"), ("Málaga", "2900%"), ("Bilbao", "4800%")),
    ),
    "IT": AddressFormat(
        "{street} {number}, {postcode} {city}",
        ("Via Roma", "Via Garibaldi", "Corso Italia", "Via Mazzini", "Via Dante",
         "Piazza del Popolo"),
        (("Roma", "001##"), ("Milano", "201##"), ("Napoli", "801##"), ("Torino", "101##"),
         ("Bologna", "401##"), ("Firenze", "501##"), ("Palermo", "901##")),
    ),
    "GB": AddressFormat(
        "{number} {street}, {city} {postcode}",
        ("High Street", "Station Road", "Church Lane", "Victoria Road", "Park Avenue",
         "Mill Lane", "The Crescent"),
        (("London", "SW# #@@"), ("Manchester", "M# #@@"), ("Birmingham", "B# #@@"),
         ("Leeds", "LS# #@@"), ("Bristol", "BS# #@@"), ("Glasgow", "G# #@@"),
         ("Cardiff", "CF1# #@@")),
    ),
    "US": AddressFormat(
        "{number} {street}, {city} {postcode}",
        ("Main St", "Oak Ave", "Maple Dr", "Elm St", "Washington Blvd", "Park Pl",
         "Lakeview Dr"),
        (("New York, NY", "100##"), ("Los Angeles, CA", "900##"), ("Chicago, IL", "606##"),
         ("Houston, TX", "770##"), ("Phoenix, AZ", "850##"), ("Seattle, WA", "981##"),
         ("Miami, FL", "331##"), ("Denver, CO", "802##")),
    ),
}  # fmt: skip

_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters UK postcodes use in the inward code


def fill_pattern(rng: random.Random, pattern: str) -> str:
    """Return `pattern` with its placeholders replaced by random characters.

    Each `#` becomes a digit, each `%` a digit from 1 to 9 and each `@` a capital letter.
    """
    out = []
    for char in pattern:
        if char == "#":
            out.append(str(rng.randrange(10)))
        elif char == "%":
            out.append(str(rng.randrange(1, 10)))
        elif char == "@":
            out.append(rng.choice(_LETTERS))
        else:
            out.append(char)
    return "".join(out)


def mobile_number(rng: random.Random, market: str) -> str:
    """Return a mobile number in the market's numbering plan, in E.164 form."""
    if market == "SE":  # 07X-XXX XX XX
        return "+467" + rng.choice("02369") + fill_pattern(rng, "#######")
    if market == "DE":  # 015x with 8 digits, 016x/017x with 7
        prefix = rng.choice(("151", "152", "157", "160", "162", "170", "171", "176", "178"))
        return "+49" + prefix + fill_pattern(rng, "########" if prefix[1] == "5" else "#######")
    if market in ("FR", "ES"):  # 06/07 and 6xx/7xx: nine digits after the country code
        code = "+33" if market == "FR" else "+34"
        return code + rng.choice("67") + fill_pattern(rng, "########")
    if market == "IT":  # 3xx xxxxxxx
        return "+393" + str(rng.randrange(20, 50)) + fill_pattern(rng, "#######")
    if market == "GB":  # 07[4-9]xx xxxxxx
        return "+447" + rng.choice("456789") + fill_pattern(rng, "########")
    area = rng.choice(("212", "310", "312", "415", "512", "617", "702", "713", "305", "206"))
    return "+1" + area + str(rng.randrange(2, 10)) + fill_pattern(rng, "######")


def address(rng: random.Random, market: str) -> str:
    """Return a postal address written the market's way."""
    form = ADDRESSES[market]
    city, pattern = rng.choice(form.cities)
    return form.template.format(
        street=rng.choice(form.streets),
        number=rng.randrange(1, 180),
        postcode=fill_pattern(rng, pattern),
        city=city,
    )


def ascii_fold(text: str) -> str:
    """Return `text` lower-cased without accents or spaces, for an email's local part."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if c.isascii() and c.isalnum())


def language_of(rng: random.Random, market: str) -> str:
    """Return the language a customer of `market` writes in (usually the market's own)."""
    draw = rng.random()
    for language, share in OTHER_LANGUAGES[market]:
        if draw < share:
            return language
        draw -= share
    return LANGUAGE[market]


def person_name(rng: random.Random, market: str, language: str) -> tuple[str, str]:
    """Return (given name, surname) of a customer; Spanish names carry two surnames."""
    home = market if language == LANGUAGE[market] else LANGUAGE_HOME[language]
    first = rng.choice(FIRST_NAMES[home])
    last = rng.choice(SURNAMES[home])
    if home == "ES":
        last = f"{last} {rng.choice(SURNAMES['ES'])}"
    return first, last
