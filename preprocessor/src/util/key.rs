//! Fingerprints: a short hash of labelled values, to tell whether something
//! (a toolchain, a tool's settings) changed without asking it.

/// A fingerprint being built.
#[derive(Debug, Default)]
pub struct Fingerprint(blake3::Hasher);

impl Fingerprint {
    pub fn new() -> Fingerprint {
        Fingerprint::default()
    }

    /// Mix in raw bytes (no length: for a fixed prefix).
    pub fn raw(mut self, bytes: &[u8]) -> Fingerprint {
        self.0.update(bytes);
        self
    }

    /// Mix in bytes with their length, so that parts do not run together.
    pub fn part(mut self, bytes: &[u8]) -> Fingerprint {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    /// Mix in a labelled value.
    pub fn text(self, label: &str, value: &str) -> Fingerprint {
        self.part(label.as_bytes()).part(value.as_bytes())
    }

    /// The whole hash, 64 hex digits.
    pub fn hex(self) -> String {
        self.0.finalize().to_hex().to_string()
    }

    /// 32 hex digits.
    pub fn finish(self) -> String {
        self.hex()[..32].to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_values_do_not_run_together() {
        let a = Fingerprint::new().text("ab", "c").finish();
        assert_ne!(a, Fingerprint::new().text("a", "bc").finish());
        assert_eq!(a.len(), 32);
        assert_eq!(a, Fingerprint::new().text("ab", "c").finish());
    }
}
