#!/usr/bin/env python3
"""Independent implementation of the ctip-exchange pseudonym scheme ps1.

Written from schemas/PSEUDONYMS.md alone (not from the Rust code), with the Python standard
library only. It reads the test vectors and checks every one of them:

    python3 scripts/pseudonyms_reference.py [schemas/1.0/vectors/pseudonyms.json]

It prints one line per failure and a summary such as "40 passed, 0 failed", and exits with
status 1 when any vector fails (2 when the vectors file cannot be read).
"""

import base64
import datetime
import hashlib
import hmac
import json
import os
import re
import sys
import unicodedata

SALT = b"ctip-exchange/ps1"
INFO_PREFIX = "ctip-exchange/ps1/"
FIELD_KINDS = ("name-birth-date", "document", "phone", "email", "identifier", "date-shift")
DOCUMENT_TYPES = (
    "passport", "national_id", "residence_permit", "travel_document",
    "birth_certificate", "driving_licence", "voter_card", "other",
)
KEY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}\Z")
PURPOSE = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}\Z")
COUNTRY = re.compile(r"[A-Z]{2}\Z")
PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?\Z")


class Invalid(Exception):
    """An input the specification says MUST be refused."""


# --- section 2.4: derived keys (HKDF-SHA-256, RFC 5869) ---------------------------------------

def hkdf_sha256(salt, ikm, info, length):
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    okm, block, counter = b"", b"", 1
    while len(okm) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        okm += block
        counter += 1
    return okm[:length]


def derived_key(secret, purpose, kind):
    if not PURPOSE.match(purpose):
        raise Invalid("purpose")
    if kind not in FIELD_KINDS:
        raise Invalid("field kind")
    info = (INFO_PREFIX + purpose + "/" + kind).encode("ascii")
    return hkdf_sha256(SALT, secret, info, 32)


# --- section 4: fields -------------------------------------------------------------------------

def field(tag, text):
    value = text.encode("utf-8")
    return bytes([tag]) + len(value).to_bytes(4, "big") + value


# --- section 5: normalization, version 1 -------------------------------------------------------

def trim(s):
    return s.strip("\t\n\x0b\x0c\r ")


def in_ranges(cp, ranges):
    return any(lo <= cp <= hi for lo, hi in ranges)


DIACRITICS = [
    (0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F),
    (0x064B, 0x065F), (0x0670, 0x0670), (0x0640, 0x0640),
]
TRANSLITERATION = {
    "\u00df": "ss", "\u00e6": "ae", "\u0153": "oe", "\u00f8": "o", "\u0142": "l",
    "\u0111": "d", "\u00f0": "d", "\u00fe": "th", "\u0131": "i", "\u0127": "h",
    "\u0167": "t", "\u014b": "n", "\u03c2": "\u03c3", "\u0649": "\u064a",
}
DELETED = [
    (0x0027, 0x0027), (0x0060, 0x0060), (0x00B4, 0x00B4), (0x02B9, 0x02BC), (0x2018, 0x201B),
    (0x00AD, 0x00AD), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
]


def name_part(text):
    """Rule N1."""
    s = unicodedata.normalize("NFKC", text)                       # 1
    s = "".join(c.lower() for c in s)                              # 2 (per character)
    s = unicodedata.normalize("NFD", s)                            # 3
    s = "".join(c for c in s if not in_ranges(ord(c), DIACRITICS))
    out = []
    for c in s:
        if c in TRANSLITERATION:                                   # 4
            out.append(TRANSLITERATION[c])
        elif in_ranges(ord(c), DELETED):                           # 5
            continue
        elif unicodedata.category(c)[0] in "LMN":
            out.append(c)
        else:
            out.append(" ")
    s = unicodedata.normalize("NFC", "".join(out))                 # 6
    return " ".join(w for w in s.split(" ") if w)                  # 7


def unlabelled_name(text):
    """Rule N2."""
    words = [w for w in name_part(text).split(" ") if w]
    words.sort(key=lambda w: w.encode("utf-8"))
    return " ".join(words)


