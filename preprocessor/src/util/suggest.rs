//! "Did you mean …?" for mistyped names.

/// The candidate closest to `word`, if one is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_typos_only() {
        let names = ["gather_join", "gather_sequential", "futures_lazy"];
        assert_eq!(super::closest("gather_jion", names), Some("gather_join"));
        assert_eq!(super::closest("zzz", names), None);
    }
}
