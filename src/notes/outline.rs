//! Markdown → outline: sections (heading paths) holding blocks, list items keeping their nesting,
//! every node keeping its source lines.

use std::borrow::Cow;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::text::join_lines;

/// An image reference kept from the notes: `![alt](url)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub alt: String,
    pub url: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NodeKind {
    /// A list item (also the `–`/`−` pseudo-bullets the notes use); also a label line with the
    /// list under it (`**Use cases:**`), and a callout with a title (`> [!note] Title`).
    Item,
    /// A paragraph outside any list, or a further paragraph inside an item.
    #[default]
    Paragraph,
    /// A fenced or indented code block, kept verbatim.
    Code,
    /// Raw HTML, kept verbatim.
    Html,
    /// An HTML comment (`<!-- … -->`): never shown.
    Comment,
    /// A pipe table: `rows` holds its cells, the header row first.
    Table,
}

/// One row of a pipe table: its line and its cells' inline Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: u32,
    pub cells: Vec<String>,
}

/// One block of the notes with its own text and the blocks nested under it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Node<'a> {
    pub kind: NodeKind,
    /// Inline Markdown as written, lines of one paragraph joined into one line
    /// (code blocks keep their lines). Borrowed from the notes unless lines were joined.
    pub text: Cow<'a, str>,
    pub images: Vec<Image>,
    /// First and last line of the node's own text (1-based).
    pub line: u32,
    pub end_line: u32,
    pub children: Vec<Node<'a>>,
    /// For a list item: which list it is in (numbered in document order) and whether that
    /// list is numbered. Items of one list are parallel; a numbered list is a sequence.
    pub list: Option<(u32, bool)>,
    /// For a table: its rows.
    pub rows: Vec<Row>,
    /// A label that heads the items under it (`**Use cases:**`, a heading inside a list).
    pub label: bool,
    /// Marked `<!-- kioku: skip -->`: it makes no card.
    pub skip: bool,
}

impl Node<'_> {
    /// True when the node's text is nothing but images.
    pub fn is_image_only(&self) -> bool {
        !self.images.is_empty() && strip_images(&self.text).trim().is_empty()
    }
}

/// A heading and the blocks directly under it (not those of its subsections).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section<'a> {
    /// Heading texts from the top level down to this one; empty for text before any heading.
    pub path: Vec<String>,
    /// Heading level, 0 for text before any heading.
    pub level: u8,
    pub line: u32,
    pub blocks: Vec<Node<'a>>,
    /// Marked `<!-- kioku: skip -->`: neither it nor its subsections make cards.
    pub skip: bool,
}

/// What YAML front matter (`---` … `---` at the top) says to kioku.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    /// `title:` names the deck.
    pub title: Option<String>,
    /// `kioku: inline-cards` turns on `front :: back` cards and `==highlight==` clozes.
    pub inline_cards: bool,
    pub line: u32,
    pub end_line: u32,
}

/// The notes file as a list of sections in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline<'a> {
    /// The document title: a single level-1 heading that is the first heading. It names the
    /// deck and is left out of the section paths.
    pub title: Option<(String, u32)>,
    pub sections: Vec<Section<'a>>,
    /// Lines holding thematic breaks (`---`), which carry no text.
    pub rules: Vec<u32>,
    pub front_matter: Option<FrontMatter>,
}

/// Rewrite, line by line and keeping every line on its line, what CommonMark does not know:
/// - a leading `–`, `−`, `—` or `―` followed by a space becomes a `-` bullet, and a `-` glued to
///   Japanese text (`-フルマネージド`) gets its space;
/// - a leading `・`, `•`, `●`, `○`, `◦`, `▪`, `■` or `◆` (a bullet typed as a character), a
///   circled number (`①`) or a number in full-width brackets (`1）`, `（1）`) is a `-` bullet,
///   with or without a space after it;
/// - Obsidian's wiki links become text (`[[Page|alias]]` → `alias`, `[[Page]]` → `Page`) and its
///   embeds images (`![[shot.png]]` → `![shot.png](shot.png)`).
///
/// Code blocks and inline code are left alone.
pub fn normalize(src: &str) -> Cow<'_, str> {
    const DASHES: [char; 4] = ['–', '−', '—', '―'];
    // Bullets typed as characters (`・`, `●`, `•`), common in Japanese notes and pasted text.
    const BULLETS: [char; 8] = ['・', '•', '●', '○', '◦', '▪', '■', '◆'];
    // `①`…`⑳`: Japanese notes number points with circled digits.
    const CIRCLED: std::ops::RangeInclusive<char> = '\u{2460}'..='\u{2473}';
    let needs = src.contains("[[")
        || src.lines().any(|l| {
            let t = l.trim_start();
            t.starts_with(DASHES)
                || t.starts_with(BULLETS)
                || t.starts_with(|c| CIRCLED.contains(&c))
                || paren_number(t).is_some()
                || t.strip_prefix('-')
                    .and_then(|r| r.chars().next())
                    .is_some_and(|c| !c.is_ascii())
        });
    if !needs {
        return Cow::Borrowed(src);
    }
    let mut out = String::with_capacity(src.len() + 16);
    let mut fence: Option<(char, usize)> = None;
    for line in src.split_inclusive('\n') {
        let trimmed = line.trim_start_matches([' ', '\t']);
        let indent = &line[..line.len() - trimmed.len()];
        let fence_char = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        let run = fence_char.map_or(0, |f| trimmed.chars().take_while(|c| *c == f).count());
        match fence {
            Some((f, n)) => {
                if fence_char == Some(f) && run >= n && trimmed[run..].trim().is_empty() {
                    fence = None;
                }
                out.push_str(line);
                continue;
            }
            None if run >= 3 => {
                fence = fence_char.map(|f| (f, run));
                out.push_str(line);
                continue;
            }
            None => {}
        }
        let mut chars = trimmed.chars();
        let rest = match (chars.next(), chars.next()) {
            (Some(d), Some(' ' | '\t')) if DASHES.contains(&d) => {
                out.push_str(indent);
                out.push_str("-  ");
                &trimmed[d.len_utf8()..]
            }
            (Some('-'), Some(c)) if !c.is_ascii() && !c.is_whitespace() && !DASHES.contains(&c) => {
                out.push_str(indent);
                out.push_str("- ");
                &trimmed[1..]
            }
            (Some(b), _) if BULLETS.contains(&b) || CIRCLED.contains(&b) => {
                out.push_str(indent);
                out.push_str("- ");
                trimmed[b.len_utf8()..].trim_start_matches([' ', '\t', '\u{3000}'])
            }
            _ if paren_number(trimmed).is_some() => {
                out.push_str(indent);
                out.push_str("- ");
                let after = paren_number(trimmed).unwrap_or(0);
                trimmed[after..].trim_start_matches([' ', '\t', '\u{3000}'])
            }
            _ => line,
        };
        wiki_links(rest, &mut out);
    }
    Cow::Owned(out)
}

