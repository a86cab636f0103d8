#!/usr/bin/env python3
"""Generates the built-in mapping profiles in schemas/mapping/ (run from the repository root).

The crosswalks come from the crate's own vocabulary tables (src/vocab/*.rs: HTCDS value
names and CTDC variables, tested value by value there), the HTCDS 2.0 field standards
(value names to labels, ../shared/reference/htcds/field-standards-2.0.csv or
HTCDS_FIELD_STANDARDS) and ISO 3166-1 (src/types/codes.rs for alpha-2 names; pycountry for
alpha-3 codes and official names). The output is committed; CI does not run this script.

    pip install pycountry==24.6.1
    python3 tests/data/convert/generate_profiles.py
"""

import csv
import json
import os
import re
import sys

import pycountry

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
FIELD_STANDARDS = os.environ.get(
    "HTCDS_FIELD_STANDARDS",
    os.path.join(ROOT, "..", "..", "shared", "reference", "htcds", "field-standards-2.0.csv"),
)
OUT = os.path.join(ROOT, "schemas", "mapping")
SCHEMA_URI = "../mapping-profile.schema.json"


def read_vocab():
    """{enum: [(code, [htcds names], [ctdc names])]} from the vocab macro invocations."""
    vocab = {}
    entry = re.compile(
        r'^\s*\w+ = "([^"]+)", \w+, "(?:[^"\\]|\\.)*",\s*htcds \[([^\]]*)\], ctdc \[([^\]]*)\];'
    )
    for name in sorted(os.listdir(os.path.join(ROOT, "src", "vocab"))):
        if not name.endswith(".rs"):
            continue
        current = None
        for line in open(os.path.join(ROOT, "src", "vocab", name), encoding="utf-8"):
            m = re.match(r"\s*pub enum (\w+) \(", line)
            if m:
                current = m.group(1)
                vocab[current] = []
                continue
            m = entry.match(line)
            if m and current:
                strings = lambda s: re.findall(r'"((?:[^"\\]|\\.)*)"', s)
                vocab[current].append((m.group(1), strings(m.group(2)), strings(m.group(3))))
    return vocab


VOCAB = read_vocab()


def htcds_labels():
    """{field: {value name: label}} from the HTCDS field standards."""
    out = {}
    with open(FIELD_STANDARDS, encoding="utf-8") as f:
        for row in csv.reader(f):
            if len(row) > 10 and row[9].strip() and row[6].strip():
                names = row[9].split("\n")
                labels = row[10].split("\n")
                if len(names) == len(labels):
                    out[row[6]] = {n.strip(): l.replace("\xa0", " ").strip() for n, l in zip(names, labels)}
    return out


LABELS = htcds_labels()


def htcds_crosswalk(enum, field):
    """Value names and labels of an HTCDS picklist to exchange codes."""
    cw = {}
    labels = LABELS.get(field, {})
    for code, names, _ in VOCAB[enum]:
        for n in names:
            cw[n] = code
            if n in labels and labels[n]:
                cw[labels[n]] = code
    missing = [n for n in labels if n and n not in cw]
    assert not missing, (enum, field, missing)
    return dict(sorted(cw.items()))


def ctdc_flags(enum):
    """CTDC flag variables (camelCase names) to exchange codes."""
    return {c: code for code, _, ctdcs in VOCAB[enum] for c in ctdcs if re.match(r"^[a-z]+[A-Z]", c)}


def iso_alpha2():
    text = open(os.path.join(ROOT, "src", "types", "codes.rs"), encoding="utf-8").read()
    block = text[text.index("ISO_3166_1"):]
    block = block[: block.index("];")]
    return re.findall(r'\("([A-Z]{2})", "((?:[^"\\]|\\.)*)"\)', block)


