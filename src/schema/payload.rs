//! Validators for each (schema, version), built once, and validation of raw payloads.

use std::collections::HashSet;
use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{Draft, ValidationError, Validator};
use serde_json::Value;

use super::{SchemaKind, frozen, generate, migrate};
use crate::read;
use crate::record::{self, Record};
use crate::types::SchemaVersion;
use crate::validate::{Report, RuleCode, ValidationOptions, validate};

/// Refuses every retrieval: the schemas are self-contained, and validation never touches
/// the network or the file system.
struct Offline;

impl jsonschema::Retrieve for Offline {
    fn retrieve(
        &self,
        _: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        Err("ctip-exchange schemas are self-contained: no retrieval".into())
    }
}

const KINDS: usize = SchemaKind::ALL.len();
const VERSIONS: usize = SchemaVersion::SUPPORTED.len();

static VALIDATORS: [[OnceLock<Validator>; KINDS]; VERSIONS] =
    [const { [const { OnceLock::new() }; KINDS] }; VERSIONS];

/// The schema of a kind and version: the frozen file of a released version, or the
/// generated schema of the current version before its release.
fn schema_of(kind: SchemaKind, version: SchemaVersion) -> Option<Value> {
    if let Some(f) = frozen::get(kind, version) {
        return Some(f.value());
    }
    (version == SchemaVersion::CURRENT).then(|| generate(kind))
}

/// The validator of a schema for a supported version, built on first use and reused:
/// draft 2020-12, `format` validated, no retrieval of any resource. `None` for a version
/// this build does not read. Not public: the `jsonschema` crate is an implementation detail.
pub(crate) fn validator(kind: SchemaKind, version: SchemaVersion) -> Option<&'static Validator> {
    let v = SchemaVersion::SUPPORTED
        .iter()
        .position(|s| *s == version)?;
    let cell = &VALIDATORS[v][kind.index()];
    if let Some(built) = cell.get() {
        return Some(built);
    }
    // a version without this schema (1.0 has no tip)
    let schema = schema_of(kind, version).filter(|_| kind.exists_in(version))?;
    Some(cell.get_or_init(|| {
        jsonschema::options()
            .with_draft(Draft::Draft202012)
            .should_validate_formats(true)
            .with_retriever(Offline)
            .build(&schema)
            .expect("the published schemas compile (tested)")
    }))
}

/// Checks a JSON value against the schema of a kind and version and adds one issue per
/// problem to `report`, each with its JSON Pointer and a `structure.*` rule code. Messages
/// name the expected form and never contain a value from the document. Returns the number
/// of issues added.
///
/// Schema keywords map to codes: `required` → `structure.missing_field`;
/// `additionalProperties` → `structure.unknown_field`; `type` → `structure.wrong_type`;
/// `enum` / `const` → `structure.unknown_code`, except the code lists of countries and
/// languages → `structure.invalid_value` (as the rule table and the typed path say); `pattern`, `format`, `minimum`, `maximum`,
/// `minItems`, `uniqueItems`, `propertyNames` and the rest → `structure.invalid_value`.
///
/// ```
/// use ctip_exchange::schema::{schema_issues, SchemaKind};
/// use ctip_exchange::types::SchemaVersion;
/// use ctip_exchange::validate::{Report, RuleCode};
/// let doc = serde_json::json!({"record_type": "case", "schema_version": "1.0", "id": "c-1",
///     "producer": "tt.gov.ctu", "created_at": "2024-02-30T00:00:00Z",
///     "subject": {"gender": "SECRET", "first_name": "SECRET"}});
/// let mut report = Report::default();
/// schema_issues(SchemaKind::Case, SchemaVersion::CURRENT, &doc, &mut report).unwrap();
/// assert!(report.has(RuleCode::StructureInvalidValue)); // February 30
/// assert!(report.has(RuleCode::StructureUnknownCode));  // gender
/// assert!(report.has(RuleCode::StructureUnknownField)); // first_name
/// assert!(!report.to_string().contains("SECRET"));
/// ```
pub fn schema_issues(
    kind: SchemaKind,
    version: SchemaVersion,
    doc: &Value,
    report: &mut Report,
) -> Result<usize, crate::Error> {
    let validator = validator(kind, version).ok_or(crate::Error::UnsupportedVersion {
        found: version,
        supported: SchemaVersion::supported_list(),
    })?;
    let before = report.total();
    let mut seen: HashSet<(RuleCode, String)> = report
        .issues
        .iter()
        .map(|i| (i.code, i.pointer.clone()))
        .collect();
    for error in validator.iter_errors(doc) {
        push_error(&error, report, &mut seen);
    }
    Ok(report.total() - before)
}

