//! The module layers of DESIGN.md §3, checked mechanically: every `crate::X` and `super::`
//! import of every file under `src/` is resolved to the top-level module it names, and each
//! edge must go to a module of a lower layer, or of the same layer without closing a cycle.
//! The checker is plain text processing (comments and string literals are removed first), so
//! it sees imports in test modules and in function bodies as well as `use` lines.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layer table of DESIGN.md §3. `error` (the crate's error enum) sits with the report
/// vocabulary at the bottom; the crate root (`lib.rs`) is above everything.
const LAYERS: &[(&str, u8)] = &[
    ("types", 1),
    ("vocab", 1),
    ("report", 1),
    ("error", 1),
    ("read", 2),
    ("case", 3),
    ("referral", 3),
    ("indicator", 3),
    ("tip", 3),
    ("record", 4),
    ("pseudonym", 5),
    ("disclosure", 5),
    ("validate", 6),
    ("schema", 7),
    ("convert", 8),
    ("bin", 9),
    ("(root)", 10),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

/// Removes comments, string and character literals, keeping line structure.
fn strip(source: &str) -> String {
    let b = source.as_bytes();
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == b'r'
            && (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#'))
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'))
        {
            // raw string r"..." or r#"..."#
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&b'"') {
                out.push(c as char);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == b'"'
                    && b[j + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|&&h| h == b'#')
                        .count()
                        == hashes
                {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                if i < b.len() && b[i] == b'\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == b'\''
            && (b.get(i + 2) == Some(&b'\'')
                || (b.get(i + 1) == Some(&b'\\')
                    && b[i + 2..].iter().take(10).any(|&x| x == b'\'')))
        {
            // a character literal ('x', '\n', '\u{..}'), not a lifetime
            i += 1;
            if b[i] == b'\\' {
                i += 1;
            }
            while i < b.len() && b[i] != b'\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else {
            out.push(c as char);
            i += 1;
        }
    }
    out
}

/// The module path of a file under `src/`: `types/list.rs` -> `[types, list]`, `types/mod.rs`
/// -> `[types]`, `lib.rs` -> `[]`; `bin/...` counts as the module `bin`.
fn module_path(rel: &str) -> Vec<String> {
    let rel = rel.trim_end_matches(".rs");
    let mut parts: Vec<String> = rel.split('/').map(str::to_owned).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "main") {
        parts.pop();
    }
    if parts == ["lib"] {
        parts.clear();
    }
    parts
}

fn ident_at(code: &[u8], mut i: usize) -> (String, usize) {
    let start = i;
    while i < code.len() && (code[i].is_ascii_alphanumeric() || code[i] == b'_') {
        i += 1;
    }
    (String::from_utf8_lossy(&code[start..i]).into_owned(), i)
}

/// The first names of a `{...}` use group starting at `i` (just after `{`), at its top level.
fn group_heads(code: &[u8], mut i: usize) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0usize;
    let mut expect_head = true;
    while i < code.len() {
        match code[i] {
            b'{' => {
                depth += 1;
                i += 1;
            }
            b'}' if depth == 0 => break,
            b'}' => {
                depth -= 1;
                i += 1;
            }
            b',' if depth == 0 => {
                expect_head = true;
                i += 1;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let (name, j) = ident_at(code, i);
                if expect_head && depth == 0 {
                    heads.push(name);
                    expect_head = false;
                }
                i = j;
            }
            _ => i += 1,
        }
    }
    heads
}

/// The top-level modules one file imports (`crate::X`, `super::...` resolved), with the
/// inline modules (`mod tests { ... }`) taken into account for `super`.
fn imports_of(rel: &str, source: &str) -> BTreeSet<String> {
    let code = strip(source);
    let code = code.as_bytes();
    let file_path = module_path(rel);
    let mut out = BTreeSet::new();
    // inline modules: (brace depth at which it was opened)
    let mut inline: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut pending_mod = false;
    let mut i = 0;
    while i < code.len() {
        let c = code[i];
        if c == b'{' {
            depth += 1;
            if pending_mod {
                inline.push(depth);
                pending_mod = false;
            }
            i += 1;
            continue;
        }
        if c == b'}' {
            if inline.last() == Some(&depth) {
                inline.pop();
            }
            depth = depth.saturating_sub(1);
            i += 1;
            continue;
        }
        if c == b';' {
            pending_mod = false;
        }
        if !(c.is_ascii_alphabetic() || c == b'_')
            || (i > 0
                && (code[i - 1].is_ascii_alphanumeric()
                    || code[i - 1] == b'_'
                    || code[i - 1] == b':'))
        {
            i += 1;
            continue;
        }
        let (word, j) = ident_at(code, i);
        if word == "mod" {
            pending_mod = true;
            i = j;
            continue;
        }
        if word != "crate" && word != "super" {
            i = j;
            continue;
        }
        // the module the path is relative to
        let mut base: Vec<String> = if word == "crate" {
            Vec::new()
        } else {
            let mut here = file_path.clone();
            here.extend(inline.iter().map(|_| "(inline)".to_owned()));
            here.pop();
            here
        };
        let mut k = j;
        let mut names: Vec<String> = Vec::new();
        loop {
            if code.get(k) == Some(&b':') && code.get(k + 1) == Some(&b':') {
                k += 2;
            } else {
                break;
            }
            if code.get(k) == Some(&b'{') {
                names = group_heads(code, k + 1);
                break;
            }
            let (next, k2) = ident_at(code, k);
            if next == "super" && word == "super" && names.is_empty() {
                base.pop();
                k = k2;
                continue;
            }
            if next.is_empty() {
                break;
            }
            names = vec![next];
            break;
        }
        for name in names {
            let target = if base.is_empty() {
                name
            } else {
                base[0].clone()
            };
            out.insert(target);
        }
        i = k.max(j);
    }
    let own = file_path
        .first()
        .cloned()
        .unwrap_or_else(|| "(root)".to_owned());
    out.remove(&own);
    out
}

/// The items the crate root re-exports (`pub use validate::{Report, ...};`), by the module
/// they come from, so that `crate::Report` counts as an import of that module.
fn root_reexports(files: &[(String, String)]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Some((_, lib)) = files.iter().find(|(rel, _)| rel == "lib.rs") else {
        return out;
    };
    let code = strip(lib);
    for stmt in code.split(';') {
        let Some(rest) = stmt.trim().strip_prefix("pub use ") else {
            continue;
        };
        let rest = rest
            .trim()
            .trim_start_matches("crate::")
            .trim_start_matches("self::");
        let Some((module, items)) = rest.split_once("::") else {
            continue;
        };
        let items = items.trim().trim_start_matches('{').trim_end_matches('}');
        for item in items.split(',') {
            let name = item.split_whitespace().last().unwrap_or("");
            if !name.is_empty() {
                out.insert(name.to_owned(), module.trim().to_owned());
            }
        }
    }
    out
}

/// Every edge between top-level modules: (from, to) -> the files that make it.
fn graph(files: &[(String, String)]) -> BTreeMap<(String, String), Vec<String>> {
    let modules: BTreeSet<String> = files
        .iter()
        .filter_map(|(rel, _)| module_path(rel).first().cloned())
        .collect();
    let reexports = root_reexports(files);
    let mut edges: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for (rel, source) in files {
        let from = module_path(rel)
            .first()
            .cloned()
            .unwrap_or_else(|| "(root)".to_owned());
        for to in imports_of(rel, source) {
            let to = reexports.get(&to).cloned().unwrap_or(to);
            if modules.contains(&to) && to != from {
                edges
                    .entry((from.clone(), to))
                    .or_default()
                    .push(rel.clone());
            }
        }
    }
    edges
}

/// Every breach of the layer rule: an edge upwards, a module missing from the table, or a
/// cycle among modules of one layer.
fn violations(edges: &BTreeMap<(String, String), Vec<String>>) -> Vec<String> {
    let mut out = Vec::new();
    for ((from, to), files) in edges {
        match (layer(from), layer(to)) {
            (Some(a), Some(b)) if b > a => out.push(format!(
                "{from} (layer {a}) imports {to} (layer {b}) in {files:?}"
            )),
            (None, _) => out.push(format!("{from} is not in the layer table")),
            (_, None) => out.push(format!("{to} is not in the layer table")),
            _ => {}
        }
    }
    // cycles: depth-first search over the whole graph
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in edges.keys() {
        next.entry(from).or_default().push(to);
    }
    fn visit<'a>(
        m: &'a str,
        next: &BTreeMap<&'a str, Vec<&'a str>>,
        state: &mut BTreeMap<&'a str, u8>,
        stack: &mut Vec<&'a str>,
        out: &mut Vec<String>,
    ) {
        match state.get(m) {
            Some(2) => return,
            Some(1) => {
                let start = stack.iter().position(|s| *s == m).unwrap_or(0);
                out.push(format!("cycle: {} -> {m}", stack[start..].join(" -> ")));
                return;
            }
            _ => {}
        }
        state.insert(m, 1);
        stack.push(m);
        for n in next.get(m).into_iter().flatten() {
            visit(n, next, state, stack, out);
        }
        stack.pop();
        state.insert(m, 2);
    }
    let mut state = BTreeMap::new();
    for m in next.keys() {
        visit(m, &next, &mut state, &mut Vec::new(), &mut out);
    }
    out
}

