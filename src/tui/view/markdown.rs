//! Card Markdown as styled lines, rendered from pulldown-cmark's events: list bullets and
//! numbers with their nesting, code blocks, inline code, emphasis, strikethrough, links (the
//! address after the label) and images as `[image: alt] url`. The text is kept as written;
//! the sanitizer runs when the lines are wrapped.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::theme::Theme;

fn parser(text: &str) -> Parser<'_> {
    Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH)
}

/// Every image's address in a card's text, in order.
pub fn images(text: &str) -> Vec<String> {
    parser(text)
        .filter_map(|e| match e {
            Event::Start(Tag::Image { dest_url, .. }) => Some(dest_url.into_string()),
            _ => None,
        })
        .collect()
}

/// What `o` opens: the first image, else the first link.
pub fn first_image(text: &str) -> Option<String> {
    images(text).into_iter().next().or_else(|| {
        parser(text).find_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.into_string()),
            _ => None,
        })
    })
}

struct Render {
    t: Theme,
    out: Vec<Line<'static>>,
    cur: Vec<Span<'static>>,
    /// Whether `cur` holds only a line's prefix (indent, bullet).
    bare: bool,
    styles: Vec<Style>,
    /// Open lists: the next number of an ordered one.
    lists: Vec<Option<u64>>,
    /// Inside an image: its address, and its alt text so far.
    image: Option<(String, String)>,
    links: Vec<String>,
    code: bool,
    quote: usize,
    /// A paragraph ended at the top level: the next one is set off by a blank line.
    gap: bool,
}

impl Render {
    fn style(&self) -> Style {
        self.styles.last().copied().unwrap_or_default()
    }

    /// The indent continuation lines of the current block get.
    fn indent(&self) -> String {
        let quote = "│ ".repeat(self.quote);
        format!("{quote}{}", "  ".repeat(self.lists.len()))
    }

    fn flush(&mut self) {
        if !self.bare && !self.cur.is_empty() {
            self.out.push(Line::from(std::mem::take(&mut self.cur)));
        }
        self.cur.clear();
        self.bare = true;
    }

    fn push(&mut self, text: String, style: Style) {
        if self.cur.is_empty() && self.quote > 0 {
            self.cur
                .push(Span::styled("│ ".repeat(self.quote), self.t.dim()));
        }
        self.cur.push(Span::styled(text, style));
        self.bare = false;
    }

    fn start_line(&mut self) {
        self.flush();
        let indent = self.indent();
        if !indent.is_empty() {
            self.cur.push(Span::raw(indent));
        }
    }

    fn event(&mut self, e: Event<'_>) {
        match e {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(s) => {
                if let Some((_, alt)) = &mut self.image {
                    alt.push_str(&s);
                } else if self.code {
                    for l in s.lines() {
                        self.out
                            .push(Line::styled(format!("{}{l}", self.indent()), self.t.code()));
                    }
                } else {
                    let st = self.style();
                    self.push(s.into_string(), st);
                }
            }
            Event::Code(s) => {
                let st = self.style().patch(self.t.code());
                self.push(s.into_string(), st);
            }
            Event::Html(s) | Event::InlineHtml(s) => {
                let st = self.style();
                for (i, l) in s.lines().enumerate() {
                    if i > 0 {
                        self.start_line();
                    }
                    self.push(l.to_string(), st);
                }
            }
            // Notes are written line by line: a line break in the text is one on screen.
            Event::SoftBreak | Event::HardBreak => self.start_line(),
            Event::Rule => {
                self.flush();
                self.out.push(Line::styled("───", self.t.dim()));
            }
            Event::TaskListMarker(done) => {
                let st = self.style();
                self.push(if done { "☑ " } else { "☐ " }.into(), st);
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph if self.lists.is_empty() => {
                self.flush();
                if std::mem::take(&mut self.gap) {
                    self.out.push(Line::raw(""));
                }
            }
            Tag::Heading { .. } => {
                self.flush();
                self.styles.push(self.style().add_modifier(Modifier::BOLD));
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.quote += 1;
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.code = true;
            }
            Tag::List(first) => {
                self.flush();
                self.gap = false;
                self.lists.push(first);
            }
            Tag::Item => {
                self.flush();
                let depth = self.lists.len().saturating_sub(1);
                let quote = "│ ".repeat(self.quote);
                let mark = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    _ => "• ".to_string(),
                };
                self.cur
                    .push(Span::raw(format!("{quote}{}{mark}", "  ".repeat(depth))));
                self.bare = true;
            }
            Tag::Emphasis => self
                .styles
                .push(self.style().add_modifier(Modifier::ITALIC)),
            Tag::Strong => self.styles.push(self.style().add_modifier(Modifier::BOLD)),
            Tag::Strikethrough => self
                .styles
                .push(self.style().add_modifier(Modifier::CROSSED_OUT)),
            Tag::Link { dest_url, .. } => {
                self.links.push(dest_url.into_string());
                self.styles.push(self.style().patch(self.t.link()));
            }
            Tag::Image { dest_url, .. } => {
                self.image = Some((dest_url.into_string(), String::new()));
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph if self.lists.is_empty() => {
                self.flush();
                self.gap = true;
            }
            TagEnd::Heading(_) => {
                self.styles.pop();
                self.flush();
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote = self.quote.saturating_sub(1);
            }
            TagEnd::CodeBlock => self.code = false,
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                self.gap = self.lists.is_empty();
            }
            TagEnd::Item => self.flush(),
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                self.styles.pop();
            }
            TagEnd::Link => {
                self.styles.pop();
                let url = self.links.pop().unwrap_or_default();
                let label: String = self
                    .cur
                    .last()
                    .map(|s| s.content.to_string())
                    .unwrap_or_default();
                // An autolink (`<https://…>`) shows its address once.
                if label != url {
                    let dim = self.t.dim();
                    self.push(format!(" ({url})"), dim);
                }
            }
            TagEnd::Image => {
                if let Some((url, alt)) = self.image.take() {
                    let code = self.t.code();
                    let link = self.t.link();
                    self.push(format!("[image: {alt}]"), code);
                    self.push(format!(" {url}"), link);
                }
            }
            _ => {}
        }
    }
}

