"""The safety phrase layer is complete (the concepts customers use, in every language) and precise.

Positives: a request for a person without the words person/agent/human (a call back, "is anybody
real there", "not a machine"), hardship said as job loss, sick pay, nothing left after rent,
drowning in debt or unaffordable instalments, and vulnerability said as a death in the family,
legal representation, serious illness, or someone else using or controlling the account against
the customer's will. Negatives: ordinary messages that mention family, a balance with "nothing
left to pay", paying early or a bonus, a captcha's "I'm not a robot", a card that won't pay in the
app, a merchant gone bust, a phone that died.
"""

from __future__ import annotations

import pytest

from ridgeline.understanding.catalogue import (
    SAFETY_INTENTS,
    examples,
    out_of_scope_messages,
    out_of_scope_training,
)
from ridgeline.understanding.safety import safety_matches

POSITIVE: dict[str, dict[str, list[str]]] = {
    "human_agent": {
        "en": [
            "Can someone from your team call me back please?",
            "is anybody real there?",
            "I need someone who can actually think, not a script",
            "put me through to someone who works there",
            "I'd rather deal with a human being",
            "not a machine please, I need help",
            "I'd like to request a callback",
            "escalate this to a supervisor",
            "human plz",
            "what number can I call to sort this out?",
            "I'm done with this, instead of a bot give me someone",
        ],
        "fr": [
            "quelqu'un peut me rappeler svp ?",
            "je voudrais être rappelé par un conseiller",
            "il y a quelqu'un de réel ?",
            "je veux quelqu'un qui réfléchit, pas un script",
            "je veux parler avec qqn de chez vous",
            "pas une machine svp",
            "vous pouvez me rappeler au 06 12 34 56 78 ?",
            "mettez-moi avec quelqu'un qui travaille chez vous",
            "conseiller svp",
        ],
        "de": [
            "können Sie mich bitte zurückrufen?",
            "ruft mich bitte an",
            "ich hätte gern einen Rückruf",
            "ist da überhaupt ein echter Mensch?",
            "ich brauche jemanden, der mitdenkt",
            "ich will mit jemandem von euch sprechen",
            "keine Maschine bitte",
            "kannste mich mit nem menschen verbinden",
            "stellen Sie mich bitte durch",
        ],
        "sv": [
            "kan ni ringa upp mig?",
            "ring mig tack",
            "jag vill bli uppringd",
            "är det nån riktig där?",
            "jag behöver någon som kan tänka",
            "jag vill snacka med någon som jobbar hos er",
            "inte en maskin, snälla",
            "vill prata m en människa",
            "slussa mig vidare till en handläggare",
            "jag skulle vilja att någon ringer upp mig",
        ],
        "es": [
            "¿me podéis llamar por teléfono?",
            "llamadme porfa",
            "quiero hablar con un ser humano",
            "alguien que piense, no una maquina",
            "quiero hablar con alguien de la empresa",
            "estoy harto de hablar con una máquina",
            "ponedme con atención al cliente",
            "que me llame un asesor",
            "humano porfa",
        ],
        "it": [
            "richiamatemi per favore",
            "mi potete chiamare domani?",
            "c'è qualcuno di vero lì?",
            "voglio qualcuno che ragioni",
            "fatemi parlare con qualcuno del servizio clienti",
            "non una macchina, una persona!",
            "passami un operatore",
            "voglio parlare con qlc di vero",
            "vorrei essere richiamato",
        ],
    },
    "financial_difficulty": {
        "en": [
            "I was laid off last month and I'm behind",
            "I'm on sick pay and the instalments are too much",
            "I've got nothing left after rent and bills",
            "I'm drowning in debt",
            "buried in debt, please help",
            "I'm over-indebted",
            "can I pause the instalments for a couple of months, money is tight",
            "the instalments are too high for me now",
            "I can't afford the instalments anymore",
            "I've had to use a food bank this month",
            "I can't make ends meet",
            "I have money problems at the moment",
            "my partner left and I can't manage the payments alone",
        ],
        "fr": [
            "j'ai perdu mon taf et je peux plus payer",
            "je suis en arrêt maladie, je n'arrive pas à payer",
            "après le loyer il me reste plus rien",
            "je suis noyé sous les dettes",
            "je suis surendetté",
            "je n'ai plus les moyens de payer les mensualités",
            "les mensualités sont trop élevées pour moi",
            "j'ai des problèmes d'argent en ce moment",
            "je suis fauchée ce mois-ci",
            "je me suis fait virer",
            "on peut faire un échéancier que je peux vraiment payer ?",
        ],
        "de": [
            "mir wurde gekündigt und ich kann die Raten nicht mehr zahlen",
            "ich bin krankgeschrieben und bekomme nur Krankengeld",
            "nach der Miete bleibt nichts übrig",
            "ich ersticke in Schulden",
            "ich bin überschuldet",
            "ich kann mir die Raten nicht mehr leisten",
            "die Raten sind mir zu hoch",
            "ich habe gerade Geldprobleme",
            "hab kein Geld mehr für die Raten",
            "bin grad total pleite",
            "ich werde diesen Monat nicht zahlen können",
        ],
        "sv": [
            "jag har blivit uppsagd och vet inte hur jag ska klara mig",
            "jag är sjukskriven och har bara sjukpenning",
            "inget kvar efter hyran",
            "jag drunknar i skulder",
            "jag är överskuldsatt",
            "delbetalningarna är för höga",
            "pengarna räcker inte till hyran",
            "jag har pengaproblem just nu",
            "är helt luspank",
            "kan vi göra en plan jag har råd med?",
            "timmarna har minskats på jobbet",
        ],
        "es": [
            "me han despedido y no sé cómo pagar las cuotas",
            "estoy de baja médica y no llego",
            "después del alquiler no me queda nada",
            "estoy ahogado en deudas",
            "estoy sobreendeudada",
            "no puedo asumir las cuotas",
            "las cuotas son demasiado altas",
            "tengo problemas de dinero",
            "estoy sin un duro",
            "¿podemos hacer un plan que pueda pagar?",
            "no llego a fin de mes",
        ],
        "it": [
            "mi hanno licenziato e non so come pagare",
            "sono in cassa integrazione",
            "dopo l'affitto non mi resta niente",
            "sono sommerso di debiti",
            "sono sovraindebitata",
            "non posso più permettermi le rate",
            "le rate sono troppo alte",
            "ho problemi di soldi",
            "nn riesco a pagare questo mese",
            "non arrivo a fine mese",
            "possiamo fare un piano che posso pagare?",
        ],
    },
    "vulnerability": {
        "en": [
            "my mum has just died and these are her orders",
            "there's been a death in the family",
            "I'm his legal guardian",
            "my wife has Alzheimer's and I look after her account",
            "I'm having radiotherapy at the moment",
            "my ex keeps ordering things on my account without my permission",
            "my husband is controlling and takes my card",
            "I'm in a coercive relationship",
            "I'm dealing with probate for my father",
            "Someone is forcing me to make these purchases",
            "my brother threatened me so I'd take out the plan",
        ],
        "fr": [
            "ma mere est decedee le mois dernier",
            "mon père est mort, que faire de ses commandes ?",
            "je suis la tutrice de mon frère",
            "ma mère a la maladie d'Alzheimer",
            "je suis en chimio",
            "mon ex utilise mon compte sans mon accord",
            "mon mari contrôle tout mon argent",
            "je suis victime de violences conjugales",
            "mon conjoint m'oblige à commander",
            "mamie nous a quittés la semaine dernière",
        ],
        "de": [
            "mein Vater ist letzte Woche gestorben",
            "meine Mutter ist leider von uns gegangen",
            "ich habe eine Vorsorgevollmacht für meine Oma",
            "meine Frau hat Alzheimer",
            "ich bin gerade in der Chemo",
            "mein Ex bestellt ohne mein Wissen auf meinen Namen",
            "mein Mann zwingt mich, Sachen zu kaufen",
            "ich bin Opfer häuslicher Gewalt",
            "wir haben den Erbschein beantragt",
            "mein Vater ist nicht mehr unter uns",
        ],
        "sv": [
            "mamma gick bort förra veckan",
            "min pappa är död, vad händer med hans köp?",
            "jag har framtidsfullmakt för min mamma",
            "min man har alzheimer",
            "jag får cellgiftsbehandling",
            "mitt ex handlar på mitt konto utan min tillåtelse",
            "min sambo tvingar mig att handla",
            "jag bor på ett skyddat boende",
            "pappa finns inte längre",
            "vi förlorade vår son i våras",
        ],
        "es": [
            "mi padre fallecio hace un mes",
            "mi madre murió y tenía pedidos abiertos",
            "soy el representante legal de mi tío",
            "mi madre tiene alzheimer",
            "estoy con quimio",
            "mi ex usa mi cuenta sin mi permiso",
            "mi pareja me obliga a comprar cosas",
            "sufro violencia de género",
            "mi abuela ya no está con nosotros",
            "me ingresaron y estoy en el hospital",
        ],
        "it": [
            "mia madre è venuta a mancare",
            "mio padre è morto il mese scorso",
            "sono l'amministratrice di sostegno di mia zia",
            "mio padre ha l'alzheimer",
            "sto facendo la chemio",
            "il mio ex usa il mio account senza il mio permesso",
            "mio marito mi costringe a comprare",
            "vivo in una casa rifugio",
            "è mancato mio marito",
            "abbiamo perso nostro figlio",
        ],
    },
}