/// `1）`, `１）`, `（1）`: a number in full-width brackets opening a line numbers a point as a
/// list item does (CommonMark knows only `1.` and `1)`). Returns where the text after it starts.
fn paren_number(t: &str) -> Option<usize> {
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let (open, rest) = match t.strip_prefix('（') {
        Some(r) => ('（'.len_utf8(), r),
        None => (0, t),
    };
    let digits: usize = rest
        .chars()
        .take_while(|c| is_digit(*c))
        .map(char::len_utf8)
        .sum();
    if digits == 0 || digits > 6 {
        return None;
    }
    rest[digits..]
        .starts_with('）')
        .then_some(open + digits + '）'.len_utf8())
}

/// `[[Page|alias]]` → `alias`, `[[Page#Part]]` → `Page`, `![[a.png|300]]` → `![a.png](a.png)`,
/// outside inline code.
fn wiki_links(line: &str, out: &mut String) {
    let mut rest = line;
    let mut in_code = false;
    while !rest.is_empty() {
        // ASCII marks, found bytewise (no UTF-8 continuation byte is ASCII): most lines hold none.
        let next = memchr::memchr3(b'`', b'[', b'!', rest.as_bytes()).unwrap_or(rest.len());
        out.push_str(&rest[..next]);
        rest = &rest[next..];
        if rest.is_empty() {
            break;
        }
        if rest.starts_with('`') {
            in_code = !in_code;
            out.push('`');
            rest = &rest[1..];
            continue;
        }
        let embed = rest.starts_with("![[");
        let open = if embed { 3 } else { 2 };
        let link = !in_code && (embed || rest.starts_with("[["));
        let close = if link { rest[open..].find("]]") } else { None };
        match close {
            Some(end) if !rest[open..open + end].contains(['[', '\n']) => {
                let inner = &rest[open..open + end];
                let (target, alias) = inner.split_once('|').unwrap_or((inner, ""));
                let page = target.split('#').next().unwrap_or(target).trim();
                if embed && is_image_name(page) {
                    out.push_str("![");
                    out.push_str(page);
                    out.push_str("](");
                    out.push_str(&page.replace(' ', "%20"));
                    out.push(')');
                } else if !alias.trim().is_empty() && alias.trim().parse::<u32>().is_err() {
                    out.push_str(alias.trim());
                } else {
                    out.push_str(if page.is_empty() { target.trim() } else { page });
                }
                rest = &rest[open + end + 2..];
            }
            _ => {
                let c = rest.chars().next().map_or(1, char::len_utf8);
                out.push_str(&rest[..c]);
                rest = &rest[c..];
            }
        }
    }
}

fn is_image_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".avif",
    ]
    .iter()
    .any(|x| lower.ends_with(x))
}

/// Parser options used for the notes (and by the benchmark's bare-parse baseline): pipe tables
/// and YAML front matter.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
}

/// Parse notes into an outline. `text` is the notes after [`normalize`]; the outline
/// borrows from it.
pub fn parse(text: &str) -> Outline<'_> {
    let mut b = Builder::new(text);
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        b.event(event, range);
    }
    b.finish()
}

/// List items nested deeper than this stay text of the item above them: no notes need more,
/// and it keeps memory linear in the input for hostile ones.
pub const MAX_DEPTH: usize = 12;

/// Offset → 1-based line. Offsets arrive almost in order, so counting newlines from the last
/// position is cheaper than any table.
struct Lines<'a> {
    src: &'a [u8],
    pos: std::cell::Cell<(usize, u32)>,
}

impl<'a> Lines<'a> {
    fn new(src: &'a str) -> Lines<'a> {
        Lines {
            src: src.as_bytes(),
            pos: std::cell::Cell::new((0, 1)),
        }
    }

    fn line(&self, offset: usize) -> u32 {
        let offset = offset.min(self.src.len());
        let (pos, line) = self.pos.get();
        let count =
            |a: usize, b: usize| self.src[a..b].iter().filter(|&&b| b == b'\n').count() as u32;
        let line = if offset >= pos {
            line + count(pos, offset)
        } else {
            line - count(offset, pos)
        };
        self.pos.set((offset, line));
        line
    }
}

/// Inline content being collected for a heading, paragraph or tight list item.
#[derive(Default)]
struct Inline {
    start: Option<usize>,
    end: usize,
    images: Vec<Image>,
}

enum ParaTarget {
    /// The first paragraph of an item: its own text.
    ItemText,
    /// A paragraph that becomes a node of its own.
    Node,
}

/// An open block quote. A callout with a title (`> [!note]- Title`) is a node of its own with
/// the title as its text; a plain quote or an untitled callout is transparent: its blocks
/// belong to what holds it.
struct Quote {
    /// Index into `items` of the node collecting the quote's blocks.
    node: usize,
    /// A callout whose title is still to be read from its first paragraph.
    title_pending: bool,
}

/// A table being read.
#[derive(Default)]
struct TableBuild {
    line: u32,
    rows: Vec<Row>,
    cell: Option<Inline>,
}

struct Builder<'a> {
    src: &'a str,
    lines: Lines<'a>,
    sections: Vec<Section<'a>>,
    headings: Vec<(u8, String)>,
    heading: Option<(u8, u32, String)>,
    /// A heading inside a list item or quote: read as a label paragraph.
    local_heading: bool,
    items: Vec<Node<'a>>,
    /// List items opened beyond [`MAX_DEPTH`], whose text stays with the deepest open item.
    capped: usize,
    /// Quotes opened beyond [`MAX_DEPTH`].
    capped_quotes: usize,
    quotes: Vec<Quote>,
    inline: Inline,
    para: Option<ParaTarget>,
    image: Option<Image>,
    in_code: bool,
    table: Option<TableBuild>,
    metadata: Option<(u32, String)>,
    front_matter: Option<FrontMatter>,
    /// A `<!-- kioku: skip -->` waiting for the heading or block it marks.
    skip_next: bool,
    /// Open lists: (number, numbered).
    lists: Vec<(u32, bool)>,
    list_count: u32,
    rules: Vec<u32>,
}

