//! HTML both ways: kioku's Markdown rendered for Anki (through pulldown-cmark's own HTML
//! writer), and the common tags of Anki's fields turned back into Markdown for a deck.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};

/// Render card Markdown to HTML. `image` is asked about every image's address and may give
/// another (a local file's name in the package's media); `None` keeps the address.
pub fn markdown_to_html(md: &str, image: &mut dyn FnMut(&str) -> Option<String>) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(md, options).map(|e| match e {
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = match image(&dest_url) {
                Some(to) => CowStr::from(to),
                None => dest_url,
            };
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        e => e,
    });
    let mut out = String::with_capacity(md.len() + md.len() / 2);
    pulldown_cmark::html::push_html(&mut out, events);
    // One paragraph alone needs no <p>: Anki shows a bare field's text as it is.
    let trimmed = out.trim_end();
    if let Some(inner) = trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        && !inner.contains("<p>")
    {
        return inner.to_string();
    }
    trimmed.to_string()
}

/// Plain text made safe inside HTML: `&`, `<`, `>` and `"` escaped.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The text of some HTML, tags dropped and entities decoded (an image becomes its file name,
/// as Anki's sort field has it).
pub fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    for token in tokens(html) {
        match token {
            Token::Text(t) => out.push_str(&decode_entities(t)),
            Token::Tag(tag) if tag.name == "img" => {
                if let Some(src) = tag.attr("src") {
                    out.push(' ');
                    out.push_str(&src);
                    out.push(' ');
                }
            }
            Token::Tag(tag) if tag.name == "br" => out.push(' '),
            Token::Tag(_) => {}
        }
    }
    out.trim().to_string()
}

