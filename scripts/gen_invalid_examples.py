#!/usr/bin/env python3
"""Regenerate schemas/1.0/examples/invalid/ from the valid examples.

Each invalid example is a valid one with one mutation, named after the rule code it must
raise (tests/examples.rs checks that it raises that rule and no other error). Run from the
repository root: python3 scripts/gen_invalid_examples.py
"""
import copy
import json
import os

ROOT = "schemas/1.0/examples"
OUT = f"{ROOT}/invalid"


def load(name):
    with open(f"{ROOT}/valid/{name}", encoding="utf-8") as f:
        return json.load(f)


CASE = load("case-tt-domestic-work.json")
REF = load("referral-tt-shelter-completed.json")
REF_OPEN = load("referral-gy-repatriation-requested.json")
IND = load("indicators-tt-2024-victims.json")
ROUNDED = load("indicators-caribbean-2023-age-sex.json")


def dump(doc):
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def write(code, content, note):
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    with open(f"{OUT}/{code}.json", "wb") as f:
        f.write(data)
    notes.append((code, note))


def mutate(base, fn):
    doc = copy.deepcopy(base)
    fn(doc)
    return dump(doc)


notes = []
os.makedirs(OUT, exist_ok=True)
for old in os.listdir(OUT):
    os.remove(os.path.join(OUT, old))

text = dump(CASE)
write("json.too_large", text, "a valid case, read with a size limit of 1024 bytes")
deep = copy.deepcopy(CASE)
nested = 1
for _ in range(70):
    nested = [nested]
deep["extensions"]["org.example.deep"] = nested
write("json.too_deep", dump(deep), "an extension nested 70 levels deep (limit 64)")
write("json.duplicate_key", text.replace('"gender": "feminine",', '"gender": "feminine",\n    "gender": "masculine",', 1),
      "subject.gender given twice")
write("json.invalid_utf8", text.encode("utf-8").replace("Spanish".encode(), b"Span\xffsh", 1), "a byte that is not UTF-8 in a note")
write("json.trailing_data", text + "{}\n", "a second JSON value after the document")
write("json.syntax", text.replace('"producer": "tt.gov.ctu",', '"producer": "tt.gov.ctu"', 1), "a missing comma")
write("structure.record_type", mutate(REF, lambda d: d.update(record_type="referal")), "record_type misspelled")
write("structure.schema_version", mutate(CASE, lambda d: d.update(schema_version="2.0")), "a version this build does not read")
write("structure.missing_field", mutate(REF, lambda d: d.pop("urgency")), "urgency left out")
write("structure.unknown_field", mutate(CASE, lambda d: d["subject"].update(first_name="Marisol")),
      "a direct identifier (first_name) in the subject: refused")
write("structure.wrong_type", mutate(CASE, lambda d: d["subject"].update(age_at_identification="26")), "an age as a string")
write("structure.unknown_code", mutate(CASE, lambda d: d["subject"].update(gender="female")),
      "a CTDC code where the exchange code is feminine")
write("structure.invalid_value", mutate(CASE, lambda d: d["subject"].update(birth_date="1998-02-30")), "February 30")
write("date.future", mutate(CASE, lambda d: d["assistance"][1].update(start="2099-05")),
      "an assistance start in 2099, after any reference time")
write("date.order", mutate(CASE, lambda d: d["trafficking"]["events"][2].update(end="2023-02")), "an event that ends before it starts")
write("age.inconsistent", mutate(CASE, lambda d: d["subject"].update(age_band="18-20")), "age band 18-20 with age 26")
write("case.closure_inconsistent", mutate(CASE, lambda d: d["case_management"].update(status="closed")),
      "a closed case without closed_on and closure_reason (warning)")
write("trafficking.inconsistent", mutate(CASE, lambda d: d["trafficking"].update(sexual_exploitation_types=["pornography"])),
      "sexual exploitation details without sexual_exploitation (warning)")
write("consent.inconsistent", mutate(CASE, lambda d: d["consents"][2].update(status="withdrawn")),
      "a withdrawn consent without withdrawn_on")
write("referral.history_order", mutate(REF, lambda d: d["history"][2].update(at="2024-08-02T16:05:00Z")),
      "accepted before received")
