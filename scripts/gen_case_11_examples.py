#!/usr/bin/env python3
"""Write the version 1.1 examples of criminal-justice proceedings and timely support:
two valid cases (schemas/1.1/examples/valid/case-proceedings-*.json, case-support-*.json)
and, for each rule they add, an invalid example that is one of them with one change
(schemas/1.1/examples/invalid/<rule code>--case-proceedings.json or --case-support.json).
Every person is synthetic; the pseudonyms are made-up values of the ps1 form.
Prints the README rows of the invalid examples."""
import copy
import json

P1 = "ps1:ttctu2025:q3xkvm7ahw2pe4ntcfzl6rdyb5gjsuio"
P2 = "ps1:ttctu2025:m2w7ezqcbkanfhxj4tvd6ul3psrgyoi5"

proceedings = {
    "record_type": "case",
    "schema_version": "1.1",
    "id": "tt-ctu-2024-0212",
    "producer": "tt.gov.ctu",
    "created_at": "2024-02-12T14:00:00Z",
    "updated_at": "2025-07-01T09:30:00Z",
    "subject": {
        "pseudonyms": ["ps1:ttctu2025:vb4nq2xw7ks3hzymcr6djfeo5atpgl2u"],
        "gender": "feminine",
        "birth_date": "2002",
        "majority": "adult",
        "citizenships": ["VE"],
        "languages": ["es"],
    },
    "trafficking": {
        "status": "actual_victim_of_trafficking",
        "status_decided_by": "police",
        "status_decided_on": "2024-02",
        "exploitation_types": ["sexual_exploitation"],
    },
    "identification": {"date": "2024-02-09", "channel": "law_enforcement", "country": "TT", "identified_by": "tt.gov.ctu"},
    "perpetrators": [
        {"roles": ["exploiter"], "citizenship": "TT", "defendant": P1, "sex": "male", "age_status": "adult", "legal_person": False},
        {"roles": ["recruiter_or_intermediary"], "citizenship": "VE", "defendant": "D2", "sex": "female", "age_status": "adult", "legal_person": False},
        {"roles": ["transporter"], "defendant": "D3", "legal_person": True},
    ],
    "criminal_justice": {
        "investigation": "charges_filed",
        "prosecution": "convicted",
        "iccs": "02041",
        "victim_participation": "testified",
        "persons_investigated": 3,
        "persons_prosecuted": 2,
        "persons_convicted": 1,
        "protective_measures": ["video_link", "anonymity"],
        "proceedings": [
            {"kind": "investigation_opened", "date": "2024-02-09", "agency": "tt.gov.ctu"},
            {"kind": "suspect_identified", "date": "2024-02-20", "agency": "tt.gov.ctu", "defendant": "D3"},
            {"kind": "arrest", "date": "2024-03-01", "agency": "tt.gov.ctu", "defendant": P1},
            {"kind": "arrest", "date": "2024-03-01", "agency": "tt.gov.ctu", "defendant": "D2"},
            {"kind": "charge_laid", "date": "2024-03-02", "agency": "tt.gov.ctu", "defendant": P1, "charges": [
                {"iccs": "02041", "statute": {"country": "TT", "act": "Trafficking in Persons Act, 2011", "section": "16(1)"}, "offences": 2, "attempted": False},
                {"iccs": "0204", "statute": {"country": "TT", "act": "Trafficking in Persons Act, 2011", "section": "18"}, "offences": 1, "attempted": False},
            ]},
            {"kind": "charge_laid", "date": "2024-03-02", "agency": "tt.gov.ctu", "defendant": "D2", "charges": [
                {"iccs": "02041", "statute": {"country": "TT", "act": "Trafficking in Persons Act, 2011", "section": "16(1)"}, "offences": 1, "attempted": True},
            ]},
            {"kind": "first_appearance", "date": "2024-03-04", "agency": "tt.judiciary.mag-poswest", "court_level": "magistrates", "defendant": P1},
            {"kind": "first_appearance", "date": "2024-03-04", "agency": "tt.judiciary.mag-poswest", "court_level": "magistrates", "defendant": "D2"},
            {"kind": "preliminary_inquiry", "date": "2024-06", "agency": "tt.judiciary.mag-poswest", "court_level": "magistrates", "defendant": P1},
            {"kind": "verdict", "date": "2024-06-28", "agency": "tt.judiciary.mag-poswest", "court_level": "magistrates", "defendant": "D2", "charges": [
                {"iccs": "02041", "outcome": "dismissed"},
            ]},
            {"kind": "committal", "date": "2024-09-10", "agency": "tt.judiciary.mag-poswest", "court_level": "magistrates", "defendant": P1},
            {"kind": "indictment", "date": "2024-11", "agency": "tt.gov.odpp", "court_level": "high_court", "defendant": P1},
            {"kind": "trial_started", "date": "2025-03-10", "agency": "tt.judiciary.high-court", "court_level": "high_court", "defendant": P1},
            {"kind": "verdict", "date": "2025-04-02", "agency": "tt.judiciary.high-court", "court_level": "high_court", "defendant": P1, "charges": [
                {"iccs": "02041", "outcome": "convicted"},
                {"iccs": "0204", "outcome": "acquitted"},
            ]},
            {"kind": "sentence", "date": "2025-05-15", "agency": "tt.judiciary.high-court", "court_level": "high_court", "defendant": P1, "sentence": [
                {"type": "imprisonment", "months": 180},
                {"type": "fine", "amount": {"amount": 500000, "currency": "TTD"}},
                {"type": "compensation_order", "amount": {"amount": 150000, "currency": "TTD"}},
            ]},
            {"kind": "appeal_lodged", "date": "2025-06-02", "agency": "tt.gov.odpp", "court_level": "court_of_appeal", "defendant": P1},
        ],
    },
    "consents": [{"purpose": "law_enforcement", "status": "granted", "decided_on": "2024-02-10"}],
}