impl<'a> Builder<'a> {
    fn new(src: &'a str) -> Builder<'a> {
        Builder {
            src,
            lines: Lines::new(src),
            sections: vec![Section {
                path: vec![],
                level: 0,
                line: 0,
                blocks: vec![],
                skip: false,
            }],
            headings: vec![],
            heading: None,
            local_heading: false,
            items: vec![],
            capped: 0,
            capped_quotes: 0,
            quotes: vec![],
            inline: Inline::default(),
            para: None,
            image: None,
            in_code: false,
            table: None,
            metadata: None,
            front_matter: None,
            skip_next: false,
            lists: vec![],
            list_count: 0,
            rules: vec![],
        }
    }

    fn event(&mut self, event: Event<'a>, range: std::ops::Range<usize>) {
        if self.in_code {
            if let Event::End(TagEnd::CodeBlock) = event {
                self.in_code = false;
            }
            return;
        }
        if let Some((_, text)) = &mut self.metadata {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::MetadataBlock(_)) => self.end_metadata(range),
                _ => {}
            }
            return;
        }
        if self.table.is_some() {
            self.table_event(event, range);
            return;
        }
        match event {
            Event::Start(Tag::MetadataBlock(_)) => {
                self.metadata = Some((self.lines.line(range.start), String::new()));
            }
            Event::Start(Tag::Heading { .. }) if !self.items.is_empty() => {
                // A heading inside a list item or a callout labels what follows it there; it
                // opens no section for the rest of the file.
                self.flush_item_text();
                self.local_heading = true;
                self.start_paragraph();
            }
            Event::End(TagEnd::Heading(_)) if self.local_heading => {
                self.local_heading = false;
                let own = matches!(self.para, Some(ParaTarget::ItemText));
                self.end_paragraph();
                // A heading is a label for what follows it, whatever its text.
                let target = if own {
                    self.items.last_mut()
                } else {
                    self.items.last_mut().and_then(|i| i.children.last_mut())
                };
                if let Some(n) = target {
                    n.label = true;
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                self.flush_item_text();
                self.heading = Some((level as u8, self.lines.line(range.start), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, line, text)) = self.heading.take() {
                    while self.headings.last().is_some_and(|(l, _)| *l >= level) {
                        self.headings.pop();
                    }
                    self.headings.push((level, text.trim().to_string()));
                    let path = self.headings.iter().map(|(_, t)| t.clone()).collect();
                    let skip = std::mem::take(&mut self.skip_next);
                    self.sections.push(Section {
                        path,
                        level,
                        line,
                        blocks: vec![],
                        skip,
                    });
                }
            }
            Event::Start(Tag::Item) => {
                self.flush_item_text();
                if self.items.len() >= MAX_DEPTH {
                    self.capped += 1;
                    return;
                }
                let list = self.lists.last().copied();
                self.open_item(range.start, list);
            }
            Event::End(TagEnd::Item) => {
                self.flush_item_text();
                if self.capped > 0 {
                    self.capped -= 1;
                    return;
                }
                if let Some(node) = self.items.pop() {
                    self.attach(node);
                }
            }
            Event::Start(Tag::BlockQuote(_)) => {
                self.flush_item_text();
                // Quotes nested past the cap stay text of the one above, like lists.
                if self.items.len() >= MAX_DEPTH {
                    self.capped_quotes += 1;
                    return;
                }
                let callout = self.src[range.clone()]
                    .trim_start_matches(['>', ' ', '\t'])
                    .starts_with("[!");
                self.open_item(range.start, None);
                self.quotes.push(Quote {
                    node: self.items.len() - 1,
                    title_pending: callout,
                });
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                self.flush_item_text();
                if self.capped_quotes > 0 {
                    self.capped_quotes -= 1;
                    return;
                }
                if let Some(q) = self.quotes.pop() {
                    // Items left open inside the quote (never, for well-formed events) close here.
                    while self.items.len() > q.node + 1 {
                        if let Some(n) = self.items.pop() {
                            self.attach(n);
                        }
                    }
                    if let Some(node) = self.items.pop() {
                        // An empty text makes `attach` splice the blocks into the parent.
                        self.attach(node);
                    }
                }
            }
            Event::Start(Tag::Paragraph) => self.start_paragraph(),
            Event::End(TagEnd::Paragraph) => self.end_paragraph(),
            Event::Start(Tag::List(first)) => {
                self.flush_item_text();
                self.list_count += 1;
                self.lists.push((self.list_count, first.is_some()));
            }
            Event::End(TagEnd::List(_)) => {
                self.lists.pop();
            }
            Event::Start(Tag::Table(_)) => {
                self.flush_item_text();
                self.table = Some(TableBuild {
                    line: self.lines.line(range.start),
                    ..TableBuild::default()
                });
            }
            Event::Start(Tag::CodeBlock(_)) => {
                self.flush_item_text();
                self.in_code = true;
                self.block(NodeKind::Code, range);
            }
            Event::Html(h) if self.para.is_none() && self.heading.is_none() => {
                self.flush_item_text();
                if h.trim_start().starts_with("<!--") {
                    let raw = &self.src[range.clone()];
                    if is_skip_marker(raw) {
                        self.skip_next = true;
                    }
                    self.block(NodeKind::Comment, range);
                } else {
                    self.block(NodeKind::Html, range);
                }
            }
            Event::Rule => self.rules.push(self.lines.line(range.start)),
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.extend(&range);
                self.image = Some(Image {
                    alt: String::new(),
                    url: dest_url.to_string(),
                });
            }
            Event::End(TagEnd::Image) => {
                if let Some(img) = self.image.take() {
                    self.inline.images.push(img);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, h)) = &mut self.heading {
                    h.push_str(&t);
                } else {
                    if let Some(img) = &mut self.image {
                        img.alt.push_str(&t);
                    }
                    self.extend(&range);
                }
            }
            Event::Start(_)
            | Event::End(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::InlineHtml(_)
            | Event::Html(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_) => {
                if self.heading.is_none() && !matches!(event, Event::Start(_) | Event::End(_)) {
                    self.extend(&range);
                }
                if let Event::Start(
                    Tag::Link { .. } | Tag::Emphasis | Tag::Strong | Tag::Strikethrough,
                ) = event
                    && self.heading.is_none()
                {
                    self.extend(&range);
                }
            }
        }
    }

    /// A list item or a quote opens: a node that collects what follows until it closes.
    fn open_item(&mut self, offset: usize, list: Option<(u32, bool)>) {
        let line = self.lines.line(offset);
        let skip = std::mem::take(&mut self.skip_next);
        self.items.push(Node {
            kind: NodeKind::Item,
            line,
            end_line: line,
            skip,
            list,
            ..Node::default()
        });
    }

    fn start_paragraph(&mut self) {
        let own = self
            .items
            .last()
            .is_some_and(|i| i.text.is_empty() && i.children.is_empty());
        let in_plain_quote = self
            .quotes
            .last()
            .is_some_and(|q| q.node + 1 == self.items.len() && !q.title_pending);
        self.para = Some(if own && !in_plain_quote {
            ParaTarget::ItemText
        } else {
            ParaTarget::Node
        });
    }

    fn end_paragraph(&mut self) {
        match self.para.take() {
            Some(ParaTarget::ItemText) => self.flush_item_text(),
            _ => {
                if let Some(nodes) = self.key_lines() {
                    for n in nodes {
                        self.attach(n);
                    }
                } else if let Some(node) = self.take_inline(NodeKind::Paragraph) {
                    self.attach(node);
                }
            }
        }
    }

    /// A paragraph whose lines after the first open facts of their own — `key: value` lines
    /// (`**Type:** queue` then `**Retention:** 4 days`, `問題：…` then `正解: B`) or an exam's
    /// options (`A. …` then `B. …`) — written without blank lines between them: a fact per
    /// line, so one block per line, instead of one run-on text.
    fn key_lines(&mut self) -> Option<Vec<Node<'a>>> {
        let start = self.inline.start?;
        let raw = &self.src[start..self.inline.end];
        if !raw.contains('\n') || self.quotes.last().is_some_and(|q| q.title_pending) {
            return None;
        }
        let lines: Vec<&str> = raw.split('\n').collect();
        let opens = |l: &str| {
            is_key_line(l)
                || is_option_line(l)
                || is_arrow_line(l)
                || is_dash_line(l)
                || is_versus_line(l)
        };
        let question = super::explicit::strip_marker(lines[0].trim(), 'Q').is_some()
            && !lines[1..].iter().any(|l| {
                let l = l.trim();
                super::explicit::strip_marker(l, 'Q').is_some()
                    || super::explicit::strip_marker(l, 'A').is_some()
            });
        if lines.len() > 40 || !(question || lines[1..].iter().any(|l| opens(l))) {
            return None;
        }
        let first = self.lines.line(start);
        let inline = std::mem::take(&mut self.inline);
        let mut images = Some(inline.images);
        // `Q: max SQS message size?` with its answer on the lines under it (no `A:`): the
        // question, and the rest as its `A:`.
        if question {
            let q = clean_item_text(lines[0].trim());
            let answer: Vec<&str> = lines[1..].iter().map(|l| l.trim()).collect();
            return Some(vec![
                Node {
                    kind: NodeKind::Paragraph,
                    text: Cow::Borrowed(q),
                    images: images.take().unwrap_or_default(),
                    line: first,
                    end_line: first,
                    ..Node::default()
                },
                Node {
                    kind: NodeKind::Paragraph,
                    text: Cow::Owned(format!("A: {}", answer.join(" "))),
                    line: first + 1,
                    end_line: first + lines.len() as u32 - 1,
                    ..Node::default()
                },
            ]);
        }
        // Notes written a fact per line: every line is its own block.
        let nodes = lines
            .iter()
            .enumerate()
            .map(|(k, l)| {
                let line = first + k as u32;
                Node {
                    kind: NodeKind::Paragraph,
                    text: Cow::Borrowed(clean_item_text(l.trim().trim_start_matches(['>', ' ']))),
                    images: images.take().unwrap_or_default(),
                    line,
                    end_line: line,
                    ..Node::default()
                }
            })
            .collect();
        Some(nodes)
    }

    fn end_metadata(&mut self, range: std::ops::Range<usize>) {
        let Some((line, text)) = self.metadata.take() else {
            return;
        };
        let mut fm = FrontMatter {
            line,
            end_line: self.lines.line(range.end.saturating_sub(1)),
            ..FrontMatter::default()
        };
        for l in text.lines() {
            let Some((k, v)) = l.split_once(':') else {
                continue;
            };
            let v = v.trim().trim_matches(['"', '\'']).trim();
            match k.trim() {
                "title" if !v.is_empty() => fm.title = Some(v.to_string()),
                "kioku" => {
                    fm.inline_cards |= v.split([',', ' ', '[', ']']).any(|w| w == "inline-cards")
                }
                _ => {}
            }
        }
        self.front_matter = Some(fm);
    }

    fn table_event(&mut self, event: Event<'a>, range: std::ops::Range<usize>) {
        match event {
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                let line = self.lines.line(range.start);
                if let Some(t) = &mut self.table {
                    t.rows.push(Row {
                        line,
                        cells: vec![],
                    });
                }
            }
            Event::Start(Tag::TableCell) => {
                if let Some(t) = &mut self.table {
                    t.cell = Some(Inline::default());
                }
            }
            Event::End(TagEnd::TableCell) => {
                let src = self.src;
                if let Some(t) = &mut self.table
                    && let Some(cell) = t.cell.take()
                    && let Some(row) = t.rows.last_mut()
                {
                    let text = cell.start.map_or("", |s| src[s..cell.end].trim());
                    row.cells.push(text.to_string());
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = self.table.take() {
                    let end_line = self.lines.line(range.end.saturating_sub(1));
                    let node = Node {
                        kind: NodeKind::Table,
                        text: Cow::Borrowed(self.src[range].trim_end()),
                        line: t.line,
                        end_line,
                        rows: t.rows,
                        skip: std::mem::take(&mut self.skip_next),
                        ..Node::default()
                    };
                    self.attach(node);
                }
            }
            Event::Start(_) | Event::End(_) => {}
            _ => {
                if let Some(t) = &mut self.table
                    && let Some(c) = &mut t.cell
                {
                    c.start = Some(c.start.map_or(range.start, |s| s.min(range.start)));
                    c.end = c.end.max(range.end);
                }
            }
        }
    }

    fn extend(&mut self, range: &std::ops::Range<usize>) {
        let i = &mut self.inline;
        i.start = Some(i.start.map_or(range.start, |s| s.min(range.start)));
        i.end = i.end.max(range.end);
    }

    /// A verbatim block (code, HTML) becomes a node of its own.
    fn block(&mut self, kind: NodeKind, mut range: std::ops::Range<usize>) {
        // Start at the line's start, so the first line's indent is removed like the others'.
        let line_start = self.src[..range.start].rfind('\n').map_or(0, |i| i + 1);
        if self.src[line_start..range.start].trim().is_empty() {
            range.start = line_start;
        }
        let raw = &self.src[range.clone()];
        let text = Cow::Owned(dedent(raw.trim_end_matches(['\n', '\r'])));
        let end = range.start + raw.trim_end().len().max(1) - 1;
        let skip = kind != NodeKind::Comment && std::mem::take(&mut self.skip_next);
        let node = Node {
            kind,
            text,
            line: self.lines.line(range.start),
            end_line: self.lines.line(end),
            skip,
            ..Node::default()
        };
        self.attach(node);
    }

    /// Text collected so far (tight items have no paragraph) becomes the open item's own text.
    fn flush_item_text(&mut self) {
        if self.inline.start.is_none() || self.items.is_empty() {
            return;
        }
        let target_is_own = self.capped == 0
            && self
                .items
                .last()
                .is_some_and(|i| i.text.is_empty() && i.children.is_empty())
            && !self
                .quotes
                .last()
                .is_some_and(|q| q.node + 1 == self.items.len() && !q.title_pending);
        if !target_is_own {
            if let Some(node) = self.take_inline(NodeKind::Paragraph) {
                self.attach(node);
            }
            return;
        }
        let titles_callout = self
            .quotes
            .last()
            .is_some_and(|q| q.title_pending && q.node + 1 == self.items.len());
        if let Some(node) = self.take_inline(NodeKind::Item)
            && let Some(item) = self.items.last_mut()
        {
            // A callout's title labels its body.
            item.label |= titles_callout;
            item.text = node.text;
            item.images = node.images;
            item.line = node.line;
            item.end_line = node.end_line;
        }
    }

    fn take_inline(&mut self, kind: NodeKind) -> Option<Node<'a>> {
        let inline = std::mem::take(&mut self.inline);
        let start = inline.start?;
        let mut raw = &self.src[start..inline.end];
        let line = self.lines.line(start);
        // A callout's first paragraph starts with its marker and title; what follows on the
        // next lines is its body.
        let mut body: Option<(&'a str, u32)> = None;
        let mut title: Option<String> = None;
        if let Some(q) = self.quotes.last_mut()
            && q.title_pending
            && q.node + 1 == self.items.len()
        {
            q.title_pending = false;
            let (first, rest) = raw.split_once('\n').unwrap_or((raw, ""));
            title = Some(callout_title(first));
            if !rest.trim().is_empty() {
                let offset = raw.len() - rest.len();
                body = Some((rest, self.lines.line(start + offset)));
            }
            raw = first;
        }
        let text = match title {
            Some(t) => Cow::Owned(t),
            None if raw.contains('\n') => {
                Cow::Owned(clean_item_text(&join_lines(&strip_quote_marks(raw))).to_string())
            }
            None => Cow::Borrowed(clean_item_text(raw)),
        };
        let end_line = self.lines.line(inline.end.saturating_sub(1).max(start));
        if let Some((rest, body_line)) = body {
            // The title is the quote's own text; the body lines become a paragraph under it.
            let joined = join_lines(&strip_quote_marks(&format!("\n{rest}")));
            if let Some(q) = self.items.last_mut() {
                q.text = text;
                q.label = true;
                q.line = line;
                q.end_line = line;
                q.children.push(Node {
                    kind: NodeKind::Paragraph,
                    text: Cow::Owned(clean_item_text(&joined).to_string()),
                    images: inline.images,
                    line: body_line,
                    end_line,
                    ..Node::default()
                });
            }
            return None;
        }
        if text.is_empty() {
            return None;
        }
        Some(Node {
            kind,
            text,
            images: inline.images,
            line,
            end_line,
            ..Node::default()
        })
    }

    fn attach(&mut self, node: Node<'a>) {
        if node.kind == NodeKind::Item && node.text.is_empty() {
            // `- - x`, a plain quote, an untitled callout: no text of its own; its blocks take
            // its place.
            let skip = node.skip;
            for mut child in node.children {
                child.skip |= skip;
                self.attach(child);
            }
            return;
        }
        match self.items.last_mut() {
            Some(parent) => parent.children.push(node),
            None => self
                .sections
                .last_mut()
                .expect("the preamble section always exists")
                .blocks
                .push(node),
        }
    }

    fn finish(mut self) -> Outline<'a> {
        self.flush_item_text();
        while let Some(node) = self.items.pop() {
            self.attach(node);
        }
        let lines: Vec<&str> = self.src.lines().collect();
        for s in &mut self.sections {
            split_lazy_labels(&mut s.blocks, &lines);
            split_timestamped(&mut s.blocks, &lines);
            details_titles(&mut s.blocks);
            strip_aside_labels(&mut s.blocks);
            nest_flat_pairs(&mut s.blocks);
            group_labels(&mut s.blocks);
        }
        // `<!-- kioku: skip -->` before a heading drops its subsections too.
        for i in 0..self.sections.len() {
            if self.sections[i].skip {
                let path = self.sections[i].path.clone();
                for s in &mut self.sections[i + 1..] {
                    if !s.path.starts_with(&path) {
                        break;
                    }
                    s.skip = true;
                }
            }
        }
        let h1: Vec<usize> = (0..self.sections.len())
            .filter(|&i| self.sections[i].level == 1)
            .collect();
        let first_heading = self.sections.iter().position(|s| s.level > 0);
        let mut title = None;
        if h1.len() == 1 && first_heading == Some(h1[0]) {
            let s = &self.sections[h1[0]];
            title = Some((s.path[0].clone(), s.line));
            for s in &mut self.sections[h1[0]..] {
                s.path.remove(0);
            }
        }
        Outline {
            title,
            sections: self.sections,
            rules: self.rules,
            front_matter: self.front_matter,
        }
    }
}