#: Messages that must raise no safety intent at all, per language and per the intent they resemble.
NEGATIVE: dict[str, dict[str, list[str]]] = {
    "human_agent": {
        "en": [
            "The app keeps asking me to prove I'm not a robot",
            "I was promised a callback that never came",
            "Someone called me claiming to be from your company",
            "please don't call me back, just email",
            "Hello, anyone there?",
            "I have no computer, can I do this on my phone?",
            "Remind me when my next payment is",
        ],
        "fr": [
            "rappelez-moi la date de mon prochain paiement",
            "vous pouvez me rappeler le montant de l'échéance ?",
            "bonjour, il y a quelqu'un ?",
            "le site me demande de prouver que je ne suis pas un robot",
            "quelqu'un m'a appelé en se faisant passer pour vous",
            "c'est ma femme qui paie d'habitude, vous pouvez me montrer l'échéancier ?",
        ],
        "de": [
            "das Inkasso ruft mich ständig an",
            "mir wurde ein Rückruf versprochen, der nie kam",
            "hallo, ist da jemand?",
            "ich bin kein Roboter, warum muss ich das bestätigen?",
            "jemand von euch hat mich angerufen und nach dem Code gefragt",
            "ich habe keinen Computer, geht das auch am Handy?",
            "meine Frau zahlt normalerweise, wann ist die nächste Rate?",
        ],
        "sv": [
            "sluta ringa mig hela tiden",
            "inkasso ringer mig varje dag",
            "någon ringer mig hela tiden och låtsas vara ni",
            "hej, är det någon där?",
            "sidan säger att jag ska bevisa att jag inte är en robot",
            "min fru brukar betala, när är nästa betalning?",
            "jag har ingen dator, går det i mobilen?",
        ],
        "es": [
            "no quiero que me llamen más, pago mañana",
            "hola, ¿hay alguien?",
            "la web dice que demuestre que no soy un robot",
            "alguien me llamó haciéndose pasar por vosotros",
            "mi mujer suele pagar, ¿cuándo es el próximo pago?",
            "no tengo ordenador, ¿se puede hacer desde el móvil?",
        ],
        "it": [
            "non chiamatemi più, pago domani",
            "ciao, c'è qualcuno?",
            "il sito mi chiede di dimostrare che non sono un robot",
            "qualcuno mi ha chiamato fingendosi voi",
            "di solito paga mia moglie, quando è la prossima rata?",
            "mi ricordate quando scade la rata?",
        ],
    },
    "financial_difficulty": {
        "en": [
            "is there nothing left to pay on my sofa?",
            "I'm not behind on my payments, I just have spare cash",
            "I got my bonus, can I pay it all off?",
            "I'm not in financial difficulty, I just want to pay off early",
            "I can't pay with my card, the app keeps crashing",
            "why can't I pay in the app?",
            "will I pay less interest if I settle early?",
            "nothing wrong money-wise, I'm on holiday so I'd like to pay a week later",
            "no money problems, I just hate having debts",
            "The merchant went bankrupt and I never got my order",
        ],
        "fr": [
            "il ne me reste plus rien à payer ?",
            "il ne reste plus rien à payer sur la lampe ?",
            "je ne peux pas payer avec ma carte, ça bug",
            "je ne suis pas en difficulté financière, je veux juste tout rembourser",
            "j'ai touché ma prime, je veux tout solder",
            "aucun souci financier, je suis en vacances, je peux décaler ?",
            "est-ce que je vais payer moins d'intérêts si je rembourse maintenant ?",
            "j'ai viré l'argent hier, vous l'avez reçu ?",
            "pas de problèmes d'argent, je préfère juste ne rien devoir",
        ],
        "de": [
            "ist beim Mantel nichts mehr offen?",
            "ich bin nicht im Rückstand, ich will nur früher zahlen",
            "kein Geldproblem, ich bin nur im Urlaub",
            "ich habe keine finanziellen Schwierigkeiten, ich will alles ablösen",
            "ich kann in der App nicht zahlen, da kommt ein Fehler",
            "der Händler ist pleite und meine Bestellung kam nie",
            "hab meinen Bonus bekommen, kann ich alles auf einmal zahlen?",
            "ich werde nicht zahlen, bis die Retoure angekommen ist",
            "es bleibt mir nichts mehr zu zahlen, oder?",
        ],
        "sv": [
            "finns det ingenting kvar att betala på jackan?",
            "jag ligger inte efter, jag vill bara betala i förtid",
            "inga problem med pengarna, jag är på semester",
            "jag kan inte betala med mitt kort, appen krånglar",
            "jag hänger inte med, varför drogs 300 kr?",
            "en vecka räcker inte, kan jag få två?",
            "fick min bonus och vill lösa allt",
        ],
        "es": [
            "¿ya no me queda nada por pagar del sofá?",
            "el paquete no llego nunca",
            "mi pedido no llegó",
            "no puedo pagar con la tarjeta, da error",
            "no puedo pagar a plazos en esta tienda",
            "no voy atrasado, solo quiero pagar antes",
            "no es por dinero, estoy de vacaciones",
            "el reembolso no me llega",
            "¿puedo pagar menos intereses si lo liquido ya?",
            "no tengo dificultades económicas, quiero liquidarlo todo",
        ],
        "it": [
            "non c'è più niente da pagare sul divano?",
            "non mi resta niente da pagare, giusto?",
            "non riesco a pagare con la carta, dà errore",
            "non posso pagare a rate in questo negozio",
            "nessun problema di soldi, voglio solo estinguere",
            "ho preso la tredicesima, voglio pagare tutto",
            "posso pagare meno interessi se estinguo adesso?",
            "non ce la faccio ad aspettare il rimborso, quando arriva?",
        ],
    },
    "vulnerability": {
        "en": [
            "I bought it as a present for my mum, when is the next payment?",
            "my son ordered with my permission, how much is left?",
            "my laptop died after a week",
            "my phone battery died so I missed the payment",
            "The shop forced me to take store credit",
            "the debt collector threatened me with court",
            "I can't use the app, it keeps crashing",
            "my wife normally pays, can you show me the schedule?",
            "the deadline passed last week",
        ],
        "fr": [
            "je l'ai acheté en cadeau pour ma mère, c'est quand le prochain paiement ?",
            "mon fils a utilisé mon compte avec mon accord",
            "nous avons perdu notre colis",
            "le vendeur m'oblige à garder l'article",
            "le recouvrement me menace",
            "ma batterie est morte",
            "le colis n'est plus là",
        ],
        "de": [
            "hab das als Geschenk für meine Mutter gekauft, wann ist die nächste Rate?",
            "mein Sohn hat mit meiner Erlaubnis bestellt",
            "mein Handy ist gestorben",
            "der Händler zwingt mich, einen Gutschein zu nehmen",
            "das Inkasso bedroht mich",
            "der Artikel ist nicht mehr da",
            "höhere Gewalt, sagt der Händler, das Paket kam nicht",
        ],
        "sv": [
            "jag köpte den som present till mamma, när är nästa betalning?",
            "min son använde mitt konto med min tillåtelse",
            "jag förlorade mitt kort igår",
            "batteriet är dött",
            "varan finns inte längre i lager",
            "butiken tvingar mig att ta ett presentkort",
            "inkasso hotar mig med kronofogden",
        ],
        "es": [
            "lo compré de regalo para mi madre, ¿cuándo es el próximo pago?",
            "mi hijo usó mi cuenta con mi permiso",
            "el producto ya no está disponible",
            "mi portátil murió a la semana",
            "la tienda me obliga a aceptar un vale",
            "el dinero ingresado no aparece",
            "el recobro me amenaza con juicio",
        ],
        "it": [
            "l'ho comprato come regalo per mia mamma, quando è la prossima rata?",
            "mio figlio ha usato il mio account con il mio permesso",
            "la batteria è morta",
            "il prodotto non c'è più",
            "abbiamo perso lo scontrino",
            "il recupero crediti mi minaccia",
            "ho perso la mia carta",
        ],
    },
}


