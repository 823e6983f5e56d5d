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

/// The word of `e` among `choices`, unless `e` is the default.
pub fn chosen<E: PartialEq + Default>(choices: &[(&str, E)], e: &E) -> Option<String> {
    let (word, _) = choices.iter().find(|(_, c)| c == e)?;
    (*e != E::default()).then(|| word.to_string())
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
    use super::*;
    use crate::finding::{compare, directive, figure};

    /// A throwaway directive with one throwaway option, `retries=N`: its
    /// row is all that is written, and parsing, "did you mean", the words
    /// that write it back and its README row all follow from it.
    #[derive(Debug, Default, PartialEq)]
    struct Toy {
        retries: Option<u32>,
    }

    const TOY: &[Opt<Toy>] = &[Opt {
        name: "retries",
        values: "integer",
        default: "–",
        help: "run a failed example again this often",
        read: |k, v, t| {
            let v = need(k, v)?;
            let n = v
                .parse()
                .map_err(|_| format!("`{k}={v}`: a whole number"))?;
            t.retries = Some(n);
            Ok(())
        },
        write: |t| t.retries.map(|n| n.to_string()),
    }];

    #[test]
    fn one_row_makes_an_option() {
        let mut toy = Toy::default();
        assert_eq!(read(TOY, "retries", Some("3"), &mut toy), Some(Ok(())));
        assert_eq!(toy.retries, Some(3));
        assert_eq!(words(TOY, &toy), ["retries=3"]);
        assert_eq!(words(TOY, &Toy::default()), Vec::<String>::new());
        let e = read(TOY, "retries", None, &mut toy).expect("its row");
        assert_eq!(e, Err("option `retries` needs a value: `retries=…`".into()));
        assert!(read(TOY, "retires", Some("3"), &mut toy).is_none());
        let names: [&str; 1] = names::<Toy, Toy, 1>(TOY, &[]);
        let e = unknown("retires", "", &names);
        assert!(e.contains("did you mean `retries`") && e.ends_with("the options are: retries"));
        let table = markdown(TOY);
        assert!(
            table
                .ends_with("| `retries` | integer | – | run a failed example again this often |\n")
        );
    }

    /// Every option of the tables reads back what it writes: the words of a
    /// directive with (nearly) each option set, read again, say the same.
    #[test]
    fn every_row_reads_what_it_writes() {
        let example = "x anchor=a output=reveal timeout=2s total=\"~1s\" order=any \
             exit=101 panic compile=warn code=E1 timeline=show lanes=\"^(\\w+):\" exclusive \
             cores=2 diff=y solution reads=\"a.txt,b\" events=\"(x)\" mark=\"m @ +1s\" \
             band=\"b @ +1s .. +2s\" busy=\"c @ +1s .. +2s\" drop=\"d @ x\" \
             headline=\"{total ~1s}\" axis=order chart=\"n = n=([0-9]+)\"";
        let d = directive::Directive::parse(example).expect("parses");
        let written: Vec<String> = words(directive::TABLE, &d);
        // Every option but `source=hide`, which `diff=` rules out.
        assert_eq!(written.len(), directive::TABLE.len() - 1, "{written:?}");
        let again = directive::Directive::parse(&d.to_string()).expect("reads back");
        assert_eq!(format!("{again:?}"), format!("{d:?}"));
        let c = compare::Compare::parse(
            "a b labels=\"x|y\" from=first-line lanes=\"^(\\w+):\" axis=time",
        )
        .expect("parses");
        assert_eq!(words(compare::TABLE, &c).len(), compare::TABLE.len());
        assert_eq!(compare::Compare::parse(&c.to_string()), Ok(c));
    }

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
