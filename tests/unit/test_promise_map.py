"""Every sentence that promises a member something is mapped to the test that keeps it.

A promise is a sentence about who will or will not see something, or what will happen
next ("A moderator will look at it", "Only you can see this"). Each is a contract that
another role keeps, so each maps to a test that plays that other role (its screen, the
review queue, or the database). A new promising sentence in English or Spanish without
an entry in ``tests/promise_map.py`` fails here; so does an entry naming a test that
does not exist.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

from portal.i18n import catalog
from tests.promise_map import NOT_PROMISES, PROMISES

ROOT = Path(__file__).resolve().parents[2]

# Words that make a sentence a promise about the future or about who sees what.
ENGLISH_PROMISE = re.compile(
    r"\b(will|won't|we'll|only (?:you|moderators|staff|the|members|for)|nobody|no one|"
    r"never|not told|can(?:not|'t) see|not see|still see|privately|private|"
    r"without (?:your|my|a) name|no name shown|deleted|removed|erased|"
    r"been told|we told|we let|so everyone is told|only (?:says|say|ever|used|once)|"
    r"shown only|(?:don't|do not|doesn't|does not|is not|are not|not) (?:see|shown|name)|"
    r"hidden (?:from|while|and)|before (?:others|it appears)|no names|no real name|"
    r"(?:reads|checks) every|days to answer|stays yours|shown as|shown other|"
    r"other mentors are suggested|here are other mentors|nothing (?:changes|happens|was "
    r"changed|was imported|is imported)|been signed out|shows up here|appears? here|"
    r"everyone can find|can ask you again|keeps the same time|everything lantern keeps|"
    r"were closed kindly)\b",
    re.IGNORECASE)
SPANISH_PROMISE = re.compile(
    r"\b(solo (?:tú|usted|los|las|el|la|para|quien)|nadie|nunca|"
    r"no (?:se|le|les) (?:dirá|avisa|avisará|informa)|no (?:verá|ve|ven|verán)|"
    r"verá|verán|será|serán|privad[oa]s?|sin (?:tu|mi|su) nombre|borrad[oa]s?|"
    r"eliminad[oa]s?|revisará|avisaremos|recordaremos|avisamos|reciban el aviso|"
    r"solo (?:dice|dicen|sirve|enviamos|se muestra|tuyo)|"
    r"no (?:se muestra|lo ven|la ven|los ven|nombran)|ocult[oa]s?\b|"
    r"antes de (?:que otr|mostrar)|sin nombres|nombre real|(?:lee|revisa) cada|"
    r"días para responder|sin respuesta en|muestran otros|sugerimos otros|"
    r"otros mentores que|no (?:cambia|pasa|cambió|se importa|se importó) nada|"
    r"se cerró la sesión|aparecer[áa]n? aquí|todos pueden encontrar|pedírtelo otra vez|"
    r"mantiene la misma hora|todo lo que lantern guarda|cerramos con amabilidad)",
    re.IGNORECASE)


def promising_keys() -> set[str]:
    english, spanish = catalog("en"), catalog("es")
    return {key for key in english
            if ENGLISH_PROMISE.search(english[key]) or SPANISH_PROMISE.search(spanish[key])}


@cache
def _test_names(path: Path) -> set[str]:
    """``name`` and ``Class::name`` of every test function in a file."""
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names.update(f"{node.name}::{item.name}" for item in node.body
                         if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef))
    return names


def _missing_test(reference: str) -> str | None:
    path_text, _, name = reference.partition("::")
    path = ROOT / path_text
    if not path.is_file():
        return f"{reference}: no such file"
    if name not in _test_names(path):
        return f"{reference}: no such test"
    return None


def test_every_promising_sentence_is_mapped_to_a_test_or_explained():
    unmapped = sorted(promising_keys() - set(PROMISES) - set(NOT_PROMISES))
    assert unmapped == [], (
        "These sentences promise a member something. Map each to the test that proves it "
        "from the other side in tests/promise_map.py (or explain in NOT_PROMISES why it "
        f"promises nothing): {unmapped}")


def test_a_key_is_either_a_promise_or_not():
    assert sorted(set(PROMISES) & set(NOT_PROMISES)) == []


def test_every_mapped_key_exists_in_both_languages():
    english, spanish = catalog("en"), catalog("es")
    stale = sorted(key for key in {*PROMISES, *NOT_PROMISES}
                   if key not in english or key not in spanish)
    assert stale == []


def test_every_promise_names_tests_that_exist():
    missing = [problem for references in PROMISES.values()
               for problem in map(_missing_test, references) if problem]
    assert missing == []
    assert all(PROMISES.values()), "every promise names at least one test"


def test_explanations_are_given():
    assert all(len(reason) > 10 for reason in NOT_PROMISES.values())