def _cases(table: dict[str, dict[str, list[str]]]) -> list[tuple[str, str, str]]:
    return [
        (intent, language, text)
        for intent, by_language in table.items()
        for language, texts in by_language.items()
        for text in texts
    ]


@pytest.mark.parametrize(("intent", "language", "text"), _cases(POSITIVE))
def test_concept_fires(intent: str, language: str, text: str) -> None:
    assert intent in {m.intent for m in safety_matches(text)}, (language, text)


@pytest.mark.parametrize(("intent", "language", "text"), _cases(NEGATIVE))
def test_ordinary_message_stays_quiet(intent: str, language: str, text: str) -> None:
    assert safety_matches(text) == (), (intent, language, text)


@pytest.mark.parametrize("table", [POSITIVE, NEGATIVE])
def test_enough_cases_per_language_and_intent(table: dict[str, dict[str, list[str]]]) -> None:
    for intent in SAFETY_INTENTS:
        for language in ("en", "fr", "de", "sv", "es", "it"):
            assert len(table[intent][language]) >= 5, (intent, language)


def _other_intents_fired(text: str, own: str) -> list[str]:
    # A rule for a catalogue intent (identity theft for `unrecognised_charge`) may fire on that
    # intent's own examples; it must not fire on any other.
    return [m.matched for m in safety_matches(text) if m.intent != own]


