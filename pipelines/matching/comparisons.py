"""The comparison library: small, named comparisons of a record pair, each grading every candidate
pair into one of its levels, column-wise.

As in Splink, a comparison is a list of levels from the strongest agreement down; level 0 is
always `null` (one side does not say), which weighs nothing either way. A comparison's grade
function names the level each pair lands at; the level's number is its place in the list. Each
level carries the
default m (how often a true match lands there) and u (how often two unrelated records do) the
model starts from and keeps when a run has too little data to estimate its own (`model.py`).
Some levels are weighed by how common the agreeing value is (term frequency): 王伟 agreeing is
weaker evidence than 毛娟桂 agreeing, qq.com weaker than huaxing.com.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler, Levenshtein

from pipelines.standardise.addresses import city_of_pinyin, leading_city_length
from pipelines.standardise.distinct import map_distinct
from pipelines.standardise.names import hanzi_name_syllables, is_surname_pinyin, latin_words
from pipelines.standardise.records import PHONE_SLOTS
from pipelines.standardise.text import has_han

NULL = "null"


@dataclass(frozen=True)
class Level:
    name: str
    m: float
    u: float
    term_frequency: str | None = None  # the prepared column whose agreeing value's count gives u (model.py)
    # Two records at this level share an identifier's value (an email, a mobile): every such pair
    # is a candidate pair, so u is counted among them, not sampled (model.py).
    shared_identifier: bool = False


# What a comparison makes of each pair: (level name, which pairs) from the first condition that
# holds down, and the level of the pairs none holds for.
Grading = tuple[list[tuple[str, np.ndarray]], str]


@dataclass(frozen=True)
class Comparison:
    name: str
    levels: tuple[Level, ...]  # after the implicit `null` level 0
    grade: Callable[[pd.DataFrame, pd.DataFrame], Grading]
    given_by: str  # the prepared column without which a record says nothing here

    @property
    def level_names(self) -> tuple[str, ...]:
        return (NULL, *(level.name for level in self.levels))

    def level(self, name: str) -> int:
        return self.level_names.index(name)

    def level_numbers(self, left: pd.DataFrame, right: pd.DataFrame) -> np.ndarray:
        """The level number of each pair of rows of `left` and `right`, 0 for null."""
        conditions, otherwise = self.grade(left, right)
        return np.select(
            [holds for _, holds in conditions],
            [self.level(level) for level, _ in conditions],
            default=self.level(otherwise),
        ).astype("int8")


# --- the prepared columns the comparisons read --------------------------------------------------


def prepare_records(records: pd.DataFrame) -> pd.DataFrame:
    """The columns comparisons and blocking share: a full pinyin name (a bare surname says nothing
    about which Wang), the hanzi name and its pinyin in order, the name's words as a business card
    writes them (in order and reversed) and the words that may be its surname, the email domain, a
    located address and its street number, the branch's city and the company's place. Text columns are categorical:
    pairs of records are then compared by their integer codes, not string by string."""
    name_key = records["name_key"].where(records["name_key"].fillna("").str.contains(" "))
    in_hanzi = _in_hanzi(records["name_std"])
    hanzi_name = records["name_std"].where(in_hanzi & name_key.notna())
    # Which word is the surname is known in hanzi; in Latin script it is the first or the last.
    words = pd.concat(
        [
            map_distinct(hanzi_name, _hanzi_name_words, NAME_WORDS),
            # A one-word name too ("Elliot", a surname column left empty): its word is compared.
            map_distinct(
                records["name_std"].where(~in_hanzi & records["name_key"].notna()),
                _latin_name_words,
                NAME_WORDS,
            ),
        ],
        axis=1,
        keys=["hanzi", "latin"],
    )
    words = words["hanzi"].fillna(words["latin"])
    # An address by its parts, in either script: the street and house number, and the unit within
    # (山东省青岛市市南区香港中路10号 and 市南区香港中路10号 are one address; 27 Sprigg Pl and
    # 27 sprigg place too). Spaces go: an apostrophe dropped is written either way.
    street = (records["address_street"] + "|" + records["address_number"]).str.replace(" ", "", regex=False)
    address = street + "|" + records["address_unit"].fillna("").str.replace(" ", "", regex=False)
    phones = {f"{slot}_e164": records[f"{slot}_e164"] for slot in PHONE_SLOTS}
    texts = pd.DataFrame(
        {
            "full_name_key": name_key,
            # The surname of a partial name (王先生, 张经理, Mr. Wang) or a full one, in pinyin.
            "surname_key": records["name_surname_key"],
            "any_name": name_key.fillna(records["name_surname_key"]),
            "hanzi_name": hanzi_name,
            "hanzi_pinyin": words["hanzi_pinyin"],
            "name_words": words["name_words"],
            "name_words_reversed": words["name_words_reversed"],
            "email": records["email_std"],
            "email_domain": map_distinct(
                records["email_std"], lambda email: (email.partition("@")[2] or None,), ["domain"]
            )["domain"],
            "company_key": records["company_key"],
            "company_brand": records["company_brand"],
            "company_industry": records["company_industry"],
            "company_region": records["company_region"],
            # Where the company is: the city its name carries, else the record's.
            "company_place": records["company_region"].fillna(records["city_key"]),
            "company_branch_city": map_distinct(
                records["company_branch"], lambda branch: (_branch_city(branch),), ["city"]
            )["city"],
            "city": records["city_key"],
            "address": address,
            # Places in Latin script as written, for the comparisons that forgive a typo there.
            "latin_address": _in_latin(records["address_std"]),
            "latin_city": _in_latin(records["city_key"]),
            "street": street,
            "address_district": records["address_district"],
            "postcode": records["postcode"],
            "id_number": records["id_number_key"],
            "id_number_type": records["id_number_type"],
            "id_number_typo_keys": records["id_number_typo_keys"],
            "birthday": records["birthday_std"].astype("string"),
        },
        index=records.index,
    )
    # One set of categories for every phone slot, so that any slot compares with any other; the
    # same for a name's first and last word.
    phone_numbers = pd.unique(pd.concat(phones.values()).dropna())
    surnames = pd.unique(pd.concat([words["surname_first"], words["surname_last"]]).dropna())
    # A name's first and last word as written (a hanzi name's surname and given name in pinyin);
    # a name of one word has it as both. One set of categories, so that either compares with either.
    split_words = words["name_words"].str.split(" ")
    end_words = {"name_first_word": split_words.str[0], "name_last_word": split_words.str[-1]}
    name_words = pd.unique(pd.concat(end_words.values()).dropna())
    return pd.concat(
        [
            texts.astype("category"),
            pd.DataFrame(
                {slot: pd.Categorical(numbers, categories=phone_numbers) for slot, numbers in phones.items()},
                index=records.index,
            ),
            pd.DataFrame(
                {
                    **{
                        end: pd.Categorical(words[end], categories=surnames)
                        for end in ("surname_first", "surname_last")
                    },
                    **{
                        end: pd.Categorical(values, categories=name_words)
                        for end, values in end_words.items()
                    },
                },
                index=records.index,
            ),
            pd.DataFrame(
                {
                    "any_phone": pd.Categorical(
                        records[list(phones)].bfill(axis=1).iloc[:, 0], categories=phone_numbers
                    ),
                    # A number whose check character passed: two such that differ are two holders.
                    "id_number_checked": records["id_number_valid"].fillna(False).astype(bool)
                    & records["id_number_key"].notna(),
                    "company_in_hanzi": _in_hanzi(records["company_key"]),
                    **{f"{slot}_mobile": records[f"{slot}_line_type"] == "mobile" for slot in PHONE_SLOTS},
                },
                index=records.index,
            ),
        ],
        axis=1,
    )


# A hanzi name's pinyin in order; a name's words in order and reversed, and the words that may
# be its surname.
NAME_WORDS = ["hanzi_pinyin", "name_words", "name_words_reversed", "surname_first", "surname_last"]


def _hanzi_name_words(name: str) -> tuple[str, str, str, str, str]:
    """黄彬勇: "huang bin yong"; as a business card writes it, "huang binyong", surname huang."""
    surname, given = hanzi_name_syllables(name)
    surname_word, given_word = "".join(surname), "".join(given)
    return (
        " ".join(surname + given),
        f"{surname_word} {given_word}".strip(),
        f"{given_word} {surname_word}".strip(),
        surname_word,
        surname_word,
    )


def _latin_name_words(name: str) -> tuple[None, str | None, str | None, str | None, str | None]:
    """The words of "Eric Li"; as possible surnames, its first and last word where they can be one
    in pinyin ("li", not "eric")."""
    words = latin_words(name)
    if not words:
        return None, None, None, None, None
    first, last = (word if is_surname_pinyin(word) else None for word in (words[0], words[-1]))
    return None, " ".join(words), " ".join(reversed(words)), first, last


def _in_hanzi(values: pd.Series) -> pd.Series:
    """Whether each value holds hanzi (False where missing); each distinct value judged once."""
    return (
        map_distinct(values, lambda value: (has_han(value),), ["hanzi"])["hanzi"].fillna(False).astype(bool)
    )


def _in_latin(values: pd.Series) -> pd.Series:
    """The values with no hanzi, None for the others."""
    return values.where(~_in_hanzi(values))


def text_values(column: pd.Series) -> np.ndarray:
    """A categorical column's values as an object array, "" where missing."""
    return np.append(column.cat.categories.to_numpy(dtype=object), "")[column.cat.codes.to_numpy()]