def country_names():
    """English names (ISO short, official, UN-style with parentheses) to alpha-2."""
    cw = {}
    for code, name in iso_alpha2():
        cw[name] = code
        c = pycountry.countries.get(alpha_2=code)
        if c is not None:
            for n in [c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)]:
                if n:
                    cw[n] = code
                    # "Venezuela, Bolivarian Republic of" -> "Venezuela (Bolivarian Republic of)"
                    m = re.match(r"^(.*), (.*)$", n)
                    if m:
                        cw[f"{m.group(1)} ({m.group(2)})"] = code
    return dict(sorted(cw.items()))


def alpha3():
    cw = {c.alpha_3: c.alpha_2 for c in pycountry.countries}
    valid = {code for code, _ in iso_alpha2()}
    return dict(sorted((k, v) for k, v in cw.items() if v in valid))


def field(name, **kw):
    f = {"name": name}
    for k, v in kw.items():
        f[k.replace("_", "-") if k.startswith("x") else k] = v
    return f


def ctdc_fields(year, cut=None, flag_true=("1",), flag_false=("0",), countries="alpha-2", age_bands=None, only=None):
    """The fields of a CTDC-format file."""
    name = (lambda n: n[:cut]) if cut else (lambda n: n)
    ages = age_bands or {}
    fields = []

    def add(f):
        if only is None or f["name"] in only or f["name"][:32] in only:
            f["name"] = name(f["name"])
            fields.append(f)

    bool_kw = {"type": "boolean", "trueValues": list(flag_true), "falseValues": list(flag_false)}
    add(field("yearOfRegistration", type="year", x_ctip_target="/identification/date",
              description="The year the victim was registered: kept as the (partial) identification date."))
    add(field("Datasource", x_ctip_target="/identification/channel",
              x_ctip_crosswalk={"Case management": "ngo_outreach", "Hotline": "hotline"}))
    add(field("gender", x_ctip_target="/subject/gender", missingValues=["", "-99"],
              x_ctip_crosswalk={"Female": "feminine", "Male": "masculine",
                                "Transgender/NonConforming": "non_conforming", "Unknown": "non_specified_unknown"}))
    bands = {"0--8": "0-8", "9--17": "9-17", "18--20": "18-20", "21--23": "21-23", "24--26": "24-26",
             "27--29": "27-29", "30--38": "30-38", "39--47": "39-47", "48+": "48+"}
    bands.update(ages)
    add(field("ageBroad", x_ctip_target="/subject/age_band", x_ctip_crosswalk=bands))
    majority = {"Adult": "adult", "Minor": "minor", "Unknown": None}
    add(field("majorityStatus", x_ctip_target="/subject/majority", x_ctip_crosswalk=majority))
    add(field("majorityStatusAtExploit", x_ctip_target="/subject/majority_at_exploitation", x_ctip_crosswalk=majority))
    add(field("MajorityEntry", x_ctip_ignore="Age band at entry into trafficking: the standard has no such field."))
    if countries == "alpha-2":
        cw, otherwise = {"00": None}, "keep"
    else:
        cw, otherwise = dict(alpha3(), **{"00": None, "000": None}), "reject"
    add(field("citizenship", x_ctip_target="/subject/citizenships/-", x_ctip_crosswalk=cw, x_ctip_otherwise=otherwise))
    for var, code in ctdc_flags("MeansOfControl").items():
        add(field(var, **bool_kw, x_ctip_target="/trafficking/means_of_control/-", x_ctip_when_true=code))
    add(field("meansOfControlNotSpecified", x_ctip_ignore="Control by means not recorded: no value in the standard."))
    add(field("meansOfControlConcatenated", x_ctip_ignore="Derived from the meansOfControl flags."))
    for var, code in ctdc_flags("ExploitationType").items():
        if var.startswith("is"):
            add(field(var, **bool_kw, x_ctip_target="/trafficking/exploitation_types/-", x_ctip_when_true=code))
    add(field("isSexAndLabour", x_ctip_ignore="Derived from isForcedLabour and isSexualExploit."))
    add(field("typeOfExploitConcatenated", x_ctip_ignore="Derived from the is* flags."))
    for var, code in ctdc_flags("LabourIndustry").items():
        add(field(var, **bool_kw, x_ctip_target="/trafficking/labour_industries/-", x_ctip_when_true=code))
    for var, code in ctdc_flags("ExploitationType").items():
        if var.startswith("typeOfLabour"):
            add(field(var, **bool_kw, x_ctip_target="/trafficking/exploitation_types/-", x_ctip_when_true=code))
    add(field("typeOfLabourNotSpecified", x_ctip_ignore="Forced labour in an industry not recorded: no value."))
    add(field("typeOfLabourConcatenated", x_ctip_ignore="Derived from the typeOfLabour flags."))
    for var, code in ctdc_flags("SexualExploitationType").items():
        add(field(var, **bool_kw, x_ctip_target="/trafficking/sexual_exploitation_types/-", x_ctip_when_true=code))
    add(field("typeOfSexConcatenated", x_ctip_ignore="Derived from the typeOfSex flags."))
    add(field("isAbduction", **bool_kw, x_ctip_target="/trafficking/abducted"))
    add(field("RecruiterRelationship", x_ctip_ignore="Polaris text list; the recruiterRelation flags carry it."))
    if countries == "alpha-2":
        ccw = {"00": None}
    else:
        ccw = dict(alpha3(), **{"00": None, "000": None})
    add(field("CountryOfExploitation", x_ctip_target="/trafficking/events/-", x_ctip_crosswalk=ccw,
              x_ctip_otherwise=otherwise, x_ctip_template={"kind": "exploitation", "country": "{value}"}))
    for var, code in ctdc_flags("RelationshipToTrafficker").items():
        add(field(var, **bool_kw, x_ctip_target="/trafficking/relationship_to_trafficker", x_ctip_when_true=code))
    add(field("recruiterRelationUnknown", x_ctip_ignore="A missing marker: the relationship is left out."))
    return fields


