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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A list item (also the `–`/`−` pseudo-bullets the notes use).
    Item,
    /// A paragraph outside any list, or a further paragraph inside an item.
    Paragraph,
    /// A fenced or indented code block, kept verbatim.
    Code,
    /// Raw HTML, kept verbatim.
    Html,
}

/// One block of the notes with its own text and the blocks nested under it.
#[derive(Debug, Clone, PartialEq, Eq)]
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
}

/// Rewrite the bullet styles the notes use but CommonMark does not know, keeping every line
/// on its line: a leading `–`, `−`, `—` or `―` followed by a space becomes a `-` bullet (same byte
/// length), and a `-` glued to Japanese text (`-フルマネージド`) gets its space. Code blocks are left
/// alone.
pub fn normalize_bullets(src: &str) -> std::borrow::Cow<'_, str> {
    const DASHES: [char; 4] = ['–', '−', '—', '―'];
    let needs = src.lines().any(|l| {
        let t = l.trim_start();
        t.starts_with(DASHES)
            || t.strip_prefix('-')
                .and_then(|r| r.chars().next())
                .is_some_and(|c| !c.is_ascii())
    });
    if !needs {
        return std::borrow::Cow::Borrowed(src);
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
        match (chars.next(), chars.next()) {
            (Some(d), Some(' ' | '\t')) if DASHES.contains(&d) => {
                out.push_str(indent);
                out.push_str("-  ");
                out.push_str(&trimmed[d.len_utf8()..]);
            }
            (Some('-'), Some(c)) if !c.is_ascii() && !c.is_whitespace() && !DASHES.contains(&c) => {
                out.push_str(indent);
                out.push_str("- ");
                out.push_str(&trimmed[1..]);
            }
            _ => out.push_str(line),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Parser options used for the notes (and by the benchmark's bare-parse baseline).
pub fn options() -> Options {
    Options::empty()
}

/// Parse notes into an outline. `text` is the notes after [`normalize_bullets`]; the outline
/// borrows from it.
pub fn parse(text: &str) -> Outline<'_> {
    let mut b = Builder::new(text);
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        b.event(event, range);
    }
    b.finish()
}

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

struct Builder<'a> {
    src: &'a str,
    lines: Lines<'a>,
    sections: Vec<Section<'a>>,
    headings: Vec<(u8, String)>,
    heading: Option<(u8, u32, String)>,
    items: Vec<Node<'a>>,
    inline: Inline,
    para: Option<ParaTarget>,
    image: Option<Image>,
    in_code: bool,
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
            }],
            headings: vec![],
            heading: None,
            items: vec![],
            inline: Inline::default(),
            para: None,
            image: None,
            in_code: false,
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
        match event {
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
                    self.sections.push(Section {
                        path,
                        level,
                        line,
                        blocks: vec![],
                    });
                }
            }
            Event::Start(Tag::Item) => {
                self.flush_item_text();
                let line = self.lines.line(range.start);
                self.items.push(Node {
                    kind: NodeKind::Item,
                    text: Cow::Borrowed(""),
                    images: vec![],
                    line,
                    end_line: line,
                    children: vec![],
                });
            }
            Event::End(TagEnd::Item) => {
                self.flush_item_text();
                if let Some(node) = self.items.pop() {
                    self.attach(node);
                }
            }
            Event::Start(Tag::Paragraph) => {
                let own = self
                    .items
                    .last()
                    .is_some_and(|i| i.text.is_empty() && i.children.is_empty());
                self.para = Some(if own {
                    ParaTarget::ItemText
                } else {
                    ParaTarget::Node
                });
            }
            Event::End(TagEnd::Paragraph) => match self.para.take() {
                Some(ParaTarget::ItemText) => self.flush_item_text(),
                _ => {
                    if let Some(node) = self.take_inline(NodeKind::Paragraph) {
                        self.attach(node);
                    }
                }
            },
            Event::Start(Tag::List(_) | Tag::BlockQuote(_)) => self.flush_item_text(),
            Event::Start(Tag::CodeBlock(_)) => {
                self.flush_item_text();
                self.in_code = true;
                self.block(NodeKind::Code, range);
            }
            Event::Html(_) if self.para.is_none() && self.heading.is_none() => {
                self.flush_item_text();
                self.block(NodeKind::Html, range);
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
        let node = Node {
            kind,
            text,
            images: vec![],
            line: self.lines.line(range.start),
            end_line: self.lines.line(end),
            children: vec![],
        };
        self.attach(node);
    }

    /// Text collected so far (tight items have no paragraph) becomes the open item's own text.
    fn flush_item_text(&mut self) {
        if self.inline.start.is_none() || self.items.is_empty() {
            return;
        }
        let target_is_own = self
            .items
            .last()
            .is_some_and(|i| i.text.is_empty() && i.children.is_empty());
        if !target_is_own {
            if let Some(node) = self.take_inline(NodeKind::Paragraph) {
                self.attach(node);
            }
            return;
        }
        if let Some(node) = self.take_inline(NodeKind::Item)
            && let Some(item) = self.items.last_mut()
        {
            item.text = node.text;
            item.images = node.images;
            item.line = node.line;
            item.end_line = node.end_line;
        }
    }

    fn take_inline(&mut self, kind: NodeKind) -> Option<Node<'a>> {
        let inline = std::mem::take(&mut self.inline);
        let start = inline.start?;
        let raw = &self.src[start..inline.end];
        let text = if raw.contains('\n') {
            Cow::Owned(clean_item_text(&join_lines(raw)).to_string())
        } else {
            Cow::Borrowed(clean_item_text(raw))
        };
        if text.is_empty() {
            return None;
        }
        Some(Node {
            kind,
            text,
            images: inline.images,
            line: self.lines.line(start),
            end_line: self.lines.line(inline.end.saturating_sub(1).max(start)),
            children: vec![],
        })
    }

    fn attach(&mut self, node: Node<'a>) {
        if node.kind == NodeKind::Item && node.text.is_empty() {
            // `- - x`: an item with no text of its own; its children take its place.
            for child in node.children {
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
        }
    }
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

    fn texts(nodes: &[Node]) -> Vec<String> {
        nodes.iter().map(|n| n.text.to_string()).collect()
    }

    #[test]
    fn en_dash_and_minus_bullets_become_items_at_their_indent() {
        let src = "## L\n- イベントソース\n    - Amazon S3\n    – Amazon Kinesis\n- 構築\n    – キャッシュ\n    – 初期費用\n- a\n− NFSロック\n    - EventualConsistency\n";
        let text = normalize_bullets(src);
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
        let text = normalize_bullets(src);
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
        let text = normalize_bullets(src);
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
        let text = normalize_bullets(src);
        let o = parse(&text);
        let item = &o.sections[1].blocks[0];
        assert_eq!(item.children[0].kind, NodeKind::Code);
        assert_eq!(item.children[0].text, "```\n– not a bullet\n```");
        assert_eq!((item.children[0].line, item.children[0].end_line), (3, 5));
    }
}
