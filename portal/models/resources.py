"""Resources directory: listings, their weekly hours and languages, members' suggestions
and reports (the moderators' review list), and HSDS import runs."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Date, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from portal.models.types import utc_column as _utc_column
from portal.models.types import utcnow


class ResourceListing(SQLModel, table=True):
    """A service people can reach. Coarse region only: never a street address."""

    __tablename__ = "resource_listings"
    __table_args__ = (
        # The search filters on status plus one of category / region, ordered by name.
        Index("ix_resource_listings_status_category_name", "status", "category", "name_key"),
        Index("ix_resource_listings_status_region_name", "status", "region", "name_key"),
        Index("ix_resource_listings_status_name", "status", "name_key"),
        Index("ix_resource_listings_pinned_status", "pinned", "status"),
        # "Open now" asks which zones are in use, to work out each zone's clock once.
        Index("ix_resource_listings_timezone", "timezone"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # HSDS service id: the partner's id for imported listings, "lantern-<random>" for ours.
    source_id: str = Field(max_length=100, unique=True)
    name: str = Field(max_length=120)
    name_key: str = Field(max_length=120)
    description: str = Field(default="", max_length=2000)
    organisation: str = Field(max_length=120)
    category: str = Field(max_length=32)
    region: str = Field(max_length=16)
    phone: str = Field(default="", max_length=32)
    text_number: str = Field(default="", max_length=32)
    website: str = Field(default="", max_length=300)
    eligibility: str = Field(default="", max_length=1000)
    timezone: str = Field(default="UTC", max_length=64)
    last_verified: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    status: str = Field(default="published", max_length=16)
    # Crisis lines: shown above every search, whatever the filters.
    pinned: bool = Field(default=False)
    # Case- and accent-free name, organisation, description and eligibility for word search.
    search_key: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())


class ResourceListingLanguage(SQLModel, table=True):
    __tablename__ = "resource_listing_languages"
    __table_args__ = (Index("ix_resource_listing_languages_language", "language", "listing_id"),)

    listing_id: int = Field(foreign_key="resource_listings.id", primary_key=True,
                            ondelete="CASCADE")
    language: str = Field(max_length=8, primary_key=True)


class ResourceHours(SQLModel, table=True):
    """One weekly range in the listing's zone (see ``portal.domain.opening_hours``).

    ``week_start``/``week_end`` are minutes after local Monday 00:00 (``week_end`` may
    pass the week's end), so "open now" is one indexed range test per listing.
    """

    __tablename__ = "resource_hours"
    __table_args__ = (Index("ix_resource_hours_listing_span", "listing_id", "week_start",
                            "week_end"),)

    id: int | None = Field(default=None, primary_key=True)
    listing_id: int = Field(foreign_key="resource_listings.id", ondelete="CASCADE")
    weekday: int
    opens_minute: int
    closes_minute: int
    week_start: int
    week_end: int


class ResourceReview(SQLModel, table=True):
    """A member's suggestion of a new listing or report of a wrong one, for moderators."""

    __tablename__ = "resource_reviews"
    __table_args__ = (Index("ix_resource_reviews_open", "resolved_at", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)  # "suggestion" | "report"
    listing_id: int = Field(foreign_key="resource_listings.id", index=True, ondelete="CASCADE")
    reporter_id: int | None = Field(default=None, foreign_key="users.id", index=True,
                                    ondelete="SET NULL")
    reason: str = Field(default="", max_length=32)
    note: str = Field(default="", max_length=1000)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())
    resolved_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    resolved_by_id: int | None = Field(default=None, foreign_key="users.id",
                                       ondelete="SET NULL")
    outcome: str = Field(default="", max_length=16)


class ResourceImport(SQLModel, table=True):
    """One HSDS import attempt and its report (the first problems, as JSON)."""

    __tablename__ = "resource_imports"

    id: int | None = Field(default=None, primary_key=True)
    actor_id: int | None = Field(default=None, foreign_key="users.id", index=True,
                                 ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_column=_utc_column())
    accepted: bool = Field(default=False)
    created: int = Field(default=0)
    updated: int = Field(default=0)
    skipped: int = Field(default=0)
    problem_count: int = Field(default=0)
    problems: str = Field(default="[]", sa_column=Column(Text, nullable=False, default="[]"))


class DirectorySearchMiss(SQLModel, table=True):
    """How many directory searches found nothing, per week, category and region.

    What is missing from the directory, for programme insights. Only the filters are
    kept, never the words typed, never who searched or when within the week.
    """

    __tablename__ = "directory_search_misses"
    __table_args__ = (UniqueConstraint("week_start", "category", "region"),)

    id: int | None = Field(default=None, primary_key=True)
    week_start: date = Field(sa_column=Column(Date, nullable=False))
    category: str = Field(default="", max_length=32)
    region: str = Field(default="", max_length=16)
    searches: int = Field(default=0)