fn push_error(
    error: &ValidationError<'_>,
    report: &mut Report,
    seen: &mut HashSet<(RuleCode, String)>,
) {
    match error.kind() {
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            let at = error.instance_path().as_str();
            if let Some(branch) = best_branch(context, at) {
                for e in branch {
                    push_error(e, report, seen);
                }
                return;
            }
            // no alternative takes a value of this JSON type
            let mut expected: Vec<String> = Vec::new();
            for e in context.iter().flatten() {
                let t = match e.kind() {
                    ValidationErrorKind::Type { kind } => types_text(kind),
                    ValidationErrorKind::Constant { .. } => "null".to_owned(),
                    _ => continue,
                };
                if !expected.contains(&t) {
                    expected.push(t);
                }
            }
            let message = format!(
                "wrong JSON type; expected {} (schema {})",
                expected.join(" or "),
                error.schema_path().as_str()
            );
            push_issue(report, seen, RuleCode::StructureWrongType, at, message);
            return;
        }
        _ => {}
    }
    let (code, message) = describe(error);
    push_issue(report, seen, code, error.instance_path().as_str(), message);
}

/// Adds an issue unless one with the same code and (sanitized) pointer is there already:
/// one hash-set look-up per issue, so de-duplication is linear in the number of errors.
fn push_issue(
    report: &mut Report,
    seen: &mut HashSet<(RuleCode, String)>,
    code: RuleCode,
    pointer: &str,
    message: String,
) {
    // Pointers name only what the standard names: never a key the document chose.
    let pointer = read::safe_pointer(pointer);
    if seen.insert((code, pointer.clone())) {
        report.push(code, pointer, message);
    }
}

/// The alternative of an `anyOf` / `oneOf` the value most likely meant. Branches that fail
/// only on the JSON type of the value itself (or on being `null`) do not apply. Among the
/// others, the branch whose shape fits best: a failed `const` on a member (a tag such as
/// `status`) counts 2, any other failure on the value itself (a missing or unknown member)
/// counts 1, failures deeper inside count 0; then the fewest errors; then the first.
/// `None` when no branch applies.
fn best_branch<'a>(
    context: &'a [Vec<ValidationError<'static>>],
    at: &str,
) -> Option<&'a Vec<ValidationError<'static>>> {
    let not_applicable = |e: &ValidationError<'_>| {
        e.instance_path().as_str() == at
            && match e.kind() {
                ValidationErrorKind::Type { .. } => true,
                ValidationErrorKind::Constant { expected_value } => expected_value.is_null(),
                _ => false,
            }
    };
    let weight = |e: &ValidationError<'_>| {
        let path = e.instance_path().as_str();
        let is_member = path
            .strip_prefix(at)
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|rest| !rest.contains('/'));
        match e.kind() {
            ValidationErrorKind::Constant { .. } if is_member => 2,
            _ if path == at => 1,
            _ => 0,
        }
    };
    context
        .iter()
        .filter(|errors| !errors.iter().all(not_applicable))
        .min_by_key(|errors| (errors.iter().map(weight).sum::<usize>(), errors.len()))
}

