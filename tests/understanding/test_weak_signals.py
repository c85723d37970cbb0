"""The weak-signal layer hears mild hints in every language and stays quiet on ordinary messages."""

from __future__ import annotations

import re

import pydantic
import pytest

from ridgeline.understanding.catalogue import weak_signal_file
from ridgeline.understanding.schema import LANGUAGES, WeakSignalFile
from ridgeline.understanding.weak import weak_matches

FINANCIAL = "financial_difficulty"
VULNERABLE = "vulnerability"

#: Messages that hint at a difficulty without saying it outright, per intent and language.
POSITIVE: dict[tuple[str, str], list[str]] = {
    (FINANCIAL, "en"): [
        "Money's a bit tight this month, can I move my payment?",
        "I'm a little short until payday on the 28th",
        "things have been really rough lately",
        "Can I pay next week? I'm waiting for my wages to come in",
        "honestly I'm juggling a lot of bills right now",
        "It's been a tough month, is there any way to spread the payment?",
        "we're cutting it close this month with the rent",
        "I don't get paid until Friday so the payment will probably bounce",
        "been struggling a bit lately, can the instalment wait",
        "going through a rough patch at the moment",
        "Im a bit stretched atm",
        "had some unexpected expenses with the car",
        "Finances are tight since the baby arrived",
        "I can only pay half this month",
    ],
    (FINANCIAL, "fr"): [
        "C'est un peu juste ce mois-ci, je peux décaler ?",
        "c'est compliqué en ce moment niveau argent",
        "Je traverse une période difficile",
        "je suis un peu short en ce moment",
        "J'attends ma paie pour régler l'échéance",
        "la fin du mois est un peu serrée",
        "c'est pas facile en ce moment, je galère un peu",
        "On traverse une mauvaise passe, est-ce qu'on peut étaler ?",
        "Ce mois ci c'est tendu",
        "j'ai eu des dépenses imprévues avec la voiture",
        "ça ne va pas fort financierement",
        "je suis un peu juste jusqu'à ma paie",
        "Periode compliquee pour moi en ce moment",
    ],
    (FINANCIAL, "de"): [
        "Diesen Monat ist es bei mir etwas knapp",
        "Es läuft gerade nicht so gut, kann ich die Rate verschieben?",
        "Ich mache gerade eine schwierige Zeit durch",
        "ich bin momentan knapp bei Kasse",
        "Ich warte noch auf mein Gehalt, kann ich später zahlen?",
        "Am Monatsende wird es immer eng",
        "finanziell ist es gerade schwierig",
        "Wir haben gerade eine Durststrecke",
        "hatte unerwartete Ausgaben fürs Auto",
        "Es ist gerade alles nicht so einfach",
        "Geld ist diesen Monat leider knapp",
        "Ich muss jeden Cent zweimal umdrehen",
    ],
    (FINANCIAL, "sv"): [
        "Det är lite tajt ekonomiskt just nu",
        "Det har varit tufft på sistone, kan jag skjuta upp betalningen?",
        "Jag väntar på lönen, kan jag betala den 25:e?",
        "Det är kämpigt den här månaden",
        "pengarna är slut tills lön",
        "Vi har det ganska tufft just nu",
        "ekonomin är ansträngd efter semestern",
        "Jag har haft oväntade utgifter",
        "En tuff period för mig",
        "Det går inte så bra ekonomiskt",
        "Jag får inte lön förrän nästa vecka",
        "lite tajt i manaden",
    ],
    (FINANCIAL, "es"): [
        "Este mes voy muy justo, ¿puedo aplazar el pago?",
        "Lo estoy pasando mal últimamente",
        "Estamos en una mala racha",
        "Voy justa hasta que cobre",
        "ando un poco corto de dinero",
        "Estoy esperando a que me paguen la nómina",
        "es una época complicada para mí",
        "las cosas están un poco complicadas",
        "he tenido unos gastos imprevistos",
        "me cuesta llegar a fin de mes",
        "No me está yendo muy bien",
        "estoy apretándome el cinturón",
    ],
    (FINANCIAL, "it"): [
        "Sono un po' a corto questo mese",
        "È un periodo difficile, posso rimandare la rata?",
        "Non è un bel momento per me",
        "Aspetto lo stipendio per pagare",
        "Questo mese è un po' duro",
        "Sto passando un brutto momento",
        "faccio fatica ad arrivare a fine mese",
        "Le cose non vanno molto bene ultimamente",
        "ho avuto delle spese impreviste",
        "siamo un po' tirati con i soldi",
        "sono in bolletta fino allo stipendio",
        "e dura in questo periodo",
    ],
    (VULNERABLE, "en"): [
        "There's a lot going on at home right now, can we sort this later?",
        "Sorry for the late reply, things have been chaotic at home",
        "It's been a really stressful few weeks",
        "I'm completely overwhelmed at the moment",
        "I haven't been well lately and forgot to pay",
        "My partner and I have just separated",
        "I'm not in a good place right now",
        "I've got so much on my plate",
        "I've been off sick for a few weeks",
        "Can't sleep with all of this, I just need some help",
        "I'm a single mum with two kids",
        "feeling really low these days",
    ],
    (VULNERABLE, "fr"): [
        "Il y a beaucoup de choses à gérer en ce moment",
        "C'est un peu le bazar à la maison",
        "période très stressante pour moi",
        "je suis complètement débordée",
        "ça ne va pas très bien pour moi en ce moment",
        "je suis malade depuis deux semaines",
        "on s'est séparés le mois dernier",
        "je dors mal à cause de tout ça",
        "je suis maman solo avec trois enfants",
        "pas le moral en ce moment",
    ],
    (VULNERABLE, "de"): [
        "Ich habe gerade viel um die Ohren",
        "Bei uns zu Hause ist gerade Chaos",
        "Es war eine sehr stressige Zeit",
        "ich bin total überfordert",
        "Mir geht es gerade nicht so gut",
        "Ich bin seit drei Wochen krankgeschrieben",
        "Mein Mann und ich haben uns getrennt",
        "Ich schlafe kaum noch",
        "Ich bin alleinerziehend mit zwei Kindern",
        "familiäre Probleme, deshalb habe ich die Zahlung vergessen",
    ],
    (VULNERABLE, "sv"): [
        "Det är mycket just nu",
        "Det är rörigt hemma för tillfället",
        "Jag är helt slutkörd",
        "Jag mår inte så bra",
        "Jag är sjukskriven sedan en månad",
        "Vi går igenom en skilsmässa",
        "Jag sover dåligt på grund av allt",
        "Jag är ensamstående med tre barn",
        "en väldigt stressig period",
        "orkar inte med allt just nu",
    ],
    (VULNERABLE, "es"): [
        "Tengo muchas cosas encima ahora mismo",
        "En casa está todo patas arriba",
        "Ha sido una época muy estresante",
        "Estoy muy agobiada últimamente",
        "No me encuentro muy bien de salud",
        "Estoy de baja médica desde hace un mes",
        "Me estoy divorciando y no sé cómo organizarme",
        "No duermo por las noches",
        "Soy madre soltera con dos hijos",
        "no puedo más con todo",
    ],
    (VULNERABLE, "it"): [
        "Ho tante cose da gestire in questo periodo",
        "A casa è un casino in questo periodo",
        "È un periodo molto stressante",
        "Mi sento un po' sopraffatta",
        "Non sto molto bene ultimamente",
        "Sono in malattia da due settimane",
        "Mi sto separando da mio marito",
        "Non riesco a dormire con tutti questi pensieri",
        "Sono una mamma single",
        "Ho la testa altrove",
    ],
}

