"""The words of the customer's chat page in each language the assistant speaks.

The first message of every conversation already discloses the AI; the page says it again in a
banner that stays visible, beside a "talk to a person" button that is always there.
"""

from __future__ import annotations

CHAT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Chat with us",
        "disclosure": "You are chatting with an AI assistant. A person is one click away.",
        "human": "Talk to a person",
        "human_text": "I want to talk to a person",
        "placeholder": "Write your message",
        "send": "Send",
        "waiting": "A person will join shortly. You can keep writing.",
        "with_human": "You are talking with a person from our team.",
        "closed": "This conversation is closed.",
        "csat": "How would you rate this conversation?",
        "csat_thanks": "Thank you for your feedback.",
        "reconnecting": "Reconnecting…",
    },
    "fr": {
        "title": "Discutons",
        "disclosure": "Vous discutez avec un assistant IA. Une personne est à un clic.",
        "human": "Parler à une personne",
        "human_text": "Je veux parler à une personne",
        "placeholder": "Écrivez votre message",
        "send": "Envoyer",
        "waiting": "Une personne va vous rejoindre. Vous pouvez continuer à écrire.",
        "with_human": "Vous échangez avec une personne de notre équipe.",
        "closed": "Cette conversation est close.",
        "csat": "Comment évaluez-vous cette conversation ?",
        "csat_thanks": "Merci pour votre avis.",
        "reconnecting": "Reconnexion…",
    },
    "de": {
        "title": "Chat",
        "disclosure": "Sie chatten mit einem KI-Assistenten. Ein Mensch ist einen Klick entfernt.",
        "human": "Mit einem Menschen sprechen",
        "human_text": "Ich möchte mit einem Menschen sprechen",
        "placeholder": "Ihre Nachricht",
        "send": "Senden",
        "waiting": "Gleich kommt ein Mensch dazu. Sie können weiterschreiben.",
        "with_human": "Sie sprechen mit einem Menschen aus unserem Team.",
        "closed": "Dieses Gespräch ist beendet.",
        "csat": "Wie bewerten Sie dieses Gespräch?",
        "csat_thanks": "Danke für Ihre Rückmeldung.",
        "reconnecting": "Verbindung wird wiederhergestellt…",
    },
    "sv": {
        "title": "Chatta med oss",
        "disclosure": "Du chattar med en AI-assistent. En person är ett klick bort.",
        "human": "Prata med en person",
        "human_text": "Jag vill prata med en person",
        "placeholder": "Skriv ditt meddelande",
        "send": "Skicka",
        "waiting": "En person ansluter snart. Du kan fortsätta skriva.",
        "with_human": "Du pratar med en person från vårt team.",
        "closed": "Samtalet är avslutat.",
        "csat": "Hur skulle du betygsätta samtalet?",
        "csat_thanks": "Tack för ditt omdöme.",
        "reconnecting": "Återansluter…",
    },
    "es": {
        "title": "Chatea con nosotros",
        "disclosure": "Está chateando con un asistente de IA. Una persona está a un clic.",
        "human": "Hablar con una persona",
        "human_text": "Quiero hablar con una persona",
        "placeholder": "Escriba su mensaje",
        "send": "Enviar",
        "waiting": "Una persona se unirá en breve. Puede seguir escribiendo.",
        "with_human": "Está hablando con una persona de nuestro equipo.",
        "closed": "Esta conversación está cerrada.",
        "csat": "¿Cómo valoraría esta conversación?",
        "csat_thanks": "Gracias por su opinión.",
        "reconnecting": "Reconectando…",
    },
    "it": {
        "title": "Chatta con noi",
        "disclosure": "Sta chattando con un assistente IA. Una persona è a un clic.",
        "human": "Parla con una persona",
        "human_text": "Voglio parlare con una persona",
        "placeholder": "Scriva il suo messaggio",
        "send": "Invia",
        "waiting": "Una persona si unirà a breve. Può continuare a scrivere.",
        "with_human": "Sta parlando con una persona del nostro team.",
        "closed": "Questa conversazione è chiusa.",
        "csat": "Come valuta questa conversazione?",
        "csat_thanks": "Grazie per il suo parere.",
        "reconnecting": "Riconnessione…",
    },
}


def chat_words(locale: str | None) -> tuple[str, dict[str, str]]:
    """Return the page language for a locale ("fr-FR" -> "fr") and its words (English default)."""
    language = (locale or "en")[:2].lower()
    if language not in CHAT:
        language = "en"
    return language, CHAT[language]
