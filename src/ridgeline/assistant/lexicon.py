"""Small multilingual word lists the engine reads answers with: yes and no, which contact detail,
which dispute reason, autopay on or off, and attempts to instruct the assistant.

These are language data, not business rules. Matching is on casefolded text with word
boundaries.
"""

from __future__ import annotations

import re
import unicodedata

YES = (
    "yes",
    "yeah",
    "yep",
    "yup",
    "sure",
    "ok",
    "okay",
    "please do",
    "go ahead",
    "do it",
    "correct",
    "oui",
    "ouais",
    "d'accord",
    "daccord",
    "bien sûr",
    "volontiers",
    "allez-y",
    "vas-y",
    "c'est ça",
    "ja",
    "jawohl",
    "gerne",
    "genau",
    "klar",
    "einverstanden",
    "mach das",
    "machen sie das",
    "jo",
    "japp",
    "absolut",
    "gärna",
    "visst",
    "kör",
    "stämmer",
    "sí",
    "si",
    "vale",
    "claro",
    "de acuerdo",
    "por supuesto",
    "adelante",
    "hazlo",
    "correcto",
    "sì",
    "certo",
    "va bene",
    "d'accordo",
    "certamente",
    "esatto",
    "procedi",
)
NO = (
    "no",
    "nope",
    "nah",
    "not now",
    "don't",
    "do not",
    "cancel",
    "stop",
    "non",
    "pas maintenant",
    "annule",
    "annuler",
    "surtout pas",
    "nein",
    "nicht",
    "lieber nicht",
    "abbrechen",
    "nej",
    "inte",
    "avbryt",
    "nä",
    "no gracias",
    "cancela",
    "cancelar",
    "mejor no",
    "no grazie",
    "annulla",
    "meglio di no",
)

CONTACT_FIELDS = {
    "email": ("email", "e-mail", "mail", "courriel", "adresse mail", "correo", "e-post", "epost"),
    "phone": (
        "phone",
        "mobile",
        "number",
        "téléphone",
        "portable",
        "numéro",
        "telefon",
        "handy",
        "nummer",
        "mobilnummer",
        "teléfono",
        "móvil",
        "número",
        "telefono",
        "cellulare",
        "numero",
    ),
    "address": ("address", "adresse", "anschrift", "adress", "dirección", "direccion", "indirizzo"),
    "name": (
        "my name",
        "mon nom",
        "meinen namen",
        "mitt namn",
        "mi nombre",
        "il mio nome",
        "surname",
        "nom de famille",
        "nachname",
        "efternamn",
        "apellido",
        "cognome",
    ),
}

DISPUTE_REASONS = {
    "charged_twice": (
        "twice",
        "double",
        "deux fois",
        "zweimal",
        "doppelt",
        "två gånger",
        "dubbel",
        "dos veces",
        "duplicado",
        "due volte",
        "doppio",
    ),
    "not_received": (
        "never arrived",
        "not arrived",
        "hasn't arrived",
        "didn't arrive",
        "not received",
        "never received",
        "haven't received",
        "not delivered",
        "pas reçu",
        "jamais reçu",
        "pas arrivé",
        "jamais arrivé",
        "nicht angekommen",
        "nie angekommen",
        "nicht erhalten",
        "nicht geliefert",
        "inte kommit",
        "aldrig kommit",
        "inte fått",
        "aldrig fått",
        "no ha llegado",
        "no he recibido",
        "nunca llegó",
        "non è arrivato",
        "non ho ricevuto",
        "mai arrivato",
    ),
    "wrong_item": (
        "wrong",
        "mauvais",
        "pas le bon",
        "falsch",
        "fel vara",
        "fel produkt",
        "equivocado",
        "incorrecto",
        "sbagliato",
    ),
    "faulty": (
        "broken",
        "faulty",
        "defective",
        "damaged",
        "doesn't work",
        "cassé",
        "défectueux",
        "abîmé",
        "ne marche pas",
        "kaputt",
        "defekt",
        "beschädigt",
        "trasig",
        "sönder",
        "funkar inte",
        "roto",
        "defectuoso",
        "no funciona",
        "rotto",
        "difettoso",
        "non funziona",
    ),
    "not_as_described": (
        "not as described",
        "different from",
        "pas conforme",
        "ne correspond pas",
        "nicht wie beschrieben",
        "inte som beskrivet",
        "no es como",
        "non corrisponde",
    ),
    "merchant_unresponsive": (
        "not answering",
        "no reply",
        "doesn't reply",
        "ignoring",
        "ne répond pas",
        "antwortet nicht",
        "svarar inte",
        "no responde",
        "non risponde",
    ),
    "cancelled_not_refunded": (
        "cancelled",
        "canceled",
        "not refunded",
        "annulé",
        "pas remboursé",
        "storniert",
        "nicht erstattet",
        "avbeställd",
        "inte återbetald",
        "cancelado",
        "no reembolsado",
        "annullato",
        "non rimborsato",
    ),
}

