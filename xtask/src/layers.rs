//! The layering of xtask, checked as the preprocessor's is (the workspace's
//! `layering` crate): shared helpers first, then the book-authoring tools
//! (`authoring/`), then the repository's tasks, each using only what comes
//! before it in [`ORDER`], and no modules importing each other in a circle.

/// Top-level folders and modules, each allowed to use only those before it.
const ORDER: &[&str] = &[
    // Helpers every room uses.
    "cmd",
    "files",
    "repo",
    "tools",
    "pyodide", //
    // Book-authoring tools.
    "authoring", //
    // Repository tasks.
    "book",
    "e2e",
    "checks",
    "fuzz",
    "line_times",
    "bench",
    "test",
];

#[test]
fn folders_import_only_downward() {
    layering::assert_downward(env!("CARGO_MANIFEST_DIR"), ORDER);
}

#[test]
fn no_modules_import_each_other_in_a_circle() {
    layering::assert_no_circle(env!("CARGO_MANIFEST_DIR"));
}
