"""Golden records: one row per customer, each fact the value most of its records agree on.

A single record's slip (a mistyped mobile, a landline in the phone column, a name written in pinyin)
must not win because its source is the most trusted one: the customer's other records outvote it.
Trust and recency only break ties, and decide outright the fields that change over time."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import partial

import duckdb
import numpy as np
import pandas as pd
from pypinyin import lazy_pinyin

from pipelines.standardise.addresses import short_city_name
from pipelines.standardise.distinct import map_distinct
from pipelines.standardise.names import hanzi_name_syllables, latin_words
from pipelines.standardise.records import PHONE_SLOTS
from pipelines.standardise.text import has_han

# The golden record's fields, in the order they are published.
SURVIVING_FIELDS = (
    "person_name",
    "company_name",
    "company_branch",
    "phone",
    "email",
    "address",
    "city",
    "province",
    "district",
    "postcode",
    "id_number",
    "birthday",
    "status",
    "intent_grade",
    "owner",
)
# Facts that are the same in every record that is right: the value most records give wins.
# Field <- standardised column.
VOTED_FIELDS = {
    "company_branch": "company_branch",
    "id_number": "id_number_masked",
    "birthday": "birthday_std",
}
# States that change over time: the best-ranked record's word is the current one, where a vote
# would let older records outnumber it. The address is one (customers move); province, district
# and postcode come from the record whose address is taken, so that they describe that address.
ADDRESS_FIELDS = {
    "address": "address",
    "province": "address_province",
    "district": "address_district",
    "postcode": "postcode",
}
STATE_FIELDS = {"status": "status", "intent_grade": "intent_grade", "owner": "owner"}
LISTED_FIELDS = {
    "phones": [f"{slot}_e164" for slot in PHONE_SLOTS],
    "emails": ["email_std"],
    "departments": ["department"],
    "sources": ["source"],
}

PROVENANCE_COLUMNS = ["customer_id", "field", "value", "record_key", "source"]
CONTACT_COLUMNS = ["customer_id", "contact_name", "name_key", "phones", "emails", "sources", "record_count"]
# A record's position in `rank_records` order, best first: what breaks every tie.
RANK = "record_rank"
# The customer's number in that order: grouping on integers is faster than on text IDs.
CUSTOMER = "customer_number"
# A person's name: a full name over a partial one (张先生, 张经理), then one written in hanzi.
NAME_PREFERENCES = ("full_name", "in_hanzi")
# What a company's full name has beyond its trade name and city: a legal form, in either script.
_LEGAL_FORM = re.compile(r"公司|集团|\b(?:co|ltd|limited|inc|corp|corporation|llc|gmbh|plc)\b", re.IGNORECASE)
# What an email's local part has beside a name's letters: zhang.wei88 is zhangwei.
_NOT_LETTER = re.compile("[^a-z]")
# What a city written in Latin letters carries beside its pinyin: SUZHOU CITY, Suzhou Shi.
_NOT_CITY_PINYIN = re.compile(r"\b(?:city|shi)\b|[^a-z]")


def rank_records(records: pd.DataFrame, customer_ids: pd.Series) -> pd.DataFrame:
    """Each customer's records, best first: the most trusted source, then the most recently
    contacted record, then the record key (so that ties resolve the same way every run), numbered
    in that order (`record_rank`, and `customer_number` for their customers). A customer any of
    whose records names a company is a company customer."""
    company = (records["customer_type_std"] == "company").groupby(customer_ids.to_numpy()).transform("any")
    ranked = records.assign(customer_id=customer_ids.to_numpy(), company_customer=company.to_numpy())
    ranked = ranked.sort_values(
        ["customer_id", "trust", "last_contact_date_std", "record_key"],
        ascending=[True, False, False, True],
        na_position="last",
    ).reset_index(drop=True)
    return ranked.assign(**{RANK: np.arange(len(ranked)), CUSTOMER: pd.factorize(ranked["customer_id"])[0]})


def most_agreed(
    candidates: pd.DataFrame,
    value: str,
    by: Sequence[str] = (CUSTOMER,),
    prefer: Sequence[str] = (),
    then: Sequence[str] = (),
) -> pd.DataFrame:
    """Per group of `by` (a customer), the value most of its records agree on.

    `candidates` has a row per record (`record_rank`) and value (none missing), more than one where
    a record gives several (phone slots); a record counts once per distinct value. The columns of
    `prefer` (numbers or booleans) order the values before the count does (a mobile over a landline
    however many records give the landline), those of `then` after it, higher first, each value
    taking the best of its rows; the best-ranked record decides what is still tied. Returns a row
    per group: `by`, the value, its `prefer` and `then`, its `votes` and the `record_rank` of its
    best-ranked record, the record that gave it."""
    by, judged = list(by), [*prefer, *then]
    # A record is in one group: its rank and the value identify its vote. Floats, whose maximum
    # pandas takes in compiled code (preferences may come as objects).
    rows = candidates.drop_duplicates([value, RANK]).astype(dict.fromkeys(judged, float))
    values = rows.groupby([*by, value], sort=False)
    per_value = values[judged].max().assign(votes=values.size(), **{RANK: values[RANK].min()}).reset_index()
    criteria = [*prefer, "votes", *then]
    ordered = per_value.sort_values([*criteria, RANK], ascending=[False] * len(criteria) + [True])
    return ordered.drop_duplicates(by)


def golden_records(ranked: pd.DataFrame, survivors: pd.DataFrame) -> pd.DataFrame:
    """One row per customer of `rank_records`: each field as `surviving_values` gives it, and all
    the customer's phones, emails, departments and sources in the list columns."""
    firsts = _first_records(ranked)
    golden = pd.DataFrame({"customer_id": ranked["customer_id"].to_numpy()[firsts]})
    golden["customer_type"] = np.where(ranked["company_customer"].to_numpy()[firsts], "company", "person")
    customer_of = ranked[CUSTOMER].to_numpy()
    for field in SURVIVING_FIELDS:
        given = survivors[survivors["field"] == field]
        values = np.full(len(golden), None, dtype=object)
        values[customer_of[given[RANK].to_numpy()]] = given["value"].to_numpy()
        golden[field] = values
    golden.insert(2, "display_name", golden["company_name"].fillna(golden["person_name"]))
    lists = distinct_lists(ranked, LISTED_FIELDS, by=(CUSTOMER,))
    golden[list(LISTED_FIELDS)] = lists.to_numpy()
    golden["record_count"] = np.bincount(customer_of, minlength=len(golden))
    return golden


