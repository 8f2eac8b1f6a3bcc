"""Browser-safe views the resources services return: never ORM rows, never who reported."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from portal.domain.opening_hours import OpenRange, StatusLine


@dataclass(frozen=True)
class ListingCard:
    id: int
    name: str
    organisation: str
    category: str
    region: str
    languages: tuple[str, ...]
    phone: str
    phone_href: str
    text_number: str
    sms_href: str
    website: str
    status: StatusLine
    last_verified: date | None
    stale: bool
    pinned: bool


@dataclass(frozen=True)
class SearchPage:
    pinned: tuple[ListingCard, ...]
    results: tuple[ListingCard, ...]
    has_more: bool
    page: int
    timezone: str


@dataclass(frozen=True)
class ListingDetail:
    card: ListingCard
    description: str
    eligibility: str
    timezone: str  # the viewer's: the status line and the weekly hours read in it
    hours: tuple[OpenRange, ...]
    listing_status: str
    can_manage: bool


@dataclass(frozen=True)
class ReviewItemView:
    id: int
    kind: str
    listing_id: int
    listing_name: str
    listing_status: str
    reason: str
    note: str
    created_at: datetime


@dataclass(frozen=True)
class StaffListingRow:
    id: int
    name: str
    organisation: str
    category: str
    region: str
    status: str
    pinned: bool
    last_verified: date | None


@dataclass(frozen=True)
class ListingForm:
    """Everything the editor shows, as text ready for its inputs."""

    id: int
    values: dict[str, str]
    hours: dict[str, str]
    status: str


@dataclass(frozen=True)
class ImportProblemView:
    file: str
    line: int
    key: str
    params: dict[str, str]


@dataclass(frozen=True)
class ImportReport:
    id: int
    accepted: bool
    created: int
    updated: int
    skipped: int
    problem_count: int
    problems: tuple[ImportProblemView, ...]
    at: datetime