write("referral.transition", mutate(REF, lambda d: d["history"].pop(2)), "received straight to in_progress")
write("referral.status_mismatch", mutate(REF, lambda d: d.update(status="in_progress")), "status is not the last history status")
write("referral.consent_missing", mutate(REF, lambda d: d["consent"]["consent"].update(organizations=["iom.tt"])),
      "the consent does not name the recipient")


def withdrawn_before(d):
    d["consent"]["consent"].update(status="withdrawn", decided_on="2024-06-10", withdrawn_on="2024-07-15")


write("referral.consent_withdrawn", mutate(REF, withdrawn_before), "consent withdrawn before the referral")
write("referral.consent_withdrawn_open",
      mutate(REF_OPEN, lambda d: d["consent"]["consent"].update(status="withdrawn", withdrawn_on="2025-03-01")),
      "consent withdrawn after the referral, which is still open (warning)")


def to_self(d):
    d["to"] = {"org": "tt.gov.ctu", "org_type": "law_enforcement"}
    d["consent"]["consent"]["organizations"].append("tt.gov.ctu")


write("referral.self", mutate(REF, to_self), "a referral to the referring organization (warning)")
write("indicator.empty", mutate(IND, lambda d: d["indicators"][2].update(cells=[])), "an indicator without cells")
write("indicator.duplicate_id", mutate(IND, lambda d: d["indicators"][1].update(id="victims-by-sex")), "two indicators with one id")
write("indicator.dimension_repeated",
      mutate(IND, lambda d: d["indicators"][0]["dimensions"].append({"dimension": "sex"})), "sex listed twice")
write("indicator.coordinate",
      mutate(IND, lambda d: d["indicators"][0]["cells"][0]["coordinates"].update(sex="feminine")),
      "a Gender code in the sex dimension")
write("indicator.duplicate_cell",
      mutate(IND, lambda d: d["indicators"][0]["cells"].append(copy.deepcopy(d["indicators"][0]["cells"][1]))),
      "the male cell twice")
write("indicator.total_less_than_parts",
      mutate(IND, lambda d: d["indicators"][0]["cells"][4]["value"].update(count=25)), "a total of 25 with a part of 31")
write("indicator.below_threshold",
      mutate(IND, lambda d: d["indicators"][0]["cells"][2].update(value={"status": "exact", "count": 3})),
      "an exact 3 under a threshold of 5 (male and unknown stay suppressed, 9 between them)")
write("indicator.not_rounded",
      mutate(ROUNDED, lambda d: d["indicators"][0]["cells"][0]["value"].update(count=25)), "25 where the rounding base is 3")


def recoverable(d):
    cells = d["indicators"][0]["cells"]
    cells[0]["value"].update(count=40)
    cells[3].update(value={"status": "exact", "count": 0})


write("indicator.suppressed_recoverable", mutate(IND, recoverable),
      "female 40 and unknown 0 published with total 43: the suppressed male cell is 43 - 40 - 0 = 3")
def two_multi_select(d):
    ind = d["indicators"][1]
    ind["dimensions"].append({"dimension": "citizenship", "multi_select": True})
    for cell in ind["cells"]:
        cell["coordinates"]["citizenship"] = "total"


write("indicator.audit_incomplete", mutate(IND, two_multi_select),
      "a second multi-select dimension (citizenship) in the indicator with a suppressed cell: a table "
      "the audit does not model, reported as not audited (warning; an error under strict_disclosure)")
write("indicator.disclosure_inconsistent", mutate(IND, lambda d: d["disclosure"].pop("threshold")),
      "threshold suppression without a threshold")
write("free_text.contact_details", mutate(REF, lambda d: d.update(note="call the caseworker at +1 (868) 555-0100")),
      "a phone number in a note (warning)")

with open(f"{OUT}/README.md", "w", encoding="utf-8") as f:
    f.write("# Invalid examples\n\n")
    f.write("Each file is a valid example with one change, named after the rule code it must raise\n")
    f.write("(see the rule table in the crate documentation, module `validate`). Validate with the\n")
    f.write("reference time `2026-01-01T00:00:00Z`. Generated by `scripts/gen_invalid_examples.py`.\n\n")
    f.write("| file | what is wrong |\n|---|---|\n")
    for code, note in notes:
        f.write(f"| `{code}.json` | {note} |\n")
print(len(notes), "invalid examples")
