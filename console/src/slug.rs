//! Ids from titles: what an organizer would type, without the typing.

/// Lower-case ASCII words joined by hyphens, at most `max` characters: "Café am Kröpcke" →
/// "cafe-am-kroepcke".
pub fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        let part = match c {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            'à' | 'á' | 'â' | 'ã' | 'å' => "a",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ò' | 'ó' | 'ô' | 'õ' | 'ø' => "o",
            'ù' | 'ú' | 'û' => "u",
            'ç' => "c",
            'ñ' => "n",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "-",
        };
        if part == "-" && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push_str(part);
    }
    out.truncate(max);
    out.trim_end_matches('-').to_owned()
}