def field_provenance(ranked: pd.DataFrame, survivors: pd.DataFrame) -> pd.DataFrame:
    """Which record gave each golden field its value (`surviving_values`): one row per customer
    and filled field."""
    giver = survivors[RANK].to_numpy()
    # By customer, then field, on integer keys: sorting text is slow at a million rows.
    fields = pd.Categorical(survivors["field"], categories=sorted(SURVIVING_FIELDS))
    order = np.lexsort((fields.codes, ranked[CUSTOMER].to_numpy()[giver]))
    columns = {
        "customer_id": ranked["customer_id"].to_numpy()[giver],
        "field": survivors["field"].to_numpy(),
        "value": survivors["value"].astype(str).to_numpy(),
        "record_key": ranked["record_key"].to_numpy()[giver],
        "source": ranked["source"].to_numpy()[giver],
    }
    # Object columns as the records have: inferring a text type would copy every value.
    provenance = pd.DataFrame({column: values[order] for column, values in columns.items()}, dtype=object)
    return provenance[PROVENANCE_COLUMNS]


def surviving_values(ranked: pd.DataFrame) -> pd.DataFrame:
    """Every filled golden field of every customer, with the `record_rank` of the record that gave
    it: field, value, record_rank."""
    names = _person_names(ranked)
    chosen = {
        "person_name": names,
        "company_name": _company_names(ranked),
        "phone": _phones(ranked),
        "email": _emails(ranked, names),
        "city": _cities(ranked),
    }
    for field, column in VOTED_FIELDS.items():
        chosen[field] = most_agreed(_candidates(ranked, ranked[column]), "value")
    addresses = _best_ranked(ranked, "address")
    for field, column in ADDRESS_FIELDS.items():
        chosen[field] = addresses.assign(value=ranked[column].to_numpy()[addresses[RANK]])
    for field, column in STATE_FIELDS.items():
        best = _best_ranked(ranked, column)
        chosen[field] = best.assign(value=ranked[column].to_numpy()[best[RANK]])
    long = pd.concat(
        [rows[[RANK, "value"]].assign(field=field) for field, rows in chosen.items()], ignore_index=True
    )
    return long.dropna(subset=["value"]).reset_index(drop=True)[["field", "value", RANK]]