/// Whether a line starts with a `key:` label: `**Key:**`, `**Key**:`, `Key: `, `Key：`, with a
/// short key.
fn is_key_line(line: &str) -> bool {
    let rest = line.trim().trim_start_matches(['>', ' ']);
    if let Some(r) = rest.strip_prefix("**") {
        return r.find("**").is_some_and(|close| {
            let inner = &r[..close];
            let after = &r[close + 2..];
            inner.len() <= 60 && (inner.ends_with([':', '：']) || after.starts_with([':', '：']))
        });
    }
    rest.find([':', '：']).is_some_and(|c| {
        let key = &rest[..c];
        !key.trim().is_empty()
            && crate::text::width(key) <= 20
            && !key.contains(['(', '（', '[', '`', '/', '.', '、', '。'])
            && !rest[c..].starts_with("://")
    })
}

/// A comparison that says its sides, one line each (`GuardDuty vs Inspector: GuardDuty = …`,
/// `**Secrets Manager** vs **Parameter Store**: …`).
fn is_versus_line(line: &str) -> bool {
    let t = line.trim().trim_start_matches(['>', ' ']);
    t.find([':', '：']).is_some_and(|c| {
        let head = t[..c].replace("**", "");
        !crate::text::wider_than(&head, 60)
            && crate::notes::service::is_versus(&head.to_ascii_lowercase())
            && !t[c..].starts_with("://")
    })
}