def test_no_phrase_fires_on_other_catalogue_examples_or_out_of_scope_messages() -> None:
    fired = [
        (e.language, e.intent, e.text, _other_intents_fired(e.text, e.intent))
        for e in examples()
        if e.intent not in SAFETY_INTENTS and _other_intents_fired(e.text, e.intent)
    ]
    for messages in (out_of_scope_messages(), out_of_scope_training()):
        fired += [
            (language, "out_of_scope", text, [m.matched for m in safety_matches(text)])
            for language, texts in messages.items()
            for text in texts
            if safety_matches(text)
        ]
    assert fired == []


# Three concepts widened in every language. Control of the account by someone else: an ex, a
# partner or a relative who still has the login, keeps ordering on the account or stops the
# customer changing it (not an ex-colleague, a password the customer changed, an account shared on
# purpose). Identity theft said plainly: plans or accounts opened in my name, bills or emails for
# purchases never made (not an order that is in my name, a name spelt wrong). Doubt that anyone
# real is there, or a request for someone from the staff (not a real order, a card machine).
ACCOUNT_CONTROL_POSITIVE: dict[str, list[str]] = {
    "en": [
        "my ex still has my login and keeps ordering on my account",
        "My ex-boyfriend knows my password and won't stop using the app",
        "my husband has my password and he won't let me change it",
        "my ex-wife still has access to my account and I can't get her out",
        "my brother keeps logging into my account and buying things",
        "my partner stops me from changing the password",
        "my ex changed my password and locked me out of my own account",
    ],
    "fr": [
        "mon ex a encore mes identifiants et commande sur mon compte",
        "mon ex-mari connaît mon mot de passe et continue de se connecter à mon compte",
        "ma copine a toujours accès à mon compte alors qu'on est séparés",
        "mon frere continue a commander sur mon compte",
        "mon conjoint m'empêche de changer mon mot de passe",
        "mon ex se connecte encore sur mon compte",
        "mon ancien compagnon a gardé mes codes d'accès",
    ],
    "de": [
        "mein Ex hat noch meine Zugangsdaten",
        "mein Exmann kennt mein Passwort und bestellt weiter über mein Konto",
        "meine Ex-Freundin loggt sich immer noch in mein Konto ein",
        "mein Bruder bestellt ständig auf meinem Konto",
        "mein Mann lässt mich das Passwort nicht ändern",
        "meine Ex hat noch Zugriff auf mein Konto",
        "mein Ex-Partner hat mich aus meinem eigenen Konto ausgesperrt",
    ],
    "sv": [
        "min före detta har fortfarande inloggningen",
        "mitt ex har kvar mina inloggningsuppgifter och handlar på mitt konto",
        "min exman loggar fortfarande in på mitt konto",
        "min sambo vet mitt lösenord och låter mig inte byta det",
        "min bror fortsätter att beställa på mitt konto",
        "exet har fortfarande tillgång till mitt konto",
        "min pojkvän har mitt bankid och handlar hela tiden på mitt konto",
    ],
    "es": [
        "mi ex sigue entrando en mi cuenta",
        "mi exnovio todavía tiene mi contraseña",
        "mi pareja no me deja cambiar la contraseña",
        "mi ex marido sabe mis claves y sigue comprando con mi cuenta",
        "mi hermano sigue haciendo pedidos desde mi cuenta",
        "mi ex tiene acceso a mi cuenta y no sé cómo echarlo",
        "mi expareja me impide cambiar el usuario y la contraseña",
    ],
    "it": [
        "il mio ex ha ancora le mie credenziali",
        "la mia ex continua a entrare nel mio account",
        "mio marito conosce la mia password e non mi lascia cambiarla",
        "il mio ex compagno ha ancora accesso al mio conto",
        "mio fratello continua a fare ordini col mio account",
        "la mia ex ragazza usa ancora il mio account per comprare",
        "il mio compagno mi impedisce di cambiare la password",
    ],
}

