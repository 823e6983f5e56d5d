//! The examples' builds as cargo finishes them, shared between the thread
//! that reads cargo's messages and the threads that run examples: a run
//! starts as soon as its binary is linked, while cargo still compiles the
//! others, instead of after the whole build.

use crate::running::build::{Built, LocalLib};
use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// What the build has produced so far.
#[derive(Debug, Default)]
pub struct Ready {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct State {
    built: BTreeMap<String, Built>,
    local_libs: Vec<LocalLib>,
    /// The build ended: every example it did not link has its final
    /// [`Built`] (diagnostics, no executable), or none when cargo failed.
    over: bool,
}

impl Ready {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Cargo linked `name`'s binary (`built` has its diagnostics too: rustc
    /// reports them before the artifact), with `local_libs` built so far.
    pub fn linked(&self, name: &str, built: &Built, local_libs: &[LocalLib]) {
        let mut state = self.state();
        state.built.insert(name.to_string(), built.clone());
        state.local_libs = local_libs.to_vec();
        drop(state);
        self.changed.notify_all();
    }

    /// The build ended with `built` (every example it was asked for), or
    /// failed (`None`): nothing more will be linked.
    pub fn close(&self, built: Option<(&BTreeMap<String, Built>, &[LocalLib])>) {
        let mut state = self.state();
        if let Some((built, local_libs)) = built {
            state
                .built
                .extend(built.iter().map(|(n, b)| (n.clone(), b.clone())));
            state.local_libs = local_libs.to_vec();
        }
        state.over = true;
        drop(state);
        self.changed.notify_all();
    }

    /// `name`'s build once it is known: linked, or the build is over
    /// (then a default [`Built`] when cargo did not get to it).
    pub fn built(&self, name: &str) -> Option<Built> {
        let state = self.state();
        match state.built.get(name) {
            Some(built) => Some(built.clone()),
            None => state.over.then(Built::default),
        }
    }

    /// Whether the build ended.
    pub fn over(&self) -> bool {
        self.state().over
    }

    /// The local library crates built so far.
    pub fn local_libs(&self) -> Vec<LocalLib> {
        self.state().local_libs.clone()
    }

    /// Wait for the next binary or the end of the build, at most `limit`.
    pub fn wait(&self, limit: Duration) {
        let state = self.state();
        if !state.over {
            drop(self.changed.wait_timeout(state, limit));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn a_binary_is_ready_when_linked_and_the_rest_when_the_build_ends() {
        let ready = Ready::default();
        assert!(ready.built("a").is_none());
        let a = Built {
            executable: Some(PathBuf::from("/t/a")),
            diagnostics: Vec::new(),
        };
        ready.linked("a", &a, &[]);
        assert_eq!(ready.built("a").and_then(|b| b.executable), a.executable);
        assert!(ready.built("broken").is_none(), "cargo may still link it");
        let mut all = BTreeMap::new();
        all.insert("a".to_string(), a);
        ready.close(Some((&all, &[])));
        assert_eq!(ready.built("broken").map(|b| b.executable), Some(None));
    }

    #[test]
    fn a_waiter_wakes_when_the_build_ends() {
        let ready = Ready::default();
        std::thread::scope(|s| {
            s.spawn(|| {
                std::thread::sleep(Duration::from_millis(20));
                ready.close(None);
            });
            let started = std::time::Instant::now();
            while ready.built("x").is_none() {
                assert!(started.elapsed() < Duration::from_secs(60), "woken");
                ready.wait(Duration::from_secs(1));
            }
        });
    }
}