def _first_records(ranked: pd.DataFrame) -> np.ndarray:
    """The rank of each customer's first record, in customer number order."""
    return np.flatnonzero(np.diff(ranked[CUSTOMER].to_numpy(), prepend=-1))


def _candidates(ranked: pd.DataFrame, values: pd.Series, **judged) -> pd.DataFrame:
    """A candidate row per record that has one of `values` (a column of `ranked` or derived from
    one), with the columns `judged`."""
    frame = pd.DataFrame({CUSTOMER: ranked[CUSTOMER], RANK: ranked[RANK], "value": values})
    return frame.assign(**judged).dropna(subset=["value"])


def _best_ranked(ranked: pd.DataFrame, column: str) -> pd.DataFrame:
    """Each customer's best-ranked record that has `column`: customer_number, record_rank."""
    return ranked.loc[ranked[column].notna(), [CUSTOMER, RANK]].drop_duplicates(CUSTOMER)


def _of_chosen(candidates: pd.DataFrame, chosen: pd.DataFrame, key: str) -> pd.DataFrame:
    """The candidates that share their customer's chosen `key`: the forms in which the customer's
    records write the person, company or city the vote chose."""
    return candidates.merge(chosen[[CUSTOMER, key]], on=[CUSTOMER, key])


def _person_names(ranked: pd.DataFrame) -> pd.DataFrame:
    """The person most records name (张伟, 張偉 and Zhang Wei are one, by their pinyin key), then the
    way most of those records write them; full names and hanzi first at both steps, and between
    spellings as many records give, the one of commoner characters."""
    names = _name_candidates(ranked)
    people = most_agreed(names, "person", prefer=NAME_PREFERENCES)
    return most_agreed(
        _of_chosen(names, people, "person"), "value", prefer=NAME_PREFERENCES, then=["commonness"]
    )


def _name_candidates(ranked: pd.DataFrame) -> pd.DataFrame:
    """Each record's person name, with what the name vote weighs of it."""
    return _candidates(
        ranked,
        ranked["name_std"],
        name_key=ranked["name_key"],
        # A partial name has no key: it stands for itself.
        person=ranked["name_key"].fillna(ranked["name_std"]),
        full_name=ranked["name_form"].eq("full"),
        in_hanzi=_per_distinct(ranked["name_std"], has_han),
        commonness=_character_commonness(ranked["name_std"]),
    )


def _character_commonness(names: pd.Series) -> pd.Series:
    """Per record, how common its name's characters are among the run's names: the mean over the
    characters of the log of how many records' names have the character. A homophone slip (张伟
    typed 张玮) mostly writes a character fewer names have than the one meant."""
    records_per_name = names.value_counts()
    characters = pd.Series(records_per_name.index, index=records_per_name.index).map(list).explode()
    records_per_character = records_per_name.reindex(characters.index).groupby(characters.to_numpy()).sum()
    logs = np.log(records_per_character.reindex(characters.to_numpy()).to_numpy(dtype=float))
    return names.map(pd.Series(logs, index=characters.index).groupby(level=0).mean())


def _company_names(ranked: pd.DataFrame) -> pd.DataFrame:
    """The company most records name (by its key, hanzi first: an English name is a translation),
    then of its forms the most complete (with city and legal form: 北京市百瑞实业有限公司 over
    百瑞实业), most records first, then the one in the shape most of the run's names have."""
    company = ranked["company_std"]
    legal_form = _per_distinct(company, lambda name: bool(_LEGAL_FORM.search(name)))
    companies = _candidates(
        ranked,
        company,
        company=ranked["company_key"].fillna(company),
        in_hanzi=_per_distinct(company, has_han),
        complete=ranked["company_region"].notna() + legal_form,
        shape_count=_shape_counts(ranked),
    )
    # Completeness does not choose the company: a mistyped full name must not outvote the company
    # the other records name in short.
    chosen = most_agreed(companies, "company", prefer=["in_hanzi"])
    return most_agreed(
        _of_chosen(companies, chosen, "company"),
        "value",
        prefer=["in_hanzi", "complete"],
        then=["shape_count"],
    )


