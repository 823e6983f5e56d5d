//! The layering of the crate, checked: a folder (or top-level module) uses
//! only those before it in [`ORDER`], and no modules import each other in a
//! circle (the workspace's `layering` crate reads the sources; xtask's
//! `layers` module checks xtask the same way). The crate's documentation
//! (`lib.rs`) and ARCHITECTURE.md's code map list the layers in this order.

/// Top-level folders and modules, each allowed to use only those before it.
const ORDER: &[&str] = &[
    "util", "problem", "finding", "package", "config", "running", "storing", "checking", "render",
    "setup", "pipeline", "protocol",
];

#[test]
fn folders_import_only_downward() {
    layering::assert_downward(env!("CARGO_MANIFEST_DIR"), ORDER);
}

#[test]
fn no_modules_import_each_other_in_a_circle() {
    layering::assert_no_circle(env!("CARGO_MANIFEST_DIR"));
}

/// The layers `text` names in backticks, in the order it names them
/// (each once, at its first mention).
fn layers_named(text: &str) -> Vec<&str> {
    let mut named = Vec::new();
    for word in text.split('`').skip(1).step_by(2) {
        let word = word.trim_end_matches('/');
        if let Some(layer) = ORDER.iter().find(|l| **l == word)
            && !named.contains(layer)
        {
            named.push(*layer);
        }
    }
    named
}

#[test]
fn the_crate_docs_list_the_layers_in_order() {
    let lib = include_str!("lib.rs");
    let docs: Vec<&str> = lib.lines().filter_map(|l| l.strip_prefix("//!")).collect();
    let docs = docs.join("\n");
    let layers = (docs.split("\n\n"))
        .find(|p| p.contains(" → "))
        .expect("a paragraph of layers");
    assert_eq!(layers_named(layers), ORDER, "lib.rs");
}

#[test]
fn the_code_map_lists_the_layers_in_order() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../ARCHITECTURE.md");
    let map = std::fs::read_to_string(path).expect("ARCHITECTURE.md");
    let map = &map[map.find("## Code map").expect("a code map")..];
    let firsts: String = (map.lines())
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| l.split('|').nth(1))
        .collect();
    assert_eq!(layers_named(&firsts), ORDER, "ARCHITECTURE.md");
}
