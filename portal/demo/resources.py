"""Demo data for the resources directory (demo mode only).

The three national lines at the top are real and pinned. Every other listing is
fictional: invented names, 555-01xx phone numbers and example.org websites.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from portal.domain.opening_hours import OpenRange, parse_clock
from portal.domain.resource_listing import build_listing
from portal.models import User
from portal.models.resources import ResourceListing, ResourceReview
from portal.models.types import utcnow
from portal.services.resources import listing_values, replace_children

Spec = tuple[tuple[tuple[int, ...], str, str], ...]
EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)
WEEKDAYS = (0, 1, 2, 3, 4)
ALWAYS: Spec = ((EVERY_DAY, "00:00", "00:00"),)
OFFICE: Spec = ((WEEKDAYS, "09:00", "17:00"),)
OVERNIGHT: Spec = ((EVERY_DAY, "19:00", "07:00"),)

# (name, organisation, category, region, languages, phone, text, website, zone, hours,
#  eligibility, description, days since last checked)
REAL_LINES = (
    ("National Human Trafficking Hotline", "Polaris Project", "crisis_line", "nationwide",
     "en;es", "1-888-373-7888", "233733", "https://humantraffickinghotline.org",
     "America/New_York", ALWAYS, "Anyone, any age, anywhere in the United States.",
     "Confidential help and referrals, day and night. Interpreters for more than 200 "
     "languages.", 10),
    ("988 Suicide & Crisis Lifeline", "988 Lifeline", "crisis_line", "nationwide", "en;es",
     "988", "988", "https://988lifeline.org", "America/New_York", ALWAYS,
     "Anyone in emotional distress, or worried about someone.",
     "Call or text 988 to talk with a trained counselor, free and confidential.", 10),
    ("911 Emergency", "Local emergency services", "crisis_line", "nationwide", "en;es",
     "911", "", "", "America/New_York", ALWAYS, "",
     "If you are in danger right now, call 911.", 10),
)
FICTIONAL = (
    ("Safe Harbor Emergency Shelter", "Safe Harbor House", "emergency_shelter", "TX", "en;es",
     "(512) 555-0142", "(512) 555-0143", "https://safeharbor.example.org", "America/Chicago",
     ALWAYS, "Adults 18 and over. No ID needed.",
     "Beds, showers and a hot meal, any time of day or night. Walk-ins welcome.", 12),
    ("Lighthouse Night Shelter", "Lighthouse Community", "emergency_shelter", "IL", "en",
     "(312) 555-0110", "", "https://lighthouse.example.org", "America/Chicago", OVERNIGHT,
     "Women and children.", "Check in from 7 in the evening. Breakfast before you leave.", 30),
    ("Casa Segura", "Casa Segura Network", "emergency_shelter", "CA", "es;en",
     "(213) 555-0177", "(213) 555-0178", "https://casasegura.example.org",
     "America/Los_Angeles", ALWAYS, "Survivors and their children.",
     "A safe bed tonight, with Spanish-speaking staff on site.", 5),
    ("North Star Overnight", "North Star Outreach", "emergency_shelter", "NY", "en;fr;ht",
     "(718) 555-0126", "", "", "America/New_York", ((EVERY_DAY, "20:00", "08:00"),),
     "Adults. Pets welcome.", "Overnight beds. Doors open at 8 in the evening.", 200),
    ("Willow Transitional Homes", "Willow Housing Trust", "safe_housing", "WA", "en;vi",
     "(206) 555-0164", "", "https://willowhomes.example.org", "America/Los_Angeles", OFFICE,
     "Survivors ready to move on from a shelter.",
     "Furnished rooms for up to two years, with a caseworker.", 20),
    ("Open Door Housing Help", "Open Door", "safe_housing", "nationwide", "en;es",
     "1-800-555-0190", "", "https://opendoor.example.org", "America/Denver", OFFICE, "",
     "Help finding safe housing anywhere in the country.", 45),
    ("Community Table Pantry", "Community Table", "food", "TX", "en;es",
     "(713) 555-0121", "", "https://communitytable.example.org", "America/Chicago",
     ((WEEKDAYS, "10:00", "14:00"), ((5,), "09:00", "12:00")), "Everyone welcome.",
     "Groceries once a week. Bring a bag if you can.", 15),
    ("Evening Kitchen", "St. Brigid's Kitchen", "food", "OH", "en",
     "(614) 555-0103", "", "", "America/New_York", ((EVERY_DAY, "17:00", "19:30"),), "",
     "A hot dinner every evening, no questions asked.", 60),
    ("Fresh Start Clothing Closet", "Fresh Start", "clothing", "GA", "en;es",
     "(404) 555-0155", "", "https://freshstart.example.org", "America/New_York",
     (((1, 3), "12:00", "18:00"),), "", "Free clothes and shoes, including for interviews.", 25),
    ("Riverside Community Clinic", "Riverside Health", "medical", "FL", "en;es;ht",
     "(305) 555-0138", "(305) 555-0139", "https://riversideclinic.example.org",
     "America/New_York", ((WEEKDAYS, "08:00", "18:00"), ((5,), "09:00", "13:00")),
     "No insurance needed.", "Check-ups, reproductive health care and prescriptions.", 8),
    ("Clínica Esperanza", "Esperanza Salud", "medical", "AZ", "es;en",
     "(602) 555-0119", "", "https://esperanza.example.org", "America/Phoenix", OFFICE, "",
     "Atención médica y de salud reproductiva, con cita o sin cita.", 40),
    ("Quiet Harbor Counseling", "Quiet Harbor", "mental_health", "MA", "en;pt",
     "(617) 555-0182", "", "https://quietharbor.example.org", "America/New_York",
     ((WEEKDAYS, "09:00", "20:00"),), "", "Free counseling with trauma-informed therapists.",
     35),
    ("Peer Warmline", "Warmline Collective", "mental_health", "nationwide", "en;es",
     "1-800-555-0170", "(555) 010-0171", "", "America/Chicago", ((EVERY_DAY, "16:00", "00:00"),),
     "", "Talk with someone who has been there. Evenings, every day.", 14),
    ("Justice Bridge Legal Aid", "Justice Bridge", "legal_aid", "NY", "en;es;zh",
     "(212) 555-0148", "", "https://justicebridge.example.org", "America/New_York", OFFICE,
     "Free for people with low income.", "Help clearing records, with custody and with "
     "protection orders.", 50),
    ("Frontera Immigration Help", "Frontera Legal", "immigration", "TX", "es;en",
     "(915) 555-0133", "", "https://frontera.example.org", "America/Denver", OFFICE, "",
     "Help with T visas, U visas and other immigration questions.", 22),
    ("New Roots Immigration Clinic", "New Roots", "immigration", "MN", "en;ar;es",
     "(612) 555-0115", "", "https://newroots.example.org", "America/Chicago",
     (((0, 2), "13:00", "19:00"),), "", "Free consultations with immigration attorneys.", 90),
    ("ID Now", "ID Now Project", "identification", "nationwide", "en;es",
     "1-800-555-0158", "", "https://idnow.example.org", "America/New_York", OFFICE, "",
     "Help replacing birth certificates, state IDs and Social Security cards.", 18),
    ("Bridge Fund", "Bridge Fund", "financial_assistance", "CO", "en;es",
     "(303) 555-0124", "", "https://bridgefund.example.org", "America/Denver", OFFICE,
     "Survivors in Colorado.", "Small grants for rent deposits, phones and bus passes.", 70),
    ("Safe Rides", "Safe Rides Network", "transportation", "CA", "en;es;ko",
     "(415) 555-0161", "(415) 555-0162", "", "America/Los_Angeles",
     ((EVERY_DAY, "06:00", "22:00"),), "", "Free rides to appointments and interviews.", 28),
    ("Second Chance GED", "Second Chance Learning", "education", "IL", "en;es",
     "(773) 555-0107", "", "https://secondchance.example.org", "America/Chicago",
     (((0, 1, 2, 3), "17:30", "20:30"),), "", "Evening GED classes with free childcare.", 33),
    ("Skills for Tomorrow", "Tomorrow Works", "vocational_training", "PA", "en;ru;uk",
     "(215) 555-0129", "", "https://tomorrowworks.example.org", "America/New_York", OFFICE, "",
     "Paid training in cooking, caregiving and building trades.", 55),
    ("Money Basics Circle", "Money Basics", "financial_literacy", "nationwide", "en;es",
     "1-800-555-0136", "", "https://moneybasics.example.org", "America/Chicago",
     (((2,), "18:00", "19:30"),), "", "A friendly online class on budgets and credit.", 16),
    ("Pathways Employment", "Pathways", "employment", "WA", "en;tl",
     "(253) 555-0145", "", "https://pathways.example.org", "America/Los_Angeles", OFFICE, "",
     "Job coaching, resumes and employers who understand.", 42),
    ("Good Work Hiring Hall", "Good Work", "employment", "NV", "en;es",
     "(702) 555-0152", "", "", "America/Los_Angeles", (((0, 1, 2, 3, 4, 5), "07:00", "15:00"),),
     "", "Day work with fair pay, paid the same day.", 120),
    ("Open Chapel", "Open Chapel Fellowship", "faith", "NC", "en",
     "(919) 555-0168", "", "", "America/New_York", (((6,), "10:00", "13:00"),), "",
     "A welcoming place for prayer and quiet. All faiths and none.", 65),
    ("Sisters in Strength", "Sisters in Strength", "peer_support", "MI", "en;es",
     "(313) 555-0173", "(313) 555-0174", "https://sisters.example.org", "America/Detroit",
     (((1,), "18:00", "20:00"), ((4,), "12:00", "14:00")), "Women survivors.",
     "Peer groups led by survivors. Come once or every week.", 9),
    ("Voces Unidas", "Voces Unidas", "peer_support", "nationwide", "es",
     "1-800-555-0184", "", "", "America/Chicago", (((3,), "19:00", "21:00"),), "",
     "Grupo de apoyo en línea, en español.", 27),
    ("Harbor Sign Support", "Harbor Deaf Services", "peer_support", "DC", "ase;en",
     "(202) 555-0196", "(202) 555-0197", "", "America/New_York", OFFICE, "",
     "Peer support in American Sign Language, by video or text.", 300),
)


def _hours(spec: Spec) -> tuple[OpenRange, ...]:
    return tuple(OpenRange(day, parse_clock(opens, closing=False),
                           parse_clock(closes, closing=True))
                 for days, opens, closes in spec for day in days)


def _add(session: Session, index: int, row: tuple, *, pinned: bool) -> ResourceListing:
    (name, organisation, category, region, languages, phone, text, website, zone, spec,
     eligibility, description, age) = row
    now = utcnow()
    record = build_listing({
        "source_id": f"lantern-demo-{index:03d}", "name": name, "organisation": organisation,
        "category": category, "region": region, "languages": languages, "phone": phone,
        "text_number": text, "website": website, "timezone": zone, "hours": _hours(spec),
        "eligibility": eligibility, "description": description,
        "last_verified": (now - timedelta(days=age)).date(), "status": "published"})
    listing = ResourceListing(**listing_values(record, now), pinned=pinned, created_at=now)
    session.add(listing)
    session.flush()
    replace_children(session, [(listing.id, record)])
    return listing


def seed_resources(session: Session, members: dict[str, User]) -> list[str]:
    for index, row in enumerate(REAL_LINES):
        _add(session, index, row, pinned=True)
    listings = [_add(session, 100 + index, row, pinned=False)
                for index, row in enumerate(FICTIONAL)]
    # Something waiting on the moderators' review list.
    member = members.get("Survivor Maple")
    if member is not None:
        session.add(ResourceReview(kind="report", listing_id=listings[7].id,
                                   reporter_id=member.id, reason="wrong_hours",
                                   note="They close at 7 now, not 7:30."))
    return [f"resources directory: {len(REAL_LINES) + len(FICTIONAL)} listings"]
