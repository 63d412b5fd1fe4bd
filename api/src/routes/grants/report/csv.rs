//! The report as CSV: RFC 4180 (comma-separated, CRLF, fields with a comma, quote or line
//! break quoted, quotes doubled), UTF-8, and text that a spreadsheet would run as a formula
//! made inert.

/// One record as a CSV line, ending in CRLF.
pub fn record<S: AsRef<str>>(fields: &[S]) -> String {
    let mut line = fields.iter().map(|f| field(f.as_ref())).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

/// Whether a spreadsheet would read the text as a formula (OWASP, "CSV Injection"): it
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return and is not a plain number.
fn looks_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r']) && text.parse::<f64>().is_err()
}

/// A field, defused and quoted as needed: a formula-like text gets a leading `'`, which
/// spreadsheets show as text and never evaluate.
fn field(text: &str) -> String {
    let text = if looks_like_formula(text) { format!("'{text}") } else { text.to_owned() };
    if text.contains([',', '"', '\r', '\n']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_what_rfc_4180_needs_and_defuses_formulas() {
        assert_eq!(
            record(&["a", "b,c", "say \"hi\"", "two\nlines"]),
            "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
        );
        assert_eq!(
            record(&["=HYPERLINK(\"x\")", "@SUM(A1)", "+1+2", "-3", "2700.00", ""]),
            "\"'=HYPERLINK(\"\"x\"\")\",'@SUM(A1),'+1+2,-3,2700.00,\r\n"
        );
        assert_eq!(record(&["Škopje–Софија"]), "Škopje–Софија\r\n");
    }
}
