//! Calendar files (RFC 5545) as components and properties, read the way calendar software
//! writes them rather than the way §3 says: several `VCALENDAR`s in one file, a byte-order mark,
//! text after the last `END:VCALENDAR`, lowercase names, an unquoted `;` inside a parameter
//! (iPhone's `X-APPLE-STRUCTURED-LOCATION`), a fold inside a multi-byte character. Each property
//! keeps its line, so a refusal or a skipped event can name it. The `icalendar` crate refuses
//! all of these with a trace that points at `BEGIN:VCALENDAR`, hence this reader.

/// One property: its name and parameter names in capitals, its raw value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Property {
    pub name: String,
    pub params: Vec<(String, String)>,
    pub value: String,
    /// The line of the file it starts on (1-based).
    pub line: usize,
}

impl Property {
    /// A parameter's value, its name in any case; quotes removed.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// A TEXT value with its escapes read (§3.3.11).
    pub fn text(&self) -> String {
        unescape(&self.value)
    }
}

/// A component (`VCALENDAR`, `VEVENT`, `VTIMEZONE`, …) with what it holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Component {
    pub name: String,
    pub properties: Vec<Property>,
    pub children: Vec<Component>,
    pub line: usize,
    /// Lines inside it that were no property (`X-APPLE-RADIUS=49.9`, a stray `END`), left
    /// out with why: the component stays.
    pub dropped: Vec<(usize, String)>,
}

impl Component {
    pub fn property(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Property> + 'a {
        self.properties.iter().filter(move |p| p.name == name)
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.property(name).map(|p| p.value.as_str())
    }
}

/// Why a file was refused, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {why}")]
pub struct Refusal {
    pub line: usize,
    pub why: String,
}

fn refuse(line: usize, why: impl Into<String>) -> Refusal {
    Refusal { line, why: why.into() }
}

/// Logical lines: folds joined (as bytes, so a multi-byte character split by a fold is whole
/// again), each with the line it starts on.
fn unfolded(bytes: &[u8]) -> Vec<(usize, String)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut lines: Vec<(usize, Vec<u8>)> = Vec::new();
    for (index, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        match raw.first() {
            Some(b' ' | b'\t') if !lines.is_empty() => {
                if let Some((_, last)) = lines.last_mut() {
                    last.extend_from_slice(&raw[1..]);
                }
            }
            _ => lines.push((index + 1, raw.to_vec())),
        }
    }
    lines.into_iter().map(|(line, bytes)| (line, String::from_utf8_lossy(&bytes).into_owned())).collect()
}

/// `NAME;P=v;Q="a;b":value`. A parameter without `=` belongs to the one before it: writers
/// that leave a `;` unquoted mean it as text.
fn content_line(text: &str, line: usize) -> Option<Property> {
    let mut in_quotes = false;
    let mut parts: Vec<String> = vec![String::new()];
    let mut value_at = None;
    for (at, c) in text.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            ';' if !in_quotes => {
                parts.push(String::new());
                continue;
            }
            ':' if !in_quotes => {
                value_at = Some(at + 1);
                break;
            }
            _ => {}
        }
        if let Some(part) = parts.last_mut() {
            part.push(c);
        }
    }
    let value = text[value_at?..].to_owned();
    let name = parts[0].trim().to_ascii_uppercase();
    if name.is_empty() {
        return None;
    }
    let mut params: Vec<(String, String)> = Vec::new();
    for part in &parts[1..] {
        match part.split_once('=') {
            Some((key, value)) => params.push((key.trim().to_ascii_uppercase(), value.trim_matches('"').to_owned())),
            None => match params.last_mut() {
                Some((_, value)) => {
                    value.push(';');
                    value.push_str(part);
                }
                None => params.push((part.trim().to_ascii_uppercase(), String::new())),
            },
        }
    }
    Some(Property { name, params, value, line })
}

/// Every `VCALENDAR` of the file, or why the file cannot be read. Text outside the calendars
/// (after the last one, between two) is left out; a calendar that is cut off is refused, since
/// what it would have held is unknown.
/// The components RFC 5545 puts right inside a VCALENDAR and nowhere else.
const CALENDAR_PARTS: [&str; 5] = ["VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VTIMEZONE"];