fn sources(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src is readable")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path
                .strip_prefix(root)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&path).expect("utf-8 source")));
        }
    }
}

#[test]
fn no_module_imports_a_module_above_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &root, &mut files);
    assert!(files.len() > 20, "the crate's sources were found");
    let edges = graph(&files);
    // the checker sees the crate's real edges (guards against a checker that finds nothing)
    for expected in [
        ("record", "case"),
        ("validate", "record"),
        ("read", "error"),
    ] {
        assert!(
            edges.contains_key(&(expected.0.to_owned(), expected.1.to_owned())),
            "edge {expected:?} not found: {:?}",
            edges.keys().collect::<Vec<_>>()
        );
    }
    let bad = violations(&edges);
    assert!(bad.is_empty(), "layer violations:\n{}", bad.join("\n"));
}

fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(p, s)| (p.to_string(), s.to_string()))
        .collect()
}

#[test]
fn the_checker_finds_a_planted_upward_import() {
    let clean = files(&[
        ("types/mod.rs", "pub mod list;\n"),
        ("types/list.rs", "use super::super::report::Issue;\n"),
        ("report.rs", "use crate::types::Id;\n"),
        (
            "validate/mod.rs",
            "use crate::{report::Report, types::{Id, Age}};\n",
        ),
    ]);
    let edges = graph(&clean);
    assert!(edges.contains_key(&("validate".into(), "types".into())));
    assert!(edges.contains_key(&("validate".into(), "report".into())));
    // types -> report and report -> types: same layer, but a cycle
    let bad = violations(&edges);
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert!(bad[0].starts_with("cycle: "), "{bad:?}");

    for planted in [
        "use crate::validate::RuleCode;",
        "fn f() { let _ = crate::validate::validate; }",
        "use crate::{vocab, validate::Report};",
        "#[cfg(test)]\nmod tests {\n    use super::super::super::validate::Report;\n}",
        "use crate::Report;",
    ] {
        let upward = files(&[
            ("types/mod.rs", "pub mod list;\n"),
            ("types/list.rs", planted),
            ("lib.rs", "pub use validate::{validate, Report};"),
            ("vocab/mod.rs", "use crate::types::Id;"),
            ("validate/mod.rs", "use crate::types::Id;"),
        ]);
        let bad = violations(&graph(&upward));
        assert!(
            bad.iter()
                .any(|b| b.starts_with("types (layer 1) imports validate (layer 6)")),
            "{planted}: {bad:?}"
        );
        assert!(bad.iter().any(|b| b.starts_with("cycle: ")), "{bad:?}");
    }
}

#[test]
fn the_checker_ignores_comments_strings_and_local_super() {
    let fine = files(&[
        (
            "types/list.rs",
            "//! see [`crate::validate`]\n/* crate::schema */\nconst S: &str = \"crate::schema\";\nconst R: &str = r#\"crate::validate\"#;\nfn f() { let c = '{'; }\nmod tests { use super::*; use super::List; }\n",
        ),
        (
            "types/mod.rs",
            "mod list; use self::list::List; use super::vocab::X;",
        ),
        ("vocab/mod.rs", ""),
        ("validate/mod.rs", ""),
        ("schema/mod.rs", ""),
    ]);
    let edges = graph(&fine);
    let keys: Vec<_> = edges.keys().collect();
    assert_eq!(
        keys,
        vec![&("types".to_owned(), "vocab".to_owned())],
        "{keys:?}"
    );
    assert!(violations(&edges).is_empty());
}