def birth_date(text):
    """Rule N3."""
    m = PARTIAL_DATE.match(text)
    if not m:
        raise Invalid("birth date")
    year, month, day = m.group(1), m.group(2), m.group(3)
    if not 1000 <= int(year) <= 9999:
        raise Invalid("birth date")
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise Invalid("birth date")
    if (month and int(month) == 0) or (day and int(day) == 0):
        raise Invalid("birth date")
    return text


def document_number(text):
    """Rule N4."""
    s = unicodedata.normalize("NFKC", text)
    out = []
    for c in s:
        if c in " \t-./_" or 0x2010 <= ord(c) <= 0x2015:
            continue
        if c.isascii() and c.isalnum():
            out.append(c.upper())
        else:
            raise Invalid("document number")
    if not 1 <= len(out) <= 64:
        raise Invalid("document number")
    return "".join(out)


def phone_digits(s):
    out = []
    for c in s:
        if c in " -.()/":
            continue
        if c in "0123456789":
            out.append(c)
        else:
            raise Invalid("phone")
    return "".join(out)


def international_phone(text):
    """Rule N5, international form."""
    s = trim(unicodedata.normalize("NFKC", text))
    if s.startswith("+"):
        s = s[1:]
    elif s.startswith("00"):
        s = s[2:]
    else:
        raise Invalid("phone")
    digits = phone_digits(s)
    if digits.startswith("0") or not 8 <= len(digits) <= 15:
        raise Invalid("phone")
    return digits


def national_phone(text, calling_code):
    """Rule N5, national form."""
    if not isinstance(calling_code, int) or not 1 <= calling_code <= 999:
        raise Invalid("calling code")
    digits = phone_digits(trim(unicodedata.normalize("NFKC", text))).lstrip("0")
    if not digits:
        raise Invalid("phone")
    full = str(calling_code) + digits
    if not 8 <= len(full) <= 15:
        raise Invalid("phone")
    return full


def email(text):
    """Rule N6."""
    s = unicodedata.normalize("NFC", trim(text))
    s = "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in s)
    local, at, domain = s.partition("@")
    if not at or not local or not domain or "@" in domain:
        raise Invalid("email")
    if any(unicodedata.category(c)[0] == "Z" or unicodedata.category(c) == "Cc" for c in s):
        raise Invalid("email")
    if len(s.encode("utf-8")) > 320:
        raise Invalid("email")
    return s


def identifier_value(text):
    """Rule N7."""
    s = unicodedata.normalize("NFC", trim(text))
    if not 1 <= len(s.encode("utf-8")) <= 1024:
        raise Invalid("identifier")
    return s


# --- section 4: messages -----------------------------------------------------------------------

def message(kind, inp):
    if kind == "name-birth-date":
        if "unlabelled" in inp:
            name = unlabelled_name(inp["unlabelled"])
            if not name or len(name.encode("utf-8")) > 1024:
                raise Invalid("name")
            head = field(0x03, name)
        else:
            given = name_part(inp.get("given", ""))
            family = name_part(inp.get("family", ""))
            if not given and not family:
                raise Invalid("name")
            if len(given.encode("utf-8")) > 1024 or len(family.encode("utf-8")) > 1024:
                raise Invalid("name")
            head = field(0x01, given) + field(0x02, family)
        return head + field(0x04, birth_date(inp["birth_date"]))
    if kind == "document":
        if not COUNTRY.match(inp["country"]) or inp["type"] not in DOCUMENT_TYPES:
            raise Invalid("document")
        return (field(0x10, inp["country"]) + field(0x11, inp["type"])
                + field(0x12, document_number(inp["number"])))
    if kind == "phone":
        if "international" in inp:
            return field(0x20, international_phone(inp["international"]))
        return field(0x20, national_phone(inp["national"], inp["calling_code"]))
    if kind == "email":
        return field(0x30, email(inp["address"]))
    if kind == "identifier":
        if not PURPOSE.match(inp["domain"]):
            raise Invalid("domain")
        return field(0x40, inp["domain"]) + field(0x41, identifier_value(inp["value"]))
    raise Invalid("kind")


