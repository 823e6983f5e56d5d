//! The option tables of `{{#example}}`, `{{#compare}}` and their figures:
//! one row per option, with its name, how its value is written, its
//! default, what it does, how it is read into the parsed directive and
//! written back. Parsing, the list of options, "did you mean", `Display` and
//! the option tables of `README.md` all come from these rows (a test keeps
//! the README equal to them).

use crate::finding::lanes::LanePattern;
use crate::util::suggest::closest;

/// One option of a directive that parses into `T`. `values`, `default` and
/// `help` are the README's columns (only its test reads them).
#[cfg_attr(not(test), allow(dead_code))]
pub struct Opt<T: 'static> {
    pub name: &'static str,
    /// How its value is written (`` `show`, `hide` ``, `flag`, `a time spec`).
    pub values: &'static str,
    /// What holds without it.
    pub default: &'static str,
    /// What it does, for the README.
    pub help: &'static str,
    /// Read `name=value` (`None`: the bare word `name`) into `T`; the first
    /// argument is the option's name, for messages.
    pub read: fn(&str, Option<&str>, &mut T) -> Result<(), String>,
    /// The value that writes it back: `None` when it has its default,
    /// `Some("")` for a flag that is set.
    pub write: fn(&T) -> Option<String>,
}

/// Read `key=value` with the row of `table` named `key`: `None` when no row
/// is.
pub fn read<T: 'static>(
    table: &[Opt<T>],
    key: &str,
    value: Option<&str>,
    into: &mut T,
) -> Option<Result<(), String>> {
    let opt = table.iter().find(|o| o.name == key)?;
    Some((opt.read)(key, value, into))
}

/// The words that write `from` back with `table`, in the table's order.
pub fn words<T: 'static>(table: &[Opt<T>], from: &T) -> Vec<String> {
    table
        .iter()
        .filter_map(|o| {
            (o.write)(from).map(|v| match v.as_str() {
                "" => o.name.to_string(),
                v => format!("{}={v}", o.name),
            })
        })
        .collect()
}

/// The names of two tables, in order, as one array (for a `const`).
pub const fn names<A: 'static, B: 'static, const N: usize>(
    a: &[Opt<A>],
    b: &[Opt<B>],
) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < a.len() {
        out[i] = a[i].name;
        i += 1;
    }
    let mut j = 0;
    while j < b.len() {
        out[i + j] = b[j].name;
        j += 1;
    }
    out
}

/// The message for an option no table has: `of` names the directive
/// (empty for `{{#example}}`), `names` are the options it takes.
pub fn unknown(key: &str, of: &str, names: &[&str]) -> String {
    let mut msg = format!("unknown option `{key}`{of}");
    if let Some(close) = closest(key, names.iter().copied()) {
        msg.push_str(&format!(" (did you mean `{close}`?)"));
    }
    msg.push_str(&format!("; the options are: {}", names.join(", ")));
    msg
}

/// The value of an option that needs one.
pub fn need<'a>(key: &str, value: Option<&'a str>) -> Result<&'a str, String> {
    value.ok_or_else(|| format!("option `{key}` needs a value: `{key}=…`"))
}

/// A flag: no value.
pub fn flag(key: &str, value: Option<&str>) -> Result<(), String> {
    match value {
        None => Ok(()),
        Some(v) => Err(format!("`{key}` is a flag and takes no value (got `{v}`)")),
    }
}

/// One of a few words, each standing for a value of `E`.
pub fn one_of<E: Copy>(key: &str, value: Option<&str>, choices: &[(&str, E)]) -> Result<E, String> {
    let value = need(key, value)?;
    match choices.iter().find(|(word, _)| *word == value) {
        Some((_, e)) => Ok(*e),
        None => {
            let words: Vec<&str> = choices.iter().map(|(w, _)| *w).collect();
            Err(format!(
                "`{key}={value}` is not valid: use one of {}",
                words.join(", ")
            ))
        }
    }
}

/// The word of `e` among `choices`, unless it is the first (the default).
pub fn chosen<E: PartialEq>(choices: &[(&str, E)], e: &E) -> Option<String> {
    let at = choices.iter().position(|(_, c)| c == e)?;
    (at > 0).then(|| choices[at].0.to_string())
}

/// A lane or event pattern (`lanes=`, `events=`), compiled.
pub fn pattern(key: &str, value: Option<&str>) -> Result<LanePattern, String> {
    LanePattern::parse(need(key, value)?).map_err(in_option(key))
}

/// `"s"`, which the word splitter reads back as `s`.
pub fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// An option's error, prefixed with its name.
pub fn in_option(key: &str) -> impl Fn(String) -> String + '_ {
    move |e| format!("option `{key}`: {e}")
}

/// `table` as a markdown table: option, values, default, meaning.
#[cfg(test)]
pub fn markdown<T: 'static>(table: &[Opt<T>]) -> String {
    let mut out = String::from("| option | values | default | meaning |\n|---|---|---|---|\n");
    for o in table {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            o.name, o.values, o.default, o.help
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::markdown;
    use crate::finding::{compare, directive, figure};

    /// The README's tables, between `<!-- options: NAME -->` and
    /// `<!-- end options -->`, with the table each is made from.
    fn tables() -> [(&'static str, String); 3] {
        let names: Vec<String> = (figure::TABLE.iter())
            .map(|o| format!("`{}`", o.name))
            .collect();
        let and_figure = format!(
            "\nand the figure's options, {}: see [Figures that make a point](#figures-that-make-a-point).\n",
            names.join(", ")
        );
        [
            ("example", markdown(directive::TABLE) + &and_figure),
            ("compare", markdown(compare::TABLE) + &and_figure),
            ("figure", markdown(figure::TABLE)),
        ]
    }

    /// The README's option tables are the option tables; with
    /// `MDBOOK_EXAMPLES_BLESS=1` this test writes them there.
    #[test]
    fn the_readme_shows_the_option_tables() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
        let readme = std::fs::read_to_string(path).expect("README.md");
        let mut blessed = readme.clone();
        let mut wrong = Vec::new();
        for (name, table) in tables() {
            let start = format!("<!-- options: {name} -->\n");
            let from = blessed.find(&start).map(|i| i + start.len());
            let to = from.and_then(|f| blessed[f..].find("<!-- end options -->").map(|t| f + t));
            let (Some(from), Some(to)) = (from, to) else {
                panic!("README.md has no `{start}` … `<!-- end options -->`");
            };
            if blessed[from..to] != table {
                wrong.push(name);
                blessed.replace_range(from..to, &table);
            }
        }
        if wrong.is_empty() {
            return;
        }
        if std::env::var_os("MDBOOK_EXAMPLES_BLESS").is_some() {
            std::fs::write(path, blessed).expect("write README.md");
            return;
        }
        panic!(
            "README.md's option tables {wrong:?} differ from the tables in src/finding/ \
             (`TABLE` of directive.rs, compare.rs, figure.rs): run this test with \
             MDBOOK_EXAMPLES_BLESS=1 to write them"
        );
    }
}
