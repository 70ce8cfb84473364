"""Decode bytes whose encoding is unknown or only declared: what Chinese office software writes."""

from __future__ import annotations

import codecs

# Byte order marks are proof of the encoding, so they are looked at before anything else.
_BYTE_ORDER_MARKS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Tried in this order when neither a BOM nor the declared encoding fits. GB18030 decodes most
# Big5 bytes too (as the wrong characters), so Big5 text is only read right when declared.
FALLBACK_ENCODINGS = ("utf-8", "gb18030", "big5")
# Labels whose Python codecs are stricter than what real software writes under them: GB2312 and
# GBK mail and CSV files contain characters only their superset GB18030 has.
_SUPERSET_CODECS = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030"}


def decode_text(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding used). Tries a BOM, then the declared encoding (an unknown label is passed
    over), then UTF-8, GB18030 and Big5; raises UnicodeDecodeError, positioned where the first
    encoding tried failed, if none fits."""
    candidates = _candidates(raw, declared)
    first_failure: UnicodeDecodeError | None = None
    for encoding in candidates:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError as wrong:
            first_failure = first_failure or wrong
    assert first_failure is not None  # the fallbacks are never empty
    raise UnicodeDecodeError(
        first_failure.encoding, raw, first_failure.start, first_failure.end, f"not decodable as {' or '.join(candidates)}"
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


def _candidates(raw: bytes, declared: str | None) -> list[str]:
    found = [encoding for mark, encoding in _BYTE_ORDER_MARKS if raw.startswith(mark)]
    declared_codec = codec_name(declared)
    if declared_codec:
        found.append(declared_codec)
    found.extend(FALLBACK_ENCODINGS)
    return list(dict.fromkeys(found))