#: Ordinary messages, some built around the same words ("tight" shoes, a "hard" drive, "difficult
#: to find the button", a merchant's trouble), per intent and language: no weak sign at all.
NEGATIVE: dict[tuple[str, str], list[str]] = {
    (FINANCIAL, "en"): [
        "I got a bonus this month so I'd like to pay everything off",
        "I have some spare cash, can I pay early?",
        "The shoes are too tight, how do I send them back?",
        "the jeans are a bit tight around the waist, can I exchange them",
        "My hard drive arrived with a cracked case",
        "Is the hardback edition covered by the return policy?",
        "It's difficult to find the button to change my card",
        "The delivery deadline is tight, will it arrive by Friday?",
        "The shop said they are struggling with supply issues",
        "I'm short on time, just send me the payment link",
        "The dress is a bit short, can I return it?",
        "I had a hard time finding the refund page",
        "Why is there an extra cost on my order?",
        "I want to pay off the full balance today",
        "Is the interest rate linked to inflation?",
        "I'd rather pay half now and half next month with my other card",
    ],
    (FINANCIAL, "fr"): [
        "J'ai reçu une prime, je voudrais tout rembourser",
        "Le pantalon est un peu juste à la taille, je peux l'échanger ?",
        "Les chaussures sont trop serrées",
        "C'est difficile de trouver le bouton pour changer de carte",
        "Le délai de livraison est un peu juste pour Noël",
        "J'ai un peu d'argent de côté, je peux payer en avance ?",
        "C'est juste pour savoir quand est ma prochaine échéance",
        "C'est juste ce mois-ci que je veux payer en avance",
        "Mon disque dur est arrivé cassé",
        "Je galère à trouver le bouton de paiement",
        "Il y a des frais imprévus sur ma facture",
        "Le magasin a du mal à livrer à temps",
        "Suite à un imprévu, je ne serai pas là pour la livraison",
    ],
    (FINANCIAL, "de"): [
        "Ich habe eine Prämie bekommen und möchte alles zurückzahlen",
        "Die Schuhe sind zu eng, wie kann ich sie zurückschicken?",
        "Die Hose ist etwas eng am Bund",
        "Meine Festplatte ist kaputt angekommen",
        "Es ist schwierig, den Button zum Ändern der Karte zu finden",
        "Diesen Monat wurden knapp 50 Euro abgebucht, stimmt das?",
        "Die Lieferung wird zeitlich knapp vor Weihnachten",
        "Der Händler hat gerade Lieferschwierigkeiten",
        "Ich habe etwas Geld übrig und möchte früher zahlen",
        "Das Paket ist ziemlich schwer",
        "Die Lieferzeit ist diesen Monat etwas länger",
    ],
    (FINANCIAL, "sv"): [
        "Jag fick en bonus och vill betala allt nu",
        "Byxorna är lite tajta i midjan",
        "Skorna sitter för tajt, hur returnerar jag dem?",
        "Det är svårt att hitta knappen för att byta kort",
        "Min hårddisk kom trasig",
        "Leveransen blir tajt innan jul",
        "Jag har pengar över och vill betala i förväg",
        "Butiken har det tufft med leveranserna",
        "Det har varit svårt att logga in i appen",
        "Varan är slut i lager",
        "Det var kämpigt att montera hyllan",
    ],
    (FINANCIAL, "es"): [
        "Me han dado un bonus y quiero pagarlo todo",
        "Los zapatos me quedan muy justos",
        "Estoy justo en la página de pago y no veo el botón",
        "Es difícil encontrar el botón para cambiar la tarjeta",
        "Voy justo de tiempo, mándame el enlace",
        "Este mes me cobraron mal la cuota",
        "Tengo dinero de sobra, ¿puedo adelantar el pago?",
        "Mi disco duro llegó roto",
        "He descubierto un cargo que no reconozco",
        "Justo este mes quiero pagarlo todo",
        "Me ha surgido un imprevisto y no estaré en casa para la entrega",
        "Un momento no lo encuentro",
    ],
    (FINANCIAL, "it"): [
        "Ho ricevuto un bonus e vorrei saldare tutto",
        "Le scarpe sono troppo strette",
        "Il vestito mi sta un po' stretto sui fianchi",
        "È difficile trovare il pulsante per cambiare la carta",
        "Il mio disco rigido è arrivato rotto",
        "Ho dei soldi in più, posso pagare in anticipo?",
        "Il negozio è a corto di scorte, quando arriva?",
        "In questo momento no, grazie",
        "La consegna è un po' tirata per Natale",
        "Vorrei sapere quando scade la prossima rata",
        "Ho avuto un imprevisto, posso cambiare la data di consegna?",
    ],
    (VULNERABLE, "en"): [
        "I'm so sorry, I typed the wrong email address",
        "Lots going on with my order, it came in two parcels",
        "The items were separated into two deliveries",
        "I'm anxious to get my refund before the weekend",
        "I'm low on battery, can you email me instead?",
        "The parcel was poorly packaged and arrived damaged",
        "I'm not happy with the delivery",
        "The operation failed when I tried to pay",
        "I'm not sure which card I used",
        "Please send the invoice to my personal email",
        "I'm good thanks, just checking my balance",
        "My ex-colleague recommended your service",
        "I have a hard time reading your tiny font",
        "Sounds good, I'm down",
        "I feel terrible but I forgot to pay",
        "Did the motor burn out?",
    ],
    (VULNERABLE, "fr"): [
        "Je suis perdue, où est le bouton ?",
        "Les articles ont été envoyés séparément",
        "Je suis stressé par ce prélèvement en double",
        "Il y a beaucoup de choses dans mon panier",
        "Cette opération n'apparaît pas sur mon compte",
        "C'est urgent, je dois changer mon adresse",
        "Je suis fatigué d'attendre mon remboursement",
        "Mon ex-collègue m'a parlé de vous",
        "Je voudrais mettre à jour mes informations personnelles",
        "La séparation des paiements en trois fois est possible ?",
    ],
    (VULNERABLE, "de"): [
        "Die Artikel wurden getrennt geliefert",
        "Ich bin fertig mit der Bestellung, wie bezahle ich?",
        "Mir geht es gut, danke, ich will nur meine Adresse ändern",
        "Ich habe Stress mit der Lieferung",
        "Kann ich die Zahlung auf zwei Karten aufteilen?",
        "Die Familienpackung wurde doppelt berechnet",
        "Ich bin gespannt, wann mein Paket kommt",
        "Mein Ex-Kollege hat euch empfohlen",
        "Ich bin neu hier und möchte ein Konto eröffnen",
    ],
    (VULNERABLE, "sv"): [
        "Jag är ledsen men jag skrev fel adress",
        "Varorna skickades separat",
        "Jag är orolig att betalningen inte gick igenom",
        "Jag mår bra, vill bara ändra mitt nummer",
        "Jag orkar inte vänta mer på min återbetalning",
        "Min exkollega rekommenderade er",
        "Det är mycket enkelt att betala med Swish",
        "Sjukt bra service!",
        "Jag är förvirrad över fakturan",
        "Min sambo vill också ha ett konto",
    ],
    (VULNERABLE, "es"): [
        "Quiero darme de baja de la newsletter",
        "La operación no aparece en mi cuenta",
        "El pedido llegó en dos paquetes separados",
        "Estoy estresado con el pedido que no llega",
        "No estoy segura de qué tarjeta usé",
        "Mi ex-jefe me recomendó la tienda",
        "Estoy perdida, ¿dónde está el botón?",
        "Todo bien, solo quería cambiar mi dirección",
        "El producto es para mi madre, ¿puedo enviarlo a su casa?",
    ],
    (VULNERABLE, "it"): [
        "Mi trovo male con l'app, non si apre",
        "La spedizione è arrivata separata",
        "Sono stressato per il doppio addebito",
        "Sto bene, volevo solo cambiare indirizzo",
        "Non sono sicuro di quale carta ho usato",
        "Il mio ex collega mi ha consigliato il negozio",
        "Ho tante cose nel carrello",
        "Questa operazione non è mia",
        "Sono un po' confuso sulla fattura",
        "Mia madre vorrebbe aprire un conto",
    ],
}


