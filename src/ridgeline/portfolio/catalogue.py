"""What the sample customers buy, and where: merchants per market and their goods.

Each market has two shops in each of six categories (fashion, shoes, electronics, home, sports,
beauty), with invented names in the local style. Goods are named in the shop's language and
priced in a band in euros that `locales.PRICE_SCALE` turns into the local currency, with the
price endings shops use (.99, .95, round figures; whole kronor ending in 9 in Sweden).
Expensive categories (electronics, home, bikes) are where financing plans come from.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ridgeline.portfolio.locales import LANGUAGE, MARKET_ORDER, PRICE_SCALE

CATEGORIES = ("fashion", "shoes", "electronics", "home", "sports", "beauty")
# How often customers shop in each category (weights, same order as CATEGORIES).
CATEGORY_WEIGHTS = (26, 16, 22, 14, 12, 10)

MERCHANT_NAMES: dict[str, tuple[str, ...]] = {
    # two per category, in the order of CATEGORIES
    "SE": ("Sthlm Mode", "Lagom Kläder", "Nordic Shoes", "Skohörnan", "Teknikhörnan",
           "Ljud & Bild Norr", "Hemma Interiör", "Björk & Lin", "Fjällsport", "Löparbutiken",
           "Skönhetsboden", "Hudvård Online"),
    "DE": ("Modehaus Lindner", "Stadtkind Berlin", "Schuhwerk München", "Laufschuh-Laden",
           "TechnikWelt", "Elektro Krause", "Wohnglück", "Möbel Sommer", "Bergsport Huber",
           "Radhaus Köln", "Schönheitsecke", "Naturkosmetik Vogel"),
    "FR": ("Maison Lumière", "Atelier Parisien", "Chaussures Dupré", "Le Petit Soulier",
           "ÉlectroPlus", "Numérique & Cie", "Maison & Jardin Roux", "Le Grenier Déco",
           "Sport Alpin Chamonix", "Vélo Atlantique", "Belle Peau Paris", "Parfumerie Garance"),
    "ES": ("Moda Alameda", "Tienda Sol y Luna", "Zapatería Ruiz", "Calzados del Sur",
           "ElectroMundo Online", "TecnoCasa Madrid", "Hogar y Estilo", "Muebles Mediterráneo",
           "Deportes Sierra", "Bicis Valencia", "Belleza Natural", "Perfumería Azahar"),
    "IT": ("Moda Milano Corso", "Sartoria Bianchi", "Calzature Fiorentine", "Scarpe & Stile",
           "Elettronica Romana", "TecnoPiù", "Casa Bella Arredi", "Cucina & Co.",
           "Sport Dolomiti", "Ciclismo Adriatico", "Profumeria Aurora", "Bellezza Naturale"),
    "GB": ("Harbour & Thread", "Camden Closet", "Northern Soles", "The Boot Room",
           "Circuit Street", "Gadget Yard", "Hearth & Home Co.", "Willow Interiors",
           "Peak Outdoor", "Pedal & Spoke", "Rose & Fern Beauty", "Apothecary Lane"),
    "US": ("Main Street Apparel", "Golden Coast Outfitters", "Sole Supply Co.",
           "Runner's Corner", "BrightByte Electronics", "Sound & Screen", "Prairie Home Goods",
           "Maple & Oak Furniture", "Trailhead Sports", "Lakeside Cycles", "Glow Theory",
           "Blue Sage Beauty"),
}  # fmt: skip


@dataclass(frozen=True)
class Good:
    """One kind of article: its name per language and its price band in euros."""

    names: dict[str, str]  # language -> name
    low: int  # euros
    high: int  # euros
    max_quantity: int = 1


def _good(low: int, high: int, en: str, sv: str, de: str, fr: str, es: str, it: str,
          max_quantity: int = 1) -> Good:  # fmt: skip
    return Good({"en": en, "sv": sv, "de": de, "fr": fr, "es": es, "it": it}, low, high,
                max_quantity)  # fmt: skip


GOODS: dict[str, tuple[Good, ...]] = {
    "fashion": (
        _good(40, 120, "Linen dress", "Linneklänning", "Leinenkleid", "Robe en lin",
              "Vestido de lino", "Abito di lino"),
        _good(120, 350, "Wool coat", "Ullkappa", "Wollmantel", "Manteau en laine",
              "Abrigo de lana", "Cappotto di lana"),
        _good(40, 110, "Denim jeans", "Jeans", "Jeans", "Jean en denim", "Vaqueros",
              "Jeans in denim", 2),
        _good(35, 90, "Knitted jumper", "Stickad tröja", "Strickpullover", "Pull en maille",
              "Jersey de punto", "Maglione in maglia", 2),
        _good(80, 300, "Leather bag", "Läderväska", "Ledertasche", "Sac en cuir",
              "Bolso de piel", "Borsa in pelle"),
        _good(12, 30, "Cotton T-shirt", "T-shirt i bomull", "Baumwoll-T-Shirt",
              "T-shirt en coton", "Camiseta de algodón", "T-shirt di cotone", 3),
    ),
    "shoes": (
        _good(70, 180, "Running shoes", "Löparskor", "Laufschuhe", "Chaussures de running",
              "Zapatillas de running", "Scarpe da corsa"),
        _good(110, 280, "Leather boots", "Läderkängor", "Lederstiefel", "Bottines en cuir",
              "Botas de piel", "Stivali in pelle"),
        _good(50, 150, "Sneakers", "Sneakers", "Sneaker", "Baskets", "Zapatillas", "Sneakers"),
        _good(30, 90, "Sandals", "Sandaler", "Sandalen", "Sandales", "Sandalias", "Sandali"),
    ),
    "electronics": (
        _good(60, 350, "Wireless headphones", "Trådlösa hörlurar", "Kabellose Kopfhörer",
              "Casque sans fil", "Auriculares inalámbricos", "Cuffie wireless"),
        _good(250, 900, "Tablet 11 inch", "Surfplatta 11 tum", "Tablet 11 Zoll",
              "Tablette 11 pouces", "Tablet 11 pulgadas", "Tablet 11 pollici"),
        _good(600, 1900, "Laptop 14 inch", "Bärbar dator 14 tum", "Laptop 14 Zoll",
              "Ordinateur portable 14 pouces", "Portátil 14 pulgadas", "Portatile 14 pollici"),
        _good(300, 1300, "Smartphone", "Mobiltelefon", "Smartphone", "Smartphone",
              "Teléfono móvil", "Smartphone"),
        _good(450, 1600, "55-inch TV", "TV 55 tum", "Fernseher 55 Zoll", "Téléviseur 55 pouces",
              "Televisor 55 pulgadas", "Televisore 55 pollici"),
        _good(10, 40, "Phone case", "Mobilskal", "Handyhülle", "Coque de téléphone",
              "Funda de móvil", "Cover per telefono", 2),
    ),
    "home": (
        _good(500, 2400, "Sofa", "Soffa", "Sofa", "Canapé", "Sofá", "Divano"),
        _good(60, 220, "Dining chair", "Matstol", "Esszimmerstuhl", "Chaise de salle à manger",
              "Silla de comedor", "Sedia da pranzo", 6),
        _good(40, 130, "Bed linen set", "Påslakanset", "Bettwäsche-Set", "Parure de lit",
              "Juego de sábanas", "Set di lenzuola", 2),
        _good(60, 250, "Floor lamp", "Golvlampa", "Stehlampe", "Lampadaire", "Lámpara de pie",
              "Lampada da terra"),
        _good(80, 700, "Coffee machine", "Kaffemaskin", "Kaffeemaschine", "Machine à café",
              "Cafetera", "Macchina da caffè"),
    ),
    "sports": (
        _good(700, 2800, "Road bike", "Racercykel", "Rennrad", "Vélo de route",
              "Bicicleta de carretera", "Bici da corsa"),
        _good(60, 200, "Hiking backpack", "Vandringsryggsäck", "Wanderrucksack",
              "Sac de randonnée", "Mochila de senderismo", "Zaino da trekking"),
        _good(20, 70, "Yoga mat", "Yogamatta", "Yogamatte", "Tapis de yoga", "Esterilla de yoga",
              "Tappetino yoga", 2),
        _good(120, 400, "Ski jacket", "Skidjacka", "Skijacke", "Veste de ski",
              "Chaqueta de esquí", "Giacca da sci"),
        _good(90, 500, "Tent", "Tält", "Zelt", "Tente", "Tienda de campaña", "Tenda"),
    ),
    "beauty": (
        _good(20, 90, "Face serum", "Ansiktsserum", "Gesichtsserum", "Sérum visage",
              "Sérum facial", "Siero viso", 2),
        _good(45, 160, "Eau de parfum 50 ml", "Eau de parfum 50 ml", "Eau de Parfum 50 ml",
              "Eau de parfum 50 ml", "Eau de parfum 50 ml", "Eau de parfum 50 ml"),
        _good(40, 450, "Hair dryer", "Hårfön", "Haartrockner", "Sèche-cheveux",
              "Secador de pelo", "Asciugacapelli"),
        _good(30, 120, "Skincare set", "Hudvårdsset", "Hautpflege-Set", "Coffret soin",
              "Set de cuidado facial", "Set per la cura della pelle"),
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Shop:
    """A merchant of the sample portfolio."""

    id: str
    name: str
    country: str
    category: str


def merchants() -> list[Shop]:
    """Return every merchant, market by market, with stable ids (M001...)."""
    shops: list[Shop] = []
    for market in MARKET_ORDER:
        for index, name in enumerate(MERCHANT_NAMES[market]):
            shops.append(Shop(f"M{len(shops) + 1:03d}", name, market, CATEGORIES[index // 2]))
    return shops


def price(rng: random.Random, good: Good, market: str) -> int:
    """Return a shelf price of `good` in the market's minor units, with a shop's ending."""
    euros = rng.uniform(good.low, good.high)
    local = max(int(euros * PRICE_SCALE[market]), 2)
    if market == "SE":  # whole kronor ending in 9: 1 299 kr
        return (local // 10 * 10 + 9) * 100
    ending = rng.choice((99, 95, 0, 0, 99))
    return local * 100 if ending == 0 else (local - 1) * 100 + ending


def basket(rng: random.Random, shop: Shop) -> list[dict[str, int | str]]:
    """Return the lines of an order at `shop`: one to three goods, each with a quantity."""
    goods = GOODS[shop.category]
    language = LANGUAGE[shop.country]
    lines: list[dict[str, int | str]] = []
    count = rng.choices((1, 2, 3), cum_weights=(65, 90, 100))[0]
    for good in rng.sample(goods, min(count, len(goods))):
        quantity = 1
        if good.max_quantity > 1 and rng.random() < 0.35:
            quantity = rng.randint(2, good.max_quantity)
        lines.append(
            {
                "name": good.names[language],
                "quantity": quantity,
                "unit_amount": price(rng, good, shop.country),
            }
        )
    return lines
