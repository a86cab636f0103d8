//! Detection of contact details in free text, for the `free_text.contact_details` warning.
//!
//! Best effort: it finds common forms of email addresses and phone numbers; it cannot prove
//! that a text is free of personal data.

/// True when `text` seems to contain an email address or a phone number.
pub(crate) fn has_contact_details(text: &str) -> bool {
    has_email(text) || has_phone(text)
}

fn has_email(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        if c != b'@' {
            return false;
        }
        let local = b[..i]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric() || b"._%+-".contains(c))
            .count();
        let domain = &b[i + 1..];
        let dlen = domain
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || b".-".contains(c))
            .count();
        let domain = &domain[..dlen];
        local > 0
            && domain
                .iter()
                .position(|&c| c == b'.')
                .is_some_and(|p| p > 0 && p + 2 < dlen + 1 && domain.last() != Some(&b'.'))
    })
}

fn has_phone(text: &str) -> bool {
    // Runs of digits and common separators holding 7 to 15 digits (E.164 has at most 15),
    // except runs shaped like dates (2024-03-01, 01.03.2024).
    let is_part = |c: char| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')' | '+');
    text.split(|c: char| !is_part(c)).any(|run| {
        let groups: Vec<usize> = run
            .split(|c: char| !c.is_ascii_digit())
            .filter(|g| !g.is_empty())
            .map(str::len)
            .collect();
        let digits: usize = groups.iter().sum();
        let date_like = matches!(groups.as_slice(), [4, 2, 2] | [2, 2, 4] | [4, 2] | [2, 4]);
        (7..=15).contains(&digits) && !date_like && groups.iter().all(|&g| g <= 15)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_contact_details() {
        for yes in [
            "write to ana.perez@example.org",
            "call +1 (868) 555-0199",
            "tel 868-555-0199.",
            "x@y.tt",
        ] {
            assert!(has_contact_details(yes), "{yes}");
        }
        for no in [
            "shelter placement for 3 months",
            "seen 2024-03-01",
            "from 2023-01-05 to 2023-02-01",
            "room 12",
            "a@b",
            "@home",
            "ref 12-34",
        ] {
            assert!(!has_contact_details(no), "{no}");
        }
    }
}
