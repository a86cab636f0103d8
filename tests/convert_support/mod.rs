//! Generators of synthetic legacy files for the conversion tests and benches (synthetic
//! people only; a fixed seed gives the same file every time).
#![allow(dead_code)]

use std::io::Write;

/// A small deterministic generator (SplitMix64).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// The CTDC global dataset columns, in the order of the 2018 data dictionary.
pub const CTDC_2018_HEADER: &[&str] = &[
    "yearOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "majorityStatusAtExploit",
    "majorityEntry",
    "citizenship",
    "meansOfControlDebtBondage",
    "meansOfControlTakesEarnings",
    "meansOfControlRestrictsFinancialAccess",
    "meansOfControlThreats",
    "meansOfControlPsychologicalAbuse",
    "meansOfControlPhysicalAbuse",
    "meansOfControlSexualAbuse",
    "meansOfControlFalsePromises",
    "meansOfControlPsychoactiveSubstances",
    "meansOfControlRestrictsMovement",
    "meansOfControlRestrictsMedicalCare",
    "meansOfControlExcessiveWorkingHours",
    "meansOfControlUsesChildren",
    "meansOfControlThreatOfLawEnforcement",
    "meansOfControlWithholdsNecessities",
    "meansOfControlWithholdsDocuments",
    "meansOfControlOther",
    "meansOfControlNotSpecified",
    "meansOfControlConcatenated",
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "isSexAndLabour",
    "isForcedMarriage",
    "isForcedMilitary",
    "isOrganRemoval",
    "typeOfExploitConcatenated",
    "typeOfLabourAgriculture",
    "typeOfLabourAquafarming",
    "typeOfLabourBegging",
    "typeOfLabourConstruction",
    "typeOfLabourDomesticWork",
    "typeOfLabourHospitality",
    "typeOfLabourIllicitActivities",
    "typeOfLabourManufacturing",
    "typeOfLabourMiningOrDrilling",
    "typeOfLabourPeddling",
    "typeOfLabourTransportation",
    "typeOfLabourOther",
    "typeOfLabourNotSpecified",
    "typeOfLabourConcatenated",
    "typeOfSexProstitution",
    "typeOfSexPornography",
    "typeOfSexRemoteInteractiveServices",
    "typeOfSexPrivateSexualServices",
    "typeOfSexConcatenated",
    "isAbduction",
    "RecruiterRelationship",
    "CountryOfExploitation",
    "recruiterRelationIntimatePartner",
    "recruiterRelationFriend",
    "recruiterRelationFamily",
    "recruiterRelationOther",
    "recruiterRelationUnknown",
];

pub const BANDS: &[&str] = &[
    "0--8", "9--17", "18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+",
];
pub const GENDERS: &[&str] = &["Female", "Male", "Transgender/NonConforming", "Unknown"];
pub const COUNTRIES: &[&str] = &["PH", "UA", "MD", "ID", "US", "KH", "HT", "00"];

/// One synthetic CTDC 2018 row (values by column of [`CTDC_2018_HEADER`]).
pub fn ctdc_2018_row(rng: &mut Rng) -> Vec<String> {
    let hotline = rng.chance(30);
    let missing = if hotline { "Unknown" } else { "-99" };
    let mut row = Vec::with_capacity(CTDC_2018_HEADER.len());
    let mut relation_set = false;
    let band = if rng.chance(85) {
        rng.pick(BANDS)
    } else {
        missing
    };
    let majority = match band {
        "0--8" | "9--17" => "Minor",
        b if b == missing => rng.pick(&["Adult", "Minor", missing]),
        _ => "Adult",
    };
    for name in CTDC_2018_HEADER {
        let v: String = match *name {
            "yearOfRegistration" => (2002 + rng.below(16)).to_string(),
            "Datasource" => if hotline {
                "Hotline"
            } else {
                "Case management"
            }
            .into(),
            "gender" => {
                if rng.chance(5) {
                    missing.into()
                } else {
                    rng.pick(GENDERS).into()
                }
            }
            "ageBroad" => band.into(),
            "majorityStatus" => majority.into(),
            "majorityStatusAtExploit" => {
                if majority == "Minor" || rng.chance(80) {
                    majority.into()
                } else {
                    missing.into()
                }
            }
            "majorityEntry" => rng.pick(BANDS).into(),
            "citizenship" | "CountryOfExploitation" => {
                if rng.chance(10) {
                    missing.into()
                } else {
                    rng.pick(COUNTRIES).into()
                }
            }
            n if n.ends_with("Concatenated") || n == "RecruiterRelationship" => missing.into(),
            n if n.starts_with("recruiterRelation") => {
                if n != "recruiterRelationUnknown" && !relation_set && rng.chance(15) {
                    relation_set = true;
                    "1".into()
                } else {
                    rng.pick(&["0", missing]).into()
                }
            }
            _ => rng.pick(&["0", "0", "0", "1", missing]).into(),
        };
        row.push(v);
    }
    row
}

/// Writes a CTDC 2018 CSV with `rows` rows (CRLF line ends, as Excel writes).
pub fn write_ctdc_2018<W: Write>(out: &mut W, rows: usize, seed: u64) -> std::io::Result<()> {
    let mut rng = Rng(seed);
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(CTDC_2018_HEADER)?;
    for _ in 0..rows {
        w.write_record(ctdc_2018_row(&mut rng))?;
    }
    w.flush()?;
    Ok(())
}

/// A CTDC 2018 CSV in memory.
pub fn ctdc_2018_csv(rows: usize, seed: u64) -> Vec<u8> {
    let mut out = Vec::new();
    write_ctdc_2018(&mut out, rows, seed).expect("writing to memory");
    out
}