/// A glossary line: a short term, a dash, its definition (`DLQ — dead-letter queue, where…`).
fn is_dash_line(line: &str) -> bool {
    let t = line.trim().trim_start_matches(['>', ' ']);
    [" — ", " – "].iter().any(|a| {
        t.find(a).is_some_and(|i| {
            let key = t[..i].trim();
            !key.is_empty() && !crate::text::wider_than(key, 30) && !key.contains(['。', '.'])
        })
    })
}

/// A line that maps a short key to its value with an arrow: `IDプール → AWS credentials`.
fn is_arrow_line(line: &str) -> bool {
    let t = line.trim().trim_start_matches(['>', ' ']);
    [" → ", " -> "].iter().any(|a| {
        t.find(a).is_some_and(|i| {
            let key = t[..i].trim();
            !key.is_empty() && !crate::text::wider_than(key, 30)
        })
    })
}

/// An exam option written as a line: `A. …`, `B) …`, `(C) …`, `Ｄ．…`, `① …`.
fn is_option_line(line: &str) -> bool {
    let t = line.trim().trim_start_matches(['>', ' ']);
    let mut c = t.chars();
    let (a, b) = (c.next(), c.next());
    let letter =
        |x: Option<char>| x.is_some_and(|x| ('A'..='F').contains(&x) || ('Ａ'..='Ｆ').contains(&x));
    match (a, b) {
        (Some('(' | '（'), _) => letter(b) && matches!(c.next(), Some(')' | '）')),
        // `A.B. testing` and `E.g.` are no options.
        (Some(a), Some(b)) if letter(Some(a)) => {
            matches!(b, '.' | ')' | '．' | '）')
                && !t[a.len_utf8() + b.len_utf8()..]
                    .starts_with(|x: char| x.is_ascii_alphanumeric())
        }
        (Some('①'..='⑩'), _) => true,
        _ => false,
    }
}

/// `<!-- kioku: skip -->`, in any case and spacing.
fn is_skip_marker(raw: &str) -> bool {
    let inner: String = raw
        .trim()
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    inner.eq_ignore_ascii_case("kioku:skip")
}

