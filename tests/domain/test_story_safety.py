"""The safety read: what may identify a story's author, and the neutral word for each."""

from portal.domain.moderation_words import WatchCategory, WatchedWord
from portal.domain.story_safety import (
    DetailKind,
    find_identifying_details,
    guess_language,
    replace_detail,
)


def _kinds(text: str, **kwargs) -> dict[str, DetailKind]:
    return {f.text: f.kind for f in find_identifying_details(text, **kwargs)}


def test_city_and_date_are_found_with_neutral_words_in_english():
    findings = find_identifying_details("In March 2015 I moved to Houston.")
    assert [(f.text, f.kind, f.replacement) for f in findings] == [
        ("March 2015", DetailKind.DATE, "that year"),
        ("Houston", DetailKind.PLACE, "a city"),
    ]


def test_spanish_story_gets_spanish_neutral_words():
    findings = find_identifying_details("El 3 de marzo de 2016 llegué a Monterrey con Lupe.")
    assert {f.text: f.replacement for f in findings} == {
        "3 de marzo de 2016": "ese año",
        "Monterrey": "una ciudad",
        "Lupe": "alguien",
    }


def test_post_detectors_are_reused_for_contacts_and_addresses():
    kinds = _kinds(
        "Write to ana.r@example.org, call 555-201-8841, or find @ana_r at 42 Elm Street."
    )
    assert kinds["ana.r@example.org"] == DetailKind.EMAIL
    assert kinds["555-201-8841"] == DetailKind.PHONE
    assert kinds["@ana_r"] == DetailKind.HANDLE
    assert kinds["42 Elm Street"] == DetailKind.STREET


def test_ages_workplaces_landmarks_and_nicknames():
    kinds = _kinds("I was 16 at the Blue Moon Bar near Union Station. They called him Tiger.")
    assert kinds == {
        "I was 16": DetailKind.AGE,
        "Blue Moon Bar": DetailKind.WORKPLACE,
        "Union Station": DetailKind.LANDMARK,
        "Tiger": DetailKind.PERSON,
    }


def test_watched_words_are_highlighted_where_they_are():
    watched = [WatchedWord("red door", WatchCategory.PERSONAL_DETAILS)]
    text = "We met behind the Red-Door every night."
    findings = find_identifying_details(text, watched=watched)
    assert [(f.kind, f.text) for f in findings] == [(DetailKind.WATCHED, "Red-Door")]


def test_ordinary_words_are_not_highlighted():
    text = "I may go to the market today. Hope and Grace are words I love. Reading helps me."
    assert find_identifying_details(text) == []


def test_findings_never_overlap_and_replacing_one_keeps_the_rest():
    text = "On July 4th, 2018 Sofia and I left Dallas."
    findings = find_identifying_details(text)
    for before, after in zip(findings, findings[1:], strict=False):
        assert before.end <= after.start
    city = next(f for f in findings if f.kind == DetailKind.PLACE)
    replaced = replace_detail(text, start=city.start, end=city.end, replacement=city.replacement)
    assert replaced == "On July 4th, 2018 Sofia and I left a city."
    assert {f.text for f in find_identifying_details(replaced)} == {"July 4th, 2018", "Sofia"}


def test_language_guess():
    assert guess_language("Cuando llegué a la ciudad no tenía nada") == "es"
    assert guess_language("When I arrived in the city I had nothing") == "en"
