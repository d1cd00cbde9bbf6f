//! Laying text out in columns: wrapping English at spaces and Japanese between characters,
//! and clipping, all measured with unicode-width.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::text::width;

/// Wrap styled text to `max` columns: English breaks at spaces, Japanese between any two
/// characters, and no wide character is ever split or pushed past the edge. Continuation lines
/// are indented by `hang` columns (list items hang under their text). A no-break space (U+00A0)
/// keeps its neighbours together and is drawn as a space.
pub fn wrap(spans: &[Span<'static>], max: usize, hang: usize) -> Vec<Line<'static>> {
    enum Tok {
        Space,
        Piece(String),
    }
    let mut toks: Vec<(Tok, Style)> = Vec::new();
    for span in spans {
        let mut word = String::new();
        for c in span.content.chars() {
            if c == ' ' || crate::text::is_wide(c) {
                if !word.is_empty() {
                    toks.push((Tok::Piece(std::mem::take(&mut word)), span.style));
                }
                toks.push((
                    if c == ' ' {
                        Tok::Space
                    } else {
                        Tok::Piece(c.to_string())
                    },
                    span.style,
                ));
            } else {
                word.push(if c == '\u{a0}' { ' ' } else { c });
            }
        }
        if !word.is_empty() {
            toks.push((Tok::Piece(word), span.style));
        }
    }
    let max = max.max(hang + 2);
    let mut lines: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0;
    let push = |lines: &mut Vec<Vec<Span<'static>>>, text: String, style: Style| {
        let line = lines.last_mut().expect("a line");
        match line.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push_str(&text),
            _ => line.push(Span::styled(text, style)),
        }
    };
    let newline = |lines: &mut Vec<Vec<Span<'static>>>, used: &mut usize| {
        lines.push(vec![Span::raw(" ".repeat(hang))]);
        *used = hang;
    };
    for (tok, style) in toks {
        match tok {
            Tok::Space => {
                if used > hang || lines.len() == 1 {
                    if used < max {
                        push(&mut lines, " ".into(), style);
                        used += 1;
                    } else {
                        newline(&mut lines, &mut used);
                    }
                }
            }
            Tok::Piece(text) => {
                let w = width(&text);
                // Japanese never starts a line with closing punctuation: take the character
                // before it along to the next line.
                let closing = text.chars().count() == 1
                    && text.starts_with([
                        '、', '。', '，', '．', '」', '』', '）', '】', '！', '？', 'ー',
                    ]);
                if used + w > max && used > hang && closing {
                    let carried = lines
                        .last_mut()
                        .and_then(|l| l.last_mut())
                        .and_then(|last| {
                            let c = last
                                .content
                                .chars()
                                .last()
                                .filter(|c| crate::text::is_wide(*c))?;
                            let keep = last.content.len() - c.len_utf8();
                            last.content.to_mut().truncate(keep);
                            Some((c, last.style))
                        });
                    newline(&mut lines, &mut used);
                    if let Some((c, st)) = carried {
                        push(&mut lines, c.to_string(), st);
                        used += 2;
                    }
                }
                if used + w > max && used > hang {
                    // Trailing spaces of the full line are not needed.
                    if let Some(last) = lines.last_mut().and_then(|l| l.last_mut()) {
                        let trimmed = last.content.trim_end().to_string();
                        *last.content.to_mut() = trimmed;
                    }
                    newline(&mut lines, &mut used);
                }
                if used + w <= max {
                    push(&mut lines, text, style);
                    used += w;
                } else {
                    // A word longer than a line: split it between characters.
                    for c in text.chars() {
                        let cw = width(c.encode_utf8(&mut [0; 4]));
                        if used + cw > max {
                            newline(&mut lines, &mut used);
                        }
                        push(&mut lines, c.to_string(), style);
                        used += cw;
                    }
                }
            }
        }
    }
    lines.into_iter().map(Line::from).collect()
}

/// Wrap every line of `lines` to `max` columns; a list item hangs under its text. Text from
/// the cards goes through the one sanitizer here, before widths are measured.
pub fn wrap_all(lines: Vec<Line<'static>>, max: usize) -> Vec<Line<'static>> {
    lines
        .into_iter()
        .map(|mut l| {
            for s in &mut l.spans {
                if let std::borrow::Cow::Owned(safe) = crate::text::sanitize(&s.content) {
                    s.content = safe.into();
                }
            }
            l
        })
        .flat_map(|l| {
            let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            let lead = text.len() - text.trim_start().len();
            let hang = lead
                + if text.trim_start().starts_with("• ") {
                    2
                } else {
                    0
                };
            let style = l.style;
            let spans: Vec<Span<'static>> = l
                .spans
                .into_iter()
                .map(|s| Span::styled(s.content, style.patch(s.style)))
                .collect();
            wrap(&spans, max, hang.min(max / 2))
        })
        .collect()
}

/// `s` (sanitized) cut to `max` columns, with `…` when cut.
pub fn clip(s: &str, max: usize) -> String {
    let s = &*crate::text::sanitize(s);
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if width(&out) + width(c.encode_utf8(&mut [0; 4])) + 1 > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}
