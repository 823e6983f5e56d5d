//! The checks. Each is a named entry in the report; later checks use what
//! `navigation` and `outputs` found, and [`run_all`] says which run side by
//! side in two browser sessions.

mod axe;
mod console;
mod contrast;
mod interact;
mod layout;
mod legibility;
mod looks;
mod pages;
mod panes;
mod phone;
mod playground;
mod python_run;
mod sharing;
mod text_size;

use crate::browser::Browser;
pub use crate::facts::{Page, PageFacts};
use crate::report::{Checked, Report};
use crate::server::Server;
use crate::unchanged::{Memo, Record, Split};
use anyhow::Result;
use std::collections::BTreeMap;
use std::future::Future;
use std::path::Path;
use std::time::Duration;

/// What every check gets.
#[derive(Debug)]
pub struct Ctx<'a> {
    pub browser: &'a Browser,
    pub server: &'a Server,
    pub book: &'a Path,
    pub screenshots: &'a Path,
    /// axe-core's `axe.min.js`.
    pub axe: &'a Path,
    /// Only the measurements (`measure` … `axe`) after `navigation` and
    /// `outputs`.
    pub measure_only: bool,
}

const PAGE_FACTS_JS: &str = include_str!("page_facts.js");

/// The pages a check looks at: every chapter page, or, after a passing run
/// recorded what it saw, those changed since (see `unchanged.rs`).
#[derive(Debug)]
struct Scope<'p> {
    /// Every chapter page, in sidebar order (an unchanged page with the
    /// facts recorded for it).
    all: &'p [Page],
    /// The pages changed since the last passing run (all of them without
    /// a usable record).
    changed: Vec<Page>,
    /// The record file, for messages.
    file: String,
}

/// What a check gets: pages to look at, or why there is nothing to.
#[derive(Debug)]
enum Pick<'s> {
    Check(&'s [Page]),
    Same(String),
}

impl<'p> Scope<'p> {
    fn new(all: &'p [Page], unchanged: &BTreeMap<String, PageFacts>, file: String) -> Self {
        let changed = all
            .iter()
            .filter(|p| !unchanged.contains_key(&p.path))
            .cloned()
            .collect();
        Self { all, changed, file }
    }

    /// No page is unchanged: every check runs as without a record.
    fn full(&self) -> bool {
        self.changed.len() == self.all.len()
    }

    /// For a per-page check: the changed pages.
    fn each(&self) -> Pick<'_> {
        match self.changed.is_empty() {
            true => Pick::Same(self.nothing_changed()),
            false => Pick::Check(&self.changed),
        }
    }

    /// For a check that looks at one page with `what` (`has`): the changed
    /// pages if one of them has it.
    fn some(&self, what: &str, has: impl Fn(&PageFacts) -> bool) -> Pick<'_> {
        if self.full() || self.changed.iter().any(|p| has(&p.facts)) {
            return self.each();
        }
        match self.changed.is_empty() {
            true => Pick::Same(self.nothing_changed()),
            false => Pick::Same(format!(
                "no changed page has {what} ({} changed); {}",
                self.changed.len(),
                self.others()
            )),
        }
    }

    /// For a check of the whole book (the search index, the print page):
    /// every page, if any changed.
    fn whole(&self) -> Pick<'p> {
        match self.changed.is_empty() {
            true => Pick::Same(self.nothing_changed()),
            false => Pick::Check(self.all),
        }
    }

    fn nothing_changed(&self) -> String {
        format!(
            "unchanged since the last passing run ({}): {} pages",
            self.file,
            self.all.len()
        )
    }

    fn others(&self) -> String {
        format!(
            "the {} other pages are unchanged since the last passing run ({})",
            self.all.len() - self.changed.len(),
            self.file
        )
    }
}

/// Run `check` on the picked pages, or report it passed as unchanged.
async fn on<'s, T, F>(
    report: &mut Report,
    name: &str,
    limit: Duration,
    pick: Pick<'s>,
    check: impl FnOnce(&'s [Page]) -> F,
) where
    F: Future<Output = Result<Checked<T>>>,
{
    match pick {
        Pick::Check(pages) => {
            report.run(name, limit, check(pages)).await;
        }
        Pick::Same(why) => report.same(name, &why),
    }
}