ACCOUNT_CONTROL_NEGATIVE: dict[str, list[str]] = {
    "en": [
        "my ex-colleague recommended Ridgeline to me",
        "I changed my password yesterday, do I need to log in again?",
        "my partner and I share the account on purpose, is that allowed?",
        "I forgot my password, can you send a reset link?",
        "my husband bought me the sofa, when is the next payment?",
        "the app won't let me change my password",
        "my ex colleague still uses your app",
    ],
    "fr": [
        "mon ex-collègue m'a conseillé votre service",
        "j'ai changé mon mot de passe hier",
        "mon conjoint et moi partageons le compte volontairement",
        "j'ai oublié mes identifiants, comment les récupérer ?",
        "l'appli m'empêche de changer mon mot de passe",
        "ma femme m'a offert le canapé, c'est quand la prochaine échéance ?",
        "je me connecte sur mon compte mais la page reste blanche",
    ],
    "de": [
        "mein Ex-Kollege hat mir Ridgeline empfohlen",
        "ich habe mein Passwort geändert, muss ich mich neu anmelden?",
        "mein Partner und ich nutzen das Konto bewusst gemeinsam",
        "die App lässt mich das Passwort nicht ändern",
        "ich habe meine Zugangsdaten vergessen",
        "meine Frau hat mir das Sofa geschenkt, wann ist die nächste Rate?",
        "ich logge mich in mein Konto ein und sehe nichts",
    ],
    "sv": [
        "min före detta kollega tipsade om er",
        "jag har bytt lösenord, måste jag logga in igen?",
        "min sambo och jag delar kontot med flit",
        "appen låter mig inte byta lösenord",
        "jag har glömt min inloggning",
        "min fru köpte soffan åt mig, när är nästa betalning?",
        "jag loggar in på mitt konto men ser inga köp",
    ],
    "es": [
        "mi ex compañero de trabajo me recomendó la app",
        "he cambiado mi contraseña, ¿tengo que volver a entrar?",
        "mi pareja y yo compartimos la cuenta a propósito",
        "la app no me deja cambiar la contraseña",
        "olvidé mi contraseña",
        "mi marido me regaló el sofá, ¿cuándo es el próximo pago?",
        "entro en mi cuenta y no veo el pedido",
    ],
    "it": [
        "il mio ex collega mi ha consigliato la vostra app",
        "ho cambiato la password, devo rientrare?",
        "io e il mio compagno condividiamo l'account apposta",
        "l'app non mi lascia cambiare la password",
        "ho dimenticato le credenziali",
        "mio marito mi ha regalato il divano, quando è la prossima rata?",
        "entro nel mio account ma non vedo l'ordine",
    ],
}