UNLOCK = (
    "unlock",
    "unblock",
    "débloquer",
    "déverrouiller",
    "entsperren",
    "freischalten",
    "låsa upp",
    "lås upp",
    "desbloquear",
    "sbloccare",
)
AUTOPAY_OFF = (
    "off",
    "stop",
    "disable",
    "turn off",
    "désactiver",
    "désactive",
    "arrêter",
    "ausschalten",
    "deaktivieren",
    "abschalten",
    "stäng av",
    "stänga av",
    "desactivar",
    "quitar",
    "disattivare",
    "disattiva",
)
AUTOPAY_ON = (
    "turn on",
    "enable",
    "switch on",
    "activer",
    "active",
    "einschalten",
    "aktivieren",
    "slå på",
    "aktivera",
    "activar",
    "attivare",
    "attiva",
)

INJECTION = (
    r"ignore (all |any |your |the |previous |prior )*(rules|instructions|polic(y|ies)|guidelines)",
    r"(disregard|forget|bypass|override) (all |any |your |the |previous )*"
    r"(rules|instructions|polic(y|ies)|guidelines|restrictions)",
    r"you are now\b",
    r"\b(admin|developer|god|debug|root|sudo|jailbreak|dan) mode\b",
    r"\bsystem prompt\b",
    r"\bact as (an? )?(admin|administrator|developer|supervisor)\b",
    r"ignore (tes|vos|les) (règles|instructions)",
    r"oublie (tes|vos|les) (règles|instructions)",
    r"mode (admin|administrateur|développeur)",
    r"ignorier(e)? (deine|alle|die) (regeln|anweisungen)",
    r"ignorera (dina|alla) (regler|instruktioner)",
    r"ignora (tus|las|todas las|le|tutte le) (reglas|instrucciones|regole|istruzioni)",
    r"modo (administrador|admin|sviluppatore)",
    r"waive all (the )?fees",
)
_INJECTION = re.compile("|".join(f"(?:{p})" for p in INJECTION), re.IGNORECASE)


def normalise(text: str) -> str:
    """Return casefolded text with typographic apostrophes and spaces made plain."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("\u00a0", " ")
    return " ".join(text.casefold().split())


def _first(text: str, phrases: tuple[str, ...]) -> int | None:
    found = [
        m.start()
        for p in phrases
        if (m := re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text)) is not None
    ]
    return min(found) if found else None


def _has(text: str, phrases: tuple[str, ...]) -> bool:
    return _first(text, phrases) is not None


def answer(text: str) -> str | None:
    """Return "yes" or "no" when the message opens by answering a yes/no question.

    Only the first clause counts, and whichever answer comes first in it wins ("Ja, aber nicht
    heute" is a yes with a condition a person may need to hear, not a no).
    """
    norm = normalise(text)
    head = re.split(r"[.!?;:]", norm, maxsplit=1)[0]
    yes, no = _first(head, YES), _first(head, NO)
    if no is not None and (yes is None or no < yes):
        return None if head.startswith(("no problem", "no worries")) else "no"
    return "yes" if yes is not None else None


#: Words that may surround a yes or a no without adding anything to it.
COURTESY = (
    "please",
    "thanks",
    "thank you",
    "great",
    "fine",
    "merci",
    "s'il vous plaît",
    "s'il te plaît",
    "svp",
    "parfait",
    "bitte",
    "danke",
    "tack",
    "perfekt",
    "por favor",
    "gracias",
    "perfecto",
    "per favore",
    "grazie",
    "perfetto",
)


def bare_answer(text: str) -> str | None:
    """Return "yes" or "no" when the message is nothing but that answer ("Yes please!", "nej
    tack"): every word belongs to an answer or a courtesy. Anything more needs understanding."""
    said = answer(text)
    if said is None:
        return None
    rest = re.sub(r"[^\w' ]+", " ", normalise(text))
    for phrase in sorted(YES + NO + COURTESY, key=len, reverse=True):
        rest = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", " ", rest)
    return said if not rest.strip(" '") else None


def contact_field(text: str) -> str | None:
    """Return which contact detail the customer speaks of, if any."""
    norm = normalise(text)
    for field_name in ("name", "email", "address", "phone"):
        if _has(norm, CONTACT_FIELDS[field_name]):
            return field_name
    return None


def dispute_reason(text: str) -> str | None:
    """Return the dispute reason a message describes, if one is clear."""
    norm = normalise(text)
    for reason, phrases in DISPUTE_REASONS.items():
        if _has(norm, phrases):
            return reason
    return None


def autopay_wish(text: str) -> bool | None:
    """Return True to turn autopay on, False for off, None when the message does not say."""
    norm = normalise(text)
    if _has(norm, AUTOPAY_OFF):
        return False
    if _has(norm, AUTOPAY_ON):
        return True
    return None


def wants_unlock(text: str) -> bool:
    """Tell whether the customer asks to unlock rather than lock."""
    return _has(normalise(text), UNLOCK)


def looks_like_injection(text: str) -> bool:
    """Tell whether the message tries to instruct the assistant to drop its rules."""
    return bool(_INJECTION.search(normalise(text)))
