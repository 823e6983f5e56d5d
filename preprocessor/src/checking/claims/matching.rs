//! Matching an `expected` block against the lines a run printed, in bounded
//! time. Three ways: in order (a table over pattern × line positions, so
//! `...` gaps cost O(patterns × lines), never lines^gaps), in order with
//! lines of different streams that arrived close together allowed to swap
//! (a search over states that never visits a state twice), and in any order
//! (a bipartite matching). Every search spends one shared [`Budget`]; when
//! it runs out the answer is [`Outcome::GaveUp`], never a hang.

use super::Pattern;
use crate::running::process::{Line, Stream};
use std::collections::HashMap;

/// How close in time a stdout line and a stderr line must be for their order
/// to count as unknown. They travel through two pipes, and which one the
/// reader sees first is up to the scheduler (on a loaded machine, tens of ms).
const CROSS_STREAM_SLACK_US: u64 = 50_000;

/// Steps one claim may spend on matching (a step is about one line
/// comparison): far more than any real block needs, and well under a second.
pub(super) const SEARCH_BUDGET: u64 = 4_000_000;

/// What reaching one state of the cross-stream search costs, in steps, on
/// top of eight per line taken ahead: a state is copied and hashed, which
/// costs much more than comparing a line.
const STATE_COST: u64 = 32;

/// Which pattern (index into the block) took which output line.
pub type Pairs = Vec<(usize, usize)>;

/// The answer of a match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Matched(Pairs),
    NoMatch,
    /// The budget ran out before an answer.
    GaveUp,
}

/// Steps left for the searches of one claim.
#[derive(Debug)]
pub struct Budget {
    left: u64,
}

/// The budget ran out.
#[derive(Debug)]
struct Exhausted;

impl Budget {
    pub fn new(steps: u64) -> Budget {
        Budget { left: steps }
    }

    fn spend(&mut self, steps: u64) -> Result<(), Exhausted> {
        self.left = self.left.checked_sub(steps).ok_or(Exhausted)?;
        Ok(())
    }
}

