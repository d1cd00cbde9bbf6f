//! A one-line text input with the editing keys of a shell: the filter, the answer box, a flag's
//! note and the custom-study numbers all use it. The cursor moves over whole characters, so a
//! wide (Japanese) character is erased and stepped over as one.

/// An edit to a line of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    /// Backspace: the character before the cursor.
    Backspace,
    /// Delete: the character under the cursor.
    Delete,
    Left,
    Right,
    /// Home, Ctrl-A.
    Start,
    /// End, Ctrl-E.
    End,
    /// Ctrl-U: everything before the cursor.
    ClearToStart,
    /// Ctrl-W: the word before the cursor (and the spaces after it).
    EraseWord,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineEdit {
    text: String,
    /// Byte offset of the cursor, always on a character boundary.
    cursor: usize,
}

impl LineEdit {
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text before and after the cursor, for drawing it.
    pub fn split(&self) -> (&str, &str) {
        self.text.split_at(self.cursor)
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    pub fn set(&mut self, text: &str) {
        self.text = text.to_string();
        self.cursor = self.text.len();
    }

    /// Apply one edit; whether the text changed (a move only changes the cursor).
    pub fn apply(&mut self, e: Edit) -> bool {
        let before = self.text.len();
        match e {
            Edit::Insert(c) => {
                self.text.insert(self.cursor, c);
                self.cursor += c.len_utf8();
                return true;
            }
            Edit::Backspace => {
                if let Some(c) = self.text[..self.cursor].chars().next_back() {
                    self.cursor -= c.len_utf8();
                    self.text.remove(self.cursor);
                }
            }
            Edit::Delete => {
                if self.cursor < self.text.len() {
                    self.text.remove(self.cursor);
                }
            }
            Edit::Left => {
                if let Some(c) = self.text[..self.cursor].chars().next_back() {
                    self.cursor -= c.len_utf8();
                }
            }
            Edit::Right => {
                if let Some(c) = self.text[self.cursor..].chars().next() {
                    self.cursor += c.len_utf8();
                }
            }
            Edit::Start => self.cursor = 0,
            Edit::End => self.cursor = self.text.len(),
            Edit::ClearToStart => {
                self.text.drain(..self.cursor);
                self.cursor = 0;
            }
            Edit::EraseWord => {
                let head = &self.text[..self.cursor];
                let trimmed = head.trim_end();
                // A word ends at a space or where Japanese script begins or ends, so Ctrl-W
                // after `S3 の特徴` takes `特徴`, not the whole line.
                let wide = trimmed
                    .chars()
                    .next_back()
                    .is_some_and(crate::text::is_wide);
                let start = trimmed
                    .char_indices()
                    .rev()
                    .find(|&(_, c)| c.is_whitespace() || crate::text::is_wide(c) != wide)
                    .map_or(0, |(i, c)| i + c.len_utf8());
                self.text.drain(start..self.cursor);
                self.cursor = start;
            }
        }
        self.text.len() != before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> LineEdit {
        let mut l = LineEdit::default();
        for c in s.chars() {
            l.apply(Edit::Insert(c));
        }
        l
    }

    #[test]
    fn backspace_and_arrows_step_over_whole_wide_characters() {
        let mut l = typed("S3の特徴");
        l.apply(Edit::Backspace);
        assert_eq!(l.text(), "S3の特");
        l.apply(Edit::Left);
        l.apply(Edit::Left);
        assert_eq!(l.split(), ("S3", "の特"));
        l.apply(Edit::Insert('x'));
        assert_eq!(l.text(), "S3xの特");
        l.apply(Edit::Delete);
        assert_eq!(l.text(), "S3x特");
        l.apply(Edit::End);
        l.apply(Edit::Right);
        assert_eq!(l.split(), ("S3x特", ""));
        l.apply(Edit::Start);
        l.apply(Edit::Left);
        assert_eq!(l.split(), ("", "S3x特"));
    }

    #[test]
    fn ctrl_u_and_ctrl_w_erase_before_the_cursor() {
        let mut l = typed("connection draining  ");
        l.apply(Edit::EraseWord);
        assert_eq!(l.text(), "connection ");
        let mut l = typed("S3 の特徴");
        l.apply(Edit::EraseWord);
        assert_eq!(l.text(), "S3 ");
        let mut l = typed("abc特徴");
        l.apply(Edit::EraseWord);
        assert_eq!(l.text(), "abc", "a script change ends a word");
        let mut l = typed("one two");
        l.apply(Edit::Left);
        l.apply(Edit::Left);
        l.apply(Edit::ClearToStart);
        assert_eq!(l.split(), ("", "wo"));
    }
}
