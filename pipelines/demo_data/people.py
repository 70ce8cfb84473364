"""The true customers (persons and companies), Hengtai staff, and the
hard-negative groups that make entity resolution difficult."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from .sampling import Weighted
from .vocabulary import (
    BRANCH_MARKERS,
    BRAND_CHARS,
    CITIES,
    ESTATES,
    EXCLUDED_BRANDS,
    FEMALE_ENGLISH_NAMES,
    FEMALE_GIVEN_CHARS,
    INDUSTRIAL_PARKS,
    INDUSTRIES,
    JOB_TITLES,
    LEGAL_FORMS,
    MALE_ENGLISH_NAMES,
    MALE_GIVEN_CHARS,
    MOBILE_PREFIXES,
    PERSONAL_EMAIL_PROVIDERS,
    STAFF_EMAIL_DOMAIN,
    STAFF_NAMES,
    STREETS,
    SURNAMES,
    City,
    Industry,
)

HARD_NEGATIVE_KINDS: tuple[str, ...] = ("same_name", "branch", "landline")
# Share of all true customers that belong to some hard-negative group.
HARD_NEGATIVE_SHARE = 0.04
MIN_GROUPS_PER_KIND = 3
GROUP_SIZES = (2, 2, 2, 3, 3)  # drawn uniformly: pairs are more common than triples


@dataclass(frozen=True, slots=True)
class PersonName:
    surname: str
    given: str
    surname_pinyin: str  # lower case, e.g. "ouyang"
    given_syllables: tuple[str, ...]  # lower case, e.g. ("jian", "guo")
    gender: str  # "m" or "f"
    english: str  # English given name, may be empty

    @property
    def hanzi(self) -> str:
        return self.surname + self.given

    @property
    def given_pinyin(self) -> str:
        return "".join(self.given_syllables)


@dataclass(frozen=True, slots=True)
class Address:
    province: str  # empty for municipalities
    city: str  # with the 市 suffix
    district: str
    street: str  # road and number
    detail: str  # building / room, may be empty


@dataclass(frozen=True, slots=True)
class Person:
    kind: ClassVar[str] = "person"
    customer_id: str
    name: PersonName
    mobile: str  # empty only for some family members
    old_mobile: str  # a number the person used before, empty if none
    landline: str  # "0755-12345678" or empty
    email: str
    city: City
    address: Address
    old_address: Address | None
    birthday: date | None
    hard_negative_group: str


@dataclass(frozen=True, slots=True)
class Contact:
    name: PersonName
    mobile: str
    old_mobile: str
    email: str
    title: tuple[str, str]  # (Chinese, English)
    extension: str  # extension behind the company switchboard, may be empty


@dataclass(frozen=True, slots=True)
class Branch:
    city: City
    marker: str  # 分公司 / 分厂 / 办事处
    marker_english: str


@dataclass(frozen=True, slots=True)
class Company:
    kind: ClassVar[str] = "company"
    customer_id: str
    home_city: City  # the city in the registered name
    brand: str
    brand_pinyin: str  # capitalised, e.g. "Huaxing"
    industry: Industry
    legal_form: str
    is_group: bool
    branch: Branch | None
    domain: str
    switchboard: str
    contacts: tuple[Contact, ...]
    address: Address
    old_address: Address | None
    hard_negative_group: str

    @property
    def city(self) -> City:
        return self.branch.city if self.branch else self.home_city


Customer = Person | Company


@dataclass(frozen=True, slots=True)
class Staff:
    name: str
    surname_pinyin: str
    given_pinyin: str
    email: str
    mobile: str
    extension: str

    @property
    def pinyin_name(self) -> str:
        return f"{self.given_pinyin.capitalize()} {self.surname_pinyin.capitalize()}"


@dataclass(frozen=True, slots=True)
class HardNegativeGroup:
    group_id: str
    kind: str
    size: int

    @property
    def is_company(self) -> bool:
        return self.kind == "branch"


@dataclass(frozen=True, slots=True)
class _CompanyIdentity:
    """What all branches of one company share."""

    home_city: City
    brand: str
    brand_pinyin: str
    industry: Industry
    legal_form: str
    is_group: bool
    domain: str


def _popularity_weights(count: int) -> list[float]:
    return [1.0 / (rank + 4) for rank in range(count)]


def plan_hard_negatives(n_customers: int, rng: random.Random) -> list[HardNegativeGroup]:
    """Decide how many groups of which size exist before the customers are built,
    so the record planner knows which customers are companies."""
    mean_size = sum(GROUP_SIZES) / len(GROUP_SIZES)
    wanted = n_customers * HARD_NEGATIVE_SHARE / len(HARD_NEGATIVE_KINDS) / mean_size
    per_kind = max(MIN_GROUPS_PER_KIND, round(wanted))
    return [
        HardNegativeGroup(f"HN-{kind}-{number:04d}", kind, rng.choice(GROUP_SIZES))
        for kind in HARD_NEGATIVE_KINDS
        for number in range(1, per_kind + 1)
    ]


class CustomerFactory:
    """Builds staff and customers while keeping every phone number, email
    address and company domain unique, so the only shared identifiers are the
    ones a hard-negative group shares on purpose."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._taken: set[str] = set()
        self._company_names: set[tuple[str, str, str]] = set()
        self._surnames = Weighted([s[:2] for s in SURNAMES], [s[2] for s in SURNAMES])
        self._male_chars = Weighted(MALE_GIVEN_CHARS, _popularity_weights(len(MALE_GIVEN_CHARS)))
        self._female_chars = Weighted(FEMALE_GIVEN_CHARS, _popularity_weights(len(FEMALE_GIVEN_CHARS)))
        self._cities = Weighted(CITIES, [c.weight for c in CITIES])
        self._email_providers = Weighted.of(PERSONAL_EMAIL_PROVIDERS)
        self._legal_forms = Weighted.of(LEGAL_FORMS)
        self._branch_markers = Weighted([m[:2] for m in BRANCH_MARKERS], [m[2] for m in BRANCH_MARKERS])
        self._contact_counts = Weighted((1, 2, 3), (50, 35, 15))

    # -- staff -----------------------------------------------------------------

    def staff(self) -> tuple[Staff, ...]:
        return tuple(
            Staff(
                name=hanzi,
                surname_pinyin=surname,
                given_pinyin=given,
                email=f"{surname}.{given}@{STAFF_EMAIL_DOMAIN}",
                mobile=self._mobile(),
                extension=str(800 + index),
            )
            for index, (hanzi, surname, given) in enumerate(STAFF_NAMES)
        )

    # -- customers -------------------------------------------------------------

    def customers(
        self,
        customer_ids: Sequence[str],
        is_company: Sequence[bool],
        needs_email: Sequence[bool],
        groups: Sequence[HardNegativeGroup],
    ) -> list[Customer]:
        """Build one customer per id; the first ``sum(group sizes)`` ids are the
        hard-negative groups, in ``groups`` order."""
        customers: list[Customer] = []
        for group in groups:
            start = len(customers)
            ids = customer_ids[start : start + group.size]
            emails = needs_email[start : start + group.size]
            customers.extend(self._group(group, ids, emails))
        for index in range(len(customers), len(customer_ids)):
            if is_company[index]:
                customers.append(self._company(customer_ids[index], self._company_identity(), None, ""))
            else:
                customers.append(self._person(customer_ids[index], bool(needs_email[index])))
        return customers

    def _group(
        self, group: HardNegativeGroup, ids: Sequence[str], needs_email: Sequence[bool]
    ) -> list[Customer]:
        if group.kind == "same_name":
            return self._same_name_group(group.group_id, ids, needs_email)
        if group.kind == "branch":
            return self._branch_group(group.group_id, ids)
        return self._family_group(group.group_id, ids, needs_email)

    def _same_name_group(
        self, group_id: str, ids: Sequence[str], needs_email: Sequence[bool]
    ) -> list[Customer]:
        name = self._person_name()
        cities = self._rng.sample(CITIES, len(ids))
        # the English name is personal, the Chinese name is what they share
        return [
            self._person(
                customer_id,
                bool(email),
                city=city,
                group=group_id,
                name=dataclasses.replace(name, english=self._english_name(name.gender)),
            )
            for customer_id, email, city in zip(ids, needs_email, cities)
        ]

    def _family_group(self, group_id: str, ids: Sequence[str], needs_email: Sequence[bool]) -> list[Customer]:
        surname = self._surnames.pick(self._rng)
        city = self._cities.pick(self._rng)
        home = self._home_address(city)
        landline = self._landline(city)
        given_names: set[str] = set()
        members: list[Customer] = []
        for customer_id, email in zip(ids, needs_email):
            name = self._person_name(surname)
            while name.given in given_names:
                name = self._person_name(surname)
            given_names.add(name.given)
            members.append(
                self._person(
                    customer_id,
                    bool(email),
                    name=name,
                    city=city,
                    address=home,
                    landline=landline,
                    has_mobile=self._rng.random() < 0.6,
                    group=group_id,
                )
            )
        return members

    def _branch_group(self, group_id: str, ids: Sequence[str]) -> list[Customer]:
        identity = self._company_identity()
        cities = self._rng.sample([c for c in CITIES if c != identity.home_city], len(ids))
        members: list[Customer] = []
        for customer_id, city in zip(ids, cities):
            marker, marker_english = self._branch_markers.pick(self._rng)
            members.append(
                self._company(customer_id, identity, Branch(city, marker, marker_english), group_id)
            )
        return members

    # -- persons ---------------------------------------------------------------

    def _person(
        self,
        customer_id: str,
        needs_email: bool,
        *,
        name: PersonName | None = None,
        city: City | None = None,
        address: Address | None = None,
        landline: str | None = None,
        has_mobile: bool = True,
        group: str = "",
    ) -> Person:
        rng = self._rng
        name = name or self._person_name()
        city = city or self._cities.pick(self._rng)
        birthday = (
            date(rng.randint(1955, 2002), rng.randint(1, 12), rng.randint(1, 28))
            if rng.random() < 0.4
            else None
        )
        if landline is None:
            landline = self._landline(city) if rng.random() < 0.25 else ""
        return Person(
            customer_id=customer_id,
            name=name,
            mobile=self._mobile() if has_mobile else "",
            old_mobile=self._mobile() if rng.random() < 0.2 else "",
            landline=landline,
            email=self._personal_email(name, birthday) if needs_email or rng.random() < 0.5 else "",
            city=city,
            address=address or self._home_address(city),
            old_address=self._home_address(city) if rng.random() < 0.35 else None,
            birthday=birthday,
            hard_negative_group=group,
        )

    def _person_name(self, surname: tuple[str, str] | None = None) -> PersonName:
        rng = self._rng
        surname_hanzi, surname_pinyin = surname or self._surnames.pick(self._rng)
        gender = "m" if rng.random() < 0.55 else "f"
        pool = self._male_chars if gender == "m" else self._female_chars
        chars = [pool.pick(rng) for _ in range(1 if rng.random() < 0.4 else 2)]
        return PersonName(
            surname=surname_hanzi,
            given="".join(c for c, _ in chars),
            surname_pinyin=surname_pinyin,
            given_syllables=tuple(p for _, p in chars),
            gender=gender,
            english=self._english_name(gender),
        )

    def _english_name(self, gender: str) -> str:
        if self._rng.random() >= 0.15:
            return ""
        return self._rng.choice(MALE_ENGLISH_NAMES if gender == "m" else FEMALE_ENGLISH_NAMES)

    def _personal_email(self, name: PersonName, birthday: date | None) -> str:
        rng = self._rng
        provider = self._email_providers.pick(self._rng)
        if provider == "qq.com" and rng.random() < 0.6:
            return self._unique_email(str(rng.randint(10**5, 3 * 10**9)), provider)
        surname, given = name.surname_pinyin, name.given_pinyin
        initials = "".join(s[0] for s in name.given_syllables)
        options = [
            surname + given,
            f"{surname}.{given}",
            f"{given}.{surname}",
            f"{surname}_{given}",
            surname + initials,
            initials + surname,
        ]
        if name.english:
            options.append(name.english.lower() + surname)
        local = rng.choice(options)
        if rng.random() < 0.35:
            local += str(birthday.year) if birthday else str(rng.randint(1, 999))
        return self._unique_email(local, provider)

    # -- companies -------------------------------------------------------------

    def _company_identity(self) -> _CompanyIdentity:
        rng = self._rng
        while True:
            home_city = self._cities.pick(self._rng)
            (first, first_pinyin), (second, second_pinyin) = rng.sample(BRAND_CHARS, 2)
            industry = rng.choice(INDUSTRIES)
            key = (home_city.name, first + second, industry.chinese)
            if key[1] not in EXCLUDED_BRANDS and key not in self._company_names:
                break
        self._company_names.add(key)
        brand_pinyin = (first_pinyin + second_pinyin).capitalize()
        return _CompanyIdentity(
            home_city=home_city,
            brand=first + second,
            brand_pinyin=brand_pinyin,
            industry=industry,
            legal_form=self._legal_forms.pick(self._rng),
            is_group=rng.random() < 0.08,
            domain=self._company_domain(brand_pinyin.lower(), industry, home_city),
        )

    def _company(
        self, customer_id: str, identity: _CompanyIdentity, branch: Branch | None, group: str
    ) -> Company:
        city = branch.city if branch else identity.home_city
        contacts = tuple(self._contact(identity.domain) for _ in range(self._contact_counts.pick(self._rng)))
        return Company(
            customer_id=customer_id,
            home_city=identity.home_city,
            brand=identity.brand,
            brand_pinyin=identity.brand_pinyin,
            industry=identity.industry,
            legal_form=identity.legal_form,
            is_group=identity.is_group,
            branch=branch,
            domain=identity.domain,
            switchboard=self._landline(city),
            contacts=contacts,
            address=self._company_address(city, identity.brand),
            old_address=self._company_address(city, identity.brand) if self._rng.random() < 0.35 else None,
            hard_negative_group=group,
        )

    def _contact(self, domain: str) -> Contact:
        rng = self._rng
        name = self._person_name()
        surname, given = name.surname_pinyin, name.given_pinyin
        initials = "".join(s[0] for s in name.given_syllables)
        options = [
            surname + given,
            f"{surname}.{given}",
            f"{given}.{surname}",
            surname[0] + initials,
            surname + initials,
        ]
        if name.english:
            options += [name.english.lower(), f"{name.english.lower()}.{surname}"]
        return Contact(
            name=name,
            mobile=self._mobile(),
            old_mobile=self._mobile() if rng.random() < 0.1 else "",
            email=self._unique_email(rng.choice(options), domain),
            title=rng.choice(JOB_TITLES),
            extension=str(rng.randint(10, 899)) if rng.random() < 0.4 else "",
        )

    def _company_domain(self, brand: str, industry: Industry, city: City) -> str:
        city_pinyin = city.pinyin.lower().replace("'", "")
        for candidate in (
            f"{brand}.com",
            f"{brand}.com.cn",
            f"{brand}{industry.domain_hint}.com",
            f"{brand}-{industry.domain_hint}.com",
            f"{city_pinyin}{brand}.com",
            f"{brand}{industry.domain_hint}.com.cn",
        ):
            if candidate not in self._taken:
                self._taken.add(candidate)
                return candidate
        return self._unique(lambda: f"{brand}{industry.domain_hint}{self._rng.randint(1, 9999)}.com")

    # -- identifiers and addresses ---------------------------------------------

    def _mobile(self) -> str:
        return self._unique(lambda: f"{self._rng.choice(MOBILE_PREFIXES)}{self._rng.randrange(10**8):08d}")

    def _landline(self, city: City) -> str:
        return self._unique(
            lambda: f"{city.area_code}-{self._rng.randint(2, 8)}{self._rng.randrange(10**7):07d}"
        )

    def _unique_email(self, local: str, domain: str) -> str:
        address = f"{local}@{domain}"
        if address not in self._taken:
            self._taken.add(address)
            return address
        return self._unique(lambda: f"{local}{self._rng.randint(1, 9999)}@{domain}")

    def _unique(self, draw: Callable[[], str]) -> str:
        value = draw()
        while value in self._taken:
            value = draw()
        self._taken.add(value)
        return value

    def _home_address(self, city: City) -> Address:
        rng = self._rng
        building, room = rng.randint(1, 30), f"{rng.randint(1, 32)}{rng.randint(1, 4):02d}"
        detail = rng.choice(
            (
                f"{rng.choice(ESTATES)}{building}栋{room}室",
                f"{rng.choice(ESTATES)}{building}栋{rng.randint(1, 4)}单元{room}室",
                "",
            )
        )
        return self._address(city, detail)

    def _company_address(self, city: City, brand: str) -> Address:
        rng = self._rng
        detail = rng.choice(
            (
                f"{brand}大厦{rng.randint(2, 28)}楼",
                f"{rng.choice(INDUSTRIAL_PARKS)}工业园{rng.choice('ABCDEF')}栋",
                f"{rng.randint(1, 12)}号厂房",
                "",
            )
        )
        return self._address(city, detail)

    def _address(self, city: City, detail: str) -> Address:
        rng = self._rng
        return Address(
            province=city.province,
            city=city.full_name,
            district=rng.choice(city.districts),
            street=f"{rng.choice(STREETS)}{rng.randint(1, 999)}号",
            detail=detail,
        )
