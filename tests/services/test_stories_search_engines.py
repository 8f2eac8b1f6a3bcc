"""Issue 18, item 4: public pages send ``noindex`` unless she opted in to search engines.

The X-Robots-Tag header (security_headers.py) says ``noindex, nofollow`` on every
response, pages, API and files alike, except the own Voices page of one published public
story whose author ticked "Let search engines find it". The header is decided per request
from the database, so unpublishing or unticking is honoured by the very next response.
Run through the real middleware, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from portal import routes
from portal.security_headers import SecurityHeaders
from portal.services.stories import review, writing
from tests.factories.accounts import actor_of, make_user

NOINDEX = "noindex, nofollow"


@pytest.fixture
def people(app_db):
    return dataclasses.make_dataclass("People", ["maple", "heron", "kestrel"])(
        make_user(app_db, name="Maple"),
        make_user(app_db, name="Heron", roles=("moderator",)),
        make_user(app_db, name="Kestrel", roles=("moderator",)),
    )


def published(session, people, **fields):
    values = {"title": "Home again", "body": "I am safe now.", "audience": "public",
              "signature": "anonymous", "search_engines": True} | fields
    story = writing.save_story(session=session, actor=actor_of(people.maple), **values)
    writing.submit_story(session=session, actor=actor_of(people.maple), story_id=story.id)
    for moderator in (people.heron, people.kestrel)[:2 if values["audience"] == "public" else 1]:
        review.approve_story(session=session, actor=actor_of(moderator), story_id=story.id)
    return writing.confirm_story(session=session, actor=actor_of(people.maple),
                                 story_id=story.id)


def robots_header(url: str) -> str | None:
    """The X-Robots-Tag a browser or crawler gets for ``url`` (None when not sent)."""
    path, _, query = url.partition("?")
    started: list[dict] = []

    async def page(scope, receive, send):
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"x-robots-tag", b"all")]})  # never trusted: replaced
        await send({"type": "http.response.body", "body": b"ok"})

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        if message["type"] == "http.response.start":
            started.append(message)

    scope = {"type": "http", "method": "GET", "path": path,
             "query_string": query.encode(), "headers": []}
    asyncio.run(SecurityHeaders(page)(scope, receive, send))
    values = [value.decode() for name, value in started[0]["headers"]
              if name == b"x-robots-tag"]
    assert len(values) <= 1
    return values[0] if values else None


def every_page_and_route() -> list[str]:
    paths = {value for name, value in vars(routes).items()
             if name.isupper() and isinstance(value, str) and value.startswith("/")}
    return sorted(paths | {"/_event", "/ping", "/_health", "/assets/app.js", "/lantern.css",
                           "/_upload/x.png", "/voices/story", "/voices/story?id=junk"})


def test_every_route_says_noindex_by_default(app_db, people):
    published(app_db, people, search_engines=False)
    for url in every_page_and_route():
        assert robots_header(url) == NOINDEX, url


def test_an_opted_in_public_story_page_may_be_indexed_and_nothing_else(app_db, people):
    story = published(app_db, people)
    assert robots_header(routes.voices_story(story.id)) == "all"
    assert robots_header(routes.voices_story(story.id).replace("?", "/?")) == "all"
    assert robots_header(routes.VOICES) == NOINDEX
    assert robots_header(routes.story_for_members(story.id)) == NOINDEX
    assert robots_header(routes.voices_story(story.id + 1)) == NOINDEX
    assert robots_header(f"{routes.VOICES_STORY}?id={story.id}&id={story.id}") == NOINDEX


def test_a_story_that_did_not_opt_in_stays_noindex(app_db, people):
    story = published(app_db, people, search_engines=False)
    assert robots_header(routes.voices_story(story.id)) == NOINDEX


def test_a_member_only_story_page_is_noindex(app_db, people):
    story = published(app_db, people, audience="members")
    assert robots_header(routes.voices_story(story.id)) == NOINDEX


def test_unpublishing_makes_it_noindex_at_once(app_db, people):
    story = published(app_db, people)
    assert robots_header(routes.voices_story(story.id)) == "all"
    writing.unpublish_story(session=app_db, actor=actor_of(people.maple), story_id=story.id,
                            scope="everywhere")
    assert robots_header(routes.voices_story(story.id)) == NOINDEX


def test_leaving_the_public_page_makes_it_noindex_at_once(app_db, people):
    story = published(app_db, people)
    writing.unpublish_story(session=app_db, actor=actor_of(people.maple), story_id=story.id,
                            scope="public")
    assert robots_header(routes.voices_story(story.id)) == NOINDEX


def test_unticking_search_engines_makes_it_noindex_at_once(app_db, people):
    story = published(app_db, people)
    writing.save_story(session=app_db, actor=actor_of(people.maple), story_id=story.id,
                       title="Home again", body="I am safe now.", audience="public",
                       signature="anonymous", search_engines=False)
    assert robots_header(routes.voices_story(story.id)) == NOINDEX


def test_a_database_error_means_noindex(app_db, people, monkeypatch):
    story = published(app_db, people)

    def broken(**_):
        raise RuntimeError("database unavailable")

    monkeypatch.setattr("portal.security_headers.stories",
                        type("Broken", (), {"story_is_indexable": staticmethod(broken)}))
    assert robots_header(routes.voices_story(story.id)) == NOINDEX
