"""Words for months, weekdays, relative days and small numbers in the six languages."""

from __future__ import annotations

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january jan janvier janv januar jänner januari enero ene gennaio genn",
        "february feb février fevrier févr februar februari febrero febbraio",
        "march mar mars märz maerz marzo",
        "april apr avril abril aprile",
        "may mai maj mayo maggio",
        "june jun juin juni junio giugno",
        "july jul juillet juli julio luglio",
        "august aug août aout augusti agosto ago",
        "september sep sept septembre septiembre settembre sett",
        "october oct octobre oktober okt octubre ottobre ott",
        "november nov novembre noviembre",
        "december dec décembre decembre dezember dez diciembre dic dicembre",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

WEEKDAYS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "monday mon lundi montag måndag mandag lunes lunedì lunedi",
        "tuesday tue tues mardi dienstag tisdag martes martedì martedi",
        "wednesday wed mercredi mittwoch onsdag miércoles miercoles mercoledì mercoledi",
        "thursday thu thurs jeudi donnerstag torsdag jueves giovedì giovedi",
        "friday fri vendredi freitag fredag viernes venerdì venerdi",
        "saturday sat samedi samstag lördag sábado sabado sabato",
        "sunday sun dimanche sonntag söndag domingo domenica",
    ]
):
    for _name in _names.split():
        WEEKDAYS[_name] = _number
# Short forms that are also ordinary words ("sat", "sun", "mar", "may") would date too much.
for _ambiguous in ("sat", "sun", "mon", "wed"):
    WEEKDAYS.pop(_ambiguous)

#: Relative day words to days from today.
DAY_WORDS: dict[str, int] = {
    "today": 0,
    "tonight": 0,
    "tomorrow": 1,
    "yesterday": -1,
    "day after tomorrow": 2,
    "aujourd'hui": 0,
    "aujourd’hui": 0,
    "demain": 1,
    "hier": -1,
    "après-demain": 2,
    "apres-demain": 2,
    "heute": 0,
    "morgen": 1,
    "gestern": -1,
    "übermorgen": 2,
    "idag": 0,
    "i dag": 0,
    "imorgon": 1,
    "i morgon": 1,
    "igår": -1,
    "i går": -1,
    "i övermorgon": 2,
    "hoy": 0,
    "mañana": 1,
    "ayer": -1,
    "pasado mañana": 2,
    "oggi": 0,
    "domani": 1,
    "ieri": -1,
    "dopodomani": 2,
}

NUMBER_WORDS: dict[str, int] = {
    "one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10, "a couple of": 2,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "dix": 10,
    "ein": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "zehn": 10,
    "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "tio": 10,
    "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "diez": 10,
    "due": 2, "quattro": 4, "cinque": 5, "dieci": 10,
}  # fmt: skip

UNIT_DAYS: dict[str, int] = {
    "day": 1, "days": 1, "week": 7, "weeks": 7,
    "jour": 1, "jours": 1, "semaine": 7, "semaines": 7,
    "tag": 1, "tage": 1, "tagen": 1, "woche": 7, "wochen": 7,
    "dag": 1, "dagar": 1, "vecka": 7, "veckor": 7,
    "día": 1, "días": 1, "dia": 1, "dias": 1, "semana": 7, "semanas": 7,
    "giorno": 1, "giorni": 1, "settimana": 7, "settimane": 7,
}  # fmt: skip