def _cases(table: dict[tuple[str, str], list[str]]) -> list[tuple[str, str, str]]:
    return [(intent, lang, text) for (intent, lang), texts in table.items() for text in texts]


@pytest.mark.parametrize(("intent", "language", "text"), _cases(POSITIVE))
def test_weak_sign_is_heard(intent: str, language: str, text: str) -> None:
    assert intent in {m.intent for m in weak_matches(text)}, f"{language}: {text}"


@pytest.mark.parametrize(("intent", "language", "text"), _cases(NEGATIVE))
def test_ordinary_message_stays_quiet(intent: str, language: str, text: str) -> None:
    assert weak_matches(text) == (), f"{language} ({intent}): {text}"


@pytest.mark.parametrize("table", [POSITIVE, NEGATIVE])
def test_every_language_and_intent_has_enough_messages(
    table: dict[tuple[str, str], list[str]],
) -> None:
    for intent in (FINANCIAL, VULNERABLE):
        for language in LANGUAGES:
            assert len(table[(intent, language)]) >= 8, (intent, language)


def test_every_pattern_compiles_and_every_language_has_patterns() -> None:
    rules = {rule.intent: rule for rule in weak_signal_file().rules}
    assert set(rules) == {FINANCIAL, VULNERABLE}
    for rule in rules.values():
        assert set(rule.patterns) == set(LANGUAGES)
        for language in LANGUAGES:
            assert rule.patterns[language], (rule.intent, language)
            for pattern in rule.patterns[language]:
                re.compile(pattern, re.IGNORECASE)


