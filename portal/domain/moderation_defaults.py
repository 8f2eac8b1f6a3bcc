"""The watch list a new deployment starts with, in English and Spanish.

Moderators edit the list in the app; these are seeds. Phrases are written without
accents or apostrophes where that reads naturally, but matching ignores both anyway
("envíame" = "enviame", "can't" = "cant"). Regex entries are used only where a phrase
cannot say it (word endings, "my <platform>", exceptions like "cortarme el pelo").

Slurs are listed because blocking them is the point; the list is short on purpose and
avoids words with common innocent meanings ("chink in the armour", "fag" as a
cigarette, "marica" among Colombian friends, "retrasado" for a late train).
"""

from __future__ import annotations

from portal.domain.moderation_words import WatchCategory, WatchedWord


def _phrases(category: WatchCategory, *phrases: str) -> tuple[WatchedWord, ...]:
    return tuple(WatchedWord(phrase, category) for phrase in phrases)


def _regexes(category: WatchCategory, *patterns: str) -> tuple[WatchedWord, ...]:
    return tuple(WatchedWord(pattern, category, is_regex=True) for pattern in patterns)


_PLATFORMS = (
    r"insta(?:gram)?|ig|snap(?:chat)?|telegram|whats\W?app|wasap|guasap|tik\W?tok|"
    r"facebook|face|fb|signal|kik|discord|twitter|onlyfans"
)

PERSONAL_DETAILS = _phrases(
    WatchCategory.PERSONAL_DETAILS,
    # English
    "meet me at", "meet me in", "lets meet at", "lets meet up", "come to my house",
    "come to my place", "my address is", "i live at", "my number is", "my phone number is",
    "my cell is", "call me at", "text me at", "add me on", "find me on", "follow me on",
    "dm me on",
    # Spanish
    "nos vemos en", "quedamos en", "te veo en", "ven a mi casa", "mi direccion es",
    "vivo en la calle", "mi numero es", "mi telefono es", "mi celular es", "mi movil es",
    "llamame al", "escribeme al", "agregame en", "agregame al", "buscame en", "sigueme en",
    "mandame mensaje al",
) + _regexes(
    WatchCategory.PERSONAL_DETAILS,
    rf"\bmy\W+(?:{_PLATFORMS})\b",
    rf"\bmi\W+(?:{_PLATFORMS})\b",
)

RECRUITMENT = _phrases(
    WatchCategory.RECRUITMENT,
    # English
    "job offer abroad", "job abroad", "jobs abroad", "work abroad", "work overseas",
    "job overseas", "send money", "send me money", "wire money", "western union",
    "moneygram", "message me on whatsapp", "text me on whatsapp", "contact me on whatsapp",
    "add me on whatsapp", "whatsapp me", "easy money", "fast money", "quick money",
    "make money fast", "modeling job", "modelling job", "modeling jobs", "model job",
    "come work for me", "i can get you a job", "i have a job for you", "visa sponsorship",
    "i will pay your ticket", "we pay your ticket", "pay for your ticket",
    "pay for your flight", "no experience needed", "no experience required", "hostess job",
    "dancer job", "massage job", "webcam job", "sugar daddy", "looking for girls",
    # Spanish
    "oferta de trabajo en el extranjero", "trabajo en el extranjero",
    "trabajar en el extranjero", "trabajo fuera del pais", "envia dinero", "enviame dinero",
    "mandame dinero", "manda dinero", "dinero facil", "dinero rapido", "gana dinero rapido",
    "escribeme al whatsapp", "escribeme por whatsapp", "hablame al whatsapp",
    "mandame whatsapp", "trabajo de modelo", "trabajo de modelaje",
    "ven a trabajar conmigo", "ven a trabajar para mi", "trabaja para mi",
    "te consigo trabajo", "tengo trabajo para ti", "te pago el pasaje", "te pago el viaje",
    "te pago el boleto", "no se necesita experiencia", "se buscan chicas", "busco chicas",
    "trabajo de edecan", "trabajo de bailarina", "trabajo de masajista",
)

CRISIS = _phrases(
    WatchCategory.CRISIS,
    # English
    "end it all", "end my life", "ending my life", "take my own life", "taking my own life",
    "better off dead", "no reason to live", "dont want to live", "do not want to live",
    "dont want to be alive", "cant go on", "cannot go on", "self harm", "selfharm",
    # Spanish
    "quiero morir", "quiero morirme", "me quiero morir", "matarme", "me quiero matar",
    "me voy a matar", "quitarme la vida", "acabar con mi vida", "acabar con todo",
    "no quiero vivir", "no quiero seguir viviendo", "no puedo mas", "no puedo seguir",
    "ya no aguanto", "mejor muerta", "mejor muerto", "hacerme dano", "lastimarme",
    "autolesion", "no vale la pena vivir",
) + _regexes(
    WatchCategory.CRISIS,
    r"\b(?:kill(?:ing)?|hurt(?:ing)?|harm(?:ing)?|cut(?:ting)?)\W+my\W*self\b",
    r"\b(?:want|wanna|wanted)\W+(?:to\W+)?die\b",
    r"\bsuicid\w*",
    # RE2 has no look-ahead: "cortarme" counts at the end of a clause or before words
    # that point at the body, never before "el pelo" and other haircut words.
    r"\bcortarme\b(?:\W*$|\s*[.!?,;:]|\W+(?:otra\W+vez|de\W+nuevo|y\b|porque|ya\b|hoy|"
    r"ahora|(?:los|las|la|el)\W+(?:brazos?|piernas?|venas|munecas?|piel|cuerpo)))",
)

SLURS = _regexes(
    WatchCategory.SLUR,
    # English
    r"\bwhores?\b", r"\bsluts?\b", r"\bfaggots?\b", r"\bretards?\b", r"\btrann(?:y|ies)\b",
    r"\bnigg(?:er|a)s?\b", r"\bspics?\b", r"\bwetbacks?\b", r"\bkikes?\b",
    # Spanish
    r"\bputas?\b", r"\bputos?\b", r"\bzorras?\b", r"\bmaricon(?:es)?\b", r"\bsudacas?\b",
    r"\bnegratas?\b", r"\bmongolic[oa]s?\b",
)

DEFAULT_WATCHED_WORDS: tuple[WatchedWord, ...] = PERSONAL_DETAILS + RECRUITMENT + CRISIS + SLURS
