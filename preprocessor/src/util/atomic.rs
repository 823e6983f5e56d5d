//! Files that are replaced whole or not at all.

use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;

/// Write the file `name` in the cache folder `dir` atomically: `fill` writes
/// a temp file beside it (buffered), which then replaces the file. A reader
/// sees the old file or the new one, never half of one; a temp file left by
/// a killed build is swept later (see `Cache::put`).
pub fn write_atomically(
    dir: &Path,
    name: &str,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let path = dir.join(name);
    let fail = || format!("cannot write {}", path.display());
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).with_context(fail)?;
    let mut out = std::io::BufWriter::new(&mut tmp);
    fill(&mut out)
        .and_then(|()| out.flush())
        .with_context(fail)?;
    drop(out);
    tmp.persist(&path).with_context(fail)?;
    Ok(())
}
