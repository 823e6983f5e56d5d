//! An intended failure: `{{#example mistake_type compile=fail code=E0308}}`
//! shows rustc's real error, and the build fails if it ever compiles.
fn main() {
    let steps: u32 = "three";
    println!("{steps}");
}