/// `==highlight==` (Obsidian's, which CommonMark does not know) as `**strong**`: what the
/// author marked stands out instead of showing its marks. Only a pair on one line, with no
/// space inside the marks (`a == b` is no highlight).
fn highlights_as_strong(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("==") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut rest = line;
        while let Some(open) = rest.find("==") {
            let inner_start = open + 2;
            let close = rest[inner_start..].find("==").map(|c| inner_start + c);
            let ok = close.is_some_and(|c| {
                let inner = &rest[inner_start..c];
                !inner.is_empty() && !inner.starts_with(' ') && !inner.ends_with(' ')
            });
            match close {
                Some(c) if ok => {
                    out.push_str(&rest[..open]);
                    out.push_str("**");
                    out.push_str(&rest[inner_start..c]);
                    out.push_str("**");
                    rest = &rest[c + 2..];
                }
                _ => {
                    out.push_str(&rest[..inner_start]);
                    rest = &rest[inner_start..];
                }
            }
        }
        out.push_str(rest);
    }
    std::borrow::Cow::Owned(out)
}

/// A card's Markdown as lines for the screen.
pub fn markdown(text: &str, t: Theme) -> Vec<Line<'static>> {
    let text = highlights_as_strong(text);
    let text: &str = &text;
    let mut r = Render {
        t,
        out: Vec::new(),
        cur: Vec::new(),
        bare: true,
        styles: Vec::new(),
        lists: Vec::new(),
        image: None,
        links: Vec::new(),
        code: false,
        quote: 0,
        gap: false,
    };
    for e in parser(text) {
        r.event(e);
    }
    r.flush();
    r.out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn markdown_renders_lists_code_emphasis_links_and_images() {
        let t = Theme { color: true };
        let md = "- `ChangeInCapacity` を **必ず** *確認*\n  - [docs](https://aws.example/asg)\n- ![Shot 1](https://x/1.png)\n```\n- not a list\n```";
        let lines = markdown(md, t);
        let texts: Vec<String> = lines.iter().map(text).collect();
        assert_eq!(
            texts,
            [
                "• ChangeInCapacity を 必ず 確認",
                "  • docs (https://aws.example/asg)",
                "• [image: Shot 1] https://x/1.png",
                "- not a list",
            ]
        );
        let first = &lines[0].spans;
        assert_eq!(first[1].style, t.code(), "inline code");
        assert!(first[3].style.add_modifier.contains(Modifier::BOLD));
        assert!(first[5].style.add_modifier.contains(Modifier::ITALIC));
        assert_eq!(lines[1].spans[1].style, t.link());
        assert_eq!(lines[3].style, t.code(), "fenced code keeps its text");
        // An underscore inside a name is not emphasis.
        assert_eq!(text(&markdown("snake_case_name", t)[0]), "snake_case_name");
        // Obsidian's `==highlight==` stands out without its marks; `a == b` is left alone.
        let hl = markdown("An explicit ==Deny== wins", t);
        assert_eq!(text(&hl[0]), "An explicit Deny wins");
        assert!(hl[0].spans[1].style.add_modifier.contains(Modifier::BOLD));
        assert_eq!(
            text(&markdown("if a == b then c == d", t)[0]),
            "if a == b then c == d"
        );
    }

    #[test]
    fn numbered_lists_lines_and_paragraphs_keep_their_shape() {
        let t = Theme { color: false };
        let md = "手順:\n1. 作成\n2. 接続\n\n次の段落\n2行目 <https://x.example>";
        let texts: Vec<String> = markdown(md, t).iter().map(text).collect();
        assert_eq!(
            texts,
            [
                "手順:",
                "1. 作成",
                "2. 接続",
                "",
                "次の段落",
                "2行目 https://x.example"
            ]
        );
    }

    #[test]
    fn images_are_found_in_one_place() {
        let md = "see [docs](https://d.example) and ![a](one.png)\n- ![b](two.png)";
        assert_eq!(images(md), ["one.png", "two.png"]);
        assert_eq!(first_image(md).as_deref(), Some("one.png"));
        assert_eq!(
            first_image("only [a link](https://d.example)").as_deref(),
            Some("https://d.example")
        );
        assert_eq!(first_image("plain"), None);
    }
}
