"""The safety read's detectors against fictional story snippets with known details.

``identify_recall``: share of annotated details a finding overlaps, per group (names,
places, dates, contacts) and overall. ``identify_precision``: share of findings that
overlap an annotated detail. Run: ``.venv/bin/python -m bench.stories``.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from portal.domain.story_safety import KIND_GROUPS, DetailKind, find_identifying_details

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "data" / "story_snippets.json"
GROUPS = ("names", "places", "dates", "contacts")


def _annotated_spans(snippet: dict) -> list[tuple[int, int, str]]:
    spans, position = [], {}
    for detail in snippet["details"]:
        at = snippet["text"].find(detail["text"], position.get(detail["text"], 0))
        position[detail["text"]] = at + len(detail["text"])
        spans.append((at, at + len(detail["text"]), KIND_GROUPS[DetailKind(detail["kind"])]))
    return spans


def measure(snippets: list[dict]) -> dict:
    wanted, caught = Counter(), Counter()
    findings_total = findings_right = 0
    for snippet in snippets:
        annotated = _annotated_spans(snippet)
        findings = find_identifying_details(snippet["text"], language=snippet["lang"])
        findings_total += len(findings)
        for finding in findings:
            if any(finding.start < end and start < finding.end for start, end, _ in annotated):
                findings_right += 1
        for start, end, group in annotated:
            wanted[group] += 1
            if any(f.start < end and start < f.end for f in findings):
                caught[group] += 1
    per_group = {
        group: round(caught[group] / wanted[group], 3) for group in GROUPS if wanted[group]
    }
    return {
        "snippets": len(snippets),
        "details": sum(wanted.values()),
        "findings": findings_total,
        "recall_by_group": per_group,
        "identify_recall": round(sum(caught.values()) / max(1, sum(wanted.values())), 3),
        "identify_precision": round(findings_right / max(1, findings_total), 3),
    }


def main() -> None:
    snippets = json.loads(FIXTURE.read_text(encoding="utf-8"))["snippets"]
    result = measure(snippets)
    print(
        f"snippets {result['snippets']}, details {result['details']},"
        f" findings {result['findings']}"
    )
    print("recall by group:", json.dumps(result["recall_by_group"]))
    print(json.dumps({
        "identify_recall": result["identify_recall"],
        "identify_precision": result["identify_precision"],
    }))


if __name__ == "__main__":
    main()