IDENTITY_THEFT_POSITIVE: dict[str, list[str]] = {
    "en": [
        "someone opened a payment plan in my name",
        "I think I'm a victim of identity theft",
        "I'm getting emails about purchases I never made",
        "there are two accounts in my name that I didn't open",
        "somebody is using my identity to buy stuff",
        "I received a bill for an order I didn't place",
        "someone has been pretending to be me and taking out plans",
    ],
    "fr": [
        "je suis victime d'usurpation d'identité",
        "quelqu'un a ouvert un compte à mon nom",
        "il y a des crédits à mon nom que je n'ai jamais demandés",
        "je reçois des mails pour des achats que je n'ai jamais faits",
        "on m'a volé mon identité",
        "qqn utilise mon identité pour commander",
        "je reçois des factures pour des commandes que je n'ai pas passées",
    ],
    "de": [
        "ich bin Opfer von Identitätsdiebstahl",
        "jemand hat in meinem Namen ein Konto eröffnet",
        "es laufen Ratenkäufe auf meinen Namen, die ich nie abgeschlossen habe",
        "ich bekomme Mahnungen für Bestellungen, die ich nie getätigt habe",
        "meine Identität wurde gestohlen",
        "jemand gibt sich für mich aus und bestellt Sachen",
        "ich kriege E-Mails zu Käufen, die ich nicht gemacht habe",
    ],
    "sv": [
        "jag har utsatts för identitetsstöld",
        "någon har tecknat en delbetalning i mitt namn",
        "någon har handlat på mitt personnummer",
        "jag får fakturor för köp jag aldrig har gjort",
        "det finns konton i mitt namn som jag aldrig öppnat",
        "någon har stulit min identitet",
        "jag får mejl om beställningar som jag inte har gjort",
    ],
    "es": [
        "he sufrido una suplantación de identidad",
        "alguien ha abierto una cuenta a mi nombre",
        "hay compras a mi nombre que yo no he hecho",
        "me llegan correos de pedidos que nunca he hecho",
        "me han robado la identidad",
        "alguien está usando mi identidad para comprar",
        "recibo facturas de compras que no son mías",
    ],
    "it": [
        "sono vittima di un furto d'identità",
        "qualcuno ha aperto un conto a mio nome",
        "ci sono acquisti a mio nome che non ho mai fatto",
        "mi arrivano email per ordini che non ho mai fatto",
        "mi hanno rubato l'identità",
        "c'è un finanziamento intestato a me che non ho mai richiesto",
        "ricevo fatture di acquisti che non ho mai effettuato",
    ],
}