support = {
    "record_type": "case",
    "schema_version": "1.1",
    "id": "jm-ngo-2025-0031",
    "producer": "jm.ngo.haven",
    "created_at": "2025-03-03T10:00:00Z",
    "subject": {"gender": "masculine", "age_band": "18-20", "majority": "adult", "citizenships": ["JM"], "languages": ["en"]},
    "trafficking": {"status": "possible_victim_of_trafficking", "exploitation_types": ["forced_labour"], "labour_industries": ["a_agriculture_forestry_and_fishing"]},
    "identification": {"date": "2025-03-01", "channel": "self_referral", "country": "JM", "identified_by": "jm.ngo.haven"},
    "needs": [
        {"id": "need-1", "service": "shelter", "identified_on": "2025-03-01", "assessed_by": "jm.ngo.haven"},
        {"id": "need-2", "service": "medical", "identified_on": "2025-03-01", "assessed_by": "jm.ngo.haven"},
        {"id": "need-3", "service": "legal_aid", "identified_on": "2025-03-10"},
    ],
    "assistance": [
        {"service": "shelter", "status": "completed", "requested": "2025-03-01", "start": "2025-03-01", "end": "2025-05-30", "need": "need-1", "provider": "jm.ngo.haven"},
        {"service": "medical", "status": "completed", "requested": "2025-03-02", "start": "2025-03-05", "end": "2025-03-05", "need": "need-2", "provider": "jm.gov.moh"},
        {"service": "legal_aid", "status": "ongoing", "requested": "2025-03-12", "start": "2025-04-02", "need": "need-3", "provider": "jm.ngo.legal-aid"},
    ],
    "consents": [{"purpose": "referral", "status": "granted", "decided_on": "2025-03-01", "organizations": ["jm.ngo.legal-aid"]}],
}

def write(path, doc):
    with open(path, "w") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")

write("schemas/1.1/examples/valid/case-proceedings-tt-high-court.json", proceedings)
write("schemas/1.1/examples/valid/case-support-jm-timely.json", support)

rows = []
def invalid(code, variant, base, change, description):
    doc = copy.deepcopy(base)
    change(doc)
    name = f"{code}--{variant}.json"
    write(f"schemas/1.1/examples/invalid/{name}", doc)
    rows.append(f"| `{name}` | {description} |")

ev = lambda d: d["criminal_justice"]["proceedings"]

def out_of_order(d):
    ev(d)[6]["date"] = "2024-02-01"
invalid("proceedings.event_order", "case-proceedings", proceedings, out_of_order,
        "a first appearance dated before the charge listed before it")

def verdict_uncharged(d):
    ev(d)[9]["defendant"] = "D3"
    # D3 was only identified as a suspect; with the verdict, three persons were prosecuted
    d["criminal_justice"]["persons_prosecuted"] = 3
invalid("proceedings.verdict_without_charge", "case-proceedings", proceedings, verdict_uncharged,
        "a verdict for defendant D3, who was never charged")

def sentence_unconvicted(d):
    ev(d)[13]["charges"][0]["outcome"] = "acquitted"
    d["criminal_justice"]["prosecution"] = "acquitted"
    d["criminal_justice"]["persons_convicted"] = 0
invalid("proceedings.sentence_without_conviction", "case-proceedings", proceedings, sentence_unconvicted,
        "a sentence after a verdict that acquitted on every charge")

def summary(d):
    d["criminal_justice"]["persons_prosecuted"] = 1
invalid("proceedings.summary_mismatch", "case-proceedings", proceedings, summary,
        "persons_prosecuted 1 while the proceedings show two defendants charged")

def repeated(d):
    d["perpetrators"][2]["defendant"] = "D2"
invalid("proceedings.defendant_repeated", "case-proceedings", proceedings, repeated,
        "two perpetrators with the defendant reference D2")

def dup(d):
    d["needs"][2]["id"] = "need-2"
    d["assistance"][2]["need"] = "need-2"
invalid("support.need_duplicate_id", "case-support", support, dup,
        "two needs with the id need-2")

def unknown(d):
    d["assistance"][1]["need"] = "need-7"
    d["needs"][1]["identified_on"] = "2025-03-05"
    d["assistance"].append({"service": "medical", "status": "completed", "start": "2025-03-05", "need": "need-2"})
invalid("support.need_unknown", "case-support", support, unknown,
        "an assistance linked to need-7, which the case does not have")

def early(d):
    d["assistance"][2]["start"] = "2025-03-11"
invalid("support.started_before_requested", "case-support", support, early,
        "legal aid started the day before it was requested")

def unmet(d):
    d["assistance"][2]["start"] = "2025-05-20"
invalid("support.need_unmet", "case-support", support, unmet,
        "legal aid started 71 days after the need was identified (the default allows 30)")

def declares_1_0(d):
    d["schema_version"] = "1.0"
invalid("structure.newer_than_declared", "case-proceedings", proceedings, declares_1_0,
        "the proceedings case declaring 1.0: its 1.1 fields (first: a perpetrator's defendant reference) are refused, not read as 1.0")

print("\n".join(rows))
