"""HSDS CSV: export then import gives the same listings; malformed files are refused by line."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.domain.hsds import (
    ORGANIZATIONS,
    PHONES,
    SCHEDULES,
    SERVICE_AT_LOCATION,
    SERVICES,
    parse_directory,
    write_directory,
)
from portal.domain.hsds_csv import MAX_PACKAGE_BYTES, pack_zip, unpack_upload
from portal.domain.opening_hours import HoursError, OpenRange
from portal.domain.resource_catalog import CATEGORIES, LANGUAGES, REGIONS, STATUSES
from portal.domain.resource_listing import ListingInvalid, build_listing


def record(**overrides):
    fields = dict(source_id="svc-1", name="Harbor Night Shelter", description="Beds and a meal.",
                  organisation="Harbor House", category="emergency_shelter", region="TX",
                  languages="en;es", phone="1-800-555-0100", text_number="55510",
                  website="https://harbor.example.org", eligibility="Adults 18+.",
                  timezone="America/Chicago", last_verified="2026-02-01", status="published",
                  hours=(OpenRange(0, 1200, 480), OpenRange(5, 0, 1440)))
    fields.update(overrides)
    return build_listing(fields)


def problems_of(files):
    parsed = parse_directory(files)
    assert parsed.listings == ()
    return [(p.file, p.line, p.key, p.params_dict) for p in parsed.problems]


def replace_in(files, name, old, new):
    changed = dict(files)
    changed[name] = files[name].replace(old.encode(), new.encode())
    return changed


def test_export_then_import_gives_the_same_listings():
    listings = [record(), record(source_id="svc-2", region="nationwide", hours=(),
                                 text_number="", last_verified=None, status="pending")]
    parsed = parse_directory(write_directory(listings))
    assert parsed.ok and list(parsed.listings) == listings


def test_exported_files_use_hsds_names_and_columns():
    files = write_directory([record()])
    assert set(files) == {"organizations.csv", "services.csv", "locations.csv",
                          "service_at_location.csv", "phones.csv", "schedules.csv"}
    services = files[SERVICES].decode().splitlines()
    assert services[0].startswith("id,organization_id,name,description,url,email,status")
    assert ",active," in services[1]
    schedule = files[SCHEDULES].decode().splitlines()[1]
    assert ",WEEKLY,MO,20:00,08:00," in schedule


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_guarded_and_restored():
    listing = record(name="=HYPERLINK(\"http://x\")", description="- hot meals\n- showers")
    files = write_directory([listing])
    assert b"'=HYPERLINK" in files[SERVICES]
    assert parse_directory(files).listings == (listing,)


def test_a_partner_package_with_weekday_names_and_blank_status_imports():
    files = {
        ORGANIZATIONS: b"id,name\r\no1,Partner Org\r\n",
        SERVICES: b"id,organization_id,name,x_category,x_timezone\r\n"
                  b"s1,o1,Food Pantry,food,America/New_York\r\n",
        "locations.csv": b"id,name,x_region\r\nl1,Ohio,oh\r\n",
        SERVICE_AT_LOCATION: b"id,service_id,location_id\r\nx,s1,l1\r\n",
        PHONES: b"id,service_id,number,type\r\np1,s1,(614) 555-0100,voice\r\n"
                b"p2,s1,614 555 0199,fax\r\np3,,614 555 0000,voice\r\n",
        SCHEDULES: b"id,service_id,weekday,opens_at,closes_at\r\n"
                   b"h1,s1,Tuesday,09:00:00,13:00:00\r\n",
    }
    parsed = parse_directory(files)
    assert parsed.ok, parsed.problems
    (listing,) = parsed.listings
    assert (listing.region, listing.phone, listing.status) == ("OH", "(614) 555-0100",
                                                               "published")
    assert listing.hours == (OpenRange(1, 540, 780),)
    assert parsed.skipped_rows == 2  # the fax and the organisation-level phone


def test_missing_files_and_columns_are_reported():
    files = write_directory([record()])
    del files[ORGANIZATIONS]
    files[SERVICES] = files[SERVICES].replace(b"x_category", b"category")
    assert problems_of(files) == [
        ("organizations.csv", 0, "resources.hsds.missing_file", {}),
        ("services.csv", 1, "resources.hsds.missing_column", {"column": "x_category"}),
    ]


def test_bad_encoding_is_reported_with_its_line():
    files = write_directory([record()])
    files[SERVICES] = files[SERVICES].replace(b"Harbor Night", b"Harbor \xff Night")
    assert problems_of(files) == [("services.csv", 2, "resources.hsds.bad_encoding", {})]


def test_latin1_file_is_refused_rather_than_guessed():
    files = write_directory([record()])
    files[ORGANIZATIONS] = "id,name\r\no,Café\r\n".encode("latin-1")
    assert problems_of(files)[0][2] == "resources.hsds.bad_encoding"


def test_bad_times_days_and_overlaps_are_reported_on_the_schedule_line():
    files = write_directory([record()])
    assert problems_of(replace_in(files, SCHEDULES, "20:00,08:00", "8pm,08:00")) == [
        ("schedules.csv", 2, "resources.hours.bad_time", {"value": "8pm"})]
    assert problems_of(replace_in(files, SCHEDULES, ",MO,", ",XX,")) == [
        ("schedules.csv", 2, "resources.hsds.bad_day", {"value": "XX"})]
    assert problems_of(replace_in(files, SCHEDULES, ",SA,", ",TU,"))[0][:3] == (
        "schedules.csv", 3, "resources.hours.overlap")


def test_every_invalid_row_is_reported_and_nothing_is_returned():
    listings = [record(source_id=f"s{i}") for i in range(3)]
    files = write_directory(listings)
    files = replace_in(files, SERVICES, "s0,org-", "s0,nobody-")
    files = replace_in(files, SERVICES, "en;es,America/Chicago", "en;xx,America/Chicago")
    problems = problems_of(files)
    assert [(file, line, key) for file, line, key, _ in problems] == [
        ("services.csv", 2, "resources.hsds.unknown_reference"),
        ("services.csv", 3, "resources.invalid.unknown_language"),
        ("services.csv", 4, "resources.invalid.unknown_language"),
    ]
    assert problems[1][3] == {"column": "x_languages", "field": "languages", "value": "xx"}


def test_wrong_field_counts_duplicate_ids_and_dangling_links_are_reported():
    files = write_directory([record()])
    files[SERVICES] += b"svc-1,org,Again,,,,active,,,food,,UTC\r\nshort,row\r\n"
    files[SERVICE_AT_LOCATION] += b"sal-x,svc-9,loc-svc-1\r\n"
    problems = problems_of(files)
    assert ("services.csv", 4, "resources.hsds.field_count",
            {"expected": "12", "found": "2"}) in problems
    problems = problems_of({**files, SERVICES: write_directory([record()])[SERVICES] +
                            b"svc-1,org,Again,,,,active,,,food,,UTC\r\n"})
    assert ("services.csv", 3, "resources.hsds.duplicate_id", {"value": "svc-1"}) in problems
    assert ("service_at_location.csv", 3, "resources.hsds.unknown_reference",
            {"column": "service_id", "value": "svc-9"}) in problems


def test_a_service_without_a_region_is_refused():
    files = write_directory([record()])
    files[SERVICE_AT_LOCATION] = b"id,service_id,location_id\r\n"
    assert problems_of(files) == [("services.csv", 2, "resources.hsds.region_needed", {})]


def test_unsafe_website_and_unknown_category_are_refused():
    files = write_directory([record()])
    bad = replace_in(files, SERVICES, "https://harbor.example.org", "javascript:alert(1)")
    assert problems_of(bad)[0][2:] == ("resources.invalid.bad_website",
                                       {"column": "url", "field": "website",
                                        "value": "javascript:alert(1)"})
    bad = replace_in(files, SERVICES, "emergency_shelter", "weapons")
    assert problems_of(bad)[0][2] == "resources.invalid.unknown_choice"


def test_multiline_descriptions_report_later_rows_on_their_own_line():
    files = write_directory([record(description="one\ntwo\nthree"), record(source_id="b")])
    files = replace_in(files, SERVICES, "b,org", "b,nope")
    assert problems_of(files)[0][:2] == ("services.csv", 5)


def test_zip_packages_unpack_and_oversized_members_are_refused():
    files = write_directory([record()])
    problems = []
    assert unpack_upload([("dir.zip", pack_zip(files))], problems) == files
    assert problems == []
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("services.csv", b"0" * (MAX_PACKAGE_BYTES + 10))
    problems = []
    unpack_upload([("bomb.zip", bomb.getvalue())], problems)
    assert [p.key for p in problems] == ["resources.hsds.too_large"]
    problems = []
    unpack_upload([("x.zip", b"not a zip"), ("notes.txt", b"hi")], problems)
    assert [p.key for p in problems] == ["resources.hsds.bad_zip", "resources.hsds.not_csv"]


def test_listing_validation_refuses_bad_phone_and_long_name():
    with pytest.raises(ListingInvalid) as refused:
        record(phone="call us!")
    assert (refused.value.field, refused.value.code) == ("phone", "bad_phone")
    with pytest.raises(ListingInvalid, match="too_long"):
        record(name="x" * 121)
    with pytest.raises(HoursError):
        record(hours=(OpenRange(0, 60, 120), OpenRange(0, 90, 180)))


# --- round trip property -----------------------------------------------------------

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)

def _safe_range(day, opens, closes):
    try:
        return OpenRange(day, opens, closes)
    except HoursError:
        return None


@st.composite
def listings(draw):
    raw = dict(
        source_id=draw(st.from_regex(r"[A-Za-z0-9_.:\-]{1,20}", fullmatch=True)),
        name=draw(text), description=draw(text), organisation=draw(text),
        category=draw(st.sampled_from(CATEGORIES)), region=draw(st.sampled_from(REGIONS)),
        languages=draw(st.lists(st.sampled_from(LANGUAGES), max_size=3)),
        phone=draw(st.sampled_from(["", "988", "+1 (555) 010-2000", "1-888-373-7888"])),
        text_number=draw(st.sampled_from(["", "233733"])),
        website=draw(st.sampled_from(["", "https://example.org/a?b=c", "http://x.test"])),
        eligibility=draw(text), timezone=draw(st.sampled_from(["UTC", "America/Chicago"])),
        last_verified=draw(st.none() | st.dates(date(2000, 1, 1), date(2100, 1, 1))),
        status=draw(st.sampled_from(STATUSES)))
    ranges = [r for r in (_safe_range(draw(st.integers(0, 6)), draw(st.integers(0, 1439)),
                                       draw(st.integers(1, 1440)))
                          for _ in range(draw(st.integers(0, 4)))) if r]
    for hours in (tuple(ranges), ()):
        try:
            return build_listing({**raw, "hours": hours})
        except (ListingInvalid, HoursError):
            continue
    return None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(listings(), max_size=4, unique_by=lambda r: r and r.source_id))
def test_round_trip_property_export_then_import_is_identity(drawn):
    originals = [item for item in drawn if item is not None]
    parsed = parse_directory(write_directory(originals))
    assert parsed.problems == ()
    assert list(parsed.listings) == originals