/// `[!note]- Title` → `Title`; `[!tip]` alone → `` (an untitled callout is transparent).
fn callout_title(first_line: &str) -> String {
    let t = first_line.trim();
    let after = t
        .strip_prefix("[!")
        .and_then(|r| r.split_once(']'))
        .map_or(t, |(_, rest)| rest);
    after.trim_start_matches(['+', '-']).trim().to_string()
}

/// Continuation lines of a paragraph inside a quote keep their `>` marks in the source.
fn strip_quote_marks(s: &str) -> Cow<'_, str> {
    if !s.contains("\n") || !s.lines().skip(1).any(|l| l.trim_start().starts_with('>')) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for (i, l) in s.lines().enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(l.trim_start().trim_start_matches(['>', ' ']));
        } else {
            out.push_str(l);
        }
    }
    Cow::Owned(out)
}

/// `- Many instance types` then `Cons:` at the margin with no blank line: CommonMark reads the
/// label as the item's lazy continuation (`Many instance types Cons:`), but it opens the items
/// after it. The label becomes a paragraph of its own after the item, for [`group_labels`].
fn split_lazy_labels(nodes: &mut Vec<Node>, lines: &[&str]) {
    let mut i = 0;
    while i < nodes.len() {
        split_lazy_labels(&mut nodes[i].children, lines);
        let n = &nodes[i];
        let last = (n.end_line > n.line)
            .then(|| lines.get(n.end_line as usize - 1))
            .flatten()
            .copied()
            .unwrap_or_default();
        // Only where items follow for it to head (`this:` ending a sentence stays text).
        let heads_items = nodes
            .get(i + 1)
            .is_some_and(|m| m.kind == NodeKind::Item && m.list == n.list);
        let lazy = n.kind == NodeKind::Item
            && n.children.is_empty()
            && heads_items
            && !last.starts_with([' ', '\t', '>'])
            && is_label(last);
        let label = last.trim();
        let kept = lazy
            .then(|| n.text.strip_suffix(label))
            .flatten()
            .map(|t| t.trim_end().to_string())
            .filter(|t| !t.is_empty());
        if let Some(kept) = kept {
            let line = n.end_line;
            let item = &mut nodes[i];
            item.text = Cow::Owned(kept);
            item.end_line = line - 1;
            nodes.insert(
                i + 1,
                Node {
                    kind: NodeKind::Paragraph,
                    text: Cow::Owned(label.to_string()),
                    line,
                    end_line: line,
                    label: true,
                    ..Node::default()
                },
            );
            i += 1;
        }
        i += 1;
    }
}

/// `<details><summary>Glue bits</summary>` over a list: the summary titles what the block
/// folds, as a label does (its items are Glue's, not the heading's above). The HTML block
/// becomes a label paragraph of the summary's text.
fn details_titles(nodes: &mut [Node]) {
    for n in nodes {
        details_titles(&mut n.children);
        if n.kind != NodeKind::Html {
            continue;
        }
        let lower = n.text.to_ascii_lowercase();
        let (Some(open), Some(close)) = (lower.find("<summary>"), lower.find("</summary>")) else {
            continue;
        };
        let start = open + "<summary>".len();
        if close <= start {
            continue;
        }
        let title = n.text[start..close].trim().to_string();
        if title.is_empty() {
            continue;
        }
        n.kind = NodeKind::Paragraph;
        n.text = Cow::Owned(title);
        n.label = true;
    }
}

