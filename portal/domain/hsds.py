"""HSDS-compatible import and export of the directory (Open Referral's Human Services
Data Specification), as pure functions over bytes and ``ListingRecord``s.

One listing is one HSDS *service*. The files and the core HSDS fields used:

* ``organizations.csv``: id, name (+ description, email, website, written empty);
* ``services.csv``: id, organization_id, name, description, url, email, status,
  eligibility_description, assured_date (our "last verified");
* ``locations.csv``: id, organization_id, name, location_type ("virtual" for a
  nationwide service), description;
* ``service_at_location.csv``: id, service_id, location_id (HSDS's link between a
  service and where it is offered; a listing has one coarse region);
* ``phones.csv``: id, service_id, location_id, organization_id, number, extension,
  type ("voice" is the phone, "text" the text number; fax and others are skipped),
  description;
* ``schedules.csv``: id, service_id, location_id, freq ("WEEKLY"), byday ("MO" ...,
  several allowed as "MO,TU"), opens_at, closes_at, description. HSDS 2's
  ``weekday`` column ("Monday" or 1-7, 1 = Monday) is read too.

What HSDS has no core field for travels in extension columns, which other HSDS tools
ignore: services' ``x_category``, ``x_languages`` ("en;es") and ``x_timezone`` (IANA),
and locations' ``x_region`` (a US state code or "nationwide").

Status: published <-> "active", pending <-> "inactive", rejected <-> "defunct"
("temporarily closed" reads as pending). Only organizations.csv and services.csv must
be present; a service must link to exactly one location (its region). Hours use
``portal.domain.opening_hours``: "00:00" as a closing time is midnight, so
00:00-00:00 is open all day.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from portal.domain.hsds_csv import Problem, Table, problem, read_table, write_table
from portal.domain.opening_hours import (
    WEEKDAY_CODES,
    HoursError,
    OpenRange,
    format_clock_24,
    parse_clock,
)
from portal.domain.resource_catalog import NATIONWIDE, REGIONS, ListingStatus, clean_phone
from portal.domain.resource_listing import ListingInvalid, ListingRecord, build_listing

ORGANIZATIONS = "organizations.csv"
SERVICES = "services.csv"
LOCATIONS = "locations.csv"
SERVICE_AT_LOCATION = "service_at_location.csv"
PHONES = "phones.csv"
SCHEDULES = "schedules.csv"
COLUMNS: dict[str, tuple[str, ...]] = {
    ORGANIZATIONS: ("id", "name", "description", "email", "website"),
    SERVICES: ("id", "organization_id", "name", "description", "url", "email", "status",
               "eligibility_description", "assured_date", "x_category", "x_languages",
               "x_timezone"),
    LOCATIONS: ("id", "organization_id", "name", "location_type", "description", "x_region"),
    SERVICE_AT_LOCATION: ("id", "service_id", "location_id"),
    PHONES: ("id", "service_id", "location_id", "organization_id", "number", "extension",
             "type", "description"),
    SCHEDULES: ("id", "service_id", "location_id", "freq", "byday", "opens_at", "closes_at",
                "description"),
}
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    ORGANIZATIONS: ("id", "name"),
    SERVICES: ("id", "organization_id", "name", "x_category"),
    LOCATIONS: ("id", "x_region"),
    SERVICE_AT_LOCATION: ("service_id", "location_id"),
    PHONES: ("id", "service_id", "number"),
    SCHEDULES: ("id", "service_id", "opens_at", "closes_at"),
}
REQUIRED_FILES = (ORGANIZATIONS, SERVICES)
STATUS_TO_HSDS = {ListingStatus.PUBLISHED: "active", ListingStatus.PENDING: "inactive",
                  ListingStatus.REJECTED: "defunct"}
STATUS_FROM_HSDS = {"active": ListingStatus.PUBLISHED, "inactive": ListingStatus.PENDING,
                    "defunct": ListingStatus.REJECTED, "temporarily closed": ListingStatus.PENDING,
                    "": ListingStatus.PUBLISHED}
VOICE_TYPES = frozenset({"", "voice", "cell"})
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_NAMES = {name: index for index, name in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
# Which column to blame when a listing field is refused.
_FIELD_COLUMNS = {"name": "name", "description": "description", "organisation": "name",
                  "category": "x_category", "languages": "x_languages", "website": "url",
                  "eligibility": "eligibility_description", "timezone": "x_timezone",
                  "last_verified": "assured_date", "status": "status", "id": "id"}


@dataclass(frozen=True)
class ParsedDirectory:
    listings: tuple[ListingRecord, ...]
    problems: tuple[Problem, ...]
    skipped_rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _weekdays(row: dict[str, str]) -> tuple[int, ...] | None:
    return _days(row.get("byday", ""), row.get("weekday", ""))


@lru_cache(maxsize=1024)
def _days(byday: str, weekday: str) -> tuple[int, ...] | None:
    byday = byday.strip().upper()
    if byday:
        days = [part.strip() for part in byday.split(",") if part.strip()]
        return tuple(BYDAY.index(day) for day in days) if all(d in BYDAY for d in days) \
            else None
    weekday = weekday.strip().lower()
    if weekday in _DAY_NAMES:
        return (_DAY_NAMES[weekday],)
    if weekday in WEEKDAY_CODES:
        return (WEEKDAY_CODES.index(weekday),)
    if weekday.isdigit() and 1 <= int(weekday) <= 7:
        return (int(weekday) - 1,)
    return None


@lru_cache(maxsize=4096)
def _ranges(days: tuple[int, ...], opens: str, closes: str) -> tuple[OpenRange, ...]:
    """Schedules repeat the same few times: each distinct one is parsed once."""
    start, end = parse_clock(opens, closing=False), parse_clock(closes, closing=True)
    return tuple(OpenRange(day, start, end) for day in days)


class _Reader:
    """Cross-checks the tables and assembles listings, collecting every problem."""

    def __init__(self, tables: dict[str, Table]) -> None:
        self.tables = tables
        self.problems: list[Problem] = []
        self.skipped = 0

    def rows(self, name: str) -> list[tuple[int, dict[str, str]]]:
        table = self.tables.get(name)
        return table.rows if table else []

    def unique(self, name: str) -> dict[str, tuple[int, dict[str, str]]]:
        found: dict[str, tuple[int, dict[str, str]]] = {}
        for line, row in self.rows(name):
            key = row.get("id", "")
            if name == SERVICE_AT_LOCATION and not key:
                key = f"{row['service_id']}@{row['location_id']}"
            if not key:
                self.problems.append(problem(name, line, "required", column="id"))
            elif key in found:
                self.problems.append(problem(name, line, "duplicate_id", value=key))
            else:
                found[key] = (line, row)
        return found

    def regions(self, services: dict, locations: dict) -> dict[str, set[str]]:
        by_service: dict[str, set[str]] = defaultdict(set)
        for line, row in self.rows(SERVICE_AT_LOCATION):
            service_id, location_id = row["service_id"], row["location_id"]
            if service_id not in services:
                self.problems.append(problem(SERVICE_AT_LOCATION, line, "unknown_reference",
                                             column="service_id", value=service_id))
            elif location_id not in locations:
                self.problems.append(problem(SERVICE_AT_LOCATION, line, "unknown_reference",
                                             column="location_id", value=location_id))
            else:
                by_service[service_id].add(locations[location_id])
        return by_service

    def locations(self) -> dict[str, str]:
        regions: dict[str, str] = {}
        for key, (line, row) in self.unique(LOCATIONS).items():
            raw = row["x_region"].strip()
            region = NATIONWIDE if raw.lower() == NATIONWIDE else raw.upper()
            if region not in REGIONS:
                self.problems.append(problem(LOCATIONS, line, "bad_region", value=raw))
            else:
                regions[key] = region
        return regions

    def phones(self, services: dict) -> dict[str, dict[str, str]]:
        numbers: dict[str, dict[str, str]] = defaultdict(dict)
        for _key, (line, row) in self.unique(PHONES).items():
            service_id = row["service_id"]
            kind = row.get("type", "").strip().lower()
            slot = "phone" if kind in VOICE_TYPES else "text_number" if kind == "text" else ""
            if not service_id or not slot or slot in numbers[service_id]:
                self.skipped += 1
                continue
            if service_id not in services:
                self.problems.append(problem(PHONES, line, "unknown_reference",
                                             column="service_id", value=service_id))
                continue
            number = clean_phone(row["number"])
            if not number:
                self.problems.append(problem(PHONES, line, "bad_phone", value=row["number"]))
                continue
            numbers[service_id][slot] = number
        return numbers

    def schedules(self, services: dict) -> dict[str, list[tuple[int, OpenRange]]]:
        hours: dict[str, list[tuple[int, OpenRange]]] = defaultdict(list)
        for _key, (line, row) in self.unique(SCHEDULES).items():
            service_id = row["service_id"]
            if service_id not in services:
                self.problems.append(problem(SCHEDULES, line, "unknown_reference",
                                             column="service_id", value=service_id))
                continue
            if not row["opens_at"] and not row["closes_at"]:
                self.skipped += 1
                continue
            if row.get("freq", "").strip().upper() not in ("", "WEEKLY"):
                self.problems.append(problem(SCHEDULES, line, "unsupported_schedule",
                                             value=row["freq"]))
                continue
            days = _weekdays(row)
            if not days:
                self.problems.append(problem(SCHEDULES, line, "bad_day",
                                             value=row.get("byday") or row.get("weekday", "")))
                continue
            try:
                hours[service_id].extend(
                    (line, item) for item in _ranges(days, row["opens_at"], row["closes_at"]))
            except HoursError as bad:
                self.problems.append(Problem(SCHEDULES, line, bad.message_key,
                                             tuple(sorted(bad.params.items()))))
        return hours

    def listing(self, key: str, line: int, row: dict[str, str], organisations: dict,
                regions: set[str], numbers: dict[str, str],
                hours: list[tuple[int, OpenRange]]) -> ListingRecord | None:
        org_id = row["organization_id"]
        if org_id not in organisations:
            self.problems.append(problem(SERVICES, line, "unknown_reference",
                                         column="organization_id", value=org_id))
            return None
        if len(regions) != 1:
            self.problems.append(problem(SERVICES, line,
                                         "region_needed" if not regions else "many_regions"))
            return None
        status = STATUS_FROM_HSDS.get(row.get("status", "").strip().lower())
        if status is None:
            self.problems.append(problem(SERVICES, line, "bad_status", value=row["status"]))
            return None
        timezone = row.get("x_timezone", "").strip() or ("" if hours else "UTC")
        try:
            return build_listing({
                "source_id": key, "name": row["name"], "description": row.get("description"),
                "organisation": organisations[org_id][1], "category": row["x_category"],
                "region": next(iter(regions)), "languages": row.get("x_languages", ""),
                "phone": numbers.get("phone", ""), "text_number": numbers.get("text_number", ""),
                "website": row.get("url", ""), "eligibility": row.get("eligibility_description"),
                "timezone": timezone, "last_verified": row.get("assured_date") or None,
                "status": status, "hours": tuple(item for _, item in hours)})
        except ListingInvalid as bad:
            file, at = SERVICES, line
            if bad.field == "organisation":
                file, at = ORGANIZATIONS, organisations[org_id][0]
            self.problems.append(Problem(file, at, bad.message_key, tuple(sorted(
                {"column": _FIELD_COLUMNS.get(bad.field, bad.field), "field": bad.field,
                 **{k: str(v) for k, v in bad.params.items()}}.items()))))
        except HoursError as bad:
            day = bad.params.get("day")
            blame = [at for at, item in hours if WEEKDAY_CODES[item.weekday] == day] or [line]
            file = SCHEDULES if day else SERVICES
            self.problems.append(Problem(file, blame[-1] if day else line, bad.message_key,
                                         tuple(sorted((k, str(v)) for k, v in
                                                      bad.params.items()))))
        return None

    def run(self) -> list[ListingRecord]:
        organisations = {key: (line, row["name"])
                         for key, (line, row) in self.unique(ORGANIZATIONS).items()}
        services = self.unique(SERVICES)
        regions = self.regions(services, self.locations())
        numbers = self.phones(services)
        hours = self.schedules(services)
        listings = []
        for key, (line, row) in services.items():
            record = self.listing(key, line, row, organisations, regions.get(key, set()),
                                  numbers.get(key, {}), hours.get(key, []))
            if record is not None:
                listings.append(record)
        return listings


def parse_directory(files: Mapping[str, bytes]) -> ParsedDirectory:
    """Every listing in the package, or every problem found (then no listings at all)."""
    problems: list[Problem] = [problem(name, 0, "missing_file")
                               for name in REQUIRED_FILES if name not in files]
    tables: dict[str, Table] = {}
    for name, required in REQUIRED_COLUMNS.items():
        if name in files:
            table = read_table(name, files[name], required=required, problems=problems)
            if table is not None:
                tables[name] = table
    if SCHEDULES in tables and not {"byday", "weekday"} & set(tables[SCHEDULES].columns):
        problems.append(problem(SCHEDULES, 1, "missing_column", column="byday"))
    if problems:
        return ParsedDirectory((), tuple(problems))
    reader = _Reader(tables)
    listings = reader.run()
    if reader.problems:
        return ParsedDirectory((), tuple(reader.problems), reader.skipped)
    return ParsedDirectory(tuple(listings), (), reader.skipped)


def organisation_id(name: str) -> str:
    return "org-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]


def write_directory(listings: Iterable[ListingRecord]) -> dict[str, bytes]:
    """The six CSV files for these listings (UTF-8, header row, CRLF line ends)."""
    rows: dict[str, list[dict[str, str]]] = {name: [] for name in COLUMNS}
    organisations: dict[str, str] = {}
    for record in listings:
        sid = record.source_id
        org = organisations.setdefault(record.organisation, organisation_id(record.organisation))
        rows[SERVICES].append({
            "id": sid, "organization_id": org, "name": record.name,
            "description": record.description, "url": record.website,
            "status": STATUS_TO_HSDS[record.status],
            "eligibility_description": record.eligibility,
            "assured_date": record.last_verified.isoformat() if record.last_verified else "",
            "x_category": record.category, "x_languages": ";".join(record.languages),
            "x_timezone": record.timezone})
        rows[LOCATIONS].append({
            "id": f"loc-{sid}", "organization_id": org, "name": record.region,
            "location_type": "virtual" if record.region == NATIONWIDE else "physical",
            "x_region": record.region})
        rows[SERVICE_AT_LOCATION].append({"id": f"sal-{sid}", "service_id": sid,
                                          "location_id": f"loc-{sid}"})
        for slot, kind in (("phone", "voice"), ("text_number", "text")):
            number = getattr(record, slot)
            if number:
                rows[PHONES].append({"id": f"ph-{sid}-{kind}", "service_id": sid,
                                     "number": number, "type": kind})
        for index, item in enumerate(record.hours):
            rows[SCHEDULES].append({
                "id": f"sch-{sid}-{index}", "service_id": sid, "freq": "WEEKLY",
                "byday": BYDAY[item.weekday], "opens_at": format_clock_24(item.opens),
                "closes_at": format_clock_24(item.closes)})
    rows[ORGANIZATIONS] = [{"id": org, "name": name} for name, org in organisations.items()]
    return {name: write_table(COLUMNS[name], rows[name]) for name in COLUMNS}
