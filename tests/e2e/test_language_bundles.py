"""Issue 14 item 2: the page state carries no translation catalog. Every static string is
compiled into the page in both languages, so the hydrate is small, switching language
sends no text over the socket, and every static string switches at once."""

from __future__ import annotations

from playwright.sync_api import expect

from portal.i18n import catalog

# The whole catalog was about 92 KB of the hydrate; what is left is the page's own data.
HYDRATE_LIMIT_BYTES = 30_000


def socket_frames(visit) -> list[str]:
    frames: list[str] = []
    visit.page.on("websocket", lambda socket: socket.on(
        "framereceived", lambda payload: frames.append(
            payload if isinstance(payload, str) else payload.decode("utf-8", "replace"))))
    return frames


def test_the_hydrate_carries_no_catalog_and_switching_language_sends_no_text(visit):
    frames = socket_frames(visit)
    visit.go("/help")
    nav = visit.page.locator("nav.bottom-nav")
    expect(nav).to_contain_text(catalog("en")["nav.home"])
    largest = max(len(frame.encode("utf-8")) for frame in frames)
    assert largest < HYDRATE_LIMIT_BYTES, largest
    assert not any(catalog("en")["skip.to_content"] in frame for frame in frames)

    before = len(frames)
    visit.page.click("button.lang-toggle")
    expect(nav).to_contain_text(catalog("es")["nav.home"])
    expect(visit.page.locator("#quick-exit")).to_contain_text(catalog("es")["exit.button"])
    switched = frames[before:]
    assert not any(catalog("es")["nav.home"] in frame or catalog("es")["exit.button"] in frame
                   for frame in switched)

    # A Spanish reader's hydrate carries no catalog either (it once sent all of it).
    reload_start = len(frames)
    visit.page.reload()
    visit.wait_ready()
    expect(nav).to_contain_text(catalog("es")["nav.home"])
    largest = max(len(frame.encode("utf-8")) for frame in frames[reload_start:])
    assert largest < HYDRATE_LIMIT_BYTES, largest
    visit.page.click("button.lang-toggle")
    expect(nav).to_contain_text(catalog("en")["nav.home"])
