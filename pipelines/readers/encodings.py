"""Decode bytes whose encoding is unknown or only declared: what Chinese office software writes."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from charset_normalizer import from_bytes

# Byte order marks are proof of the encoding, so they are looked at before anything else.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Tried when neither a BOM nor the declared encoding fits: UTF-8 first (its bytes are
# self-checking), then the Chinese legacy encodings in the order charset-normalizer ranks them:
# GB18030 decodes most Big5 bytes without error, as the wrong characters, so which of the two
# reads as language decides.
FALLBACK_ENCODINGS = ("utf-8", "gb18030", "big5")
# charset-normalizer reads this much to rank the encodings: plenty for a language guess, and fast.
_DETECTION_SAMPLE_BYTES = 200_000
# Fewer non-ASCII bytes than this (about 30 Chinese characters) are too few to rank encodings by.
_MIN_BYTES_TO_RANK = 60
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
# Labels whose Python codecs are stricter than what real software writes under them: GB2312 and
# GBK mail and CSV files contain characters only their superset GB18030 has.
_SUPERSET_CODECS = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030"}


def decode_text(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding used). Tries a BOM, then the declared encoding (an unknown label is passed
    over), then UTF-8, GB18030 and Big5; raises UnicodeDecodeError, positioned where the first
    encoding tried failed, if none fits."""
    tried: list[str] = []
    first_failure: UnicodeDecodeError | None = None
    for encoding in _candidates(raw, declared):
        if encoding in tried:
            continue
        tried.append(encoding)
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError as wrong:
            first_failure = first_failure or wrong
    assert first_failure is not None  # the fallbacks are never empty
    raise UnicodeDecodeError(
        first_failure.encoding,
        raw,
        first_failure.start,
        first_failure.end,
        f"not decodable as {' or '.join(tried)}",
    )


def codec_name(label: str | None) -> str | None:
    """The Python codec to decode text labelled `label` with; None for a missing or unknown label."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip('"')).name
        b"".decode(name)  # raises LookupError for bytes-to-bytes codecs such as "base64"
    except LookupError:
        return None
    return _SUPERSET_CODECS.get(name, name)


def _candidates(raw: bytes, declared: str | None) -> Iterator[str]:
    """Encodings to try, best first. Ranking the legacy ones is slow, so it is done only once the
    cheap candidates have failed: most text (every mail header, say) is decoded before that."""
    yield from (encoding for mark, encoding in _BYTE_ORDER_MARKS if raw.startswith(mark))
    declared_codec = codec_name(declared)
    if declared_codec:
        yield declared_codec
    yield FALLBACK_ENCODINGS[0]
    yield from _ranked_legacy_encodings(raw)


def _ranked_legacy_encodings(raw: bytes) -> tuple[str, ...]:
    """GB18030 then Big5, unless the sample shows Big5: GB18030 decodes Big5 bytes without error
    but into private-use characters no real text has, and on longer text charset-normalizer's
    language model tells the two apart (on a three-character name it only guesses)."""
    gb18030, big5 = FALLBACK_ENCODINGS[1:]
    sample = raw[:_DETECTION_SAMPLE_BYTES]
    as_gb18030 = sample.decode(gb18030, errors="ignore")
    if _PRIVATE_USE.search(as_gb18030):
        return big5, gb18030
    if sum(byte >= 0x80 for byte in sample) < _MIN_BYTES_TO_RANK:
        return gb18030, big5
    ranked = [codec_name(match.encoding) for match in from_bytes(sample, cp_isolation=[gb18030, big5])]
    return tuple(dict.fromkeys([e for e in ranked if e in (gb18030, big5)] + [gb18030, big5]))