fn types_text(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Single(t) => t.to_string(),
        TypeKind::Multiple(set) => set
            .iter()
            .map(|t| t.to_string())
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

/// The rule code and a message built from the schema side of the error only (keyword,
/// limits, schema location): the instance is never formatted.
fn describe(error: &ValidationError<'_>) -> (RuleCode, String) {
    use ValidationErrorKind as K;
    let at = error.schema_path().as_str();
    match error.kind() {
        K::Required { property } => (
            RuleCode::StructureMissingField,
            format!(
                "required field {} is missing",
                property
                    .as_str()
                    .map_or_else(|| property.to_string(), |p| format!("`{p}`"))
            ),
        ),
        K::AdditionalProperties { .. } | K::UnevaluatedProperties { .. } => (
            RuleCode::StructureUnknownField,
            format!(
                "unknown field: this object allows only the fields its schema defines (schema {at})"
            ),
        ),
        K::Type { kind } => (
            RuleCode::StructureWrongType,
            format!(
                "wrong JSON type; expected {} (schema {at})",
                types_text(kind)
            ),
        ),
        // Countries and languages are forms (ISO 3166-1, ISO 639), not vocabularies of the
        // standard: the rule table and the typed path call a wrong one an invalid value.
        K::Enum { .. } if is_form_enum(at) => (
            RuleCode::StructureInvalidValue,
            format!("value is not a code of the required form (schema {at})"),
        ),
        K::Enum { .. } | K::Constant { .. } => (
            RuleCode::StructureUnknownCode,
            format!("value is not a code allowed here (schema {at})"),
        ),
        K::Pattern { .. } | K::Format { .. } => (
            RuleCode::StructureInvalidValue,
            format!("value does not have the required form (schema {at})"),
        ),
        K::Minimum { limit } => (
            RuleCode::StructureInvalidValue,
            format!("value is below the minimum {limit} (schema {at})"),
        ),
        K::Maximum { limit } => (
            RuleCode::StructureInvalidValue,
            format!("value is above the maximum {limit} (schema {at})"),
        ),
        K::MinItems { limit } => (
            RuleCode::StructureInvalidValue,
            format!("list needs at least {limit} item(s) (schema {at})"),
        ),
        K::UniqueItems => (
            RuleCode::StructureInvalidValue,
            format!("list has a repeated item (schema {at})"),
        ),
        K::PropertyNames { .. } => (
            RuleCode::StructureInvalidValue,
            format!("a key of this object does not have the required form (schema {at})"),
        ),
        K::OneOfMultipleValid { .. } => (
            RuleCode::StructureInvalidValue,
            format!("value matches more than one alternative (schema {at})"),
        ),
        K::AnyOf { .. } | K::OneOfNotValid { .. } => (
            RuleCode::StructureWrongType,
            format!("value matches none of the alternatives (schema {at})"),
        ),
        other => (
            RuleCode::StructureInvalidValue,
            format!(
                "value breaks the `{}` constraint (schema {at})",
                other.keyword()
            ),
        ),
    }
}

/// True for the schema location of an enumeration that lists the codes of a form (a
/// country, a language) rather than a vocabulary of the standard. `schema_path` is the
/// canonical location, so it names the `$defs` entry, not the `$ref` that led there.
fn is_form_enum(schema_path: &str) -> bool {
    [
        "/$defs/Country/",
        "/$defs/CountryCode/",
        "/$defs/LanguageCode/",
    ]
    .iter()
    .any(|def| schema_path.contains(def))
}

/// Validates untrusted bytes as a record and returns every issue in one report:
///
/// 1. input limits and well-formedness ([`Limits`](crate::Limits): size, UTF-8, syntax,
///    trailing data, depth, duplicate keys), as [`Record::from_slice`] applies them;
/// 2. `record_type` and `schema_version`: a version this build does not read is reported
///    (`structure.schema_version`) with the versions it reads; a document of an older
///    version that uses a field, code or record type of a later one is reported
///    (`structure.newer_than_declared`, one issue per use, with the schema's other findings
///    outside those uses) and not parsed;
/// 3. the JSON Schema of the declared record type and version (`structure.*` issues, one
///    per problem);
/// 4. migration to the current version, and typed parsing (its error is reported only when
///    the schema found none, so one problem is not reported twice);
/// 5. the semantic rules ([`validate`]) on the parsed record.
///
/// Returns the record when typed parsing succeeded. Messages never contain a value taken
/// from the document.
///
/// A document of the current version that typed parsing accepts skips steps 3 and 4 (the
/// typed path and the schema agree: a document one accepts, the other accepts, tested against
/// the published schemas with independent validators), so a valid document costs what
/// [`validate_slice`](crate::validate_slice) costs; every other document (an older version,
/// or one with a structural problem) is checked against the schema as above.
///
/// ```
/// use ctip_exchange::schema::validate_payload;
/// use ctip_exchange::validate::{RuleCode, ValidationOptions};
/// let options = ValidationOptions::at("2026-01-01T00:00:00Z".parse().unwrap());
/// let json = std::fs::read("schemas/1.0/examples/valid/case-tt-domestic-work.json").unwrap();
/// let (record, report) = validate_payload(&json, &options);
/// assert!(record.is_some() && report.issues.is_empty());
///
/// let bad = std::fs::read("schemas/1.0/examples/invalid/structure.invalid_value.json").unwrap();
/// let (record, report) = validate_payload(&bad, &options);
/// assert!(record.is_none());
/// assert_eq!(report.issues[0].code, RuleCode::StructureInvalidValue);
/// assert_eq!(report.issues[0].pointer, "/subject/birth_date");
/// ```
pub fn validate_payload(bytes: &[u8], options: &ValidationOptions) -> (Option<Record>, Report) {
    if let Some(verdict) = typed_verdict(bytes, options) {
        return verdict;
    }
    schema_verdict(bytes, options)
}

/// The fast path of [`validate_payload`]: a document of the current version that typed
/// parsing accepts is one its schema accepts (the typed path and the schema agree: tested
/// against the published schemas with two independent validators, `tests/schema_agreement.rs`
/// and `conformance/`), so its verdict is the semantic rules, with no `Value` and no schema
/// walk. `None` when the schema's own report is needed: an older version (its schema is the
/// frozen one of that version), or a document that typed parsing refuses (the schema then
/// reports every problem, not only the first).
fn typed_verdict(bytes: &[u8], options: &ValidationOptions) -> Option<(Option<Record>, Report)> {
    let text = read::check_limits(bytes, &options.limits).ok()?;
    let version = read::peek(text, &options.limits).ok()?.version().ok()?;
    if version != SchemaVersion::CURRENT {
        return None;
    }
    let record = Record::from_slice(bytes, &options.limits).ok()?;
    let report = validate(&record, options);
    Some((Some(record), report))
}

/// [`validate_payload`] through the schema: limits, a `Value`, every schema problem, then
/// typed parsing and the rules.
fn schema_verdict(bytes: &[u8], options: &ValidationOptions) -> (Option<Record>, Report) {
    let text = match read::check_limits(bytes, &options.limits) {
        Ok(text) => text,
        Err(e) => return (None, Report::from(e)),
    };
    let envelope = match read::scan(text, &options.limits) {
        Ok(envelope) => envelope,
        Err(e) => return (None, Report::from(e)),
    };
    let record_type = match envelope.record_type() {
        Ok(t) => t,
        Err(e) => return (None, Report::from(e)),
    };
    let version = match envelope.version() {
        Ok(v) => v,
        Err(e) => return (None, Report::from(e)),
    };
    if version < record_type.since() {
        return (
            None,
            Report::from(record::record_type_too_new(record_type, version)),
        );
    }
    let mut value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return (
                None,
                Report::from(read::syntax_error(&e, &[], &options.limits)),
            );
        }
    };
    let mut report = Report::default();
    if version != SchemaVersion::CURRENT && version.is_supported() {
        let newer = record::additions::find(record_type, version, &value, Report::MAX_ISSUES);
        if !newer.is_empty() {
            return (
                None,
                newer_than_declared(record_type, version, &value, &newer),
            );
        }
    }
    if let Err(e) = schema_issues(record_type.into(), version, &value, &mut report) {
        return (None, Report::from(e));
    }
    let schema_found_errors = !report.is_valid();
    let parsed = if version == SchemaVersion::CURRENT {
        record::parse_typed(text, record_type, &options.limits)
    } else {
        if let Err(e) = migrate::migrate(&mut value, version) {
            report.push(
                RuleCode::StructureSchemaVersion,
                "/schema_version",
                e.to_string(),
            );
            return (None, report);
        }
        record::parse_typed(&value.to_string(), record_type, &options.limits)
    };
    match parsed {
        Ok(record) => {
            report.append(validate(&record, options));
            (Some(record), report)
        }
        Err(e) => {
            if !schema_found_errors {
                report.append(Report::from(e));
            }
            (None, report)
        }
    }
}

