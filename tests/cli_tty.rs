//! `ctip validate` under a real pseudo-terminal (expectrl): the progress bar and colours
//! show on a terminal, and neither shows when the output is piped.
#![cfg(all(feature = "cli", unix))]

use std::fs;
use std::process::Command;
use std::time::Duration;

use expectrl::Expect;
use serde_json::Value;

const AT: &str = "2026-01-15T12:00:00Z";

/// An NDJSON stream long enough for the progress bar to draw, with an invalid line.
fn stream(dir: &std::path::Path) -> std::path::PathBuf {
    let v: Value = serde_json::from_slice(
        &fs::read("schemas/1.0/examples/valid/case-gy-mining.json").unwrap(),
    )
    .unwrap();
    let line = serde_json::to_string(&v).unwrap();
    let mut text = String::from("{\"record_type\":\"case\",\"schema_version\":\"1.0\"}\n");
    for _ in 0..6000 {
        text.push_str(&line);
        text.push('\n');
    }
    let path = dir.join("cases.ndjson");
    fs::write(&path, text).unwrap();
    path
}

fn command(path: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ctip"));
    c.args([
        "validate",
        "--at",
        AT,
        "--progress-delay",
        "0",
        "--jobs",
        "1",
    ])
    .arg(path)
    .env("TERM", "xterm-256color")
    .env_remove("NO_COLOR")
    .env_remove("CLICOLOR")
    .env_remove("CLICOLOR_FORCE")
    .env_remove("CI");
    c
}

#[test]
fn a_terminal_sees_the_progress_bar_and_colours_a_pipe_sees_neither() {
    let dir = tempfile::tempdir().unwrap();
    let path = stream(dir.path());

    let mut session = expectrl::Session::spawn(command(&path)).unwrap();
    session.set_expect_timeout(Some(Duration::from_secs(300)));
    let seen = session.expect(expectrl::Eof).unwrap();
    let seen = String::from_utf8_lossy(seen.as_bytes()).into_owned();
    assert!(
        seen.contains("records/s"),
        "no progress bar on the terminal: {seen:?}"
    );
    assert!(
        seen.contains("\u{1b}["),
        "no colour on the terminal: {seen:?}"
    );
    assert!(seen.contains("structure.missing_field"), "{seen:?}");
    assert!(seen.contains("6001 document(s)"), "{seen:?}");

    let out = command(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    for (name, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(text);
        assert!(!text.contains("records/s"), "progress bar on piped {name}");
        assert!(!text.contains('\u{1b}'), "escape sequence on piped {name}");
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(":1: error structure.missing_field"),
        "{stdout}"
    );
    assert!(out.stderr.is_empty());
}
