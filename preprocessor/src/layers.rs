//! The layering of the crate, checked: a folder (or top-level module) uses
//! only those before it in [`ORDER`], and no modules import each other in a
//! circle (the workspace's `layering` crate reads the sources; xtask's
//! `layers` module checks xtask the same way).

/// Top-level folders and modules, each allowed to use only those before it.
const ORDER: &[&str] = &[
    "util", "finding", "package", "config", "running", "checking", "storing", "render", "setup",
    "pipeline", "protocol",
];

#[test]
fn folders_import_only_downward() {
    layering::assert_downward(env!("CARGO_MANIFEST_DIR"), ORDER);
}

#[test]
fn no_modules_import_each_other_in_a_circle() {
    layering::assert_no_circle(env!("CARGO_MANIFEST_DIR"));
}
