//! A book without a single directive: the preprocessor needs no examples
//! package, writes nothing, and the HTML is byte for byte what mdBook makes
//! without it, even with directive-like text in code, inline code and HTML
//! comments.

use crate::harness::Fixture;
use std::collections::BTreeMap;
use std::path::Path;

const CHAPTER: &str = r#"# Directives, shown but not used

Write `{{#example hello}}` in a chapter to embed an example.

```markdown
{{#example hello total="~1s"}}

{{#compare a b}}
```

    {{#example indented_code}}

<!-- {{#example in_a_comment}} -->

<div>{{#compare in html}}</div>

Text with braces {{ but no directive }}.
"#;

/// Every file of the built book, by path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .display()
                .to_string();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

#[test]
fn a_book_without_directives_is_rendered_byte_for_byte_and_nothing_is_written() {
    let mut f = Fixture::new();
    f.chapter("ch.md", CHAPTER);
    std::fs::remove_dir_all(f.root().join("examples")).expect("no examples package");
    let with = f.build();
    assert!(with.ok, "{}\n{:?}", with.log, with.error);
    assert!(
        !f.root().join("target").exists(),
        "nothing written: {}",
        with.log
    );
    assert!(!f.root().join("examples").exists());

    let toml = std::fs::read_to_string(f.root().join("book.toml")).expect("book.toml");
    let start = toml.find("[preprocessor.examples]").expect("our table");
    let end = toml.find("[output.html]").expect("html table");
    let without_table = format!("{}{}", &toml[..start], &toml[end..]);
    std::fs::write(f.root().join("book.toml"), without_table).expect("book.toml");
    let without = f.run_build("plain");
    assert!(without.ok, "{:?}", without.error);

    let (a, b) = (
        files(&f.root().join("book")),
        files(&f.root().join("plain")),
    );
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs");
    }
    let page = String::from_utf8_lossy(&a["ch.html"]).into_owned();
    assert!(
        page.contains("{{#example hello total=") && page.contains("in_a_comment"),
        "{page}"
    );
}