def b32_lower(data):
    return base64.b32encode(data).decode("ascii").rstrip("=").lower()


def pseudonym(secret, key_id, purpose, kind, msg):
    """Section 3."""
    if not KEY_ID.match(key_id):
        raise Invalid("key id")
    mac = hmac.new(derived_key(secret, purpose, kind), msg, hashlib.sha256).digest()
    return "ps1:" + key_id + ":" + b32_lower(mac[:20])


# --- section 6: date shift ---------------------------------------------------------------------

def date_shift(secret, purpose, case_id, window):
    if not isinstance(window, int) or not 1 <= window <= 3650:
        raise Invalid("window")
    msg = field(0x50, identifier_value(case_id))
    mac = hmac.new(derived_key(secret, purpose, "date-shift"), msg, hashlib.sha256).digest()
    k = int.from_bytes(mac[:8], "big") % (2 * window)
    return k - window if k < window else k - window + 1


def shift_date(text, days):
    birth_date(text)  # validates
    m = PARTIAL_DATE.match(text)
    year, month, day = m.group(1), m.group(2), m.group(3)
    first = datetime.date(int(year), int(month or 1), int(day or 1))
    if day:
        last = first
    elif month:
        following = datetime.date(int(year) + int(month) // 12, int(month) % 12 + 1, 1)
        last = following - datetime.timedelta(days=1)
    else:
        last = datetime.date(int(year), 12, 31)
    middle = first + datetime.timedelta(days=(last - first).days // 2)
    moved = middle + datetime.timedelta(days=days)
    if day:
        return moved.isoformat()
    if month:
        return "%04d-%02d" % (moved.year, moved.month)
    return "%04d" % moved.year


# --- the vectors -------------------------------------------------------------------------------

def decode_key(text):
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if len(raw) != 32:
        raise ValueError("a key must have 32 bytes")
    return raw


def check(vector, keys):
    """Returns None when the vector is reproduced, else a short reason."""
    secret = keys[vector["key_id"]]
    kind, inp, purpose = vector["kind"], vector["input"], vector["purpose"]
    if vector.get("expect") == "invalid":
        try:
            if kind == "date-shift":
                date_shift(secret, purpose, inp["case_id"], inp["window_days"])
            else:
                message(kind, inp)
        except Invalid:
            return None
        return "accepted an input that must be refused"
    if kind == "date-shift":
        offset = date_shift(secret, purpose, inp["case_id"], inp["window_days"])
        if offset != vector["offset_days"]:
            return "offset %d, expected %d" % (offset, vector["offset_days"])
        shifted = shift_date(inp["date"], offset)
        if shifted != vector["shifted"]:
            return "shifted date %s, expected %s" % (shifted, vector["shifted"])
        return None
    msg = message(kind, inp)
    if msg.hex() != vector["message_hex"]:
        return "message %s, expected %s" % (msg.hex(), vector["message_hex"])
    got = pseudonym(secret, vector["key_id"], purpose, kind, msg)
    if got != vector["pseudonym"]:
        return "pseudonym %s, expected %s" % (got, vector["pseudonym"])
    return None


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = argv[1] if len(argv) > 1 else os.path.join(root, "schemas", "1.0", "vectors", "pseudonyms.json")
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        keys = {kid: decode_key(k) for kid, k in doc["keys"].items()}
        vectors = doc["vectors"]
    except (OSError, ValueError, KeyError) as e:
        print("cannot read the vectors: %s" % e, file=sys.stderr)
        return 2
    if doc.get("scheme") != "ps1" or not vectors:
        print("not a ps1 vectors file", file=sys.stderr)
        return 2
    passed = failed = 0
    for i, vector in enumerate(vectors):
        try:
            reason = check(vector, keys)
        except (Invalid, KeyError, ValueError, TypeError) as e:
            reason = "error: %s: %s" % (type(e).__name__, e)
        if reason is None:
            passed += 1
        else:
            failed += 1
            print("FAIL %d %s: %s" % (i, vector.get("name", "?"), reason))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