/// HTML from an Anki field → Markdown, for the common tags: b/strong, i/em, code, br, div/p,
/// ul/ol/li, a, img, and entities. Other tags are dropped and their text kept; the text of
/// `<script>` and `<style>` is dropped too. Characters Markdown would read as formatting are
/// escaped, so the card shows what Anki showed.
pub fn html_to_markdown(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    // Lists open: ordered or not, and the next number.
    let mut lists: Vec<(bool, u32)> = Vec::new();
    // Links open: where their text starts in `out`, and the address.
    let mut links: Vec<(usize, Option<String>)> = Vec::new();
    let mut skip_depth = 0usize;
    for token in tokens(html) {
        match token {
            Token::Text(t) => {
                if skip_depth > 0 {
                    continue;
                }
                let text = decode_entities(t);
                // HTML whitespace (a newline in the source included) is one space.
                let mut last_space = out.ends_with([' ', '\n']) || out.is_empty();
                for c in text.chars() {
                    if c.is_whitespace() && c != '\u{a0}' {
                        if !last_space {
                            out.push(' ');
                            last_space = true;
                        }
                        continue;
                    }
                    last_space = false;
                    let c = if c == '\u{a0}' { ' ' } else { c };
                    if matches!(
                        c,
                        '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
                    ) {
                        out.push('\\');
                    }
                    out.push(c);
                }
            }
            Token::Tag(tag) => {
                let name = tag.name.as_str();
                if matches!(name, "script" | "style") {
                    if tag.closing {
                        skip_depth = skip_depth.saturating_sub(1);
                    } else if !tag.self_closing {
                        skip_depth += 1;
                    }
                    continue;
                }
                if skip_depth > 0 {
                    continue;
                }
                match (name, tag.closing) {
                    ("b" | "strong", _) => out.push_str("**"),
                    ("i" | "em", _) => out.push('*'),
                    ("code", _) => out.push('`'),
                    ("br", _) => {
                        trim_spaces(&mut out);
                        out.push('\n');
                    }
                    ("div" | "p", false) => {
                        if name == "p" {
                            paragraph_break(&mut out);
                        } else {
                            line_break(&mut out);
                        }
                    }
                    ("div" | "p", true) => line_break(&mut out),
                    ("ul" | "ol", false) => {
                        line_break(&mut out);
                        lists.push((name == "ol", 1));
                    }
                    ("ul" | "ol", true) => {
                        lists.pop();
                        line_break(&mut out);
                    }
                    ("li", false) => {
                        line_break(&mut out);
                        let depth = lists.len().saturating_sub(1);
                        out.push_str(&"  ".repeat(depth));
                        match lists.last_mut() {
                            Some((true, n)) => {
                                out.push_str(&format!("{n}. "));
                                *n += 1;
                            }
                            _ => out.push_str("- "),
                        }
                    }
                    ("li", true) => {}
                    ("a", false) => links.push((out.len(), tag.attr("href"))),
                    ("a", true) => {
                        if let Some((start, Some(href))) = links.pop() {
                            let text = out.split_off(start);
                            out.push_str(&format!("[{}]({})", text.trim(), link_target(&href)));
                        }
                    }
                    ("img", _) => {
                        if let Some(src) = tag.attr("src") {
                            let alt = tag.attr("alt").unwrap_or_default();
                            out.push_str(&format!("![{alt}]({})", link_target(&src)));
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    // Trailing spaces on each line, and blank lines beyond one, carry nothing.
    let mut text = String::with_capacity(out.len());
    let mut blank = 0;
    for line in out.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        text.push_str(line);
        text.push('\n');
    }
    text.trim_end().to_string()
}

/// A link's address as Markdown can hold it: in `<…>` when it has spaces or parentheses.
fn link_target(href: &str) -> String {
    if href.contains([' ', '(', ')']) {
        format!("<{}>", href.replace('>', "%3E"))
    } else {
        href.to_string()
    }
}

fn trim_spaces(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
}

fn line_break(out: &mut String) {
    trim_spaces(out);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

fn paragraph_break(out: &mut String) {
    line_break(out);
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
}

enum Token<'a> {
    Text(&'a str),
    Tag(HtmlTag<'a>),
}

struct HtmlTag<'a> {
    /// Lower case.
    name: String,
    closing: bool,
    self_closing: bool,
    attrs: &'a str,
}

impl HtmlTag<'_> {
    /// An attribute's value, entities decoded: `src="a.png"`, `src='a.png'` or `src=a.png`.
    fn attr(&self, key: &str) -> Option<String> {
        let mut rest = self.attrs;
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() {
                return None;
            }
            let name_end = rest
                .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
                .unwrap_or(rest.len());
            let name = &rest[..name_end];
            rest = rest[name_end..].trim_start();
            let value = if let Some(r) = rest.strip_prefix('=') {
                let r = r.trim_start();
                let (v, after) = match r.chars().next() {
                    Some(q @ ('"' | '\'')) => {
                        let body = &r[1..];
                        let end = body.find(q).unwrap_or(body.len());
                        (&body[..end], body.get(end + 1..).unwrap_or(""))
                    }
                    _ => {
                        let end = r.find(char::is_whitespace).unwrap_or(r.len());
                        (&r[..end], &r[end..])
                    }
                };
                rest = after;
                v
            } else {
                ""
            };
            if name.eq_ignore_ascii_case(key) {
                return Some(decode_entities(value));
            }
        }
    }
}

/// Text and tags, in order. `<!-- comments -->` are dropped; a `<` that opens no tag is text.
fn tokens(html: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let after = &rest[i + 1..];
        if let Some(body) = after.strip_prefix("!--") {
            if i > 0 {
                out.push(Token::Text(&rest[..i]));
            }
            rest = body.find("-->").map_or("", |e| &body[e + 3..]);
            continue;
        }
        let closing = after.starts_with('/');
        let name_part = if closing { &after[1..] } else { after };
        let starts_tag = name_part.starts_with(|c: char| c.is_ascii_alphabetic());
        let end = after.find('>');
        match (starts_tag, end) {
            (true, Some(end)) => {
                if i > 0 {
                    out.push(Token::Text(&rest[..i]));
                }
                let inner = &name_part[..end - usize::from(closing)];
                let name_len = inner
                    .find(|c: char| c.is_whitespace() || c == '/')
                    .unwrap_or(inner.len());
                out.push(Token::Tag(HtmlTag {
                    name: inner[..name_len].to_ascii_lowercase(),
                    closing,
                    self_closing: inner.ends_with('/'),
                    attrs: &inner[name_len..],
                }));
                rest = &after[end + 1..];
            }
            _ => {
                out.push(Token::Text(&rest[..=i]));
                rest = after;
            }
        }
    }
    if !rest.is_empty() {
        out.push(Token::Text(rest));
    }
    out
}

/// `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&#39;` `&nbsp;` and numeric references; an unknown
/// entity stays as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let entity = after.find(';').filter(|&e| e <= 10).and_then(|e| {
            let name = &after[..e];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => '\u{a0}',
                _ => {
                    let n = name.strip_prefix('#')?;
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => n.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, e))
        });
        match entity {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(html: &str) -> String {
        html_to_markdown(html)
    }

    #[test]
    fn markdown_renders_to_html_with_images_renamed() {
        let mut seen = Vec::new();
        let html = markdown_to_html(
            "**S3** は ![図](img/s3.png) と ![x](https://e.com/a.png)",
            &mut |url| {
                seen.push(url.to_string());
                (!url.starts_with("http")).then(|| "s3.png".to_string())
            },
        );
        assert_eq!(
            html,
            "<strong>S3</strong> は <img src=\"s3.png\" alt=\"図\" /> と <img src=\"https://e.com/a.png\" alt=\"x\" />"
        );
        assert_eq!(seen, ["img/s3.png", "https://e.com/a.png"]);
        assert_eq!(
            markdown_to_html("- a\n- b <c>", &mut |_| None),
            "<ul>\n<li>a</li>\n<li>b <c></li>\n</ul>"
        );
        assert_eq!(
            markdown_to_html("x & y", &mut |_| None),
            "x &amp; y",
            "entities escaped"
        );
    }

    #[test]
    fn inline_tags_become_markdown() {
        assert_eq!(
            md("<b>S3</b> は<i>安い</i>、<strong>強い</strong> <em>e</em> <code>aws s3 ls</code>"),
            "**S3** は*安い*、**強い** *e* `aws s3 ls`"
        );
    }

    #[test]
    fn breaks_divs_and_paragraphs_become_lines() {
        assert_eq!(md("一行目<br>二行目<br/>三"), "一行目\n二行目\n三");
        assert_eq!(md("<div>a</div><div>b</div>"), "a\nb");
        assert_eq!(md("<p>a</p><p>b</p>"), "a\n\nb");
        assert_eq!(md("a\n  b"), "a b", "source whitespace is one space");
    }

    #[test]
    fn lists_nest_and_number() {
        assert_eq!(
            md("<ul><li>a</li><li>b<ol><li>x</li><li>y</li></ol></li></ul>"),
            "- a\n- b\n  1. x\n  2. y"
        );
        assert_eq!(md("前<ol><li>一</li></ol>後"), "前\n1. 一\n後");
    }

    #[test]
    fn links_images_and_entities() {
        assert_eq!(
            md("<a href=\"https://aws.amazon.com/s3/\">S3 の説明</a>"),
            "[S3 の説明](https://aws.amazon.com/s3/)"
        );
        assert_eq!(
            md("<img src=\"paste 1.png\">と<img alt='図' src=s3.png />"),
            "![](<paste 1.png>)と![図](s3.png)"
        );
        assert_eq!(
            md("&lt;b&gt; &amp; &quot;q&quot; &#39;s&#39; &#x65E5;&#26412; a&nbsp;b &bogus;"),
            "\\<b\\> & \"q\" 's' 日本 a b &bogus;"
        );
        assert_eq!(
            md("2*3 = 6, snake_case, [x]"),
            "2\\*3 = 6, snake\\_case, \\[x\\]"
        );
    }

    #[test]
    fn unknown_tags_keep_their_text_scripts_and_comments_do_not() {
        assert_eq!(
            md("<span style=\"color:red\">赤</span><!-- note --><font>字</font>"),
            "赤字"
        );
        assert_eq!(md("a<style>.x{}</style><script>alert(1)</script>b"), "ab");
        assert_eq!(md("1 < 2 > 0"), "1 \\< 2 \\> 0");
    }

    #[test]
    fn stripped_html_is_the_text() {
        assert_eq!(
            strip_html("<b>S3</b> &amp; <img src=\"a.png\"><br>x"),
            "S3 &  a.png  x"
        );
    }
}