/// The length of a video timestamp opening `t` (`[35:20] `, `[1:02:03]`, `(07:45)`), if any.
fn timestamp_len(t: &str) -> Option<usize> {
    let close = match t.as_bytes().first()? {
        b'[' => ']',
        b'(' => ')',
        _ => return None,
    };
    let end = t.find(close)?;
    let inner = &t[1..end];
    let parts: Vec<&str> = inner.split(':').collect();
    let ok = (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    ok.then(|| end + 1 + (t[end + 1..].len() - t[end + 1..].trim_start().len()))
}

/// `- batch transform: …` then `[35:20] multi-model endpoint = …` at the margin with no blank
/// line: CommonMark reads the timestamped lines as the item's lazy continuation, but each is a
/// note of its own, typed during a video. They become paragraphs after the item.
fn split_timestamped(nodes: &mut Vec<Node>, lines: &[&str]) {
    let mut i = 0;
    while i < nodes.len() {
        split_timestamped(&mut nodes[i].children, lines);
        let n = &nodes[i];
        if n.kind != NodeKind::Item || !n.children.is_empty() || n.end_line <= n.line {
            i += 1;
            continue;
        }
        let source = |l: u32| lines.get(l as usize - 1).copied().unwrap_or_default();
        let Some(first) = (n.line + 1..=n.end_line)
            .find(|&l| !source(l).starts_with([' ', '\t']) && timestamp_len(source(l)).is_some())
        else {
            i += 1;
            continue;
        };
        let head = source(n.line).trim_start();
        let head = head
            .strip_prefix(['-', '*', '+'])
            .map_or(head, str::trim_start);
        let kept: Vec<&str> = std::iter::once(head)
            .chain((n.line + 1..first).map(|l| source(l).trim()))
            .collect();
        let end = n.end_line;
        let item = &mut nodes[i];
        item.text = Cow::Owned(kept.join(" "));
        item.end_line = first - 1;
        let mut at = i + 1;
        for l in first..=end {
            let text = source(l).trim();
            if text.is_empty() {
                continue;
            }
            nodes.insert(
                at,
                Node {
                    kind: NodeKind::Paragraph,
                    text: Cow::Owned(text.to_string()),
                    line: l,
                    end_line: l,
                    ..Node::default()
                },
            );
            at += 1;
        }
        i = at;
    }
}

/// `※注意：RDSのスタンバイは読み取りに使えない`, `ポイント：…`, `Note: …`: a label that sets a fact
/// apart says nothing of it. The fact is the text after it (a label alone, or over items,
/// stays: it heads them).
fn strip_aside_labels(nodes: &mut [Node]) {
    const ASIDES: &[&str] = &[
        "注意",
        "注意点",
        "ポイント",
        "重要",
        "補足",
        "メモ",
        "memo",
        "note",
        "nb",
        "tip",
        "tips",
        "warning",
        "important",
        "remember",
        "覚えること",
        "あと覚えること",
        "gotcha",
        "gotchas",
        "caution",
        "heads up",
        "heads-up",
        "pro tip",
        "exam tip",
        "trap",
        "exam trap",
        "落とし穴",
        "ハマりどころ",
        "試験対策",
    ];
    // `**Key:** …` in bold is a key point; a plain `Key: …` may define the word.
    const BOLD_ASIDES: &[&str] = &["key", "key point", "key points"];
    for n in nodes {
        strip_aside_labels(&mut n.children);
        if !matches!(n.kind, NodeKind::Paragraph | NodeKind::Item) {
            continue;
        }
        // `[18:40] Canvas: …`: where in the video the note was typed, no part of it.
        if let Some(len) = timestamp_len(&n.text)
            && len < n.text.len()
        {
            n.text = match std::mem::take(&mut n.text) {
                Cow::Borrowed(b) => Cow::Borrowed(&b[len..]),
                Cow::Owned(o) => Cow::Owned(o[len..].to_string()),
            };
        }
        // `★★ Accelerated VPN = …`, `VIFの種類 ★★★`: the author's importance marks.
        let stars = |c: char| matches!(c, '★' | '☆');
        if n.text.starts_with(stars) || n.text.trim_end().ends_with(stars) {
            let t = n.text.trim_start_matches(stars).trim_start();
            let t = t.trim_end().trim_end_matches(stars).trim_end();
            if !t.is_empty() {
                let (from, len) = (
                    n.text.len() - n.text.trim_start_matches(stars).trim_start().len(),
                    t.len(),
                );
                n.text = match std::mem::take(&mut n.text) {
                    Cow::Borrowed(b) => Cow::Borrowed(&b[from..from + len]),
                    Cow::Owned(o) => Cow::Owned(o[from..from + len].to_string()),
                };
            }
        }
        let Some(c) = n.text.find([':', '：']) else {
            continue;
        };
        // The longest aside label, with its marks, is about 20 bytes.
        if c > 24 {
            continue;
        }
        let label = n.text[..c]
            .trim()
            .trim_start_matches(['※', '★', '☆', '●', '■', '◆', '◇', '▶', '▷', '！', '!'])
            .trim_matches(['*', '_', ' ']);
        let label = label
            .strip_prefix('【')
            .and_then(|r| r.strip_suffix('】'))
            .unwrap_or(label);
        let len = n.text[c..].chars().next().map_or(1, char::len_utf8);
        let rest_at = c + len;
        let rest = n.text[rest_at..]
            .trim_start_matches(['*', '_'])
            .trim_start();
        let bold = n.text.starts_with(['*', '_']);
        if rest.is_empty()
            || !(ASIDES.iter().any(|a| label.eq_ignore_ascii_case(a))
                || bold && BOLD_ASIDES.iter().any(|a| label.eq_ignore_ascii_case(a)))
        {
            continue;
        }
        let skip = n.text.len() - rest.len();
        n.text = match std::mem::take(&mut n.text) {
            Cow::Borrowed(t) => Cow::Borrowed(&t[skip..]),
            Cow::Owned(t) => Cow::Owned(t[skip..].to_string()),
        };
    }
}

/// **flattened pairs**: a list that alternates a short phrase and a statement about it, all
/// at one level (`- ワイルドカードを利用した無効化パス指定` then `- 同時に最大 15 個まで…が指定可能`,
/// twice or more): the author wrote each detail under its phrase without indenting it. Each
/// statement goes under the phrase before it, so a card of it says what it is about (15 is the
/// wildcard limit, not the path limit).
fn nest_flat_pairs(nodes: &mut Vec<Node>) {
    for n in nodes.iter_mut() {
        nest_flat_pairs(&mut n.children);
    }
    let mut i = 0;
    while i < nodes.len() {
        let Some(list) = nodes[i].list else {
            i += 1;
            continue;
        };
        let run = nodes[i..]
            .iter()
            .take_while(|n| n.kind == NodeKind::Item && n.list == Some(list))
            .count();
        let items = &nodes[i..i + run];
        let phrase = |n: &Node| {
            n.children.is_empty()
                && !crate::text::wider_than(&n.text, 40)
                && !super::extract::is_statement(&n.text)
                && !n.text.contains([':', '：'])
        };
        let statement = |n: &Node| n.children.is_empty() && super::extract::is_statement(&n.text);
        let pairs =
            run >= 4 && run % 2 == 0 && items.chunks(2).all(|p| phrase(&p[0]) && statement(&p[1]));
        if pairs {
            let mut taken: Vec<Node> = nodes.drain(i..i + run).collect();
            let mut nested = Vec::with_capacity(run / 2);
            while !taken.is_empty() {
                let mut p = taken.remove(0);
                let d = taken.remove(0);
                p.children.push(Node {
                    list: Some((list.0, false)),
                    ..d
                });
                nested.push(p);
            }
            let k = nested.len();
            for (j, p) in nested.into_iter().enumerate() {
                nodes.insert(i + j, p);
            }
            i += k;
        } else {
            i += run.max(1);
        }
    }
}

/// A label line with a list right under it (`**Use cases:**`, `Why?`, `特徴：`) heads that
/// list: the items become its children, instead of text glued to what came before.
fn group_labels(nodes: &mut Vec<Node>) {
    let mut i = 0;
    while i < nodes.len() {
        group_labels(&mut nodes[i].children);
        let heads = nodes[i].kind == NodeKind::Paragraph
            && nodes[i].children.is_empty()
            && nodes.get(i + 1).is_some_and(|n| n.kind == NodeKind::Item);
        let label =
            heads && (nodes[i].label || is_label(&nodes[i].text) || is_list_title(&nodes[i].text));
        // `…合計5つのIPアドレスが予約されている。内訳は以下の通り。` over the list: the paragraph
        // leads in to it, however long; it asks, the items answer (it is no label).
        if label || (heads && leads_in(&nodes[i].text)) {
            let run = nodes[i + 1..]
                .iter()
                .take_while(|n| n.kind == NodeKind::Item)
                .count();
            let items: Vec<Node> = nodes.drain(i + 1..i + 1 + run).collect();
            let n = &mut nodes[i];
            n.kind = NodeKind::Item;
            n.label = label;
            n.children = items;
        }
        i += 1;
    }
}

/// **lead-in**: a paragraph that ends by announcing a list (`内訳は以下の通り。`,
/// `キャパシティモードは次の2つである。`, `… as follows.`, any text ending in `:`). Over the list
/// right after it, it heads that list.
pub fn leads_in(text: &str) -> bool {
    let t = text.trim();
    if t.ends_with([':', '：']) {
        return true;
    }
    let t = t.trim_end_matches(['。', '.', ' ', '　']);
    let t = ["である", "です", "があります", "がある", "あります", "ある"]
        .iter()
        .find_map(|e| t.strip_suffix(e))
        .unwrap_or(t);
    const JA: &[&str] = &[
        "以下の通り",
        "以下のとおり",
        "次の通り",
        "次のとおり",
        "下記の通り",
        "下記のとおり",
        // `ルーティングポリシーのまとめです。` over a table: a title in a sentence.
        "のまとめ",
        "をまとめる",
        "をまとめた",
    ];
    if JA.iter().any(|e| t.ends_with(e)) {
        return true;
    }
    // `次の2つ`, `次の3種類に分かれる`, `以下の4点がある`: a count of what follows, in the
    // last sentence.
    let last = t.rsplit(['。', '．']).next().unwrap_or(t);
    for lead in ["次の", "以下の", "下記の"] {
        for (at, _) in last.match_indices(lead) {
            let rest = &last[at + lead.len()..];
            let count = rest.trim_start_matches(|c: char| {
                c.is_ascii_digit()
                    || ('０'..='９').contains(&c)
                    || "一二三四五六七八九十".contains(c)
            });
            if count.len() < rest.len()
                && [
                    "つ",
                    "種類",
                    "点",
                    "個",
                    "項目",
                    "ステップ",
                    "段階",
                    "パターン",
                    "通り",
                ]
                .iter()
                .any(|c| count.starts_with(c))
            {
                return true;
            }
        }
    }
    // `VPCエンドポイントは2種類あります。`: a one-sentence count of kinds, over what lists them.
    if !t.contains(['。', '．'])
        && let Some(before) = COUNTERS.iter().find_map(|c| t.strip_suffix(c))
        && before.ends_with(|c: char| {
            c.is_ascii_digit() || ('０'..='９').contains(&c) || "一二三四五六七八九十".contains(c)
        })
    {
        return true;
    }
    let lower = t.to_ascii_lowercase();
    // `There are three types of endpoints.`
    if let Some(rest) = lower.strip_prefix("there are ")
        && !rest.contains(['.', ','])
        && rest.split_whitespace().nth(1).is_some_and(|w| {
            [
                "types", "kinds", "ways", "options", "classes", "modes", "flavors", "tiers",
            ]
            .contains(&w)
        })
    {
        return true;
    }
    ["as follows", "the following", "following ones"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// What a count of kinds is counted in (`2種類`, `3つ`, `4パターン`).
const COUNTERS: &[&str] = &["種類", "つ", "パターン", "タイプ", "通り", "方式"];

/// A short line that is no sentence (`Transit Gatewayのポイント`, `AWS Backup`, `DR戦略`):
/// written right above a list, it is that list's title.
fn is_list_title(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && !crate::text::wider_than(t, 40)
        && !t.contains(['。', '．'])
        && !t.ends_with(['.', '!', '！'])
        && !is_key_line(t)
}

/// Bold-only text (`**Use cases:**`, `__Why__`) or a short line ending in `:` or `?`.
pub fn is_label(text: &str) -> bool {
    let t = text.trim();
    let bold = ["**", "__"].iter().any(|m| {
        t.len() > 4
            && t.starts_with(m)
            && (t.ends_with(m) || t.ends_with(&format!("{m}:")) || t.ends_with(&format!("{m}：")))
            && !t[2..t.len() - 2].contains(m)
    });
    bold || (t.ends_with([':', '：', '?', '？']) && !crate::text::wider_than(t, 40))
}

/// Drop the stray dash some items start with (`- – Core Node…`): the bullet is already there.
fn clean_item_text(s: &str) -> &str {
    let t = s.trim();
    for d in ['–', '−', '—', '―'] {
        if let Some(rest) = t.strip_prefix(d)
            && rest.starts_with([' ', '\t'])
        {
            return rest.trim_start();
        }
    }
    t
}

/// Remove the indentation shared by all lines of a verbatim block.
fn dedent(s: &str) -> String {
    let indent = s
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    s.lines()
        .map(|l| l.get(indent..).unwrap_or(l.trim_start()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text with every `![alt](url)` removed.
pub fn strip_images(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("![") {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        match after
            .find("](")
            .and_then(|j| after[j..].find(')').map(|k| j + k + 1))
        {
            Some(end) => rest = &after[end..],
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_ins_announce_a_list_and_options_open_a_line() {
        for t in [
            "内訳は以下の通り。",
            "主なものは以下のとおりである。",
            "キャパシティモードは次の2つである。",
            "次の4つに分かれている。",
            "There are three kinds, as follows.",
            "The reserved addresses are:",
        ] {
            assert!(leads_in(t), "{t}");
        }
        for t in [
            "100MB以下のファイルに限る。",
            "次のバージョンで変わった。",
            "以下の条件を満たす必要がある場合は注意。",
            "Follow the docs.",
        ] {
            assert!(!leads_in(t), "{t}");
        }
        for t in [
            "A. UpdateItem",
            "B) PutItem",
            "(C) Streams",
            "Ｄ．読み込み",
            "① 作成",
        ] {
            assert!(is_option_line(t), "{t}");
        }
        for t in ["A.B. testing", "E.g. this", "Amazon S3", "As noted"] {
            assert!(!is_option_line(t), "{t}");
        }
    }

    fn texts(nodes: &[Node]) -> Vec<String> {
        nodes.iter().map(|n| n.text.to_string()).collect()
    }

    #[test]
    fn en_dash_and_minus_bullets_become_items_at_their_indent() {
        let src = "## L\n- イベントソース\n    - Amazon S3\n    – Amazon Kinesis\n- 構築\n    – キャッシュ\n    – 初期費用\n- a\n− NFSロック\n    - EventualConsistency\n";
        let text = normalize(src);
        let o = parse(&text);
        let b = &o.sections[1].blocks;
        assert_eq!(texts(b), ["イベントソース", "構築", "a", "NFSロック"]);
        assert_eq!(texts(&b[0].children), ["Amazon S3", "Amazon Kinesis"]);
        assert_eq!(texts(&b[1].children), ["キャッシュ", "初期費用"]);
        assert_eq!(texts(&b[3].children), ["EventualConsistency"]);
        assert_eq!((b[3].line, b[3].children[0].line), (9, 10));
    }

    #[test]
    fn glued_dash_and_lazy_continuation_lines() {
        let src = "## R\n-フルマネージドなDWH\n- MPP : x\n– S3は複製するため、\nデータの更新\n";
        let text = normalize(src);
        let o = parse(&text);
        let b = &o.sections[1].blocks;
        assert_eq!(
            texts(b),
            [
                "フルマネージドなDWH",
                "MPP : x",
                "S3は複製するため、データの更新"
            ]
        );
        assert_eq!((b[2].line, b[2].end_line), (4, 5));
    }

    #[test]
    fn title_is_left_out_of_paths_and_levels_nest() {
        let o = parse("# T\n\n## A\n### B\n#### C\n## D\n");
        assert_eq!(o.title, Some(("T".into(), 1)));
        let paths: Vec<String> = o.sections.iter().map(|s| s.path.join(" › ")).collect();
        assert_eq!(paths, ["", "", "A", "A › B", "A › B › C", "D"]);
    }

    #[test]
    fn loose_lists_images_and_stray_dashes() {
        let src = "## 61.\n\n- ![Shot 1](https://x/1.png)\n\n- DRAINING:\n\n  - 既存の進行中リクエスト\n  - - – Core Node\n";
        let text = normalize(src);
        let o = parse(&text);
        let b = &o.sections[1].blocks;
        assert!(b[0].is_image_only());
        assert_eq!(
            b[0].images,
            vec![Image {
                alt: "Shot 1".into(),
                url: "https://x/1.png".into()
            }]
        );
        assert_eq!(
            texts(&b[1].children),
            ["既存の進行中リクエスト", "Core Node"]
        );
    }

    #[test]
    fn code_blocks_are_kept_verbatim_and_dashes_inside_untouched() {
        let src = "## A\n- cmd\n  ```\n  – not a bullet\n  ```\n";
        let text = normalize(src);
        let o = parse(&text);
        let item = &o.sections[1].blocks[0];
        assert_eq!(item.children[0].kind, NodeKind::Code);
        assert_eq!(item.children[0].text, "```\n– not a bullet\n```");
        assert_eq!((item.children[0].line, item.children[0].end_line), (3, 5));
    }
}
