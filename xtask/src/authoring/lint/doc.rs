//! A page as a list of top-level markdown blocks, enough to find its
//! headings, summaries, sections and lists.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag};
use std::ops::Range;

/// A top-level block of a page.
#[derive(Debug)]
pub(super) struct Block {
    pub(super) kind: Kind,
    pub(super) range: Range<usize>,
    /// Its text (inline code included), for headings, paragraphs and quotes.
    pub(super) text: String,
    /// For a list: how many items it has.
    pub(super) items: usize,
}

#[derive(Debug, PartialEq)]
pub(super) enum Kind {
    Heading(u8),
    Paragraph,
    List { ordered: bool },
    BlockQuote,
    Other,
}

impl Block {
    fn new(kind: Kind, range: Range<usize>) -> Block {
        Block {
            kind,
            range,
            text: String::new(),
            items: 0,
        }
    }
}

#[derive(Debug)]
pub(super) struct Doc {
    pub(super) blocks: Vec<Block>,
    len: usize,
}

impl Doc {
    pub(super) fn parse(text: &str) -> Doc {
        let options =
            Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
        let mut doc = Doc {
            blocks: Vec::new(),
            len: text.len(),
        };
        let mut depth = 0usize;
        for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
            match event {
                Event::Start(tag) => {
                    doc.start(&tag, range, depth);
                    depth += 1;
                }
                Event::End(_) => depth = depth.saturating_sub(1),
                Event::Text(t) | Event::Code(t) => doc.push_text(&t),
                Event::SoftBreak | Event::HardBreak => doc.push_text(" "),
                _ if depth == 0 => doc.blocks.push(Block::new(Kind::Other, range)),
                _ => {}
            }
        }
        doc
    }

    /// A tag opens: a new block at the top level, an item in a top-level list.
    fn start(&mut self, tag: &Tag, range: Range<usize>, depth: usize) {
        if depth == 0 {
            self.blocks.push(Block::new(kind_of(tag), range));
        } else if depth == 1
            && matches!(tag, Tag::Item)
            && let Some(b) = self.blocks.last_mut()
        {
            b.items += 1;
        }
    }

    fn push_text(&mut self, text: &str) {
        if let Some(b) = self.blocks.last_mut() {
            b.text.push_str(text);
        }
    }

    /// The text of the page's first `#` heading.
    pub(super) fn title(&self) -> Option<String> {
        self.blocks.iter().find_map(|b| match b.kind {
            Kind::Heading(1) => Some(b.text.trim().to_owned()),
            _ => None,
        })
    }

    /// The byte range of the first section under a heading of `level` named
    /// `name` (case and surrounding space ignored), up to the next heading of
    /// the same or a higher level.
    pub(super) fn section(&self, level: u8, name: &str) -> Option<Range<usize>> {
        self.section_within(level, name, &(0..self.len))
    }

    pub(super) fn section_within(
        &self,
        level: u8,
        name: &str,
        within: &Range<usize>,
    ) -> Option<Range<usize>> {
        let i = self.blocks.iter().position(|b| {
            within.contains(&b.range.start)
                && b.kind == Kind::Heading(level)
                && b.text.trim().eq_ignore_ascii_case(name)
        })?;
        let start = self.blocks[i].range.start;
        let end = self.blocks[i + 1..]
            .iter()
            .find(|b| matches!(b.kind, Kind::Heading(l) if l <= level))
            .map_or(self.len, |b| b.range.start)
            .min(within.end);
        Some(start..end)
    }

    /// How many experiments a section holds: its `###` headings, or else the
    /// items of its numbered lists.
    pub(super) fn experiments(&self, section: &Range<usize>) -> usize {
        let inside = || {
            self.blocks
                .iter()
                .filter(|b| section.contains(&b.range.start))
        };
        let headings = inside().filter(|b| b.kind == Kind::Heading(3)).count();
        if headings > 0 {
            return headings;
        }
        inside()
            .filter(|b| b.kind == Kind::List { ordered: true })
            .map(|b| b.items)
            .sum()
    }
}

fn kind_of(tag: &Tag) -> Kind {
    match tag {
        Tag::Heading { level, .. } => Kind::Heading(level_number(*level)),
        Tag::Paragraph => Kind::Paragraph,
        Tag::List(first) => Kind::List {
            ordered: first.is_some(),
        },
        Tag::BlockQuote(_) => Kind::BlockQuote,
        _ => Kind::Other,
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}