def ctdc_profile(name, title, description, year, delimiter=",", missing=("", "-99", "Unknown"), cannot=(), **kw):
    dialect = {"delimiter": delimiter, "headerRows": [1]}
    return {
        "$schema": SCHEMA_URI,
        "name": name,
        "title": title,
        "description": description,
        "dialect": dialect,
        "schema": {"missingValues": list(missing), "fields": ctdc_fields(year, **kw)},
        "x-ctip-record": {
            "type": "case",
            "idPrefix": name,
            "cannotCarry": list(cannot),
        },
    }


CTDC_CANNOT = [
    "MajorityEntry (age band at entry into trafficking): the standard has no such field.",
    "The country of identification: CTDC rows do not say it; set x-ctip-record.defaults./identification/country when the file covers one country.",
    "Two recruiterRelation flags on one row: the standard has one relationship, so such a row is rejected (convert.conflicting_values).",
]

CTDC_2024_COLUMNS = [
    "yearOfRegistration", "gender", "ageBroad", "citizenship", "CountryOfExploitation",
    "isForcedLabour", "isSexualExploit", "isOtherExploit", "isForcedMarriage", "isAbduction",
    "typeOfLabourAgriculture", "typeOfLabourConstruction", "typeOfLabourDomesticWork",
    "typeOfLabourHospitality", "typeOfLabourManufacturing", "typeOfLabourOther",
    "typeOfSexProstitution", "typeOfSexPornography",
    "meansOfControlDebtBondage", "meansOfControlTakesEarnings", "meansOfControlThreats",
    "meansOfControlPhysicalAbuse", "meansOfControlSexualAbuse", "meansOfControlFalsePromises",
    "meansOfControlPsychoactiveSubstances", "meansOfControlRestrictsMovement", "meansOfControlOther",
]
assert len(CTDC_2024_COLUMNS) == 27