IDENTITY_THEFT_NEGATIVE: dict[str, list[str]] = {
    "en": [
        "the order is in my name, when does it arrive?",
        "can I put the account in my name?",
        "my name is wrong on the invoice",
        "I need to verify my identity, which documents do you accept?",
        "can I open a plan in my name instead of my husband's?",
        "I got an email saying my order shipped",
        "I used my identity card to sign up",
    ],
    "fr": [
        "la commande est à mon nom, elle arrive quand ?",
        "je peux mettre le compte à mon nom ?",
        "mon nom est mal écrit sur la facture",
        "je dois vérifier mon identité, quels papiers ?",
        "j'ai reçu un mail qui dit que ma commande est partie",
        "le colis est à mon nom mais c'est pour ma fille",
        "comment changer le nom sur mon compte ?",
    ],
    "de": [
        "die Bestellung läuft auf meinen Namen, wann kommt sie?",
        "kann ich das Konto auf meinen Namen umschreiben?",
        "mein Name ist auf der Rechnung falsch geschrieben",
        "ich muss meine Identität bestätigen, welche Dokumente braucht ihr?",
        "ich habe eine E-Mail bekommen, dass meine Bestellung unterwegs ist",
        "kann ich in meinem Namen für meine Mutter bestellen?",
        "wie ändere ich den Namen in meinem Konto?",
    ],
    "sv": [
        "ordern står i mitt namn, när kommer den?",
        "kan jag sätta kontot i mitt namn?",
        "mitt namn är felstavat på fakturan",
        "jag måste verifiera min identitet, vilka papper behövs?",
        "kan jag logga in med mitt personnummer?",
        "jag fick ett mejl om att min beställning skickats",
        "hur ändrar jag namnet på mitt konto?",
    ],
    "es": [
        "el pedido está a mi nombre, ¿cuándo llega?",
        "¿puedo poner la cuenta a mi nombre?",
        "mi nombre está mal en la factura",
        "tengo que verificar mi identidad, ¿qué documentos?",
        "me llegó un correo de que mi pedido está en camino",
        "¿cómo cambio el nombre de mi cuenta?",
        "la factura sale a mi nombre pero el regalo es para mi hermana",
    ],
    "it": [
        "l'ordine è a mio nome, quando arriva?",
        "posso mettere l'account a mio nome?",
        "il mio nome è sbagliato in fattura",
        "devo verificare la mia identità, che documenti servono?",
        "mi è arrivata una mail che il mio ordine è partito",
        "il conto è intestato a me, posso aggiungere mia moglie?",
        "come cambio il nome sul mio account?",
    ],
}

REAL_PERSON_POSITIVE: dict[str, list[str]] = {
    "en": [
        "is there anyone real there or just a program?",
        "am I just talking to a machine?",
        "put me through to someone from your staff",
        "is this just a bot?",
        "are there any real people working there?",
        "am I chatting with a computer right now?",
        "can you pass me to a member of your team",
        "is anyone actually reading this?",
    ],
    "fr": [
        "il y a quelqu'un de vrai ?",
        "je parle juste à une machine ?",
        "c'est juste un programme ?",
        "je discute avec un robot là ?",
        "y a-t-il de vraies personnes chez vous ?",
        "je voudrais quelqu'un de votre équipe",
        "il y a quelqu'un derrière l'écran ou pas ?",
    ],
    "de": [
        "sitzt da jemand Echtes oder nur ein Programm?",
        "rede ich hier nur mit einer Maschine?",
        "ist das nur ein Bot?",
        "geben Sie mir jemanden aus Ihrem Team",
        "sitzt da überhaupt jemand?",
        "gibt es bei euch noch echte Leute?",
        "ich möchte jemanden von Ihren Mitarbeitern",
    ],
    "sv": [
        "finns det någon riktig där?",
        "pratar jag bara med en maskin?",
        "är det bara en bot?",
        "kan jag få någon från ert team?",
        "finns det riktiga människor som jobbar där?",
        "chattar jag med ett program nu?",
        "är det en robot jag pratar med?",
    ],
    "es": [
        "¿hay alguien de verdad o es una máquina?",
        "¿estoy hablando solo con una máquina?",
        "¿es solo un programa?",
        "necesito a alguien del personal",
        "¿hay alguien ahí de verdad?",
        "¿trabajan personas reales ahí?",
        "¿estoy chateando con un bot?",
    ],
    "it": [
        "c'è qualcuno di vero o è solo un programma?",
        "sto parlando solo con una macchina?",
        "mi passi qualcuno del vostro staff",
        "è solo un bot?",
        "ci sono persone vere che lavorano lì?",
        "vorrei qualcuno del personale",
        "sto chattando con un computer?",
    ],
}