def _shape_counts(ranked: pd.DataFrame) -> pd.Series:
    """Per record, how many of the run's records write their company's name in its shape: the name
    with trade name, city and branch blanked (深圳市华星光电有限公司 -> ○市◇有限公司). Names are
    registered in one standard shape (city, trade name and line, legal form); the variants people
    write (深圳华星光电股份有限公司, 华星光电(深圳)有限公司) are each rarer. Not the longest form:
    variants add (集团), 股份 or 责任 as often as they drop anything."""
    parts = ["company_std", "company_key", "company_region", "company_branch"]
    distinct = ranked[parts].dropna(subset=["company_std"]).drop_duplicates("company_std")
    shapes = pd.Series(
        [_blanked(*names) for names in distinct.itertuples(index=False)],
        index=distinct["company_std"].to_numpy(),
    )
    shape = ranked["company_std"].map(shapes)
    return shape.map(shape.value_counts())


def _blanked(name: str, *parts: str | None) -> str:
    """`name` with each of `parts` (trade name, city, branch), where given, replaced by a sign."""
    for part, blank in zip(parts, "◇○△"):
        if isinstance(part, str):
            name = name.replace(part, blank, 1)
    return name


def _phones(ranked: pd.DataFrame) -> pd.DataFrame:
    """The mobile most records give, in any phone slot; a landline (or other line) only for a
    customer without a mobile."""
    slots = [
        _candidates(ranked, ranked[f"{slot}_e164"], mobile=ranked[f"{slot}_line_type"].eq("mobile"))
        for slot in PHONE_SLOTS
    ]
    return most_agreed(pd.concat(slots, ignore_index=True), "value", prefer=["mobile"])


def _emails(ranked: pd.DataFrame, names: pd.DataFrame) -> pd.DataFrame:
    """The address most records give; between equally many, one whose local part spells the chosen
    person's name in pinyin, in either order (zhang.wei88@, weizhang@ for 张伟), is likelier theirs
    than one mistyped or someone else's."""
    chosen_names = names[[CUSTOMER, "value"]].rename(columns={"value": "name"})
    emails = _candidates(ranked, ranked["email_std"]).merge(chosen_names, on=CUSTOMER, how="left")
    letters = _per_distinct(emails["value"], lambda email: _NOT_LETTER.sub("", email.partition("@")[0]))
    emails["theirs"] = letters.eq(
        _per_distinct(emails["name"], partial(_pinyin_spelling, surname_last=False))
    )
    emails["theirs"] |= letters.eq(
        _per_distinct(emails["name"], partial(_pinyin_spelling, surname_last=True))
    )
    return most_agreed(emails, "value", then=["theirs"])


def _pinyin_spelling(name: str, surname_last: bool) -> str | None:
    """The name in pinyin letters, as written or with the surname (or first word) moved last:
    张伟 -> zhangwei or weizhang, Wei Zhang -> weizhang or zhangwei."""
    surname, given = hanzi_name_syllables(name)
    words = ["".join(surname), *given] if surname else latin_words(name)
    if surname_last:
        words = words[1:] + words[:1]
    return "".join(words) or None