def pair_scores(left: pd.Series, right: pd.Series, scorer, rows: np.ndarray | None = None) -> np.ndarray:
    """rapidfuzz's `scorer` of each pair's two values of categorical columns ("" where missing),
    for the pairs at `rows` (all by default), in compiled code."""
    lvalues, rvalues = text_values(left), text_values(right)
    if rows is not None:
        lvalues, rvalues = lvalues[rows], rvalues[rows]
    return process.cpdist(lvalues.tolist(), rvalues.tolist(), scorer=scorer, workers=-1)


def _branch_city(branch: str) -> str:
    """常州分公司 and changzhou branch are one branch: its city, where one can be read."""
    if has_han(branch):
        length = leading_city_length(branch)
        return branch[:length] if length else branch
    return city_of_pinyin(branch.split()[0]) or branch


# --- the comparisons ----------------------------------------------------------------------------

# Similarity (0-100) from which two Latin-script names are one name with a typo (zhang xiafang / zhang xiafan).
NAME_SIMILAR_MIN = 88
# token_set_ratio at which one name holds the other ("David Zhang Wei" and 张伟).
NAME_CONTAINED_MIN = 100
# Jaro-Winkler similarity from which both words of two Latin names are alike (iilWam / William,
# Btxae / Baxter in the worse pair), and from which one word agrees with a word of the other.
NAME_ALIKE_MIN = 0.7
NAME_WORD_AGREES_MIN = 0.92


