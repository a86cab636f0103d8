#!/usr/bin/env python3
"""Independent implementation of the ctip-exchange pseudonym scheme ps1.

Written from schemas/PSEUDONYMS.md alone (not from the Rust code), with the Python standard
library only (Python 3.11 or later: its Unicode database must be version 14.0 or later). It reads the test vectors and checks every one of them:

    python3 scripts/pseudonyms_reference.py [schemas/1.0/vectors/pseudonyms.json]

It prints one line per failure and a summary such as "40 passed, 0 failed", and exits with
status 1 when any vector fails (2 when the vectors file cannot be read).
"""

import base64
import bisect
import calendar
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
# The officially assigned ISO 3166-1 alpha-2 codes (section 4.2).
COUNTRIES = frozenset("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
""".split())
assert len(COUNTRIES) == 249
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
    (0x0591, 0x05BD), (0x05BF, 0x05BF), (0x05C1, 0x05C2), (0x05C4, 0x05C5), (0x05C7, 0x05C7),
]
TRANSLITERATION = {
    "\u00df": "ss", "\u00e6": "ae", "\u0153": "oe", "\u00f8": "o", "\u0142": "l",
    "\u0111": "d", "\u00f0": "d", "\u00fe": "th", "\u0131": "i", "\u0127": "h",
    "\u0167": "t", "\u014b": "n", "\u03c2": "\u03c3", "\u0649": "\u064a",
}
DELETED = [
    (0x0027, 0x0027), (0x0060, 0x0060), (0x02B9, 0x02BC), (0x2018, 0x201B),
    (0x00AD, 0x00AD), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
]


# Section 5: the code points unassigned in Unicode 14.0 (general category Cn), as hexadecimal
# ranges, so that a Python with a later Unicode database refuses the same code points. With
# the Unicode 14.0 database (Python 3.11), main() checks this table against unicodedata.
UNASSIGNED_14 = """
378-379 380-383 38B 38D 3A2 530 557-558 58B-58C 590 5C8-5CF 5EB-5EE 5F5-5FF 70E 74B-74C 7B2-7BF
7FB-7FC 82E-82F 83F 85C-85D 85F 86B-86F 88F 892-897 984 98D-98E 991-992 9A9 9B1 9B3-9B5 9BA-9BB
9C5-9C6 9C9-9CA 9CF-9D6 9D8-9DB 9DE 9E4-9E5 9FF-A00 A04 A0B-A0E A11-A12 A29 A31 A34 A37 A3A-A3B
A3D A43-A46 A49-A4A A4E-A50 A52-A58 A5D A5F-A65 A77-A80 A84 A8E A92 AA9 AB1 AB4 ABA-ABB AC6 ACA
ACE-ACF AD1-ADF AE4-AE5 AF2-AF8 B00 B04 B0D-B0E B11-B12 B29 B31 B34 B3A-B3B B45-B46 B49-B4A
B4E-B54 B58-B5B B5E B64-B65 B78-B81 B84 B8B-B8D B91 B96-B98 B9B B9D BA0-BA2 BA5-BA7 BAB-BAD
BBA-BBD BC3-BC5 BC9 BCE-BCF BD1-BD6 BD8-BE5 BFB-BFF C0D C11 C29 C3A-C3B C45 C49 C4E-C54 C57
C5B-C5C C5E-C5F C64-C65 C70-C76 C8D C91 CA9 CB4 CBA-CBB CC5 CC9 CCE-CD4 CD7-CDC CDF CE4-CE5 CF0
CF3-CFF D0D D11 D45 D49 D50-D53 D64-D65 D80 D84 D97-D99 DB2 DBC DBE-DBF DC7-DC9 DCB-DCE DD5 DD7
DE0-DE5 DF0-DF1 DF5-E00 E3B-E3E E5C-E80 E83 E85 E8B EA4 EA6 EBE-EBF EC5 EC7 ECE-ECF EDA-EDB
EE0-EFF F48 F6D-F70 F98 FBD FCD FDB-FFF 10C6 10C8-10CC 10CE-10CF 1249 124E-124F 1257 1259
125E-125F 1289 128E-128F 12B1 12B6-12B7 12BF 12C1 12C6-12C7 12D7 1311 1316-1317 135B-135C
137D-137F 139A-139F 13F6-13F7 13FE-13FF 169D-169F 16F9-16FF 1716-171E 1737-173F 1754-175F 176D
1771 1774-177F 17DE-17DF 17EA-17EF 17FA-17FF 181A-181F 1879-187F 18AB-18AF 18F6-18FF 191F
192C-192F 193C-193F 1941-1943 196E-196F 1975-197F 19AC-19AF 19CA-19CF 19DB-19DD 1A1C-1A1D 1A5F
1A7D-1A7E 1A8A-1A8F 1A9A-1A9F 1AAE-1AAF 1ACF-1AFF 1B4D-1B4F 1B7F 1BF4-1BFB 1C38-1C3A 1C4A-1C4C
1C89-1C8F 1CBB-1CBC 1CC8-1CCF 1CFB-1CFF 1F16-1F17 1F1E-1F1F 1F46-1F47 1F4E-1F4F 1F58 1F5A 1F5C
1F5E 1F7E-1F7F 1FB5 1FC5 1FD4-1FD5 1FDC 1FF0-1FF1 1FF5 1FFF 2065 2072-2073 208F 209D-209F
20C1-20CF 20F1-20FF 218C-218F 2427-243F 244B-245F 2B74-2B75 2B96 2CF4-2CF8 2D26 2D28-2D2C
2D2E-2D2F 2D68-2D6E 2D71-2D7E 2D97-2D9F 2DA7 2DAF 2DB7 2DBF 2DC7 2DCF 2DD7 2DDF 2E5E-2E7F 2E9A
2EF4-2EFF 2FD6-2FEF 2FFC-2FFF 3040 3097-3098 3100-3104 3130 318F 31E4-31EF 321F A48D-A48F
A4C7-A4CF A62C-A63F A6F8-A6FF A7CB-A7CF A7D2 A7D4 A7DA-A7F1 A82D-A82F A83A-A83F A878-A87F
A8C6-A8CD A8DA-A8DF A954-A95E A97D-A97F A9CE A9DA-A9DD A9FF AA37-AA3F AA4E-AA4F AA5A-AA5B
AAC3-AADA AAF7-AB00 AB07-AB08 AB0F-AB10 AB17-AB1F AB27 AB2F AB6C-AB6F ABEE-ABEF ABFA-ABFF
D7A4-D7AF D7C7-D7CA D7FC-D7FF FA6E-FA6F FADA-FAFF FB07-FB12 FB18-FB1C FB37 FB3D FB3F FB42 FB45
FBC3-FBD2 FD90-FD91 FDC8-FDCE FDD0-FDEF FE1A-FE1F FE53 FE67 FE6C-FE6F FE75 FEFD-FEFE FF00
FFBF-FFC1 FFC8-FFC9 FFD0-FFD1 FFD8-FFD9 FFDD-FFDF FFE7 FFEF-FFF8 FFFE-FFFF 1000C 10027 1003B
1003E 1004E-1004F 1005E-1007F 100FB-100FF 10103-10106 10134-10136 1018F 1019D-1019F 101A1-101CF
101FE-1027F 1029D-1029F 102D1-102DF 102FC-102FF 10324-1032C 1034B-1034F 1037B-1037F 1039E
103C4-103C7 103D6-103FF 1049E-1049F 104AA-104AF 104D4-104D7 104FC-104FF 10528-1052F 10564-1056E
1057B 1058B 10593 10596 105A2 105B2 105BA 105BD-105FF 10737-1073F 10756-1075F 10768-1077F 10786
107B1 107BB-107FF 10806-10807 10809 10836 10839-1083B 1083D-1083E 10856 1089F-108A6 108B0-108DF
108F3 108F6-108FA 1091C-1091E 1093A-1093E 10940-1097F 109B8-109BB 109D0-109D1 10A04 10A07-10A0B
10A14 10A18 10A36-10A37 10A3B-10A3E 10A49-10A4F 10A59-10A5F 10AA0-10ABF 10AE7-10AEA 10AF7-10AFF
10B36-10B38 10B56-10B57 10B73-10B77 10B92-10B98 10B9D-10BA8 10BB0-10BFF 10C49-10C7F 10CB3-10CBF
10CF3-10CF9 10D28-10D2F 10D3A-10E5F 10E7F 10EAA 10EAE-10EAF 10EB2-10EFF 10F28-10F2F 10F5A-10F6F
10F8A-10FAF 10FCC-10FDF 10FF7-10FFF 1104E-11051 11076-1107E 110C3-110CC 110CE-110CF 110E9-110EF
110FA-110FF 11135 11148-1114F 11177-1117F 111E0 111F5-111FF 11212 1123F-1127F 11287 11289 1128E
1129E 112AA-112AF 112EB-112EF 112FA-112FF 11304 1130D-1130E 11311-11312 11329 11331 11334 1133A
11345-11346 11349-1134A 1134E-1134F 11351-11356 11358-1135C 11364-11365 1136D-1136F 11375-113FF
1145C 11462-1147F 114C8-114CF 114DA-1157F 115B6-115B7 115DE-115FF 11645-1164F 1165A-1165F
1166D-1167F 116BA-116BF 116CA-116FF 1171B-1171C 1172C-1172F 11747-117FF 1183C-1189F 118F3-118FE
11907-11908 1190A-1190B 11914 11917 11936 11939-1193A 11947-1194F 1195A-1199F 119A8-119A9
119D8-119D9 119E5-119FF 11A48-11A4F 11AA3-11AAF 11AF9-11BFF 11C09 11C37 11C46-11C4F 11C6D-11C6F
11C90-11C91 11CA8 11CB7-11CFF 11D07 11D0A 11D37-11D39 11D3B 11D3E 11D48-11D4F 11D5A-11D5F 11D66
11D69 11D8F 11D92 11D99-11D9F 11DAA-11EDF 11EF9-11FAF 11FB1-11FBF 11FF2-11FFE 1239A-123FF 1246F
12475-1247F 12544-12F8F 12FF3-12FFF 1342F 13439-143FF 14647-167FF 16A39-16A3F 16A5F 16A6A-16A6D
16ABF 16ACA-16ACF 16AEE-16AEF 16AF6-16AFF 16B46-16B4F 16B5A 16B62 16B78-16B7C 16B90-16E3F
16E9B-16EFF 16F4B-16F4E 16F88-16F8E 16FA0-16FDF 16FE5-16FEF 16FF2-16FFF 187F8-187FF 18CD6-18CFF
18D09-1AFEF 1AFF4 1AFFC 1AFFF 1B123-1B14F 1B153-1B163 1B168-1B16F 1B2FC-1BBFF 1BC6B-1BC6F
1BC7D-1BC7F 1BC89-1BC8F 1BC9A-1BC9B 1BCA4-1CEFF 1CF2E-1CF2F 1CF47-1CF4F 1CFC4-1CFFF 1D0F6-1D0FF
1D127-1D128 1D1EB-1D1FF 1D246-1D2DF 1D2F4-1D2FF 1D357-1D35F 1D379-1D3FF 1D455 1D49D 1D4A0-1D4A1
1D4A3-1D4A4 1D4A7-1D4A8 1D4AD 1D4BA 1D4BC 1D4C4 1D506 1D50B-1D50C 1D515 1D51D 1D53A 1D53F 1D545
1D547-1D549 1D551 1D6A6-1D6A7 1D7CC-1D7CD 1DA8C-1DA9A 1DAA0 1DAB0-1DEFF 1DF1F-1DFFF 1E007
1E019-1E01A 1E022 1E025 1E02B-1E0FF 1E12D-1E12F 1E13E-1E13F 1E14A-1E14D 1E150-1E28F 1E2AF-1E2BF
1E2FA-1E2FE 1E300-1E7DF 1E7E7 1E7EC 1E7EF 1E7FF 1E8C5-1E8C6 1E8D7-1E8FF 1E94C-1E94F 1E95A-1E95D
1E960-1EC70 1ECB5-1ED00 1ED3E-1EDFF 1EE04 1EE20 1EE23 1EE25-1EE26 1EE28 1EE33 1EE38 1EE3A
1EE3C-1EE41 1EE43-1EE46 1EE48 1EE4A 1EE4C 1EE50 1EE53 1EE55-1EE56 1EE58 1EE5A 1EE5C 1EE5E 1EE60
1EE63 1EE65-1EE66 1EE6B 1EE73 1EE78 1EE7D 1EE7F 1EE8A 1EE9C-1EEA0 1EEA4 1EEAA 1EEBC-1EEEF
1EEF2-1EFFF 1F02C-1F02F 1F094-1F09F 1F0AF-1F0B0 1F0C0 1F0D0 1F0F6-1F0FF 1F1AE-1F1E5 1F203-1F20F
1F23C-1F23F 1F249-1F24F 1F252-1F25F 1F266-1F2FF 1F6D8-1F6DC 1F6ED-1F6EF 1F6FD-1F6FF 1F774-1F77F
1F7D9-1F7DF 1F7EC-1F7EF 1F7F1-1F7FF 1F80C-1F80F 1F848-1F84F 1F85A-1F85F 1F888-1F88F 1F8AE-1F8AF
1F8B2-1F8FF 1FA54-1FA5F 1FA6E-1FA6F 1FA75-1FA77 1FA7D-1FA7F 1FA87-1FA8F 1FAAD-1FAAF 1FABB-1FABF
1FAC6-1FACF 1FADA-1FADF 1FAE8-1FAEF 1FAF7-1FAFF 1FB93 1FBCB-1FBEF 1FBFA-1FFFF 2A6E0-2A6FF
2B739-2B73F 2B81E-2B81F 2CEA2-2CEAF 2EBE1-2F7FF 2FA1E-2FFFF 3134B-E0000 E0002-E001F E0080-E00FF
E01F0-EFFFF FFFFE-FFFFF 10FFFE-10FFFF
"""
UNASSIGNED_RANGES = [
    (int(lo, 16), int(hi or lo, 16))
    for lo, _, hi in (r.partition("-") for r in UNASSIGNED_14.split())
]
UNASSIGNED_STARTS = [lo for lo, _ in UNASSIGNED_RANGES]


def is_unassigned_14(c):
    i = bisect.bisect_right(UNASSIGNED_STARTS, ord(c)) - 1
    return i >= 0 and ord(c) <= UNASSIGNED_RANGES[i][1]


def assigned(text):
    """Section 5: every code point MUST be assigned in Unicode 14.0."""
    if any(is_unassigned_14(c) for c in text):
        raise Invalid("code point unassigned in Unicode 14.0")
    return text


def name_part(text):
    """Rule N1."""
    s = assigned(text).replace("\u00b4", "").replace("\u1ffd", "")  # 0
    s = unicodedata.normalize("NFKC", s)                           # 1
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
    s = unicodedata.normalize("NFKC", assigned(text))
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
    s = trim(unicodedata.normalize("NFKC", assigned(text)))
    if s.startswith("+"):
        s = s[1:]
    elif s.startswith("00"):
        s = s[2:]
    else:
        raise Invalid("phone")
    digits = phone_digits(s)
    if digits.startswith("0") or not 7 <= len(digits) <= 15:
        raise Invalid("phone")
    return digits


def national_phone(text, calling_code):
    """Rule N5, national form."""
    if not isinstance(calling_code, int) or not 1 <= calling_code <= 999:
        raise Invalid("calling code")
    digits = phone_digits(trim(unicodedata.normalize("NFKC", assigned(text)))).lstrip("0")
    if not digits:
        raise Invalid("phone")
    full = str(calling_code) + digits
    if not 7 <= len(full) <= 15:
        raise Invalid("phone")
    return full


def email(text):
    """Rule N6."""
    s = unicodedata.normalize("NFC", trim(assigned(text)))
    s = "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in s)
    local, at, domain = s.partition("@")
    if not at or not local or not domain or "@" in domain:
        raise Invalid("email")
    if any(unicodedata.category(c)[0] == "Z" or unicodedata.category(c) == "Cc"
           or (unicodedata.category(c) == "Cf" and c not in "\u200c\u200d") for c in s):
        raise Invalid("email")
    if len(s.encode("utf-8")) > 320:
        raise Invalid("email")
    return s


def identifier_value(text):
    """Rule N7."""
    s = unicodedata.normalize("NFC", trim(assigned(text)))
    if not 1 <= len(s.encode("utf-8")) <= 1024:
        raise Invalid("identifier")
    return s


# --- section 4: messages -----------------------------------------------------------------------

def text_member(inp, member, default=None):
    """A text member of an input: absent gives the default, anything but a string is refused."""
    if member not in inp and default is not None:
        return default
    value = inp[member]
    if not isinstance(value, str):
        raise Invalid(member)
    return value


def message(kind, inp):
    if kind == "name-birth-date":
        if "unlabelled" in inp and ("given" in inp or "family" in inp):
            raise Invalid("name: unlabelled and labelled")
        if "unlabelled" in inp:
            name = unlabelled_name(text_member(inp, "unlabelled"))
            if not name or len(name.encode("utf-8")) > 1024:
                raise Invalid("name")
            head = field(0x03, name)
        else:
            given = name_part(text_member(inp, "given", ""))
            family = name_part(text_member(inp, "family", ""))
            if not given and not family:
                raise Invalid("name")
            if len(given.encode("utf-8")) > 1024 or len(family.encode("utf-8")) > 1024:
                raise Invalid("name")
            head = field(0x01, given) + field(0x02, family)
        return head + field(0x04, birth_date(inp["birth_date"]))
    if kind == "document":
        if inp["country"] not in COUNTRIES or inp["type"] not in DOCUMENT_TYPES:
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

def date_shift_message(case_id):
    return field(0x50, identifier_value(case_id))


def date_shift(secret, purpose, case_id, window):
    if not isinstance(window, int) or not 1 <= window <= 3650:
        raise Invalid("window")
    msg = date_shift_message(case_id)
    mac = hmac.new(derived_key(secret, purpose, "date-shift"), msg, hashlib.sha256).digest()
    k = int.from_bytes(mac[:8], "big") % (2 * window)
    return k - window if k < window else k - window + 1


def middle_day(text):
    """The day a date of rule N3 moves: first + floor((last - first) / 2) days."""
    birth_date(text)  # validates
    m = PARTIAL_DATE.match(text)
    year, month, day = m.group(1), m.group(2), m.group(3)
    first = datetime.date(int(year), int(month or 1), int(day or 1))
    if day:
        last = first
    elif month:
        last = datetime.date(int(year), int(month), calendar.monthrange(int(year), int(month))[1])
    else:
        last = datetime.date(int(year), 12, 31)
    return first + datetime.timedelta(days=(last - first).days // 2)


def shift_date(text, days):
    middle = middle_day(text)  # validates the date (rule N3)
    m = PARTIAL_DATE.match(text)
    day, month = m.group(3), m.group(2)
    ordinal = middle.toordinal() + days
    # Years 1000 to 9999 only; datetime.date itself covers 1 to 9999.
    if not datetime.date(1000, 1, 1).toordinal() <= ordinal <= datetime.date(9999, 12, 31).toordinal():
        raise Invalid("shifted date outside the years 1000 to 9999")
    moved = datetime.date.fromordinal(ordinal)
    if day:
        return moved.isoformat()
    if month:
        return "%04d-%02d" % (moved.year, moved.month)
    return "%04d" % moved.year


# --- section 2.2: key files, section 3: pseudonym texts --------------------------------------

KEY_FILE_MEMBERS = {"format", "version", "key_id", "created_at", "encoding", "key"}
CREATED_AT = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,9})?Z\Z")
BASE32_LOWER = re.compile(r"[a-z2-7]{32}\Z")


def no_duplicates(pairs):
    members = dict(pairs)
    if len(members) != len(pairs):
        raise Invalid("key file: repeated member")
    return members


def read_key_file(text):
    """Section 2.2: returns (key id, 32 key bytes) or raises Invalid."""
    try:
        doc = json.loads(text, object_pairs_hook=no_duplicates)
    except ValueError:
        raise Invalid("key file: not JSON")
    if not isinstance(doc, dict) or set(doc) != KEY_FILE_MEMBERS:
        raise Invalid("key file: members")
    for member in ("format", "key_id", "created_at", "encoding", "key"):
        if not isinstance(doc[member], str):
            raise Invalid("key file: %s is not a string" % member)
    if doc["format"] != "ctip-exchange-key":
        raise Invalid("key file: format")
    if type(doc["version"]) is not int or doc["version"] != 1:
        raise Invalid("key file: version")
    if not KEY_ID.match(doc["key_id"]):
        raise Invalid("key file: key id")
    m = CREATED_AT.match(doc["created_at"])
    if not m:
        raise Invalid("key file: created_at")
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    try:
        datetime.datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise Invalid("key file: created_at")
    if year < 1000:
        raise Invalid("key file: created_at")
    key = doc["key"]
    try:
        if doc["encoding"] == "base64url":
            if not re.fullmatch(r"[A-Za-z0-9_-]*", key):
                raise ValueError
            raw = base64.urlsafe_b64decode(key + "=" * (-len(key) % 4))
            canonical = base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")
        elif doc["encoding"] == "base32":
            if not re.fullmatch(r"[A-Z2-7]*", key):
                raise ValueError
            raw = base64.b32decode(key + "=" * (-len(key) % 8))
            canonical = base64.b32encode(raw).decode("ascii").rstrip("=")
        else:
            raise Invalid("key file: encoding")
    except (ValueError, base64.binascii.Error):
        raise Invalid("key file: key does not decode")
    if canonical != key:
        raise Invalid("key file: non-canonical key encoding")
    if len(raw) != 32:
        raise Invalid("key file: key length")
    return doc["key_id"], raw


def parse_pseudonym(text):
    """Section 3: returns (key id, 20 bytes) or raises Invalid."""
    if not text.startswith("ps1:"):
        raise Invalid("pseudonym: prefix")
    key_id, sep, body = text[4:].partition(":")
    if not sep or not KEY_ID.match(key_id) or not BASE32_LOWER.match(body):
        raise Invalid("pseudonym")
    return key_id, base64.b32decode(body.upper())


def check_text_vector(section, vector):
    """A key-file or pseudonym-text vector: None when reproduced, else a short reason."""
    read = read_key_file if section == "key_files" else parse_pseudonym
    text = vector["key_file" if section == "key_files" else "text"]
    if vector["expect"] == "invalid":
        try:
            read(text)
        except Invalid:
            return None
        return "accepted a text that must be refused"
    key_id, raw = read(text)
    value = "key_hex" if section == "key_files" else "value_hex"
    if key_id != vector["key_id"] or raw.hex() != vector[value]:
        return "read %s %s, expected %s %s" % (key_id, raw.hex(), vector["key_id"], vector[value])
    return None


# --- the vectors -------------------------------------------------------------------------------

def decode_key(text):
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if len(raw) != 32:
        raise ValueError("a key must have 32 bytes")
    return raw


def scalar_values(inp):
    """Every text input is a sequence of Unicode scalar values (JSON "\\ud800" is refused)."""
    for value in inp.values():
        if isinstance(value, str) and any(0xD800 <= ord(c) <= 0xDFFF for c in value):
            raise Invalid("lone surrogate")


def check(vector, keys):
    """Returns None when the vector is reproduced, else a short reason."""
    secret = keys[vector["key_id"]]
    kind, inp, purpose = vector["kind"], vector["input"], vector["purpose"]
    if vector.get("expect") == "invalid":
        try:
            scalar_values(inp)
            if kind == "date-shift":
                offset = date_shift(secret, purpose, text_member(inp, "case_id"), inp["window_days"])
                shift_date(text_member(inp, "date"), offset)
            else:
                message(kind, inp)
        except Invalid:
            return None
        return "accepted an input that must be refused"
    scalar_values(inp)
    if kind == "date-shift":
        msg = date_shift_message(inp["case_id"])
        if msg.hex() != vector["message_hex"]:
            return "message %s, expected %s" % (msg.hex(), vector["message_hex"])
        middle = middle_day(inp["date"]).isoformat()
        if middle != vector["middle_day"]:
            return "middle day %s, expected %s" % (middle, vector["middle_day"])
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
    version = tuple(int(n) for n in unicodedata.unidata_version.split("."))
    if version < (14, 0, 0):
        print("needs a Unicode database of version 14.0 or later (Python 3.11 or later), found %s"
              % unicodedata.unidata_version, file=sys.stderr)
        return 2
    if version == (14, 0, 0):
        for cp in range(0x110000):
            if (unicodedata.category(chr(cp)) == "Cn") != is_unassigned_14(chr(cp)):
                print("the table of unassigned code points is wrong at U+%04X" % cp, file=sys.stderr)
                return 2
    # The list published with the specification (schemas/iso3166-1.txt, one code a line).
    countries_path = os.path.join(root, "schemas", "iso3166-1.txt")
    if os.path.exists(countries_path):
        with open(countries_path, encoding="utf-8") as f:
            published = f.read().split("\n")
        if published[-1] != "" or frozenset(published[:-1]) != COUNTRIES or len(published) != 250:
            print("schemas/iso3166-1.txt is not the list of section 4.2", file=sys.stderr)
            return 2
    if doc.get("scheme") != "ps1" or not vectors:
        print("not a ps1 vectors file", file=sys.stderr)
        return 2
    # every vector, with the function that checks it and a label for failures
    runs = [("", i, v, lambda v: check(v, keys)) for i, v in enumerate(vectors)]
    for section in ("key_files", "pseudonym_texts"):
        runs += [(section + " ", i, v, lambda v, s=section: check_text_vector(s, v))
                 for i, v in enumerate(doc.get(section, []))]
    passed = failed = 0
    for label, i, vector, run in runs:
        try:
            reason = run(vector)
        except (Invalid, KeyError, ValueError, TypeError) as e:
            reason = "error: %s: %s" % (type(e).__name__, e)
        if reason is None:
            passed += 1
        else:
            failed += 1
            print("FAIL %s%d %s: %s" % (label, i, vector.get("name", "?"), reason))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
