"""How long the watched-word check takes on texts that would stall a backtracking engine.

Each pattern of tests/domain/test_moderation.py's pathological list is compiled on RE2
and run over three 10,000-character texts, many times. The last line printed is one
JSON object: ``pathological_p95_ms`` and ``pathological_max_ms`` (one pattern, one text).
"""

from __future__ import annotations

import json
import statistics
import time

from portal.domain import moderation_words
from portal.domain.moderation_words import WatchCategory, WatchedWord

PATTERNS = (
    "(a+)+$", "(a|aa)*b", "(.*)*x", ".*money", r"(\w+\s?)+$", r"\w*\w*\w*\w*!",
    r"\s*\s*\s*\s*\s*x", r"\w{0,99}\w{0,99}\w{0,99}\w{0,99}\w{0,99}!", "a{1,1000}",
)
TEXTS = ("a" * 10_000, "ab " * 3_333, "x" + " " * 9_999)
RUNS = 30


def main() -> None:
    timings_ms: list[float] = []
    for pattern in PATTERNS:
        compiled = moderation_words.compile_watched_words(
            [WatchedWord(pattern, WatchCategory.SLUR, is_regex=True)])
        for text in TEXTS:
            for _ in range(RUNS):
                started = time.perf_counter()
                moderation_words.find_watched_words(text, compiled)
                timings_ms.append((time.perf_counter() - started) * 1000)
    figures = {
        "pathological_p95_ms": round(statistics.quantiles(timings_ms, n=20)[-1], 3),
        "pathological_max_ms": round(max(timings_ms), 3),
        "checks": len(timings_ms),
    }
    print(f"{len(PATTERNS)} patterns x {len(TEXTS)} texts of 10,000 characters x {RUNS}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
