"""The safety read's benchmark fixture (bench/stories.py) keeps its shape."""

import json
from collections import Counter
from pathlib import Path

from portal.domain.story_safety import DetailKind

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "story_snippets.json"


def test_fixture_has_thirty_snippets_per_language_with_exact_annotations():
    snippets = json.loads(FIXTURE.read_text(encoding="utf-8"))["snippets"]
    assert Counter(s["lang"] for s in snippets) == {"en": 30, "es": 30}
    kinds = Counter()
    for snippet in snippets:
        assert snippet["text"].strip()
        for detail in snippet["details"]:
            assert detail["text"] in snippet["text"]
            kinds[DetailKind(detail["kind"])] += 1
    for kind in (DetailKind.PERSON, DetailKind.PLACE, DetailKind.DATE, DetailKind.PHONE,
                 DetailKind.EMAIL, DetailKind.HANDLE, DetailKind.STREET, DetailKind.AGE,
                 DetailKind.WORKPLACE, DetailKind.LANDMARK):
        assert kinds[kind] >= 2, kind
    assert any(not s["details"] for s in snippets)  # quiet snippets test precision
