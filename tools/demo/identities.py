"""Who the demo customers are: names, domains, regions, currencies, contacts and account owners.

Everything here is fictional. Domains end in `.example` (RFC 2606) and phone numbers use ranges
reserved for fiction where a country has one (555-01xx in North America, 020 7946 0xxx in London,
02 5550 xxxx in Australia).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from random import Random

OWNERS: dict[str, tuple[str, ...]] = {
    "americas": ("dana.ruiz@ourco.example", "morgan.hale@ourco.example"),
    "europe": ("sam.okafor@ourco.example", "morgan.hale@ourco.example"),
    "apac": ("li.wei@ourco.example", "sam.okafor@ourco.example"),
}
COLLECTIONS_MAILBOX = "collections@ourco.example"


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in text.split(","))


@dataclass(frozen=True, slots=True)
class Locale:
    region: str
    timezone: str
    country: str
    currencies: tuple[tuple[str, int], ...]  # (currency, weight)
    phone: str  # a format with `{n}` for the random digits
    entities: tuple[str, ...]  # legal-entity suffixes used in the country
    weight: float


CANADA = (("CAD", 17), ("USD", 3))  # most Canadian customers are billed in CAD
LOCALES: tuple[Locale, ...] = (
    Locale("americas", "America/New_York", "US", (("USD", 1),), "+1 212-555-01{n:02d}", ("Inc.", "LLC"), 14),
    Locale("americas", "America/Chicago", "US", (("USD", 1),), "+1 312-555-01{n:02d}", ("Inc.", "LLC"), 10),
    Locale("americas", "America/Denver", "US", (("USD", 1),), "+1 303-555-01{n:02d}", ("Inc.", "LLC"), 4),
    Locale("americas", "America/Los_Angeles", "US", (("USD", 1),), "+1 415-555-01{n:02d}", ("Inc.", "LLC"), 10),
    Locale("americas", "America/Phoenix", "US", (("USD", 1),), "+1 602-555-01{n:02d}", ("Inc.", "LLC"), 2),
    Locale("americas", "America/Toronto", "CA", CANADA, "+1 416-555-01{n:02d}", ("Inc.", "Ltd."), 5),
    Locale("americas", "America/Vancouver", "CA", CANADA, "+1 604-555-01{n:02d}", ("Inc.", "Ltd."), 2),
    Locale("americas", "America/Mexico_City", "MX", (("USD", 1),), "+52 55 5550 {n:04d}", ("S.A. de C.V.",), 2),
    Locale("americas", "America/Sao_Paulo", "BR", (("USD", 1),), "+55 11 5550 {n:04d}", ("Ltda.",), 1.5),
    Locale("europe", "Europe/London", "GB", (("GBP", 17), ("USD", 3)), "+44 20 7946 0{n:03d}", ("Ltd", "plc"), 9),
    Locale("europe", "Europe/Dublin", "IE", (("EUR", 1),), "+353 1 555 {n:04d}", ("Ltd", "DAC"), 2),
    Locale("europe", "Europe/Berlin", "DE", (("EUR", 1),), "+49 30 5550 {n:04d}", ("GmbH", "AG"), 5),
    Locale("europe", "Europe/Paris", "FR", (("EUR", 1),), "+33 1 55 50 {n:04d}", ("SAS", "SARL"), 4),
    Locale("europe", "Europe/Amsterdam", "NL", (("EUR", 1),), "+31 20 555 {n:04d}", ("B.V.",), 3),
    Locale("europe", "Europe/Madrid", "ES", (("EUR", 1),), "+34 91 555 {n:04d}", ("S.L.", "S.A."), 2),
    Locale("europe", "Europe/Stockholm", "SE", (("EUR", 1),), "+46 8 555 {n:04d}", ("AB",), 1.5),
    Locale("europe", "Europe/Zurich", "CH", (("EUR", 3), ("USD", 2)), "+41 44 555 {n:04d}", ("AG", "GmbH"), 1),
    Locale("apac", "Australia/Sydney", "AU", (("AUD", 1),), "+61 2 5550 {n:04d}", ("Pty Ltd",), 6),
    Locale("apac", "Australia/Melbourne", "AU", (("AUD", 1),), "+61 3 5550 {n:04d}", ("Pty Ltd",), 4),
    Locale("apac", "Australia/Perth", "AU", (("AUD", 1),), "+61 8 5550 {n:04d}", ("Pty Ltd",), 1.5),
    Locale("apac", "Asia/Singapore", "SG", (("USD", 1),), "+65 6555 {n:04d}", ("Pte Ltd",), 3),
    Locale("apac", "Asia/Tokyo", "JP", (("USD", 1),), "+81 3 5550 {n:04d}", ("K.K.",), 2),
    Locale("apac", "Asia/Hong_Kong", "HK", (("USD", 1),), "+852 5550 {n:04d}", ("Limited",), 1.5),
    Locale("apac", "Pacific/Auckland", "NZ", (("USD", 1),), "+64 9 555 {n:04d}", ("Limited",), 1.5),
    Locale("apac", "Asia/Kolkata", "IN", (("USD", 1),), "+91 22 5550 {n:04d}", ("Pvt Ltd",), 1.5),
)

PREFIXES = _words(
    "Northwind, Bluebird, Atlas, Summit, Pioneer, Harbor, Cedar, Redwood, Silverline, Ironwood, Granite, "
    "Keystone, Meridian, Beacon, Lighthouse, Evergreen, Blue Ridge, Copperleaf, Falcon, Maple, Oakridge, "
    "Pinecrest, Riverbend, Sterling, Sunrise, Trident, Vanguard, Willow, Crescent, Horizon, Juniper, "
    "Lakeshore, Magnolia, Orchard, Prairie, Quarry, Saltbox, Tidewater, Union, Westgate, Aspen, Birchwood, "
    "Canyon, Driftwood, Elmstone, Foxglove, Goldcrest, Highland, Ivywood, Jasper, Kestrel, Lantern, Monarch, "
    "Nimbus, Osprey, Parkside, Quill, Rosewood, Sagebrush, Thistle, Upland, Wren, Yarrow, Zephyr, Anchor, "
    "Bramble, Cobalt, Delta, Ember, Fieldstone, Greenway, Hearth, Inlet, Kingfisher, Larkspur, Mistral, "
    "Northgate, Oxbow, Pebble, Redfern, Seabright, Tamarack, Brightwater, Clearwater, Stonebridge, "
    "Blackthorn, Swiftwater, Bellwether, Coastline, Foundry Lane"
)
MIDDLES = _words(
    "Bay, Valley, Creek, Point, Hill, River, Park, Ridge, Harbour, Lake, Mill, Field, Coast, Grove, Bridge, "
    "Meadow, Rock, Springs"
)
# What the company sells decides which disputes and credit notes it can have.
GOODS_SUFFIXES = _words(
    "Traders, Cafe Supply, Bakery, Print Studio, Pharmacy, Catering, Brewing Co., Coffee Roasters, Foods, "
    "Farms, Marine, Motors, Packaging, Plastics, Metals, Fabrication, Textiles, Apparel, Outfitters, "
    "Hardware, Supply Co., Distributors, Wholesale, Retail Group, Books, Furniture, Pet Supplies, Garden "
    "Centre, Florists, Solar, Glass, Signs"
)
SERVICE_SUFFIXES = _words(
    "Logistics, Dental, Veterinary Clinic, Builders, Electrical, Plumbing, Roofing, Landscaping, Design Co., "
    "Engineering, Consulting, Analytics, Software, Labs, Medical Group, Physiotherapy, Hotels, Auto Repair, "
    "Freight, Couriers, Interiors, Architects, Accounting, Insurance Brokers, Realty, Property Management, "
    "Cleaning Services, Security, Telecom, Media, Events, Fitness, Academy, Optometry, Storage, Recycling, "
    "Energy, HVAC"
)
SUFFIXES: tuple[tuple[str, str], ...] = tuple(
    [(s, "goods") for s in GOODS_SUFFIXES] + [(s, "services") for s in SERVICE_SUFFIXES]
)
TOWNS = _words(
    "Riverton, Millbrook, Eastfield, Harborview, Cedar Falls, Westbridge, Oakhurst, Lakemont, Brookhaven, "
    "Fairmont, Glenwood, Ashford, Kingsport, Newhaven, Pinewood, Redcliff, Stonyford, Thornbury, Wexley, "
    "Bramford, Carrow, Dunmore, Elmsworth, Fenwick, Greystone, Hollins, Ivybridge, Kelso, Langford, Marlow, "
    "Northam, Oakvale, Penrith, Queensbury, Rosedale, Sandown, Tarrant, Uxbridge, Valemount, Whitby"
)
AGENCIES = _words(
    "City Council, County Public Works, School District, Water Authority, Transit Agency, Parks Department, "
    "Housing Authority, Port Authority, Health District, Library Board, Fire and Rescue Service, Community "
    "College"
)
FIRST_NAMES = _words(
    "Sam, Alex, Jordan, Taylor, Chris, Priya, Mei, Kenji, Aisha, Carlos, Sofia, Liam, Emma, Noah, Olivia, "
    "Lucas, Amelia, Mateo, Chloe, Ethan, Hannah, Omar, Fatima, Daniel, Grace, Ravi, Anika, Jonas, Freya, "
    "Hugo, Ines, Marco, Giulia, Pieter, Sanne, Erik, Ingrid, Tom, Rachel, Ben, Laura, Nikhil, Deepa, Hiro, "
    "Yuki, Wei, Lin, Joon, Ji-woo, Tariq, Leila, Kwame, Ama, Diego, Valentina, Patrick, Siobhan, Callum, "
    "Isla, Jack, Ruby, Max, Lena, Paul, Claire, Nadia, Victor, Elena, Andre, Camille, Ruth, Owen, Megan, "
    "Felix, Zoe, Arjun, Kavya"
)
LAST_NAMES = _words(
    "Ortiz, Dale, Nguyen, Patel, Kim, Schmidt, Rossi, Dubois, Jansen, Andersson, O'Brien, Murphy, Walsh, "
    "Campbell, Thompson, Garcia, Martinez, Lopez, Silva, Santos, Okafor, Mensah, Haddad, Khan, Sharma, Iyer, "
    "Tanaka, Sato, Chen, Wong, Li, Park, Cohen, Novak, Kowalski, Fischer, Weber, Moreau, Lefebvre, Bakker, de "
    "Vries, Lindqvist, Berg, Hughes, Evans, Price, Foster, Reyes, Cruz, Morales, Brooks, Bennett, Hayes, "
    "Russell, Graham, Wallace, Sullivan, Fraser, MacLeod, Stewart, Turner, Parker, Collins, Edwards, Morris, "
    "Rogers, Reed, Cook, Bell, Ward, Cox, Howard, Richardson, Wood, Barnes, Fleming, Holt, Abbott, Chowdhury, "
    "Banerjee, Adeyemi, Eze, Njoroge, Kariuki, Tran, Pham"
)
BILLING_TITLES = _words(
    "Accounts Payable Specialist, Finance Assistant, Bookkeeper, AP Clerk, Accounts Payable Lead, Finance "
    "Coordinator, Office Manager"
)
OWNER_TITLES = _words(
    "Owner, Managing Director, CFO, Financial Controller, Finance Director, General Manager, Head of Finance"
)
OTHER_TITLES = _words("Procurement Manager, Purchasing Officer, Operations Manager, Buyer")


@dataclass(frozen=True, slots=True)
class Company:
    name: str
    domain: str
    kind: str  # "goods" or "services"


def pick_locale(rng: Random) -> Locale:
    """A locale drawn by weight, so most accounts sit in the Americas."""
    return rng.choices(LOCALES, weights=[loc.weight for loc in LOCALES])[0]


def pick_currency(rng: Random, locale: Locale) -> str:
    """The billing currency, matched to the locale (mostly USD overall)."""
    names = [c for c, _ in locale.currencies]
    return rng.choices(names, weights=[w for _, w in locale.currencies])[0]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower().replace("&", "and"))


def company_identity(rng: Random, *, segment: str, locale: Locale, taken: set[str]) -> Company:
    """A company name and domain not yet in `taken` (which it extends)."""
    for attempt in range(1000):
        kind = "services"
        if segment == "government":
            base = f"{rng.choice(TOWNS)} {rng.choice(AGENCIES)}"
        else:
            suffix, kind = rng.choice(SUFFIXES)
            roll = rng.random() if attempt < 50 else 0.9
            if roll < 0.6:
                base = f"{rng.choice(PREFIXES)} {suffix}"
            elif roll < 0.78:
                base = f"{rng.choice(PREFIXES)} {rng.choice(MIDDLES)} {suffix}"
            elif roll < 0.92:
                base = f"{rng.choice(LAST_NAMES)} {suffix}"
            else:
                first, second = rng.sample(LAST_NAMES, 2)
                base = f"{first} & {second} {suffix}"
        slug = _slug(base.removesuffix(" Co."))
        if base.lower() in taken or slug in taken:
            continue
        taken.add(base.lower())
        taken.add(slug)
        name = base
        if segment != "government" and rng.random() < 0.45:
            name = f"{base} {rng.choice(locale.entities)}"
        words = [w for w in re.split(r"[^a-z0-9]+", base.lower().replace("&", "and")) if w and w != "co"]
        domain = ("".join(words) if len("".join(words)) <= 16 else "-".join(words)) + ".example"
        return Company(name=name, domain=domain, kind=kind)
    raise RuntimeError("ran out of company names")  # pragma: no cover - 1000 tries over ~70,000 names


def person(rng: Random) -> tuple[str, str]:
    """A (first, last) name."""
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def person_email(first: str, last: str, domain: str, style: int) -> str:
    """A company-style address for a person, e.g. sam.ortiz@, sortiz@ or sam@."""
    given, family = _slug(first), _slug(last)
    local = (f"{given}.{family}", f"{given[0]}{family}", given, f"{given}_{family}")[style % 4]
    return f"{local}@{domain}"


def phone_number(rng: Random, locale: Locale) -> str:
    """A phone number in the locale's format, inside a fictional range where one exists."""
    width = int(locale.phone.split("{n:0")[1][0])
    return locale.phone.format(n=rng.randrange(10**width))