/// Whether one actual line matches a pattern line with `[..]` wildcards.
pub fn line_matches(pattern: &str, actual: &str) -> bool {
    let mut parts = pattern.split("[..]");
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = actual.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            return rest.len() >= part.len() && rest.ends_with(part);
        }
        match rest.find(part) {
            Some(pos) => rest = &rest[pos + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

/// Match `lines` in the order they arrived, falling back to
/// [`across_streams`] when the strict order fails and both streams printed.
pub fn in_order(patterns: &[Pattern], lines: &[Line], budget: &mut Budget) -> Outcome {
    let texts: Vec<&str> = lines.iter().map(|l| l.text.trim_end()).collect();
    if !every_pattern_fits_a_line(patterns, &texts, budget) {
        return Outcome::NoMatch;
    }
    let strict = strict_order(patterns, &texts, budget);
    let both_streams = lines.iter().any(|l| l.stream == Stream::Stdout)
        && lines.iter().any(|l| l.stream == Stream::Stderr);
    match strict {
        Ok(Some(pairs)) => Outcome::Matched(pairs),
        Ok(None) if both_streams => settle(across_streams(patterns, lines, budget)),
        Ok(None) => Outcome::NoMatch,
        Err(Exhausted) => Outcome::GaveUp,
    }
}

fn settle(result: Result<Option<Pairs>, Exhausted>) -> Outcome {
    match result {
        Ok(Some(pairs)) => Outcome::Matched(pairs),
        Ok(None) => Outcome::NoMatch,
        Err(Exhausted) => Outcome::GaveUp,
    }
}

/// A quick necessary condition for every way of matching: each pattern
/// line fits some output line. (Spends little: most patterns fit early.)
fn every_pattern_fits_a_line(patterns: &[Pattern], lines: &[&str], budget: &mut Budget) -> bool {
    patterns.iter().all(|p| match p {
        Pattern::Gap => true,
        Pattern::Line { text, .. } => lines.iter().any(|l| {
            budget.left = budget.left.saturating_sub(1);
            line_matches(text, l)
        }),
    })
}

/// Match in order; `...` takes any run of lines, as few as it can. `ok[p][l]`
/// says whether `patterns[p..]` can match `lines[l..]`; the pairs are read
/// off the table from the start.
fn strict_order(
    patterns: &[Pattern],
    lines: &[&str],
    budget: &mut Budget,
) -> Result<Option<Pairs>, Exhausted> {
    let (np, nl) = (patterns.len(), lines.len());
    budget.spend(((np + 1) as u64).saturating_mul((nl + 1) as u64))?;
    let width = nl + 1;
    let mut ok = vec![false; (np + 1) * width];
    ok[np * width + nl] = true;
    for p in (0..np).rev() {
        for l in (0..=nl).rev() {
            ok[p * width + l] = match &patterns[p] {
                Pattern::Gap => ok[(p + 1) * width + l] || (l < nl && ok[p * width + l + 1]),
                Pattern::Line { text, .. } => {
                    l < nl && ok[(p + 1) * width + l + 1] && {
                        budget.spend(1)?;
                        line_matches(text, lines[l])
                    }
                }
            };
        }
    }
    if !ok[0] {
        return Ok(None);
    }
    let (mut p, mut l, mut pairs) = (0, 0, Vec::new());
    while p < np {
        match &patterns[p] {
            Pattern::Gap if ok[(p + 1) * width + l] => p += 1,
            Pattern::Gap => l += 1,
            Pattern::Line { .. } => {
                pairs.push((p, l));
                p += 1;
                l += 1;
            }
        }
    }
    Ok(Some(pairs))
}

/// Where a search through the output stands: the next pattern, the first
/// line not taken yet, and the lines after it that are taken already.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct State {
    pattern: usize,
    first: usize,
    ahead: Vec<usize>,
}

impl State {
    fn taken(&self, line: usize) -> bool {
        line < self.first || self.ahead.binary_search(&line).is_ok()
    }

    /// This state after taking `line` (and matching pattern `next`).
    fn take(&self, line: usize, next: usize) -> State {
        let mut s = State {
            pattern: next,
            ..self.clone()
        };
        if line == s.first {
            s.first += 1;
            while s.ahead.first() == Some(&s.first) {
                s.ahead.remove(0);
                s.first += 1;
            }
        } else if let Err(at) = s.ahead.binary_search(&line) {
            s.ahead.insert(at, line);
        }
        s
    }
}

/// Match in order, except that a line may be taken before lines of the
/// *other* stream that arrived at most [`CROSS_STREAM_SLACK_US`] earlier;
/// `...` may swallow any lines. A depth-first search over [`State`]s that
/// expands each state once (whether a state can reach the end does not
/// depend on how it was reached); it prefers what the strict match prefers:
/// gaps as short as possible, earliest lines first.
fn across_streams(
    patterns: &[Pattern],
    lines: &[Line],
    budget: &mut Budget,
) -> Result<Option<Pairs>, Exhausted> {
    let mut seen = Seen::default();
    let mut stack = vec![seen.add(
        State {
            pattern: 0,
            first: 0,
            ahead: Vec::new(),
        },
        None,
    )];
    while let Some(at) = stack.pop() {
        let state = seen.states[at].0.clone();
        budget.spend(STATE_COST + 8 * state.ahead.len() as u64)?;
        if state.pattern == patterns.len() {
            if state.first == lines.len() {
                return Ok(Some(seen.pairs_to(at)));
            }
            continue;
        }
        let candidates = available(&state, lines, budget)?;
        let mut next = Vec::new();
        match &patterns[state.pattern] {
            Pattern::Gap => {
                let skip = State {
                    pattern: state.pattern + 1,
                    ..state.clone()
                };
                next.push((skip, None));
                next.extend(
                    candidates
                        .iter()
                        .map(|&i| (state.take(i, state.pattern), None)),
                );
            }
            Pattern::Line { text, .. } => {
                for &i in &candidates {
                    budget.spend(1)?;
                    if line_matches(text, lines[i].text.trim_end()) {
                        let pair = Some((state.pattern, i));
                        next.push((state.take(i, state.pattern + 1), pair));
                    }
                }
            }
        }
        for (s, pair) in next.into_iter().rev() {
            if !seen.index.contains_key(&s) {
                stack.push(seen.add(s, Some((at, pair))));
            }
        }
    }
    Ok(None)
}

/// How a state was reached: from which state (its index in [`Seen`]), and
/// the pair that step made, if it took a line for a pattern line.
type Step = (usize, Option<(usize, usize)>);

/// The states a search has reached, each with how it was first reached.
#[derive(Debug, Default)]
struct Seen {
    /// A state, and the step that first reached it.
    states: Vec<(State, Option<Step>)>,
    index: HashMap<State, usize>,
}

impl Seen {
    fn add(&mut self, state: State, from: Option<Step>) -> usize {
        let at = self.states.len();
        self.index.insert(state.clone(), at);
        self.states.push((state, from));
        at
    }

    /// The pairs made on the way to state `at`.
    fn pairs_to(&self, mut at: usize) -> Pairs {
        let mut pairs = Vec::new();
        while let Some((parent, pair)) = self.states[at].1 {
            pairs.extend(pair);
            at = parent;
        }
        pairs.reverse();
        pairs
    }
}

/// Lines that may come next: the first line not taken, and the first line
/// not taken after it that is of the other stream and arrived at most
/// [`CROSS_STREAM_SLACK_US`] after it. No other line qualifies: any later
/// line would pass a line of its own stream. (Lines are in arrival order.)
fn available(state: &State, lines: &[Line], budget: &mut Budget) -> Result<Vec<usize>, Exhausted> {
    let first = state.first;
    let Some(head) = lines.get(first) else {
        return Ok(Vec::new());
    };
    let mut out = vec![first];
    for (i, line) in lines.iter().enumerate().skip(first + 1) {
        budget.spend(1)?;
        if line.at_us.saturating_sub(head.at_us) > CROSS_STREAM_SLACK_US {
            break;
        }
        if line.stream != head.stream && !state.taken(i) {
            out.push(i);
            break;
        }
    }
    Ok(out)
}

/// Match as a multiset: every pattern line takes one actual line (a
/// bipartite matching, by augmenting paths); without a `...` every actual
/// line must be taken. Earlier lines are preferred, as a greedy match would.
pub fn any_order(patterns: &[Pattern], lines: &[&str], budget: &mut Budget) -> Outcome {
    settle(bipartite(patterns, lines, budget))
}

fn bipartite(
    patterns: &[Pattern],
    lines: &[&str],
    budget: &mut Budget,
) -> Result<Option<Pairs>, Exhausted> {
    let wanted: Vec<(usize, &str)> = patterns
        .iter()
        .enumerate()
        .filter_map(|(i, p)| match p {
            Pattern::Line { text, .. } => Some((i, text.as_str())),
            Pattern::Gap => None,
        })
        .collect();
    let gap = patterns.contains(&Pattern::Gap);
    if wanted.len() > lines.len() || (!gap && wanted.len() != lines.len()) {
        return Ok(None);
    }
    budget.spend((wanted.len() as u64).saturating_mul(lines.len() as u64))?;
    let edges: Vec<Vec<usize>> = wanted
        .iter()
        .map(|(_, text)| {
            (0..lines.len())
                .filter(|&l| line_matches(text, lines[l]))
                .collect()
        })
        .collect();
    let mut owner: Vec<Option<usize>> = vec![None; lines.len()];
    let mut held: Vec<Option<usize>> = vec![None; wanted.len()];
    for w in 0..wanted.len() {
        if !augment(w, &edges, &mut owner, &mut held, budget)? {
            return Ok(None);
        }
    }
    let mut pairs: Pairs = owner
        .iter()
        .enumerate()
        .filter_map(|(l, w)| w.map(|w| (wanted[w].0, l)))
        .collect();
    pairs.sort_unstable();
    Ok(Some(pairs))
}

/// Find a line for pattern `w`, moving others along an alternating path
/// (breadth first, iterative, so a long path cannot overflow the stack).
/// `owner[l]` is the pattern holding line `l`, `held[p]` the line of `p`.
fn augment(
    w: usize,
    edges: &[Vec<usize>],
    owner: &mut [Option<usize>],
    held: &mut [Option<usize>],
    budget: &mut Budget,
) -> Result<bool, Exhausted> {
    // via[l]: the pattern that reached line l in this search.
    let mut via: Vec<Option<usize>> = vec![None; owner.len()];
    let mut queue = std::collections::VecDeque::from([w]);
    while let Some(p) = queue.pop_front() {
        for &l in &edges[p] {
            budget.spend(1)?;
            if via[l].is_some() {
                continue;
            }
            via[l] = Some(p);
            match owner[l] {
                Some(q) => queue.push_back(q),
                None => {
                    flip(l, &via, owner, held);
                    return Ok(true);
                }
            }
        }
    }
    Ok(false)
}

/// Give free line `l` to the pattern that reached it, that pattern's old
/// line to the one that reached that, and so on back to the new pattern.
fn flip(
    mut l: usize,
    via: &[Option<usize>],
    owner: &mut [Option<usize>],
    held: &mut [Option<usize>],
) {
    while let Some(p) = via[l] {
        owner[l] = Some(p);
        match held[p].replace(l) {
            Some(previous) => l = previous,
            None => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::time::Duration;

    fn line(text: &str) -> Pattern {
        Pattern::Line {
            text: text.into(),
            at: None,
        }
    }

    fn out(at_ms: u64, stream: Stream, text: &str) -> Line {
        Line {
            at_us: at_ms * 1000,
            stream,
            text: text.into(),
        }
    }

    fn budget() -> Budget {
        Budget::new(SEARCH_BUDGET)
    }

    /// The definition, by brute force: `...` tries every length.
    fn strict_reference(p: &[Pattern], l: &[&str]) -> Option<Pairs> {
        fn go(p: &[Pattern], pi: usize, l: &[&str], li: usize, out: &mut Pairs) -> bool {
            match p.get(pi) {
                None => li == l.len(),
                Some(Pattern::Gap) => (li..=l.len()).any(|skip| go(p, pi + 1, l, skip, out)),
                Some(Pattern::Line { text, .. }) => {
                    if li < l.len() && line_matches(text, l[li]) {
                        out.push((pi, li));
                        if go(p, pi + 1, l, li + 1, out) {
                            return true;
                        }
                        out.pop();
                    }
                    false
                }
            }
        }
        let mut out = Vec::new();
        go(p, 0, l, 0, &mut out).then_some(out)
    }

    /// Every order of the lines that only swaps lines of different streams
    /// at most the slack apart.
    fn allowed_orders(lines: &[Line]) -> Vec<Vec<usize>> {
        fn go(
            lines: &[Line],
            left: &mut Vec<usize>,
            order: &mut Vec<usize>,
            all: &mut Vec<Vec<usize>>,
        ) {
            if left.is_empty() {
                all.push(order.clone());
                return;
            }
            for k in 0..left.len() {
                let i = left[k];
                let may = left.iter().filter(|&&j| j < i).all(|&j| {
                    lines[j].stream != lines[i].stream
                        && lines[i].at_us.saturating_sub(lines[j].at_us) <= CROSS_STREAM_SLACK_US
                });
                if may {
                    left.remove(k);
                    order.push(i);
                    go(lines, left, order, all);
                    order.pop();
                    left.insert(k, i);
                }
            }
        }
        let mut all = Vec::new();
        go(
            lines,
            &mut (0..lines.len()).collect(),
            &mut Vec::new(),
            &mut all,
        );
        all
    }

    fn in_order_reference(p: &[Pattern], lines: &[Line]) -> bool {
        allowed_orders(lines).iter().any(|order| {
            let texts: Vec<&str> = order.iter().map(|&i| lines[i].text.as_str()).collect();
            strict_reference(p, &texts).is_some()
        })
    }

    /// Brute force: some injective choice of lines for the pattern lines.
    fn any_order_reference(p: &[Pattern], lines: &[&str]) -> bool {
        fn go(w: &[&str], lines: &[&str], used: &mut Vec<bool>) -> bool {
            let Some((first, rest)) = w.split_first() else {
                return true;
            };
            (0..lines.len()).any(|l| {
                if used[l] || !line_matches(first, lines[l]) {
                    return false;
                }
                used[l] = true;
                let ok = go(rest, lines, used);
                used[l] = false;
                ok
            })
        }
        let wanted: Vec<&str> = p
            .iter()
            .filter_map(|x| match x {
                Pattern::Line { text, .. } => Some(text.as_str()),
                Pattern::Gap => None,
            })
            .collect();
        let gap = p.contains(&Pattern::Gap);
        (gap || wanted.len() == lines.len()) && go(&wanted, lines, &mut vec![false; lines.len()])
    }

    /// Pairs name distinct lines, rise with the patterns, and each line fits its pattern.
    fn valid(p: &[Pattern], lines: &[Line], pairs: &Pairs) -> bool {
        let mut seen = std::collections::HashSet::new();
        pairs.windows(2).all(|w| w[0].0 < w[1].0)
            && pairs.iter().all(|&(pi, li)| {
                seen.insert(li)
                    && matches!(&p[pi], Pattern::Line { text, .. } if line_matches(text, lines[li].text.trim_end()))
            })
    }

    fn pattern() -> impl Strategy<Value = Pattern> {
        prop_oneof![
            1 => Just(Pattern::Gap),
            4 => prop::sample::select(vec!["a", "b", "a[..]", "[..]", "ab"]).prop_map(line),
        ]
    }

    /// Output lines in arrival order: small time steps, so some fall within the slack.
    fn output() -> impl Strategy<Value = Vec<Line>> {
        prop::collection::vec(
            (
                prop::sample::select(vec![0u64, 10, 40, 60]),
                any::<bool>(),
                prop::sample::select(vec!["a", "b", "ab", "ba"]),
            ),
            0..6,
        )
        .prop_map(|steps| {
            let mut at = 0;
            steps
                .into_iter()
                .map(|(step, err, text)| {
                    at += step;
                    let stream = if err { Stream::Stderr } else { Stream::Stdout };
                    out(at, stream, text)
                })
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn strict_order_agrees_with_brute_force(
            p in prop::collection::vec(pattern(), 0..6),
            l in prop::collection::vec(prop::sample::select(vec!["a", "b", "ab"]), 0..7),
        ) {
            let fast = strict_order(&p, &l, &mut budget()).expect("within budget");
            prop_assert_eq!(fast, strict_reference(&p, &l));
        }

        #[test]
        fn cross_stream_order_agrees_with_brute_force(
            p in prop::collection::vec(pattern(), 0..6),
            lines in output(),
        ) {
            match in_order(&p, &lines, &mut budget()) {
                Outcome::Matched(pairs) => {
                    prop_assert!(in_order_reference(&p, &lines));
                    prop_assert!(valid(&p, &lines, &pairs), "{:?}", pairs);
                }
                Outcome::NoMatch => prop_assert!(!in_order_reference(&p, &lines)),
                Outcome::GaveUp => prop_assert!(false, "gave up on a tiny case"),
            }
        }

        #[test]
        fn any_order_agrees_with_brute_force(
            p in prop::collection::vec(pattern(), 0..6),
            lines in output(),
        ) {
            let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
            match any_order(&p, &texts, &mut budget()) {
                Outcome::Matched(pairs) => {
                    prop_assert!(any_order_reference(&p, &texts));
                    let wanted = p.iter().filter(|x| **x != Pattern::Gap).count();
                    prop_assert_eq!(pairs.len(), wanted);
                    prop_assert!(valid(&p, &lines, &pairs), "{:?}", pairs);
                }
                Outcome::NoMatch => prop_assert!(!any_order_reference(&p, &texts)),
                Outcome::GaveUp => prop_assert!(false, "gave up on a tiny case"),
            }
        }
    }

    /// Four gaps and a last line that matches nothing, against 2,000
    /// identical lines: lines^gaps ways to place the gaps for a naive search.
    fn pathological() -> (Vec<Pattern>, Vec<Line>) {
        let mut p = vec![line("x")];
        for _ in 0..4 {
            p.extend([Pattern::Gap, line("x")]);
        }
        p.push(line("first"));
        let mut lines: Vec<Line> = (0..2000)
            .map(|i| out(i / 100, Stream::Stdout, "x"))
            .collect();
        // The last line matches an early line only: no quick way out.
        lines[0].text = "first".into();
        (p, lines)
    }

    /// CPU time of this thread: what the search cost, whatever else the
    /// machine is doing.
    fn cpu() -> Duration {
        let clock = nix::time::ClockId::CLOCK_THREAD_CPUTIME_ID;
        nix::time::clock_gettime(clock).map_or(Duration::ZERO, Duration::from)
    }

    fn assert_quick(what: &str, started: Duration) {
        let took = cpu() - started;
        eprintln!("{what}: {took:?} of CPU");
        // A debug build: about 0.15 s at worst here, ten times less in a
        // release build.
        assert!(took < Duration::from_secs(1), "{what} took {took:?}");
    }

    #[test]
    fn the_pathological_block_is_answered_in_well_under_a_second() {
        let (p, mut lines) = pathological();
        let started = cpu();
        assert_eq!(in_order(&p, &lines, &mut budget()), Outcome::NoMatch);
        assert_quick("in order", started);
        // Both streams, lines close together: the cross-stream search runs too.
        for (i, l) in lines.iter_mut().enumerate() {
            if i % 2 == 1 {
                l.stream = Stream::Stderr;
            }
        }
        let started = cpu();
        let answer = in_order(&p, &lines, &mut budget());
        assert!(!matches!(answer, Outcome::Matched(_)), "{answer:?}");
        assert_quick("across streams", started);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        let started = cpu();
        assert!(matches!(
            any_order(&p, &texts, &mut budget()),
            Outcome::Matched(_)
        ));
        assert_quick("any order", started);
    }

    #[test]
    fn a_search_that_runs_out_of_budget_gives_up() {
        let (p, lines) = pathological();
        assert_eq!(
            in_order(&p, &lines, &mut Budget::new(1000)),
            Outcome::GaveUp
        );
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        let texts = &texts[1..1001];
        let p: Vec<Pattern> = (0..1000).map(|_| line("x")).collect();
        assert_eq!(
            any_order(&p, texts, &mut Budget::new(1000)),
            Outcome::GaveUp
        );
        assert!(matches!(
            any_order(&p, texts, &mut budget()),
            Outcome::Matched(_)
        ));
    }

    #[test]
    fn gaps_take_as_few_lines_as_they_can() {
        let p = [line("a"), Pattern::Gap, line("b")];
        let lines = ["a", "b", "b"];
        assert_eq!(
            strict_order(&p, &lines, &mut budget()).expect("budget"),
            Some(vec![(0, 0), (2, 2)])
        );
        let p = [line("a"), Pattern::Gap, line("b"), Pattern::Gap];
        assert_eq!(
            strict_order(&p, &lines, &mut budget()).expect("budget"),
            Some(vec![(0, 0), (2, 1)])
        );
    }

    #[test]
    fn any_order_finds_an_assignment_a_greedy_match_misses() {
        // Greedy gives "a" to `[..]`, and then `a` has nothing left.
        let p = [line("[..]"), line("a")];
        assert_eq!(
            any_order(&p, &["a", "b"], &mut budget()),
            Outcome::Matched(vec![(0, 1), (1, 0)])
        );
    }
}