def _cities(ranked: pd.DataFrame) -> pd.DataFrame:
    """The city most records are in, each by its city column, else by its address (苏州 and Suzhou
    are one, by their pinyin); then the way the customer's records write it, hanzi first, the
    addresses' cities included: a city column's Suzhou (two cities spell so) is 苏州 when an
    address names 苏州市."""
    addressed = _per_distinct(ranked["address_city"], short_city_name)
    mentions = pd.concat(
        [_candidates(ranked, ranked["city_std"]), _candidates(ranked, addressed)], ignore_index=True
    )
    mentions["spelling"] = _per_distinct(mentions["value"], _city_pinyin)
    mentions["in_hanzi"] = _per_distinct(mentions["value"], has_han)
    # The record's own city: its city column's where it has one (those come first in `mentions`).
    record_cities = mentions.sort_values(RANK, kind="stable").drop_duplicates(RANK)
    chosen = most_agreed(record_cities, "spelling")
    return most_agreed(_of_chosen(mentions, chosen, "spelling"), "value", prefer=["in_hanzi"])


def _city_pinyin(city: str) -> str:
    """苏州 -> suzhou, SUZHOU CITY -> suzhou."""
    return "".join(lazy_pinyin(city)) if has_han(city) else _NOT_CITY_PINYIN.sub("", city.lower())


def _per_distinct(values: pd.Series, function: Callable[[str], object]) -> pd.Series:
    """`function` of each value (None where there is none), called once per distinct value: names,
    emails and cities repeat."""
    return map_distinct(values, lambda value: (function(value),), ["result"])["result"]


def distinct_values(
    ranked: pd.DataFrame, columns: list[str], by: tuple[str, ...] = ("customer_id",)
) -> pd.Series:
    """Per group of `by`, the distinct values of `columns`, sorted; [] for a group without any."""
    return distinct_lists(ranked, {"value": columns}, by)["value"]


def distinct_lists(
    ranked: pd.DataFrame, lists: dict[str, list[str]], by: Sequence[str] = ("customer_id",)
) -> pd.DataFrame:
    """Per group of `by` (in order of appearance), a column per entry of `lists`: the distinct
    values of its columns, sorted; [] for a group without any. DuckDB builds the lists in one pass
    in compiled code, where pandas would call Python once per group and list."""
    by = list(by)
    keys = ", ".join(map(_quoted, by))
    aggregates = ", ".join(
        f"list_sort(list_distinct(flatten(list([{', '.join(f'{_quoted(c)}::VARCHAR' for c in columns)}]))))"
        for columns in lists.values()
    )
    used = list(dict.fromkeys([*by, *(column for columns in lists.values() for column in columns)]))
    with duckdb.connect() as connection:
        connection.register("records", ranked[used])
        rows = connection.execute(f"SELECT {keys}, {aggregates} FROM records GROUP BY {keys}").fetchall()
    found = pd.DataFrame(rows, columns=[*by, *lists]).set_index(by)
    return found.reindex(ranked[by].drop_duplicates().set_index(by).index)


def _quoted(column: str) -> str:
    return f'"{column}"'


def contact_persons(ranked: pd.DataFrame) -> pd.DataFrame:
    """The people each company customer is reached through, one row each: its records grouped by
    the person's pinyin name key (张伟, 張偉 and Zhang Wei are one contact), the name as most of
    them write it (a full name and hanzi first), and every phone and email those records give. A
    partial name (张先生) is no contact of its own at a company with a full-named one: it likely
    is that person, and a surname with a title is no name to publish beside theirs."""
    is_contact = ranked["company_customer"] & ranked["name_key"].notna()
    named = ranked[is_contact]
    by = [CUSTOMER, "name_key"]
    # Candidates of the whole run, so that names' characters are as common as in golden_records.
    names = _name_candidates(ranked)
    names = names[is_contact[names.index]]
    chosen = most_agreed(names, "value", by, prefer=NAME_PREFERENCES, then=["commonness"])
    chosen = chosen[chosen["full_name"].eq(1) | chosen.groupby(CUSTOMER)["full_name"].transform("max").eq(0)]
    contacts = chosen.set_index(by).sort_index()[["value"]].rename(columns={"value": "contact_name"})
    contacts["record_count"] = named.groupby(by).size()
    listed = {field: LISTED_FIELDS[field] for field in ("phones", "emails", "sources")}
    contacts = contacts.join(distinct_lists(named, listed, by)).reset_index()
    contacts["customer_id"] = ranked["customer_id"].to_numpy()[_first_records(ranked)][contacts[CUSTOMER]]
    return contacts[CONTACT_COLUMNS]