/// The report on an older document that uses additions of a later version: one
/// `structure.newer_than_declared` issue per use, then the findings of its own version's
/// schema that are not about those uses (the schema calls each of them an unknown field or
/// code, which the first issue already says better).
fn newer_than_declared(
    record_type: record::RecordType,
    version: SchemaVersion,
    value: &Value,
    newer: &[record::additions::NewerUse],
) -> Report {
    let mut report = Report::default();
    for use_ in newer {
        report.push(
            RuleCode::StructureNewerThanDeclared,
            use_.pointer.clone(),
            use_.message(version),
        );
    }
    let mut schema = Report::default();
    if schema_issues(record_type.into(), version, value, &mut schema).is_ok() {
        let covered = |code: RuleCode, pointer: &str| {
            newer.iter().any(|u| {
                pointer == u.pointer
                    || pointer
                        .strip_prefix(u.pointer.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
                    // an unknown member is reported at the object that holds it
                    || (code == RuleCode::StructureUnknownField
                        && u.pointer
                            .rsplit_once('/')
                            .is_some_and(|(parent, _)| parent == pointer))
                    // a record type the version lacks: the schema has nothing to say
                    || u.pointer == "/record_type"
            })
        };
        for issue in schema.issues {
            if !covered(issue.code, &issue.pointer) {
                report.push(issue.code, issue.pointer, issue.message);
            }
        }
    }
    report
}
