//! `reveal` and `search`: the two things a reader does with the keyboard
//! and mouse.

use super::{Ctx, Page};
use crate::report::Checked;
use anyhow::{Context, Result, bail};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

/// Check 2: a predict-then-reveal block hides its output until its
/// `<summary>` is clicked, then shows it (and hides it again on a second click).
pub async fn reveal(ctx: &Ctx<'_>, pages: &[Page]) -> Result<Checked<()>> {
    let Some(page) = pages.iter().find(|p| p.facts.reveals > 0) else {
        bail!("no chapter has a details.mdbx-reveal");
    };
    ctx.browser.goto(&ctx.server.url(&page.path)).await?;
    let client = ctx.browser.client();
    let details = client
        .find("details.mdbx-reveal:has(pre.mdbx-output)")
        .await
        .context("a details.mdbx-reveal with an output")?;
    let output = details.find("pre.mdbx-output").await?;
    let summary = details.find("summary").await?;
    let mut problems = Vec::new();
    // WebDriver's own "is displayed" (chromedriver's atom), not our JS.
    if output.is_displayed().await? {
        problems.push("the output is displayed before the click".to_string());
    }
    summary.click().await.context("clicking the summary")?;
    if !output.is_displayed().await? {
        problems.push("the output is not displayed after clicking the summary".into());
    }
    for extra in ["svg.mdbx-timeline", "figcaption.mdbx-footer"] {
        if let Ok(el) = details.find(extra).await
            && !el.is_displayed().await?
        {
            problems.push(format!("{extra} is not displayed after the click"));
        }
    }
    summary
        .click()
        .await
        .context("clicking the summary again")?;
    if output.is_displayed().await? {
        problems.push("the output stays displayed after a second click".into());
    }
    let example = client
        .execute(
            "return arguments[0].closest('figure.mdbx').dataset.example;",
            vec![serde_json::to_value(&details)?],
        )
        .await?;
    let summary_line = format!(
        "{}: the reveal of {} clicked open and closed again",
        page.path,
        example.as_str().unwrap_or("?")
    );
    Ok(Checked::new((), summary_line, problems))
}

/// A word printed by some example and found nowhere else in the book, with
/// the pages whose outputs print it.
///
/// Chosen at test time from the pages themselves, so the check follows the
/// book as chapters change: a token of an output line (cut and stemmed the
/// way mdBook's elasticlunr index cuts and stems) whose stem matches no word
/// of any page's prose, code, headings, footers or summaries. Every search
/// hit for it can then only come from example output, which proves that the
/// real output went into the search index. The longest such word wins
/// (ties: alphabetical), for a stable, distinctive choice.
fn output_only_word(pages: &[Page]) -> Option<(String, BTreeSet<String>)> {
    let rest_words: BTreeSet<&str> = pages
        .iter()
        .flat_map(|p| p.facts.rest_words.iter().map(String::as_str))
        .collect();
    let rest_stems: BTreeSet<&str> = pages
        .iter()
        .flat_map(|p| p.facts.rest_stems.iter().map(String::as_str))
        .collect();
    let mut found: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for page in pages {
        for (word, stem) in &page.facts.out_words {
            if !rest_words.contains(word.as_str()) && !rest_stems.contains(stem.as_str()) {
                found
                    .entry(word.as_str())
                    .or_default()
                    .insert(page.path.clone());
            }
        }
    }
    found
        .into_iter()
        .max_by(|a, b| a.0.len().cmp(&b.0.len()).then(b.0.cmp(a.0)))
        .map(|(w, pages)| (w.to_string(), pages))
}

const RESULTS_JS: &str = r#"
return [...document.querySelectorAll('#mdbook-searchresults li a')].map((a) => ({
  path: new URL(a.href, location.href).pathname.replace(/^\//, ''),
  text: a.textContent,
}));
"#;

/// Check 4: mdBook's search (opened with the `s` key, as a reader would)
/// finds a word that only example output contains.
pub async fn search(ctx: &Ctx<'_>, pages: &[Page]) -> Result<Checked<()>> {
    if pages.iter().any(|p| !p.facts.has_lunr) {
        bail!("elasticlunr is not loaded on every page: is search disabled in book.toml?");
    }
    let Some((word, expected)) = output_only_word(pages) else {
        bail!(
            "no word of any example's output is absent from the prose and source, \
             so search cannot be shown to index output"
        );
    };
    let b = ctx.browser;
    b.goto(&ctx.server.url("index.html")).await?;
    b.client().press_key('s').await?;
    b.wait_for(
        "!document.getElementById('mdbook-search-wrapper').classList.contains('hidden')",
        Duration::from_secs(5),
    )
    .await
    .context("pressing `s` did not open the search bar")?;
    let bar = b.client().find("#mdbook-searchbar").await?;
    bar.send_keys(&word).await?;
    b.wait_for(
        "document.querySelectorAll('#mdbook-searchresults li').length",
        Duration::from_secs(10),
    )
    .await
    .with_context(|| format!("no search result for \"{word}\""))?;
    let results: Vec<serde_json::Value> = serde_json::from_value(b.js(RESULTS_JS, vec![]).await?)?;
    let paths: Vec<&str> = results.iter().filter_map(|r| r["path"].as_str()).collect();
    let mut problems = Vec::new();
    if !paths.iter().any(|p| expected.contains(*p)) {
        problems.push(format!(
            "no result links to {} (results: {})",
            expected.iter().cloned().collect::<Vec<_>>().join(", "),
            paths.join(", ")
        ));
    }
    let summary = format!(
        "\"{word}\" (printed only by examples on {}) → {} result(s), first: {}",
        expected.iter().cloned().collect::<Vec<_>>().join(", "),
        results.len(),
        paths.first().unwrap_or(&"-")
    );
    Ok(Checked::new((), summary, problems))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::PageFacts;

    fn page(path: &str, out: &[(&str, &str)], rest: &[&str], stems: &[&str]) -> Page {
        Page {
            path: path.into(),
            facts: PageFacts {
                out_words: out
                    .iter()
                    .map(|(w, s)| (w.to_string(), s.to_string()))
                    .collect(),
                rest_words: rest.iter().map(|s| s.to_string()).collect(),
                rest_stems: stems.iter().map(|s| s.to_string()).collect(),
                ..PageFacts::default()
            },
        }
    }

    #[test]
    fn picks_the_longest_word_no_prose_has() {
        let pages = [
            page(
                "a.html",
                &[("world", "world"), ("flaky", "flaki"), ("started", "start")],
                &["world", "greet"],
                &["world", "greet"],
            ),
            page("b.html", &[("flaky", "flaki")], &["starting"], &["start"]),
        ];
        let (word, on) = output_only_word(&pages).unwrap();
        assert_eq!(word, "flaky");
        assert_eq!(on.into_iter().collect::<Vec<_>>(), ["a.html", "b.html"]);
        assert!(output_only_word(&pages[..0]).is_none());
    }
}