pub fn read(bytes: &[u8]) -> Result<Vec<Component>, Refusal> {
    let mut calendars = Vec::new();
    let mut open: Vec<Component> = Vec::new();
    let mut seen_text = None;
    for (line, text) in unfolded(bytes) {
        if text.trim().is_empty() {
            continue;
        }
        let Some(property) = content_line(&text, line) else {
            match open.last_mut() {
                Some(component) => component
                    .dropped
                    .push((line, format!("line {line} {:?} is no property (NAME:value) and was left out", cut(&text)))),
                None => {
                    seen_text.get_or_insert(line);
                }
            }
            continue;
        };
        match property.name.as_str() {
            "BEGIN" => {
                let name = property.value.trim().to_ascii_uppercase();
                if open.is_empty() && name != "VCALENDAR" {
                    seen_text.get_or_insert(line);
                    continue;
                }
                // These only ever sit in a VCALENDAR: one still open before it lacked its END
                // (`END:VTOOD` is seen) and ends here.
                if CALENDAR_PARTS.contains(&name.as_str()) {
                    while open.len() > 1 {
                        let mut unended = open.pop().expect("more than one open");
                        let why = format!(
                            "BEGIN:{} (line {}) has no END:{}; it ends at line {line}",
                            unended.name, unended.line, unended.name
                        );
                        unended.dropped.push((line, why));
                        open.last_mut().expect("has a parent").children.push(unended);
                    }
                }
                open.push(Component { name, line, ..Component::default() });
            }
            "END" => {
                let name = property.value.trim().to_ascii_uppercase();
                let Some(at) = open.iter().rposition(|c| c.name == name) else {
                    if let Some(component) = open.last_mut() {
                        component
                            .dropped
                            .push((line, format!("line {line} END:{name} has no BEGIN:{name} and was left out")));
                    }
                    continue;
                };
                // An inner component left open is closed with its parent.
                while open.len() > at + 1 {
                    let inner = open.pop().expect("deeper than `at`");
                    open.last_mut().expect("has a parent").children.push(inner);
                }
                let done = open.pop().expect("found at `at`");
                match open.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => calendars.push(done),
                }
            }
            _ => match open.last_mut() {
                Some(component) => component.properties.push(property),
                None => {
                    seen_text.get_or_insert(line);
                }
            },
        }
    }
    // A component left open inside a calendar means the file was cut off: what it would have
    // held is unknown. A calendar whose components all ended lacks only its last line.
    if let Some(unclosed) = open.get(1) {
        return Err(refuse(
            unclosed.line,
            format!("BEGIN:{} has no END:{}: the file is cut off", unclosed.name, unclosed.name),
        ));
    }
    if let Some(calendar) = open.pop() {
        calendars.push(calendar);
    }
    if calendars.is_empty() {
        return Err(refuse(seen_text.unwrap_or(1), "there is no BEGIN:VCALENDAR … END:VCALENDAR in it"));
    }
    Ok(calendars)
}

fn cut(text: &str) -> String {
    text.chars().take(40).collect()
}

fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_calendars_a_bom_trailing_text_and_lowercase_names_read() {
        let text =
            "\u{feff}BEGIN:VCALENDAR\r\nbegin:vevent\r\nuid:a\r\nsummary:Eins\r\nend:vevent\r\nEND:VCALENDAR\r\n\
            BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:b\nEND:VEVENT\nEND:VCALENDAR\n\nThis calendar was exported by X.\n";
        let calendars = read(text.as_bytes()).unwrap();
        assert_eq!(calendars.len(), 2);
        assert_eq!(calendars[0].children[0].name, "VEVENT");
        assert_eq!(calendars[0].children[0].value("SUMMARY"), Some("Eins"));
        assert_eq!(calendars[1].children[0].property("UID").unwrap().line, 9);
    }

    #[test]
    fn a_fold_inside_a_character_and_an_unquoted_semicolon_in_a_parameter() {
        let bytes = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:K\xC3\r\n \xB6ln\r\n\
            X-APPLE-STRUCTURED-LOCATION;VALUE=URI;X-ADDRESS=Hauptstr. 1;Hannover;X-TITLE=\"Caf\xC3\xA9: Ecke\":geo:52.3,9.7\r\n\
            END:VEVENT\r\nEND:VCALENDAR\r\n";
        let event = &read(bytes).unwrap()[0].children[0];
        assert_eq!(event.value("SUMMARY"), Some("Köln"));
        let apple = event.property("X-APPLE-STRUCTURED-LOCATION").unwrap();
        assert_eq!(apple.param("x-address"), Some("Hauptstr. 1;Hannover"));
        assert_eq!(apple.param("X-TITLE"), Some("Café: Ecke"));
        assert_eq!(apple.value, "geo:52.3,9.7");
    }

    #[test]
    fn refusals_name_the_line_and_the_problem() {
        let cut_off = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\n";
        assert_eq!(
            read(cut_off.as_bytes()).unwrap_err().to_string(),
            "line 2: BEGIN:VEVENT has no END:VEVENT: the file is cut off"
        );
        assert_eq!(
            read(b"<html>nope</html>").unwrap_err().to_string(),
            "line 1: there is no BEGIN:VCALENDAR … END:VCALENDAR in it"
        );
    }

    #[test]
    fn a_broken_line_is_left_out_and_its_component_kept() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nX-APPLE-RADIUS=49.9\r\nEND:VALARM\r\nEND:VEVENT\r\n";
        let calendars = read(text.as_bytes()).unwrap();
        let event = &calendars[0].children[0];
        assert_eq!(event.value("UID"), Some("a"), "a calendar without its last line is read");
        let dropped: Vec<&str> = event.dropped.iter().map(|(_, why)| why.as_str()).collect();
        assert_eq!(
            dropped,
            [
                "line 4 \"X-APPLE-RADIUS=49.9\" is no property (NAME:value) and was left out",
                "line 5 END:VALARM has no BEGIN:VALARM and was left out"
            ]
        );
    }

    #[test]
    fn a_misspelt_end_closes_its_component_at_the_next_one() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:t\r\nEND:VTOOD\r\nBEGIN:VEVENT\r\nUID:e\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let calendars = read(text.as_bytes()).unwrap();
        let names: Vec<&str> = calendars[0].children.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["VTODO", "VEVENT"], "the event is the calendar's, not the to-do's");
        let why: Vec<&str> = calendars[0].children[0].dropped.iter().map(|(_, why)| why.as_str()).collect();
        assert_eq!(
            why,
            [
                "line 4 END:VTOOD has no BEGIN:VTOOD and was left out",
                "BEGIN:VTODO (line 2) has no END:VTODO; it ends at line 5"
            ]
        );
    }

    #[test]
    fn text_values_are_unescaped() {
        let property = content_line("DESCRIPTION:Zeile\\nzwei\\, drei\\; vier\\\\", 1).unwrap();
        assert_eq!(property.text(), "Zeile\nzwei, drei; vier\\");
    }
}
