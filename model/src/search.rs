//! Free-text search over events that forgives case and umlauts: "koln" and "koeln" find "Köln".

use crate::Event;

/// Lower-cases, drops accents of the common Latin letters and writes umlauts as plain vowels,
/// so that "Köln", "Koeln" and "koln" compare equal.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' | 'à' | 'á' | 'â' | 'ã' | 'å' => out.push('a'),
            'ö' | 'ò' | 'ó' | 'ô' | 'õ' | 'ø' => out.push('o'),
            'ü' | 'ù' | 'ú' | 'û' => out.push('u'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'í' | 'ì' | 'î' | 'ï' => out.push('i'),
            'ç' => out.push('c'),
            'ñ' => out.push('n'),
            'ß' => out.push_str("ss"),
            c => out.push(c),
        }
    }
    // "ae", "oe", "ue" are how umlauts are typed without them.
    out.replace("ae", "a").replace("oe", "o").replace("ue", "u")
}

impl Event {
    /// The folded text a search looks at: title, summary, tags, organizer, place.
    pub fn search_text(&self) -> String {
        let mut parts: Vec<&str> = vec![&self.title];
        parts.extend(self.summary.as_deref());
        parts.extend(self.tags.iter().map(String::as_str));
        parts.extend(self.organizer.as_ref().map(|o| o.name.as_str()));
        if let Some(location) = &self.location {
            parts.extend(location.city.as_deref());
            parts.extend(location.name.as_deref());
        }
        fold(&parts.join(" "))
    }
}

/// Every word of the query occurs in the folded text.
pub fn matches_query(search_text: &str, query: &str) -> bool {
    matches_words(search_text, &query_words(query))
}

/// The folded words of a query, for matching many texts against it.
pub fn query_words(query: &str) -> Vec<String> {
    fold(query).split_whitespace().map(str::to_owned).collect()
}

/// Every one of the (folded) words occurs in the folded text.
pub fn matches_words(search_text: &str, words: &[String]) -> bool {
    words.iter().all(|word| search_text.contains(word.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn umlauts_and_case_do_not_matter() {
        let text = fold("IT-Stammtisch Köln, Café Müller, Straße");
        for query in ["koln", "KÖLN", "koeln", "muller", "Müller", "strasse", "cafe", "stammtisch koln"] {
            assert!(matches_query(&text, query), "{query}");
        }
        assert!(!matches_query(&text, "hamburg"));
        assert!(!matches_query(&text, "koln hamburg"), "every word must occur");
        assert!(matches_query(&text, "  "), "an empty query matches everything");
    }
}