def htcds_profile():
    L = lambda enum, fieldname: htcds_crosswalk(enum, fieldname)
    lst = {"type": "list", "delimiter": "; "}
    names = country_names()
    fields = [
        field("cas_CaseOwner", x_ctip_ignore="The case worker's name: not exchanged."),
        field("prs_Salutation", x_ctip_identifier={"kind": "drop"}),
        field("prs_FirstName", x_ctip_identifier={"kind": "given-name"}),
        field("prs_SecondName", x_ctip_identifier={"kind": "family-name"}),
        field("con_Consent", x_ctip_ignore="One checkbox without purpose or date; the standard records each consent with its purpose and date."),
        field("prs_Birthdate", type="date", format="%m-%d-%Y", x_ctip_identifier={"kind": "birth-date"},
              description="Pseudonymized with the names; kept only as year of birth, age band and majority."),
        field("prs_Gender", x_ctip_target="/subject/gender", x_ctip_crosswalk=L("Gender", "prs_Gender"),
              description="The toolkit writes value names here (Feminine), not labels."),
        field("prs_Citizenship", **lst, x_ctip_split="known-values", x_ctip_target="/subject/citizenships/-",
              x_ctip_crosswalk=names, description="English country names, as the toolkit's picklist."),
        field("prs_Title", x_ctip_identifier={"kind": "drop"}),
        field("prs_Email", x_ctip_identifier={"kind": "email"}),
        field("prs_HomePhone", x_ctip_identifier={"kind": "phone"}),
        field("prs_MobilePhone", x_ctip_identifier={"kind": "phone"}),
        field("prs_MailingCity", x_ctip_identifier={"kind": "drop"}),
        field("prs_MailingCountry", x_ctip_identifier={"kind": "drop"}),
        field("prs_MailingState", x_ctip_identifier={"kind": "drop"}),
        field("prs_MailingStreet", x_ctip_identifier={"kind": "drop"}),
        field("prs_MailingPostalCode", x_ctip_identifier={"kind": "drop"}),
        field("vic_TraffickingStatus", x_ctip_target="/trafficking/status",
              x_ctip_crosswalk=L("TraffickingStatus", "vic_TraffickingStatus")),
        field("vic_TraffickinStatusDecisionMakingOrg", x_ctip_target="/trafficking/status_decided_by",
              x_ctip_crosswalk=L("DecisionMakingOrg", "vic_TraffickingStatusDecisionMakingOrg"),
              description="The toolkit's header misspells vic_TraffickingStatusDecisionMakingOrg."),
        field("vic_MethodOfRecruitment", **lst, x_ctip_split="known-values", x_ctip_target="/trafficking/recruitment_methods/-",
              x_ctip_crosswalk=L("RecruitmentMethod", "vic_MethodOfRecruitment")),
        field("vic_LocationOfRecruitment", x_ctip_ignore="Free-text location: may identify the person."),
        field("vic_MethodsOfControl", **lst, x_ctip_split="known-values", x_ctip_target="/trafficking/means_of_control/-",
              x_ctip_crosswalk=L("MeansOfControl", "vic_MethodsOfControl")),
        field("vic_TypeOfExploitation", **lst, x_ctip_split="known-values", x_ctip_target="/trafficking/exploitation_types/-",
              x_ctip_crosswalk=L("ExploitationType", "vic_TypeOfExploitation")),
        field("vic_ForcedLabourIndustry", **lst, x_ctip_split="known-values", x_ctip_target="/trafficking/labour_industries/-",
              x_ctip_crosswalk=L("LabourIndustry", "vic_ForcedLabourIndustry"),
              description="Four ISIC labels contain '; ': the cell is split against the known labels, longest first."),
        field("vic_TypeOfSexExploitation", **lst, x_ctip_split="known-values", x_ctip_target="/trafficking/sexual_exploitation_types/-",
              x_ctip_crosswalk=L("SexualExploitationType", "vic_TypeOfSexExploitation")),
        field("vic_LocationOfExploitation", x_ctip_ignore="Free-text location: may identify the person."),
        field("cas_Status", x_ctip_target="/case_management/status", x_ctip_crosswalk=L("CaseStatus", "cas_Status")),
        field("cas_ReferringOrganisation", x_ctip_ignore="An organisation's name, not an organization id."),
        field("cas_IncomingReferralDate", type="date", format="%m-%d-%y", x_ctip_target="/case_management/opened_on",
              description="The toolkit formats referral dates mm-dd-yy; the case is taken as opened on the incoming referral."),
        field("cas_ReferringPrimaryCaseWorker", x_ctip_ignore="A case worker's name: not exchanged."),
        field("cas_ReasonForIncomingReferral", x_ctip_target="/extensions/org.iom.htcds.incoming_referral_reason",
              x_ctip_crosswalk={**{k: k for k in LABELS["cas_ReasonForIncomingReferral"]},
                                **{v: k for k, v in LABELS["cas_ReasonForIncomingReferral"].items()}}),
        field("cas_IncomingReferralDetails", x_ctip_ignore="Free text: may identify the person."),
        field("cas_ReferredOrganisation", x_ctip_ignore="An organisation's name, not an organization id."),
        field("cas_ReferredPrimaryCaseWorker", x_ctip_ignore="A case worker's name: not exchanged."),
        field("cas_ReasonForOutgoingReferral", x_ctip_column="AJ",
              x_ctip_target="/extensions/org.iom.htcds.outgoing_referral_reason",
              x_ctip_crosswalk={**{k: k for k in LABELS["cas_ReasonForOutgoingReferral"]},
                                **{v: k for k, v in LABELS["cas_ReasonForOutgoingReferral"].items()}},
              description="The toolkit leaves this header cell (AJ1) empty: the column is taken by its letter."),
        field("cas_OutgoingReferralDate", type="date", format="%m-%d-%y",
              x_ctip_target="/extensions/org.iom.htcds.outgoing_referral_date"),
        field("cas_OutgoingReferralDetails", x_ctip_ignore="Free text: may identify the person."),
        field("cas_ReasonForCaseClosure", x_ctip_ignore="Free text; the standard carries a closure code instead."),
    ]
    return {
        "$schema": SCHEMA_URI,
        "name": "htcds-2.0-excel",
        "title": "HTCDS 2.0 Excel toolkit (the three templates share this layout)",
        "description": "IOM's HTCDS 2.0 Excel templates (CC BY 4.0): row 1 (hidden) holds the field names, row 2 the labels, data from row 3; column A is pre-numbered. Cells hold picklist labels except gender.",
        "dialect": {"headerRows": [1], "commentRows": [2], "sheetName": "Sheet1", "x-ctip-numbering-columns": ["A"]},
        "schema": {"missingValues": [""], "fields": fields},
        "x-ctip-record": {
            "type": "case",
            "idPrefix": "htcds",
            "cannotCarry": [
                "Names, birth date, phones and email: pseudonymized, never written.",
                "Addresses, salutation and title: dropped.",
                "Free-text details, locations, organisation and case-worker names: not carried.",
                "con_Consent: one checkbox without purpose or date.",
            ],
        },
    }