def _grade_name(left: pd.DataFrame, right: pd.DataFrame) -> Grading:
    """Two names in hanzi are one name only in the same characters or, for a typo, the same
    sounds in the same order: 周斌洁 and 周斌杰 may be one person, 李瑶丽 and 李丽瑶 or 王建国 and
    王建华 are not. Pinyin and English spellings are compared as text, in either word order
    ("Binyon Huang" is 黄彬勇 with a letter missing), and the same surname beside an English given
    name ("Eric Li" and 李辉) is told from a name that differs."""
    lkey, rkey = left["full_name_key"], right["full_name_key"]
    both = (lkey.notna() & rkey.notna()).to_numpy()
    # A partial name (王先生) says only the surname: the same one, or another.
    partial = ~both & (left["surname_key"].notna() & right["surname_key"].notna()).to_numpy()
    own_names = partial & ~_at_companies(left, right)
    same_surname_key = _same(left["surname_key"], right["surname_key"])
    both_hanzi = (left["hanzi_name"].notna() & right["hanzi_name"].notna()).to_numpy()
    lkeys, rkeys = list(text_values(lkey)), list(text_values(rkey))
    similar = process.cpdist(lkeys, rkeys, scorer=fuzz.token_sort_ratio, workers=-1) >= NAME_SIMILAR_MIN
    # Word order and letters are read only where a Latin name is not already alike in its key.
    unsure = np.flatnonzero(both & ~both_hanzi & ~similar)
    lwords = text_values(left["name_words"])[unsure].tolist()
    similar[unsure] = np.logical_or.reduce(
        [
            process.cpdist(lwords, text_values(right[column])[unsure].tolist(), scorer=fuzz.ratio, workers=-1)
            >= NAME_SIMILAR_MIN
            for column in ("name_words", "name_words_reversed")
        ]
    )
    contained = process.cpdist(lkeys, rkeys, scorer=fuzz.token_set_ratio, workers=-1) >= NAME_CONTAINED_MIN
    # A name of one word ("Elliot", "Taylor") beside another name, in Latin script: only words to compare.
    one_word = [
        frame["name_first_word"].notna().to_numpy() & frame["full_name_key"].isna().to_numpy()
        for frame in (left, right)
    ]
    worded = (left["name_first_word"].notna() & right["name_first_word"].notna()).to_numpy()
    single = worded & ~both_hanzi & (one_word[0] | one_word[1])
    aligned, closest = _word_similarities(left, right)
    same_surname = np.logical_or.reduce(
        [
            _same(left[lside], right[rside])
            for lside in ("surname_first", "surname_last")
            for rside in ("surname_first", "surname_last")
        ]
    )
    return [
        (NULL, ~both & ~partial & ~single),
        ("same_surname_only", own_names & same_surname_key),
        ("other_surname", own_names),
        ("same_hanzi", _same(left["hanzi_name"], right["hanzi_name"])),
        ("same_pinyin", ~both_hanzi & _same(lkey, rkey)),
        ("same_sounds", _same(left["hanzi_pinyin"], right["hanzi_pinyin"])),
        ("similar", both & ~both_hanzi & similar),
        ("contained", both & ~both_hanzi & contained),
        ("other_contact_at_company", _at_companies(left, right)),
        # Before alike: pinyin given names are short and look alike (wei, wen) without being one.
        ("same_surname", ~both_hanzi & same_surname),
        ("alike", both & ~both_hanzi & (aligned >= NAME_ALIKE_MIN)),
        ("different_characters", both_hanzi),
        ("other_surname_in_pinyin", both & _gives_surname(left) & _gives_surname(right)),
        ("one_word_agrees", ~both_hanzi & (closest >= NAME_WORD_AGREES_MIN)),
    ], "different"