/// Run every check, printing as they finish; the record of this run, if
/// it writes one and `outputs` ran (to be saved when everything passed).
///
/// `navigation` and `console` always run; `outputs` opens the changed
/// pages and takes the others' facts from the record; the per-page checks
/// get the changed pages; `search` and `print` (the whole book) run when
/// any page changed. After `navigation` and `outputs` the checks run in
/// three browser sessions at once: `ctx` does what a reader does (reveal,
/// search, themes, print), `other` the measurements (axe and phone on each
/// page included), the longest check, which `ctx` then helps with (see
/// `sharing.rs`); `third` runs `playground` and `python` meanwhile. Then
/// `console` reads the first two sessions' logs. In `measure_only` runs,
/// `ctx` and `other` only measure.
pub async fn run_all(
    ctx: &Ctx<'_>,
    other: &Browser,
    third: &Browser,
    report: &mut Report,
    memo: &Memo,
) -> Option<Record> {
    let minute = Duration::from_secs(60);
    let chapters = report
        .run("navigation", minute, pages::navigation(ctx))
        .await
        .filter(|c| !c.is_empty());
    let (split, pages) = match &chapters {
        Some(chapters) => {
            let split = memo.split(ctx.book, chapters);
            let unchanged = &split.unchanged;
            report.pages(chapters.len() - unchanged.len(), unchanged.len());
            if memo.why_all.is_none() {
                announce(chapters, unchanged, &memo.file());
            }
            let pages = report
                .run(
                    "outputs",
                    5 * minute,
                    pages::outputs(ctx, chapters, unchanged),
                )
                .await;
            (split, pages)
        }
        None => {
            report.not_run("outputs", "no chapter pages found");
            (Split::default(), None)
        }
    };
    let record = pages.as_deref().and_then(|p| memo.record(&split, p));
    let later = ["reveal", "search", "themes", "print"];
    let measured = ["measure"]
        .iter()
        .chain(&JUDGED)
        .chain(&["axe", "phone"])
        .copied()
        .collect::<Vec<_>>();
    let pages = pages.filter(|p| p.iter().any(|p| p.facts.figures > 0));
    let scope = pages
        .as_deref()
        .map(|all| Scope::new(all, &split.unchanged, memo.file()));
    let second = Ctx {
        browser: other,
        ..*ctx
    };
    let mut reset = Ok(());
    match &scope {
        Some(scope) => {
            let mut measuring = Report::default();
            let to_measure = match scope.each() {
                Pick::Check(pages) => pages,
                Pick::Same(_) => &[][..],
            };
            let work = legibility::work(to_measure);
            let axe = axe::source(ctx.axe);
            let axe_source = axe.as_deref().ok();
            let reader = async {
                if !ctx.measure_only {
                    interactions(ctx, report, scope).await;
                }
                legibility::help(ctx, to_measure, &work, axe_source).await
            };
            let measurer = measurements(&second, &mut measuring, scope, &work, &axe);
            let mut runs = Report::default();
            let third = Ctx {
                browser: third,
                ..*ctx
            };
            let running = async {
                if !ctx.measure_only {
                    run_in_page(&third, &mut runs, scope).await;
                }
            };
            (reset, (), ()) = tokio::join!(reader, measurer, running);
            report.add(measuring);
            report.add(runs);
        }
        None => {
            let skipped = if ctx.measure_only {
                &[][..]
            } else {
                &later[..]
            };
            for name in skipped.iter().chain(&measured) {
                report.not_run(name, "no page with a figure.mdbx");
            }
        }
    }
    if ctx.measure_only {
        return record;
    }
    if let Err(e) = reset {
        let why = format!("this session could not be reset after it measured: {e:#}");
        report.not_run("console", &why);
    } else if let Err(e) = ctx.browser.take_logs(other).await {
        report.not_run("console", &format!("{e:#}"));
    } else {
        report.run("console", minute, console::no_errors(ctx)).await;
    }
    if scope.is_none() {
        report.not_run("playground", "no page with a figure.mdbx");
        report.not_run("python", "no page with a figure.mdbx");
    }
    record
}

