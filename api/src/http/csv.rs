//! CSV as the API exchanges it (RFC 4180): comma-separated, fields with a comma, quote or line
//! break in double quotes, quotes doubled, CRLF between records; written plain (the catalogue,
//! which reads its own exports back) or with formula-like text defused (reports opened in
//! spreadsheets), and read back with the line each record starts on.

/// One record as a CSV line, ending in CRLF.
pub fn record<S: AsRef<str>>(fields: &[S]) -> String {
    let mut line = fields.iter().map(|f| field(f.as_ref())).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

/// One record as a CSV line, ending in CRLF, with text a spreadsheet would run as a formula
/// made inert: it gets a leading `'`, which spreadsheets show as text and never evaluate.
pub fn defused_record<S: AsRef<str>>(fields: &[S]) -> String {
    let defused: Vec<String> = fields.iter().map(|f| defused(f.as_ref())).collect();
    record(&defused)
}

fn field(text: &str) -> String {
    if text.contains([',', '"', '\r', '\n']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_owned() }
}

/// Whether a spreadsheet would read the text as a formula (OWASP, "CSV Injection"): it
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return and is not a plain number.
fn looks_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r']) && text.parse::<f64>().is_err()
}

fn defused(text: &str) -> String {
    if looks_like_formula(text) { format!("'{text}") } else { text.to_owned() }
}

/// Why a CSV text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvSyntaxError {
    /// The 1-based line the problem starts on.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Reads CSV text into records of fields; each record with the line it starts on. Blank lines
/// are skipped; a byte-order mark at the start is ignored.
pub fn parse(text: &str) -> Result<Vec<(usize, Vec<String>)>, CsvSyntaxError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut record_line = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    current.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    current.push(c);
                }
                _ => current.push(c),
            }
            continue;
        }
        match c {
            '"' if current.is_empty() => quoted = true,
            '"' => return Err(CsvSyntaxError { line, message: "a quote inside an unquoted field".to_owned() }),
            ',' => fields.push(std::mem::take(&mut current)),
            '\r' => {}
            '\n' => {
                fields.push(std::mem::take(&mut current));
                if !(fields.len() == 1 && fields[0].is_empty()) {
                    records.push((record_line, std::mem::take(&mut fields)));
                }
                fields.clear();
                line += 1;
                record_line = line;
            }
            _ => current.push(c),
        }
    }
    if quoted {
        return Err(CsvSyntaxError { line: record_line, message: "a quoted field is not closed".to_owned() });
    }
    if !current.is_empty() || !fields.is_empty() {
        fields.push(current);
        records.push((record_line, fields));
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_round_trip_through_quoting() {
        let fields = ["plain", "a, b", "say \"hi\"", "two\nlines", ""];
        let text = format!("{}{}", record(&["h1", "h2", "h3", "h4", "h5"]), record(&fields));
        let parsed = parse(&text).unwrap();
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[1], (2, fields.iter().map(|s| s.to_string()).collect()));
    }

    #[test]
    fn defused_records_quote_what_rfc_4180_needs_and_defuse_formulas() {
        assert_eq!(
            defused_record(&["a", "b,c", "say \"hi\"", "two\nlines"]),
            "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
        );
        assert_eq!(
            defused_record(&["=HYPERLINK(\"x\")", "@SUM(A1)", "+1+2", "-3", "2700.00", ""]),
            "\"'=HYPERLINK(\"\"x\"\")\",'@SUM(A1),'+1+2,-3,2700.00,\r\n"
        );
        assert_eq!(defused_record(&["Škopje–Софија"]), "Škopje–Софија\r\n");
        assert_eq!(record(&["=1+2"]), "=1+2\r\n", "plain records keep the text as it is");
    }

    #[test]
    fn lines_are_counted_and_broken_quotes_refused() {
        let parsed = parse("a,b\n\n\"x\ny\",z\nlast,1").unwrap();
        assert_eq!(parsed.iter().map(|(l, _)| *l).collect::<Vec<_>>(), [1, 3, 5]);
        assert_eq!(parse("a,\"b\n").unwrap_err().line, 1);
        assert!(parse("a,b\"c\n").is_err());
    }
}