def test_match_says_what_fired() -> None:
    (match,) = weak_matches("c'est un peu juste ce mois-ci")
    assert match.intent == FINANCIAL
    assert match.language == "fr"
    assert "juste" in match.matched


def test_one_match_per_intent() -> None:
    found = weak_matches("Money is tight and things are chaotic at home, money is tight")
    assert sorted(m.intent for m in found) == [FINANCIAL, VULNERABLE]


def test_typographic_apostrophe_and_missing_accents_still_fire() -> None:
    assert weak_matches("It’s been a tough month")[0].intent == FINANCIAL
    assert weak_matches("periode difficile")[0].intent == FINANCIAL
    assert weak_matches("jag mar inte bra")[0].intent == VULNERABLE


def test_schema_rejects_a_pattern_that_does_not_compile() -> None:
    patterns = {language: ("fine",) for language in LANGUAGES}
    broken = {**patterns, "de": ("(unclosed",)}
    with pytest.raises(pydantic.ValidationError):
        WeakSignalFile.model_validate(
            {
                "rules": [
                    {"intent": FINANCIAL, "patterns": broken},
                    {"intent": VULNERABLE, "patterns": patterns},
                ]
            }
        )


def test_schema_rejects_a_missing_language_or_intent() -> None:
    patterns = {language: ("fine",) for language in LANGUAGES}
    no_italian = {k: v for k, v in patterns.items() if k != "it"}
    with pytest.raises(pydantic.ValidationError):
        WeakSignalFile.model_validate(
            {
                "rules": [
                    {"intent": FINANCIAL, "patterns": no_italian},
                    {"intent": VULNERABLE, "patterns": patterns},
                ]
            }
        )
    with pytest.raises(pydantic.ValidationError):
        WeakSignalFile.model_validate({"rules": [{"intent": FINANCIAL, "patterns": patterns}]})
    with pytest.raises(pydantic.ValidationError):
        WeakSignalFile.model_validate({"rules": [{"intent": "human_agent", "patterns": patterns}]})
