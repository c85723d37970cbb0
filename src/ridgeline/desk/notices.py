"""What the customer's chat shows when a person joins, leaves or closes, in their language.

These are notices of the desk, not replies of the assistant: they carry no figures.
"""

from __future__ import annotations

NOTICES: dict[str, dict[str, str]] = {
    "joined": {
        "en": "{name} from our team has joined the conversation.",
        "fr": "{name}, de notre équipe, a rejoint la conversation.",
        "de": "{name} aus unserem Team ist dem Gespräch beigetreten.",
        "sv": "{name} från vårt team har anslutit till samtalet.",
        "es": "{name}, de nuestro equipo, se ha unido a la conversación.",
        "it": "{name} del nostro team si è unito alla conversazione.",
    },
    "released": {
        "en": "{name} has left; the assistant is back. A person is one click away.",
        "fr": "{name} est parti ; l'assistant reprend. Une personne reste à un clic.",
        "de": "{name} ist gegangen; der Assistent ist zurück. Ein Mensch ist einen Klick entfernt.",
        "sv": "{name} har lämnat; assistenten är tillbaka. En person är ett klick bort.",
        "es": "{name} se ha ido; vuelve el asistente. Una persona está a un clic.",
        "it": "{name} è uscito; torna l'assistente. Una persona è a un clic.",
    },
    "closed": {
        "en": "{name} has closed the conversation. Thank you for contacting us.",
        "fr": "{name} a clos la conversation. Merci de nous avoir contactés.",
        "de": "{name} hat das Gespräch beendet. Danke, dass Sie uns kontaktiert haben.",
        "sv": "{name} har avslutat samtalet. Tack för att du kontaktade oss.",
        "es": "{name} ha cerrado la conversación. Gracias por contactarnos.",
        "it": "{name} ha chiuso la conversazione. Grazie per averci contattato.",
    },
}


def notice(kind: str, language: str, name: str) -> str:
    """Return the notice `kind` in `language` (English when the language has none)."""
    table = NOTICES[kind]
    return table.get(language, table["en"]).format(name=name)