def _word_similarities(left: pd.DataFrame, right: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Jaro-Winkler similarity of two names' first and last words: the worse of the two word
    pairs in the better order (first with first and last with last, or crossed, as a surname may
    be written first), and the best of any word with any word."""
    ends = ("name_first_word", "name_last_word")
    similarity = {
        (lend, rend): pair_scores(left[lend], right[rend], JaroWinkler.normalized_similarity)
        for lend in ends
        for rend in ends
    }
    first, last = ends
    in_order = np.minimum(similarity[first, first], similarity[last, last])
    crossed = np.minimum(similarity[first, last], similarity[last, first])
    return np.maximum(in_order, crossed), np.maximum.reduce(list(similarity.values()))


def _gives_surname(frame: pd.DataFrame) -> np.ndarray:
    """A name with a word that can be a surname in pinyin (or a hanzi name, whose surname is known)."""
    return (frame["surname_first"].notna() | frame["surname_last"].notna()).to_numpy()


# Name levels of one person's name, in any script, or a typo of it.
ONE_PERSONS_NAMES = ("same_hanzi", "same_pinyin", "same_sounds", "similar")
# Name levels sure to be two people: names in hanzi, whose characters are what they are,
# and names of two Chinese surnames, which are kept for life (David Wang and David Li). A Latin
# spelling unlike the other may be a typo, a surname taken at marriage or an English given name
# beside a hanzi one: evidence to weigh, not a conflict.
SURELY_DIFFERENT_NAMES = ("different_characters", "other_surname_in_pinyin", "other_surname")

NAME = Comparison(
    "name",
    (
        Level("same_hanzi", 0.55, 1e-4, term_frequency="hanzi_name"),
        # One side in pinyin or English, the other in any script.
        Level("same_pinyin", 0.25, 1e-4, term_frequency="full_name_key"),
        # Both in hanzi, other characters that sound alike in the same order: a typo, or two
        # people of one family (刘杰 and 刘洁).
        Level("same_sounds", 0.03, 1e-4),
        Level("similar", 0.08, 1e-3),
        Level("contained", 0.04, 1e-3),
        # Both words of Latin names alike, neither the same: typos a letter ratio does not forgive.
        Level("alike", 0.04, 2e-3),
        # Records of a company name whichever contact wrote or answered: other names are expected.
        Level("other_contact_at_company", 0.05, 0.01),
        # A name in Latin script (one side or both) with the same surname and another given name,
        # most often an English one: "Eric Li" on a business card is 李辉. Not a different name to
        # the "different names" veto; at a shared home, another person all the same.
        Level("same_surname", 0.03, 0.01),
        # One name partial (王先生, 李工): its surname agrees, weighed by how common it is, or not.
        Level("same_surname_only", 0.1, 0.02, term_frequency="surname_key"),
        Level("other_surname", 0.01, 0.9),
        Level("different_characters", 0.01, 0.9),
        # Both names (one may be in hanzi) give a Chinese surname, and no surname agrees.
        Level("other_surname_in_pinyin", 0.01, 0.9),
        # One word of a Latin name agrees with a word of the other, the rest does not (a name of
        # one word, a surname taken at marriage): weighed by nothing more than that.
        Level("one_word_agrees", 0.04, 0.02),
        # A pinyin or English name unlike the other: "Vincent Wang" on a business card is 王凯磊.
        Level("different", 0.03, 0.09),
    ),
    _grade_name,
    given_by="any_name",
)


def _grade_email(left: pd.DataFrame, right: pd.DataFrame) -> Grading:
    both = (left["email"].notna() & right["email"].notna()).to_numpy()
    return [
        (NULL, ~both),
        ("same", _same(left["email"], right["email"])),
        ("same_domain", _same(left["email_domain"], right["email_domain"])),
    ], "different"


EMAIL = Comparison(
    "email",
    (
        Level("same", 0.7, 1e-7, shared_identifier=True),
        Level("same_domain", 0.2, 0.05, term_frequency="email_domain"),
        Level("different", 0.1, 0.95),
    ),
    _grade_email,
    given_by="email",
)


def _grade_phone(left: pd.DataFrame, right: pd.DataFrame) -> Grading:
    has_phone = [frame["any_phone"].notna().to_numpy() for frame in (left, right)]
    mobile, landline = np.zeros(len(left), dtype=bool), np.zeros(len(left), dtype=bool)
    for lslot in PHONE_SLOTS:
        shared = [_same(left[f"{lslot}_e164"], right[f"{rslot}_e164"]) for rslot in PHONE_SLOTS]
        either = np.logical_or.reduce(shared)
        is_mobile = left[f"{lslot}_mobile"].to_numpy(dtype=bool)
        mobile |= either & is_mobile
        landline |= either & ~is_mobile
    has_mobile = [
        np.logical_or.reduce([frame[f"{slot}_mobile"].to_numpy(dtype=bool) for slot in PHONE_SLOTS])
        for frame in (left, right)
    ]
    return [
        (NULL, ~(has_phone[0] & has_phone[1])),
        ("same_mobile", mobile),
        ("same_landline", landline),
        ("other_contact_at_company", _at_companies(left, right)),
        ("mobile_mistyped", _mobiles_one_typo_apart(left, right, has_mobile[0] & has_mobile[1])),
        ("different_mobiles", has_mobile[0] & has_mobile[1]),
    ], "different"


def _mobiles_one_typo_apart(left: pd.DataFrame, right: pd.DataFrame, candidates: np.ndarray) -> np.ndarray:
    """Pairs (among `candidates`) with a mobile on each side one digit changed, added, dropped or
    two neighbours swapped apart: one number mistyped, not a second mobile."""
    rows = np.flatnonzero(candidates)
    found = np.zeros(len(left), dtype=bool)
    # Every slot has the same categories (prepare_records).
    numbers = left[f"{PHONE_SLOTS[0]}_e164"].cat.categories
    for lslot in PHONE_SLOTS:
        for rslot in PHONE_SLOTS:
            both_mobile = (
                left[f"{lslot}_mobile"].to_numpy(dtype=bool) & right[f"{rslot}_mobile"].to_numpy(dtype=bool)
            )[rows]
            pairs = rows[both_mobile]
            one_edit = one_edit_apart(
                numbers,
                left[f"{lslot}_e164"].cat.codes.to_numpy()[pairs],
                right[f"{rslot}_e164"].cat.codes.to_numpy()[pairs],
            )
            found[pairs[one_edit]] = True
    return found


def one_edit_apart(values: pd.Index, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Whether the ASCII `values` at codes `left` and `right` are one edit apart (optimal string
    alignment distance 1: a character changed, added, dropped, or two neighbours swapped), for
    millions of pairs at once: rapidfuzz compares one pair per call, which at this count costs
    seconds; here the values are rows of a byte matrix compared column by column."""
    used, codes = np.unique(np.concatenate([left, right]), return_inverse=True)
    texts = values.to_numpy(dtype=object)[used].astype("S")
    width = texts.dtype.itemsize + 1  # one padding column: a dropped last character aligns with it
    matrix = np.zeros((len(texts), width), dtype=np.uint8)
    matrix[:, : width - 1] = texts.view(np.uint8).reshape(len(texts), width - 1)
    lengths = np.char.str_len(texts)
    a, b = matrix[codes[: len(left)]], matrix[codes[len(left) :]]
    length_a, length_b = lengths[codes[: len(left)]], lengths[codes[len(left) :]]
    differ = a != b
    count = differ.sum(axis=1)
    swapped = (differ[:, :-1] & differ[:, 1:] & (a[:, :-1] == b[:, 1:]) & (a[:, 1:] == b[:, :-1])).any(axis=1)
    same_length = (length_a == length_b) & ((count == 1) | ((count == 2) & swapped))
    longer = np.where((length_a > length_b)[:, None], a, b)
    shorter = np.where((length_a > length_b)[:, None], b, a)
    # The first position where they differ is the dropped character: the rest must then align
    # one place shifted.
    first = np.argmax(longer != shorter, axis=1)
    shifted = longer[:, 1:] == shorter[:, :-1]
    aligned_from = np.logical_and.accumulate(shifted[:, ::-1], axis=1)[:, ::-1]
    dropped = np.abs(length_a - length_b) == 1
    dropped &= np.where(
        first < width - 1, aligned_from[np.arange(len(first)), np.minimum(first, width - 2)], True
    )
    return same_length | dropped


PHONE = Comparison(
    "phone",
    (
        Level("same_mobile", 0.6, 1e-7, shared_identifier=True),
        Level("same_landline", 0.15, 1e-6, shared_identifier=True),
        # Each contact at a company has a mobile of their own.
        Level("other_contact_at_company", 0.1, 0.1),
        # A mobile on each side, one typo apart (a digit, two neighbours swapped).
        Level("mobile_mistyped", 0.03, 1e-6),
        # Each side gives a mobile, none shared: a person's own number differs.
        Level("different_mobiles", 0.1, 0.6),
        Level("different", 0.05, 0.3),
    ),
    _grade_phone,
    given_by="any_phone",
)


def _grade_company(left: pd.DataFrame, right: pd.DataFrame) -> Grading:
    """Trade names are registered per city: the same name in two cities is two companies, and a
    company's branches, named or seen in records of other cities, are customers of their own."""
    both = (left["company_key"].notna() & right["company_key"].notna()).to_numpy()
    same_key = _same(left["company_key"], right["company_key"])
    same_brand = _same(left["company_brand"], right["company_brand"])
    lregion, rregion = left["company_region"], right["company_region"]
    other_region = (lregion.notna() & rregion.notna() & (lregion != rregion)).to_numpy()
    lbranch, rbranch = left["company_branch_city"], right["company_branch_city"]
    # An office is the branch its name states, else the record's city: a branch's records often
    # drop the branch from the name (明图家电深圳分公司 and 明图家电 in 深圳 are one office), and a
    # company's records from two cities, neither naming a branch, are two of its offices.
    unstated = (lbranch.isna() & rbranch.isna()).to_numpy()
    loffice, roffice = (
        np.where(branch.notna(), text_values(branch), text_values(frame["city"]))
        for branch, frame in ((lbranch, left), (rbranch, right))
    )
    same_branch = (unstated & ~_differ(left["city"], right["city"])) | (
        (loffice != "") & (loffice == roffice)
    )
    same_region = _same(lregion, rregion)
    # Within one script a trade name is no evidence by itself: 信宝光电 and 信宝物流 are two
    # companies. Across scripts the trade name and the industry are what an English name keeps.
    same_script = (left["company_in_hanzi"] == right["company_in_hanzi"]).to_numpy()
    lindustry, rindustry = left["company_industry"], right["company_industry"]
    other_industry = (lindustry.notna() & rindustry.notna() & (lindustry != rindustry)).to_numpy()
    same_brand = same_brand & ~same_script & ~other_industry
    named_alike = same_key | same_brand
    in_hanzi = (left["company_in_hanzi"] & right["company_in_hanzi"]).to_numpy()
    return [
        (NULL, ~both),
        ("other_region", named_alike & other_region),
        ("other_branch", named_alike & ~same_branch),
        ("same_registered_name", same_key & same_region & in_hanzi),
        ("same_in_same_city", same_key & same_region),
        ("same", same_key),
        ("same_trade_name", same_brand),
    ], "different"


COMPANY = Comparison(
    "company",
    (
        # The registered name in hanzi, unique within a city: registration refuses a name (trade
        # name and industry) already held there. Too rare among unrelated records to sample: an
        # identifier, its u counted.
        Level("same_registered_name", 0.35, 1e-8, shared_identifier=True),
        # The same in Latin script: two trade names that sound alike (兴美, 星美) read alike.
        Level("same_in_same_city", 0.1, 1e-6),
        # The city of one side unknown: as good as the name is rare.
        Level("same", 0.3, 1e-5, term_frequency="company_key"),
        Level("same_trade_name", 0.2, 1e-4),
        Level("other_branch", 0.005, 1e-5),
        Level("other_region", 0.005, 1e-4),
        Level("different", 0.02, 0.9999),
    ),
    _grade_company,
    given_by="company_key",
)


# Similarity (0-100) from which two Latin-script place names or addresses are one with a typo
# (Shefield / Sheffield, "95 leahy place" / "95 leahy lplace"). Places in hanzi are keys, where a
# character more or less is another place (南京 / 北京, 中山路 / 中山北路).
PLACE_SIMILAR_MIN = 85


def _alike(left: pd.Series, right: pd.Series) -> np.ndarray:
    """Pairs whose two values (Latin-script ones: prepare_records keeps no other) are alike by
    PLACE_SIMILAR_MIN."""
    similar = np.zeros(len(left), dtype=bool)
    rows = np.flatnonzero((left.notna() & right.notna()).to_numpy())
    similar[rows] = pair_scores(left, right, fuzz.ratio, rows) >= PLACE_SIMILAR_MIN
    return similar


def _grade_city(left: pd.DataFrame, right: pd.DataFrame) -> Grading:
    both = (left["city"].notna() & right["city"].notna()).to_numpy()
    return [
        (NULL, ~both),
        ("same", _same(left["city"], right["city"])),
        ("similar", _alike(left["latin_city"], right["latin_city"])),
    ], "different"


CITY = Comparison(
    "city",
    (
        Level("same", 0.95, 0.05, term_frequency="city"),
        Level("similar", 0.02, 0.005),
        Level("different", 0.03, 0.945),
    ),
    _grade_city,
    given_by="city",
)


def _grade_address(left: pd.DataFrame, right: pd.DataFrame) -> Grading:
    """The same street, number and unit, in no two districts or postcodes; the same street and
    number with another unit or none: another flat of the building."""
    both = (left["address"].notna() & right["address"].notna()).to_numpy()
    elsewhere = _differ(left["address_district"], right["address_district"]) | _differ(
        left["postcode"], right["postcode"]
    )
    return [
        (NULL, ~both),
        ("different", elsewhere),
        ("same", _same(left["address"], right["address"])),
        ("same_street_number", _same(left["street"], right["street"])),
        ("similar", _alike(left["latin_address"], right["latin_address"])),
    ], "different"


ADDRESS = Comparison(
    "address",
    (
        Level("same", 0.6, 1e-6, shared_identifier=True),
        Level("same_street_number", 0.1, 1e-5),
        # A Latin address alike in its letters: a typo in the street or the locality.
        Level("similar", 0.05, 1e-5),
        Level("different", 0.25, 0.99998),
    ),
    _grade_address,
    given_by="address",
)


def _grade_id_number(left: pd.DataFrame, right: pd.DataFrame) -> Grading:
    """Numbers of two types (a resident ID and a company's credit code) say nothing of each other;
    two of one type that differ are two holders when both passed their check character; where
    either has none to pass (a passport, a social security number), one typo apart they are
    perhaps one number mistyped, and further apart weighed as evidence."""
    both = (left["id_number"].notna() & right["id_number"].notna()).to_numpy()
    one_type = _same(left["id_number_type"], right["id_number_type"])
    same = _same(left["id_number"], right["id_number"])
    checked = (left["id_number_checked"] & right["id_number_checked"]).to_numpy()
    return [
        (NULL, ~both | ~(one_type | same)),
        ("same", same),
        ("different", checked),
        ("one_typo", _share_typo_key(left["id_number_typo_keys"], right["id_number_typo_keys"], ~same)),
    ], "different_unchecked"


# Pairs whose typo keys are compared at once: each compares every key with every key.
TYPO_KEY_SLICE = 100_000


def _share_typo_key(left: pd.Series, right: pd.Series, among: np.ndarray) -> np.ndarray:
    """Pairs (of `among`) whose space-separated typo keys (id_numbers.typo_keys) have one in
    common. Each distinct set of keys is split once into a row of integers (the two sides share
    their categories, prepare_records); pairs then compare their rows key by key, in slices."""
    shared = np.zeros(len(left), dtype=bool)
    rows = np.flatnonzero((left.notna() & right.notna()).to_numpy() & among)
    if not len(rows):
        return shared
    exploded = pd.Series(left.cat.categories).str.split(" ").explode()
    table = np.full((exploded.index.max() + 1, exploded.groupby(level=0).size().max()), -1, dtype=np.int64)
    table[exploded.index, exploded.groupby(level=0).cumcount()] = pd.factorize(exploded)[0]
    # Padding differs by side, so that no two pads agree.
    padded = np.where(table < 0, -2, table)
    lcodes, rcodes = left.cat.codes.to_numpy(), right.cat.codes.to_numpy()
    for start in range(0, len(rows), TYPO_KEY_SLICE):
        chunk = rows[start : start + TYPO_KEY_SLICE]
        lkeys, rkeys = table[lcodes[chunk]], padded[rcodes[chunk]]
        shared[chunk] = (lkeys[:, :, None] == rkeys[:, None, :]).any(axis=(1, 2))
    return shared


ID_NUMBER = Comparison(
    "id_number",
    (
        Level("same", 0.99, 1e-9, shared_identifier=True),
        Level("different", 0.01, 1.0),
        # Numbers with no check character, one typo apart.
        Level("one_typo", 0.05, 1e-5),
        Level("different_unchecked", 0.05, 1.0),
    ),
    _grade_id_number,
    given_by="id_number",
)


# Two dates of birth at most this many days apart may be one date misremembered or misread
# (a day in another month, the lunar date for the Gregorian); further apart, two people's.
BIRTHDAY_CLOSE_DAYS = 366


def _grade_birthday(left: pd.DataFrame, right: pd.DataFrame) -> Grading:
    """ISO dates one keystroke apart (1985-03-12, 1985-03-13; 1985, 1986), not in the decade,
    or with day and month swapped (1985-03-12, 1985-12-03) may be one date mistyped; dates within
    a year one date misremembered; others, 1960 and 1990 among them, are two people's."""
    both = (left["birthday"].notna() & right["birthday"].notna()).to_numpy()
    lvalues, rvalues = text_values(left["birthday"]).tolist(), text_values(right["birthday"]).tolist()
    ldates, rdates = pd.Series(lvalues), pd.Series(rvalues)
    one_edit = (process.cpdist(lvalues, rvalues, scorer=Levenshtein.distance, workers=-1) <= 1) & (
        ldates.str[:3] == rdates.str[:3]
    ).to_numpy()
    swapped = (
        (ldates.str[:4] == rdates.str[:4])
        & (ldates.str[5:7] == rdates.str[8:10])
        & (ldates.str[8:10] == rdates.str[5:7])
    ).to_numpy()
    # Each distinct date parsed once, then taken by the pairs' codes.
    dates = pd.to_datetime(left["birthday"].cat.categories, format="ISO8601", errors="coerce")
    days = np.append((dates - pd.Timestamp(0)).days.to_numpy(dtype=float), np.nan)
    apart = np.abs(days[left["birthday"].cat.codes.to_numpy()] - days[right["birthday"].cat.codes.to_numpy()])
    return [
        (NULL, ~both),
        ("same", _same(left["birthday"], right["birthday"])),
        ("mistyped", one_edit | swapped),
        ("close", apart <= BIRTHDAY_CLOSE_DAYS),
    ], "different"


BIRTHDAY = Comparison(
    "birthday",
    (
        Level("same", 0.9, 1e-4),
        Level("mistyped", 0.05, 1e-2),
        Level("close", 0.03, 0.03),
        Level("different", 0.02, 0.96),
    ),
    _grade_birthday,
    given_by="birthday",
)

COMPARISONS = (NAME, EMAIL, PHONE, COMPANY, CITY, ADDRESS, ID_NUMBER, BIRTHDAY)


def grade_pairs(
    prepared: pd.DataFrame,
    left_ids: np.ndarray,
    right_ids: np.ndarray,
    comparisons: tuple[Comparison, ...] = COMPARISONS,
) -> pd.DataFrame:
    """The level number of each comparison (every one by default) for each pair of prepared-record positions."""
    left = prepared.iloc[left_ids].reset_index(drop=True)
    right = prepared.iloc[right_ids].reset_index(drop=True)
    return pd.DataFrame(
        {comparison.name: comparison.level_numbers(left, right) for comparison in comparisons}
    )


def _at_companies(left: pd.DataFrame, right: pd.DataFrame) -> np.ndarray:
    """Both records name a company: whoever wrote or answered, the customer is the company."""
    return (left["company_key"].notna() & right["company_key"].notna()).to_numpy()


def _same(left: pd.Series, right: pd.Series) -> np.ndarray:
    return (left.notna() & (left == right)).to_numpy(dtype=bool)


def _differ(left: pd.Series, right: pd.Series) -> np.ndarray:
    return (left.notna() & right.notna() & (left != right)).to_numpy(dtype=bool)