REAL_PERSON_NEGATIVE: dict[str, list[str]] = {
    "en": [
        "is this a real order?",
        "the machine at the shop declined my card",
        "is my refund real?",
        "I bought a robot vacuum, when's the first payment?",
        "it's just a computer glitch, right?",
        "someone from your team called me yesterday about a payment",
        "is the loyalty program still running?",
    ],
    "fr": [
        "c'est une vraie commande ?",
        "la machine du magasin a refusé ma carte",
        "mon remboursement est réel ?",
        "j'ai acheté un robot de cuisine, c'est quand la première échéance ?",
        "c'est juste un bug du programme ?",
        "quelqu'un de votre équipe m'a appelé hier",
        "allô ? il y a quelqu'un ?",
    ],
    "de": [
        "ist das eine echte Bestellung?",
        "der Automat im Laden hat meine Karte abgelehnt",
        "ist meine Erstattung echt?",
        "ich habe einen Saugroboter gekauft, wann ist die erste Rate?",
        "ist das nur ein Fehler im Programm?",
        "jemand aus Ihrem Team hat mich gestern angerufen",
        "hallo? jemand da?",
    ],
    "sv": [
        "är det en riktig beställning?",
        "maskinen i butiken nekade mitt kort",
        "är min återbetalning på riktigt?",
        "jag köpte en robotdammsugare, när är första betalningen?",
        "är det bara ett fel i programmet?",
        "någon från ert team ringde mig igår",
        "hallå? någon där?",
    ],
    "es": [
        "¿es un pedido real?",
        "la máquina de la tienda rechazó mi tarjeta",
        "¿mi reembolso es real?",
        "compré un robot aspirador, ¿cuándo es el primer pago?",
        "¿es solo un fallo del programa?",
        "alguien de vuestro equipo me llamó ayer",
        "hola, ¿alguien por ahí?",
    ],
    "it": [
        "è un ordine vero?",
        "la macchinetta del negozio ha rifiutato la carta",
        "il mio rimborso è reale?",
        "ho comprato un robot aspirapolvere, quando è la prima rata?",
        "è solo un errore del programma?",
        "qualcuno del vostro staff mi ha chiamato ieri",
        "mi si è rotta la macchina, posso spostare la rata?",
    ],
}

#: Concept name to (intent, positives, negatives).
WIDENED: dict[str, tuple[str, dict[str, list[str]], dict[str, list[str]]]] = {
    "account_control": ("vulnerability", ACCOUNT_CONTROL_POSITIVE, ACCOUNT_CONTROL_NEGATIVE),
    "identity_theft": ("unrecognised_charge", IDENTITY_THEFT_POSITIVE, IDENTITY_THEFT_NEGATIVE),
    "real_person": ("human_agent", REAL_PERSON_POSITIVE, REAL_PERSON_NEGATIVE),
}


def _widened(positive: bool) -> list[tuple[str, str, str, str]]:
    return [
        (concept, intent, language, text)
        for concept, (intent, fires, quiet) in WIDENED.items()
        for language, texts in (fires if positive else quiet).items()
        for text in texts
    ]


@pytest.mark.parametrize(("concept", "intent", "language", "text"), _widened(positive=True))
def test_widened_concept_fires(concept: str, intent: str, language: str, text: str) -> None:
    assert intent in {m.intent for m in safety_matches(text)}, (concept, language, text)


@pytest.mark.parametrize(("concept", "intent", "language", "text"), _widened(positive=False))
def test_widened_concept_stays_quiet(concept: str, intent: str, language: str, text: str) -> None:
    assert safety_matches(text) == (), (concept, intent, language, text)


def test_widened_concepts_have_six_cases_each_way_in_every_language() -> None:
    for concept, (_, fires, quiet) in WIDENED.items():
        for language in ("en", "fr", "de", "sv", "es", "it"):
            assert len(fires[language]) >= 6, (concept, language)
            assert len(quiet[language]) >= 6, (concept, language)