/// `playground`, then `python`, in a third browser session beside the
/// others' checks: their runs mostly wait (on the stand-in, on Pyodide, on
/// a program's time limit). The stand-in's error answer is logged as a
/// failed request, so this session's log is not `console`'s to judge.
/// Both start after `outputs` has opened every changed page, so that
/// `python` can tell that no page fetched a Pyodide file without a click.
async fn run_in_page(ctx: &Ctx<'_>, report: &mut Report, scope: &Scope<'_>) {
    let minute = Duration::from_secs(60);
    let changed = match scope.each() {
        Pick::Check(changed) => changed,
        Pick::Same(why) => {
            report.same("playground", &why);
            report.same("python", &why);
            return;
        }
    };
    // The example each runs is on one page: run it when that page changed
    // (or all did).
    let has = |page: &str| scope.full() || changed.iter().any(|p| p.path == page);
    let playground = playground::playground(ctx, changed, has(playground::PAGE));
    report.run("playground", 2 * minute, playground).await;
    let python = python_run::python(ctx, changed, has(python_run::PAGE));
    report.run("python", 4 * minute, python).await;
}

/// One line: how many chapter pages changed since the last passing run,
/// and the first few of them.
fn announce(chapters: &[String], unchanged: &BTreeMap<String, PageFacts>, file: &str) {
    const NAMED: usize = 5;
    let changed: Vec<&str> = chapters
        .iter()
        .filter(|c| !unchanged.contains_key(*c))
        .map(String::as_str)
        .collect();
    let mut names = changed
        .iter()
        .take(NAMED)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if changed.len() > NAMED {
        names.push_str(", …");
    }
    let names = if changed.is_empty() {
        String::new()
    } else {
        format!(": {names}")
    };
    println!(
        "e2e: {} of {} chapter page(s) changed since the last passing run ({file}){names}",
        changed.len(),
        chapters.len()
    );
}

/// What a reader does and sees: reveal, search, themes, print (the phone
/// width is measured with the rest, see `measurements`).
async fn interactions(ctx: &Ctx<'_>, report: &mut Report, scope: &Scope<'_>) {
    let minute = Duration::from_secs(60);
    let reveal = scope.some("a reveal", |f| f.reveals > 0);
    on(report, "reveal", minute, reveal, |p| {
        interact::reveal(ctx, p)
    })
    .await;
    on(report, "search", minute, scope.whole(), |p| {
        interact::search(ctx, p)
    })
    .await;
    let themes = scope.some("a timeline", |f| f.timelines > 0);
    on(report, "themes", 2 * minute, themes, |p| {
        looks::themes(ctx, p)
    })
    .await;
    on(report, "print", minute, scope.whole(), |p| {
        pages::print(ctx, p)
    })
    .await;
}

/// The limit of `measure` (axe included), which runs in two sessions
/// beside the other checks and shares the cores with them; on a busy
/// machine it takes up to twice as long as on an idle one. It also waits
/// for the page the other session is measuring, at most this long again.
const SIDE_BY_SIDE: Duration = Duration::from_secs(8 * 60);

/// The checks that judge the `measure` samples, in order.
const JUDGED: [&str; 8] = [
    "text-size",
    "contrast",
    "panes",
    "column",
    "sideways",
    "evidence",
    "lane-order",
    "caption-noise",
];

/// The judges of figure text, which fail when there is none.
const TEXT_JUDGED: [&str; 2] = ["text-size", "contrast"];

