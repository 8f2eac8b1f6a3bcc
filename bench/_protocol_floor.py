"""Lantern's cheapest events beside the blank app's counter, one tab each (issue 14).

Not part of the mix and not a target: what a Lantern event costs before it reads
anything, so ``ratio_p95_1`` can be read against it. Three kinds, each sent one after
the other on one signed-in tab of the home page:

- ``notice``: ``AppState.show_unexpected_trouble`` and ``dismiss_trouble`` in turn. Both
  are async, read nothing, skip the viewer check (state/trouble.py) and never cross to
  the handlers' pool: Reflex's event path through Lantern's state tree and middleware.
- ``checked``: ``AppState.choose_history``, True and False in turn. A plain handler: the
  tab's viewer is resolved from its session cookie (one database look-up) on its one
  hop to the handlers' pool, then it sets one value. Every Lantern event pays this.
- ``blank``: the blank app's ``increment``, in the same run.
"""

from __future__ import annotations

from bench._protocol_mix import APP, COUNTER, PAGE_HYDRATED, Target, ready, sent_back, timed
from bench._protocol_stats import Run, summary
from bench._socket import event
from portal import routes

EVENTS = 100


async def _play(target: Target, cookie: str, hydrate_path: str, loaded, steps) -> Run:
    run = Run(clients=1)
    tab = target.tab(cookie)
    try:
        if await timed(run, target, tab, "hydrate", target.hydrate(hydrate_path), loaded,
                       boot=True) is None:
            return run
        for number in range(EVENTS):
            kind, sent, finished = steps(number)
            await timed(run, target, tab, kind, sent, finished)
    finally:
        await tab.close()
    return run


def _lantern_step(number: int) -> tuple[str, dict, object]:
    if number % 4 == 0:
        return ("notice", event(f"{APP}.show_unexpected_trouble", routes.HOME),
                sent_back(APP, "page_message"))
    if number % 4 == 1:
        return ("notice", event(f"{APP}.dismiss_trouble", routes.HOME),
                sent_back(APP, "page_message"))
    return ("checked", event(f"{APP}.choose_history", routes.HOME,
                             payload={"keep_out": number % 4 == 2}),
            sent_back(APP, "history_choice"))


def _blank_step(number: int) -> tuple[str, dict, object]:
    return ("blank", event(f"{COUNTER}.increment", "/"), sent_back(COUNTER, "count"))


async def floor_events(lantern: Target, blank: Target, cookie: str) -> dict[str, object]:
    """p50/p95 of each kind at one client, and each Lantern kind's p95 over the blank's."""
    mine = await _play(lantern, cookie, routes.HOME, ready(APP, "loaded"), _lantern_step)
    theirs = await _play(blank, "", "/", PAGE_HYDRATED, _blank_step)
    kinds = {kind: summary(values) for run in (mine, theirs)
             for kind, values in sorted(run.timings.items()) if kind != "hydrate"}
    blank_p95 = kinds.get("blank", {}).get("p95")
    return {"kinds": kinds, "errors": mine.errors + theirs.errors,
            "ratio_p95": {kind: round(figures["p95"] / blank_p95, 2)
                          for kind, figures in kinds.items()
                          if kind != "blank" and blank_p95}}
