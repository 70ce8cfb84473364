"""How one record mentions a customer: which person is named, which of the
customer's identifiers appear, and how badly each value is mangled.  The
source renderers only place these values into their own columns."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .corruption import (
    DOMESTIC_PHONES,
    PhoneStyle,
    address_text,
    company_chinese,
    company_english,
    format_email,
    hanzi_name,
    letter_typo,
    pinyin_name,
    to_fullwidth,
    to_traditional,
)
from .people import Address, Company, Contact, Customer, Person, PersonName
from .vocabulary import City


@dataclass(frozen=True, slots=True)
class SourceStyle:
    """Per-source probabilities of each way a value is written or damaged."""

    pinyin_name: float
    english_company: float
    traditional: float
    honorific: float
    typo: float
    fullwidth: float
    name_only: float  # record carries no phone or email at all
    mobile: float
    landline: float
    email: float
    address: float
    city: float
    stale: float = 0.0  # old address / old mobile instead of the current one
    email_noise: float = 0.08
    uppercase_email: float = 0.0
    phones: PhoneStyle = DOMESTIC_PHONES


@dataclass(frozen=True, slots=True)
class Mention:
    name: str  # the person (or company contact) as written; may be empty
    company: str  # empty for person customers
    title: tuple[str, str] | None  # contact's job title (Chinese, English)
    mobile: str
    landline: str
    email: str
    address: str
    city: City
    show_city: bool
    latin_name: bool  # name written in pinyin / English rather than hanzi


_IDENTIFIER_KINDS = ("mobile", "landline", "email")


def build_mention(customer: Customer, style: SourceStyle, rng: random.Random) -> Mention:
    holder, contact = _holder(customer, rng)
    name_only = rng.random() < style.name_only
    shown = {} if name_only else _shown_identifiers(customer, holder, style, rng)
    latin = rng.random() < style.pinyin_name
    # company records sometimes leave the contact person out
    name = "" if contact and rng.random() < 0.08 else _name_text(holder.name, latin, style, rng)
    company = _company_text(customer, style, rng) if isinstance(customer, Company) else ""
    address = (
        ""
        if name_only or rng.random() >= style.address
        else address_text(_address(customer, style, rng), rng)
    )
    if rng.random() < style.traditional:
        name, company, address = to_traditional(name), to_traditional(company), to_traditional(address)
    return Mention(
        name=name,
        company=company,
        title=contact.title if contact else None,
        mobile=_mobile_text(shown.get("mobile", ""), style, rng),
        landline=_landline_text(shown.get("landline", ""), contact, style, rng),
        email=_email_text(shown.get("email", ""), style, rng),
        address=address,
        city=customer.city,
        show_city=name_only or rng.random() < style.city,
        latin_name=latin,
    )


def _holder(customer: Customer, rng: random.Random) -> tuple[Person | Contact, Contact | None]:
    """The person whose name and phone the record shows, and the company
    contact if that person is one."""
    if isinstance(customer, Person):
        return customer, None
    # the first contact is the main one and shows up most often
    if len(customer.contacts) == 1 or rng.random() < 0.6:
        contact = customer.contacts[0]
    else:
        contact = rng.choice(customer.contacts[1:])
    return contact, contact


def _shown_identifiers(
    customer: Customer, holder: Person | Contact, style: SourceStyle, rng: random.Random
) -> dict[str, str]:
    """Canonical values of the identifiers the record carries: never none of
    them, and a stale mobile never alone (the record must stay matchable)."""
    available = {
        "mobile": holder.mobile,
        "landline": customer.landline if isinstance(customer, Person) else customer.switchboard,
        "email": holder.email,
    }
    probabilities = {"mobile": style.mobile, "landline": style.landline, "email": style.email}
    shown = {kind: value for kind, value in available.items() if value and rng.random() < probabilities[kind]}
    if not shown:
        kind = rng.choice([kind for kind in _IDENTIFIER_KINDS if available[kind]])
        shown[kind] = available[kind]
    if "mobile" in shown and holder.old_mobile and rng.random() < style.stale:
        others = [kind for kind in ("landline", "email") if available[kind]]
        if others:
            shown["mobile"] = holder.old_mobile
            kind = rng.choice(others)
            shown[kind] = available[kind]
    return shown


def _name_text(name: PersonName, latin: bool, style: SourceStyle, rng: random.Random) -> str:
    honorific = rng.random() < style.honorific
    if not latin:
        return hanzi_name(name, rng, honorific=honorific, typo=rng.random() < style.typo)
    return _latin_noise(pinyin_name(name, rng, honorific=honorific), style, rng)


def _company_text(company: Company, style: SourceStyle, rng: random.Random) -> str:
    if rng.random() < style.english_company:
        return _latin_noise(company_english(company, rng), style, rng)
    return company_chinese(company, rng)


def _latin_noise(text: str, style: SourceStyle, rng: random.Random) -> str:
    if rng.random() < style.typo:
        text = letter_typo(text, rng)
    if rng.random() < style.fullwidth:
        text = to_fullwidth(text)
    return text


def _mobile_text(number: str, style: SourceStyle, rng: random.Random) -> str:
    if not number:
        return ""
    text = style.phones.format_mobile(number, rng)
    return to_fullwidth(text) if rng.random() < style.fullwidth else text


def _landline_text(number: str, contact: Contact | None, style: SourceStyle, rng: random.Random) -> str:
    if not number:
        return ""
    return style.phones.format_landline(number, contact.extension if contact else "", rng)


def _email_text(address: str, style: SourceStyle, rng: random.Random) -> str:
    if not address:
        return ""
    return format_email(address, rng, noise=style.email_noise, uppercase=style.uppercase_email)


def _address(customer: Customer, style: SourceStyle, rng: random.Random) -> Address:
    if customer.old_address and rng.random() < style.stale:
        return customer.old_address
    return customer.address