/// Every changed chapter page at two widths in five themes, judged eight
/// ways; `work` holds the pages at their widths, which the other session
/// helps with once its own checks are done.
async fn measurements(
    ctx: &Ctx<'_>,
    report: &mut Report,
    scope: &Scope<'_>,
    work: &sharing::Work<Vec<legibility::Sample>>,
    axe: &Result<String>,
) {
    let minute = Duration::from_secs(60);
    let pages = match scope.each() {
        Pick::Check(pages) => pages,
        Pick::Same(why) => {
            for name in ["measure"].iter().chain(&JUDGED).chain(&["axe", "phone"]) {
                report.same(name, &why);
            }
            return;
        }
    };
    let source = axe.as_deref().ok();
    let measured = legibility::measure(ctx, pages, work, source, SIDE_BY_SIDE);
    let samples = report.run("measure", 2 * SIDE_BY_SIDE, measured).await;
    match samples {
        Some(samples) => {
            // A page without a figure (the glossary) has no figure text:
            // that there is none means something only over the whole book.
            let no_text = !scope.full() && samples.iter().all(|s| s.look.kinds.is_empty());
            let seen: Vec<layout::Seen> = (samples.iter())
                .filter(|s| s.theme == looks::THEMES[0])
                .filter_map(|s| {
                    let layout = s.layout.as_ref()?;
                    Some(layout::Seen {
                        page: &s.page,
                        width: s.width,
                        layout,
                    })
                })
                .collect();
            let judged = [
                ("text-size", text_size::text_size(&samples)),
                ("contrast", contrast::contrast(&samples)),
                ("panes", panes::panes(&samples)),
                ("column", layout::column(&seen)),
                ("sideways", layout::sideways(&seen)),
                ("evidence", layout::evidence(&seen)),
                ("lane-order", layout::lane_order(&seen)),
                ("caption-noise", layout::caption_noise(&seen)),
            ];
            for (name, mut checked) in judged {
                if no_text && TEXT_JUDGED.contains(&name) {
                    let why = format!(
                        "no figure text on the {} changed page(s); {}",
                        pages.len(),
                        scope.others()
                    );
                    report.same(name, &why);
                    continue;
                }
                if !scope.full() {
                    checked
                        .summary
                        .push_str(&format!(" (the {} changed page(s) only)", pages.len()));
                }
                report.run(name, minute, async { Ok(checked) }).await;
            }
            let found = samples
                .iter()
                .filter_map(|s| Some((s.page.as_str(), s.axe.as_deref()?)));
            let judged = match axe {
                Ok(_) => Ok(axe::judge(found)),
                Err(e) => Err(anyhow::anyhow!("{e:#}")),
            };
            report.run("axe", minute, async { judged }).await;
            match samples.iter().any(|s| s.phone.is_some()) || scope.full() {
                true => {
                    let found = samples
                        .iter()
                        .filter_map(|s| Some((s.page.as_str(), s.phone.as_ref()?)));
                    let (width, height, _) = legibility::bounds::WIDTHS[1];
                    let judged = phone::judge(found, (width, height), ctx);
                    report.run("phone", minute, async { Ok(judged) }).await;
                }
                false => report.same(
                    "phone",
                    &format!("no changed page has a figure; {}", scope.others()),
                ),
            }
        }
        None => {
            for name in JUDGED.iter().chain(&["axe", "phone"]) {
                report.not_run(name, "nothing measured");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, reveals: usize) -> Page {
        Page {
            path: path.into(),
            facts: PageFacts {
                figures: 1,
                reveals,
                ..PageFacts::default()
            },
        }
    }

    fn paths(pick: Pick<'_>) -> Result<Vec<String>, String> {
        match pick {
            Pick::Check(pages) => Ok(pages.iter().map(|p| p.path.clone()).collect()),
            Pick::Same(why) => Err(why),
        }
    }

    #[test]
    fn checks_get_the_changed_pages_or_say_why_not() {
        let all = [page("a.html", 1), page("b.html", 0), page("c.html", 0)];
        let known = |names: &[&str]| -> BTreeMap<String, PageFacts> {
            names
                .iter()
                .map(|n| (n.to_string(), PageFacts::default()))
                .collect()
        };
        let file = || "passed.json".to_string();
        // No record: every page, also for a check that finds nothing.
        let none = Scope::new(&all, &known(&[]), file());
        assert!(none.full());
        assert_eq!(paths(none.some("x", |_| false)).unwrap().len(), 3);
        // b changed: the per-page checks get b, the whole-book ones all.
        let b = Scope::new(&all, &known(&["a.html", "c.html"]), file());
        assert_eq!(paths(b.each()).unwrap(), ["b.html"]);
        assert_eq!(paths(b.whole()).unwrap().len(), 3);
        let why = paths(b.some("a reveal", |f| f.reveals > 0)).unwrap_err();
        assert_eq!(
            why,
            "no changed page has a reveal (1 changed); the 2 other pages are unchanged since the last passing run (passed.json)"
        );
        // Nothing changed: nothing to look at, not even the whole book.
        let same = Scope::new(&all, &known(&["a.html", "b.html", "c.html"]), file());
        for pick in [same.each(), same.whole(), same.some("a reveal", |_| true)] {
            assert_eq!(
                paths(pick).unwrap_err(),
                "unchanged since the last passing run (passed.json): 3 pages"
            );
        }
    }
}