def agency_profile():
    return {
        "$schema": SCHEMA_URI,
        "name": "example-agency",
        "title": "Example: a ministry's own intake sheet (made up)",
        "description": "A made-up Spanish-language sheet of a ministry: day-first dates, Spanish labels, a national id column and a free-text column. Copy it to write the profile of your own sheet.",
        "dialect": {"delimiter": ";", "headerRows": [1], "x-ctip-encoding": "windows-1252"},
        "schema": {
            "missingValues": ["", "N/D", "Sin dato"],
            "fields": [
                field("Expediente", x_ctip_target="/id", description="The ministry's case number becomes the record id."),
                field("Nombres", x_ctip_identifier={"kind": "given-name"}),
                field("Apellidos", x_ctip_identifier={"kind": "family-name"}),
                field("Cédula", x_ctip_identifier={"kind": "document", "documentType": "national_id", "country": "DO"}),
                field("Fecha de nacimiento", type="date", format="%d/%m/%Y", x_ctip_identifier={"kind": "birth-date"}),
                field("Sexo", x_ctip_target="/subject/gender",
                      x_ctip_crosswalk={"Femenino": "feminine", "Masculino": "masculine", "Mujer": "feminine",
                                        "Hombre": "masculine", "No especificado": "non_specified_unknown"}),
                field("Nacionalidad", x_ctip_target="/subject/citizenships/-",
                      x_ctip_crosswalk={"Dominicana": "DO", "Haitiana": "HT", "Venezolana": "VE",
                                        "Colombiana": "CO", "Cubana": "CU"}),
                field("Fecha de identificación", type="date", format="%d/%m/%Y", x_ctip_target="/identification/date"),
                field("Tipo de explotación", type="list", delimiter=",", x_ctip_target="/trafficking/exploitation_types/-",
                      x_ctip_crosswalk={"Explotación sexual": "sexual_exploitation", "Trabajo forzoso": "forced_labour",
                                        "Mendicidad forzada": "forced_begging", "Matrimonio forzado": "forced_marriage",
                                        "Servidumbre": "servitude"}),
                field("Estado del caso", x_ctip_target="/case_management/status",
                      x_ctip_crosswalk={"Abierto": "active", "Seguimiento": "follow_up", "Cerrado": "closed",
                                        "Cerrado y referido": "closed_referred"}),
                field("Observaciones", x_ctip_ignore="Free text: may name the person, places or contacts."),
            ],
        },
        "x-ctip-record": {
            "type": "case",
            "idPrefix": "do-mmujer",
            "defaults": {"/identification/country": "DO"},
            "cannotCarry": ["Observaciones (free text) is never carried."],
        },
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    profiles = [
        htcds_profile(),
        ctdc_profile("ctdc-2018", "CTDC global dataset (2018 data dictionary)",
                     "The CTDC global dataset CSV: flags 1/0/-99, missing marker -99 (case management) or Unknown (hotline), ISO alpha-2 countries with 00 unknown, age bands 9--17. Headers are matched case-insensitively (MajorityEntry / majorityEntry).",
                     2018, cannot=CTDC_CANNOT),
        ctdc_profile("ctdc-synthetic-2021", "CTDC global synthetic dataset (2021 release)",
                     "Tab-separated, ISO alpha-3 countries, column names cut to 32 characters, blank for 0 or unknown (a blank flag writes nothing).",
                     2021, delimiter="\t", missing=("",), cut=32, countries="alpha-3", flag_false=("0",),
                     cannot=CTDC_CANNOT + ["A blank flag: 0 and unknown cannot be told apart, so nothing is written."]),
        ctdc_profile("ctdc-synthetic-2024", "CTDC global synthetic dataset (2024 release)",
                     "CSV, 27 columns, flags 1 or empty, age band 09--17.",
                     2024, missing=("",), flag_false=(), age_bands={"09--17": "9-17", "00--08": "0-8", "0--8": "0-8"},
                     only=set(CTDC_2024_COLUMNS),
                     cannot=CTDC_CANNOT + ["An empty flag: false and unknown cannot be told apart, so nothing is written.",
                                           "The 2024 release has no majority, Datasource or recruiter-relationship columns."]),
        agency_profile(),
    ]
    for p in profiles:
        path = os.path.join(OUT, p["name"] + ".json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(p, f, ensure_ascii=False, indent=2)
            f.write("\n")
        print(path, len(p["schema"]["fields"]), "fields")


if __name__ == "__main__":
    sys.exit(main())
