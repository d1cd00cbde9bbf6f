//! The one table of keys: for every screen, which key does what. The keymap reads it to turn a
//! key into a message, the footer and the `?` overlay print it, and the README's key table is
//! generated from it (a test keeps them equal). No key means two things on one screen.

use super::app::Msg;
use super::input::Edit;
use crate::review::log::Rating;

/// A key press as the table names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Enter,
    Esc,
    Tab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
}

/// Where the user is: what the keys mean there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    Home,
    /// Typing the home filter.
    HomeFilter,
    /// A card's question in flip mode.
    Question,
    /// Typing into the answer box (type mode).
    Typing,
    /// Type mode with the answer box left (Esc): the keys work again.
    TypeIdle,
    /// A multiple-choice question not answered yet.
    Choosing,
    /// The answer is shown (after a flip, a check or a pick): rate it.
    Answer,
    /// Typing a flag's note.
    FlagNote,
    /// A card just became a leech.
    Leech,
    Summary,
    /// The custom-study menu.
    Custom,
    /// Typing the number for a custom-study choice.
    CustomInput,
    Browser,
    /// Typing the browser's search.
    BrowserSearch,
    /// One card of the browser, with its history.
    CardView,
    /// The stats screen.
    Stats,
    /// A practice exam's plan, before it starts.
    ExamSetup,
    /// A practice exam's question.
    Exam,
    /// The exam's review grid: every question answered, marked or not.
    ExamGrid,
    /// Asked to confirm submitting or quitting the exam.
    ExamConfirm,
    /// The exam's score.
    ExamResults,
    /// The terminal is smaller than the screens are laid out for.
    TooSmall,
}

impl Context {
    pub const ALL: [Context; 22] = [
        Context::Home,
        Context::HomeFilter,
        Context::Question,
        Context::Typing,
        Context::TypeIdle,
        Context::Choosing,
        Context::Answer,
        Context::FlagNote,
        Context::Leech,
        Context::Summary,
        Context::Custom,
        Context::CustomInput,
        Context::Browser,
        Context::BrowserSearch,
        Context::CardView,
        Context::Stats,
        Context::ExamSetup,
        Context::Exam,
        Context::ExamGrid,
        Context::ExamConfirm,
        Context::ExamResults,
        Context::TooSmall,
    ];

    /// The heading of this screen in the help and the README.
    pub fn title(self) -> &'static str {
        match self {
            Context::Home => "home",
            Context::HomeFilter => "home, typing a filter",
            Context::Question => "card (flip mode)",
            Context::Typing => "card (type mode), typing the answer",
            Context::TypeIdle => "card (type mode), after Esc",
            Context::Choosing => "card (choice mode)",
            Context::Answer => "answer shown",
            Context::FlagNote => "flagging a card",
            Context::Leech => "a card became a leech",
            Context::Summary => "session summary",
            Context::Custom => "custom study menu",
            Context::CustomInput => "custom study, typing a number",
            Context::Browser => "card browser",
            Context::BrowserSearch => "card browser, typing a search",
            Context::CardView => "one card and its history",
            Context::Stats => "stats",
            Context::ExamSetup => "practice exam, before it starts",
            Context::Exam => "practice exam, a question",
            Context::ExamGrid => "practice exam, the review grid",
            Context::ExamConfirm => "practice exam, submitting or quitting",
            Context::ExamResults => "practice exam, the score",
            Context::TooSmall => "terminal too small",
        }
    }

    /// Letters are text here, not commands.
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Context::HomeFilter
                | Context::Typing
                | Context::FlagNote
                | Context::CustomInput
                | Context::BrowserSearch
        )
    }
}

/// One line of the table: the keys as written, what they do, the footer's short form (if the
/// footer shows it; earlier rows win on a narrow screen) and the key → message pairs.
pub struct Row {
    pub keys: &'static str,
    pub does: &'static str,
    pub footer: Option<&'static str>,
    pub map: &'static [(Key, Msg)],
}

const fn row(
    keys: &'static str,
    does: &'static str,
    footer: Option<&'static str>,
    map: &'static [(Key, Msg)],
) -> Row {
    Row {
        keys,
        does,
        footer,
        map,
    }
}

const MOVE: Row = row(
    "↑↓ j k",
    "move",
    Some("↑↓ move"),
    &[
        (Key::Up, Msg::Up),
        (Key::Down, Msg::Down),
        (Key::Char('k'), Msg::Up),
        (Key::Char('j'), Msg::Down),
    ],
);
const PAGE: Row = row(
    "pgup pgdn g G",
    "page up, page down, top, bottom",
    None,
    &[
        (Key::PageUp, Msg::PageUp),
        (Key::PageDown, Msg::PageDown),
        (Key::Char('g'), Msg::Top),
        (Key::Char('G'), Msg::Bottom),
        (Key::Home, Msg::Top),
        (Key::End, Msg::Bottom),
    ],
);
const SCROLL: Row = row(
    "↑↓ pgup pgdn",
    "scroll a long card",
    None,
    &[
        (Key::Up, Msg::Up),
        (Key::Down, Msg::Down),
        (Key::PageUp, Msg::PageUp),
        (Key::PageDown, Msg::PageDown),
    ],
);
const EDIT_LINE: Row = row(
    "←→ home end ^A ^E ^U ^W ⌫ del",
    "edit the line (^U: to its start, ^W: a word)",
    None,
    &[
        (Key::Left, Msg::Edit(Edit::Left)),
        (Key::Right, Msg::Edit(Edit::Right)),
        (Key::Home, Msg::Edit(Edit::Start)),
        (Key::End, Msg::Edit(Edit::End)),
        (Key::Ctrl('a'), Msg::Edit(Edit::Start)),
        (Key::Ctrl('e'), Msg::Edit(Edit::End)),
        (Key::Ctrl('u'), Msg::Edit(Edit::ClearToStart)),
        (Key::Ctrl('w'), Msg::Edit(Edit::EraseWord)),
        (Key::Backspace, Msg::Edit(Edit::Backspace)),
        (Key::Delete, Msg::Edit(Edit::Delete)),
    ],
);
const HELP: Row = row(
    "?",
    "these keys",
    Some("? keys"),
    &[(Key::Char('?'), Msg::Help)],
);
const RATE: Row = row(
    "1 2 3 4",
    "Again, Hard, Good, Easy",
    Some("1-4 rate"),
    &[
        (Key::Char('1'), Msg::Rate(Rating::Again)),
        (Key::Char('2'), Msg::Rate(Rating::Hard)),
        (Key::Char('3'), Msg::Rate(Rating::Good)),
        (Key::Char('4'), Msg::Rate(Rating::Easy)),
    ],
);
const UNDO: Row = row(
    "u",
    "undo the last answer, bury, suspend or flag",
    Some("u undo"),
    &[(Key::Char('u'), Msg::Undo)],
);
const CARD_ACTIONS: Row = row(
    "s ! f",
    "bury until tomorrow, suspend, flag (with a note)",
    Some("s bury ! suspend f flag"),
    &[
        (Key::Char('s'), Msg::Bury),
        (Key::Char('!'), Msg::Suspend),
        (Key::Char('f'), Msg::Flag),
    ],
);
const OPEN_EDIT: Row = row(
    "o e",
    "open the card's image or link, edit the notes at its line",
    Some("o open e edit"),
    &[
        (Key::Char('o'), Msg::OpenImage),
        (Key::Char('e'), Msg::EditNotes),
    ],
);
const END_SESSION: Row = row(
    "q esc",
    "end the session (its summary)",
    Some("q end"),
    &[(Key::Char('q'), Msg::Back), (Key::Esc, Msg::Back)],
);

const HOME: &[Row] = &[
    MOVE,
    PAGE,
    row(
        "enter",
        "study the highlighted deck, folder or section",
        Some("enter study"),
        &[(Key::Enter, Msg::Open)],
    ),
    row(
        "m",
        "its missed cards",
        Some("m missed"),
        &[(Key::Char('m'), Msg::Missed)],
    ),
    row(
        "a",
        "everything due",
        Some("a all due"),
        &[(Key::Char('a'), Msg::AllDue)],
    ),
    row(
        "c",
        "custom study: more new cards, study ahead, cram, failed cards",
        Some("c custom"),
        &[(Key::Char('c'), Msg::Custom)],
    ),
    row(
        "b",
        "browse and search the cards",
        Some("b browse"),
        &[(Key::Char('b'), Msg::Browse)],
    ),
    row(
        "S",
        "stats: activity, forecast, retention, sections, leeches",
        Some("S stats"),
        &[(Key::Char('S'), Msg::Stats)],
    ),
    row(
        "t",
        "mode: flip, type, choice",
        Some("t mode"),
        &[(Key::Char('t'), Msg::NextMode)],
    ),
    row(
        "/",
        "filter the tree by name",
        Some("/ filter"),
        &[(Key::Char('/'), Msg::StartFilter)],
    ),
    row(
        "x",
        "a timed practice exam on the highlighted node (multiple choice)",
        None,
        &[(Key::Char('x'), Msg::Exam)],
    ),
    HELP,
    row(
        "q esc",
        "quit (esc first clears a filter)",
        Some("q quit"),
        &[(Key::Char('q'), Msg::Back), (Key::Esc, Msg::Back)],
    ),
];

/// The rows of a search box: what letters do, line editing, moving the list under it, and
/// keeping or clearing what was typed.
const fn search(what: &'static str, keep: &'static str, clear: &'static str) -> [Row; 5] {
    [
        row("letters", what, None, &[]),
        EDIT_LINE,
        row(
            "↑↓",
            "move",
            Some("↑↓ move"),
            &[(Key::Up, Msg::Up), (Key::Down, Msg::Down)],
        ),
        row(
            "enter",
            keep,
            Some("enter done"),
            &[(Key::Enter, Msg::Open)],
        ),
        row("esc", clear, Some("esc clear"), &[(Key::Esc, Msg::Back)]),
    ]
}

const HOME_FILTER: &[Row] = &search(
    "filter by name (NFKC, case and width folded)",
    "keep the filter, back to the keys",
    "clear the filter",
);

const QUESTION: &[Row] = &[
    row(
        "space enter",
        "show the answer",
        Some("space show"),
        &[(Key::Char(' '), Msg::Reveal), (Key::Enter, Msg::Open)],
    ),
    UNDO,
    CARD_ACTIONS,
    OPEN_EDIT,
    SCROLL,
    HELP,
    END_SESSION,
];

const TYPING: &[Row] = &[
    row("letters", "type the answer", None, &[]),
    row(
        "enter",
        "check the answer",
        Some("enter check"),
        &[(Key::Enter, Msg::Open)],
    ),
    EDIT_LINE,
    row(
        "esc",
        "leave the answer box (then the keys work; esc again ends)",
        Some("esc keys"),
        &[(Key::Esc, Msg::Back)],
    ),
];

const TYPE_IDLE: &[Row] = &[
    row(
        "i tab",
        "back to the answer box",
        Some("i type"),
        &[(Key::Char('i'), Msg::Resume), (Key::Tab, Msg::Resume)],
    ),
    row(
        "enter",
        "check the answer",
        Some("enter check"),
        &[(Key::Enter, Msg::Open)],
    ),
    UNDO,
    CARD_ACTIONS,
    OPEN_EDIT,
    SCROLL,
    HELP,
    END_SESSION,
];

const CHOOSING: &[Row] = &[
    row(
        "a b c d  1 2 3 4",
        "choose an option",
        Some("a-d choose"),
        &[
            (Key::Char('a'), Msg::Pick(0)),
            (Key::Char('b'), Msg::Pick(1)),
            (Key::Char('c'), Msg::Pick(2)),
            (Key::Char('d'), Msg::Pick(3)),
            (Key::Char('1'), Msg::Pick(0)),
            (Key::Char('2'), Msg::Pick(1)),
            (Key::Char('3'), Msg::Pick(2)),
            (Key::Char('4'), Msg::Pick(3)),
        ],
    ),
    UNDO,
    CARD_ACTIONS,
    OPEN_EDIT,
    SCROLL,
    HELP,
    END_SESSION,
];

const ANSWER: &[Row] = &[
    row(
        "enter space",
        "take the proposed rating (highlighted)",
        Some("enter ok"),
        &[(Key::Enter, Msg::Open), (Key::Char(' '), Msg::Open)],
    ),
    RATE,
    UNDO,
    CARD_ACTIONS,
    OPEN_EDIT,
    SCROLL,
    HELP,
    END_SESSION,
];

const FLAG_NOTE: &[Row] = &[
    row("letters", "a note on what is wrong (optional)", None, &[]),
    row(
        "enter",
        "flag the card",
        Some("enter flag"),
        &[(Key::Enter, Msg::Open)],
    ),
    EDIT_LINE,
    row(
        "esc",
        "do not flag it",
        Some("esc cancel"),
        &[(Key::Esc, Msg::Back)],
    ),
];

const LEECH: &[Row] = &[
    row(
        "!",
        "suspend the leech",
        Some("! suspend"),
        &[(Key::Char('!'), Msg::Suspend)],
    ),
    row(
        "e",
        "edit its notes",
        Some("e edit"),
        &[(Key::Char('e'), Msg::EditNotes)],
    ),
    row(
        "enter esc",
        "keep it and go on",
        Some("enter go on"),
        &[(Key::Enter, Msg::Open), (Key::Esc, Msg::Back)],
    ),
    HELP,
];

const SUMMARY: &[Row] = &[
    row(
        "m",
        "review the missed cards now",
        Some("m missed"),
        &[(Key::Char('m'), Msg::Missed)],
    ),
    HELP,
    row(
        "enter q esc",
        "home",
        Some("enter home"),
        &[
            (Key::Enter, Msg::Open),
            (Key::Char('q'), Msg::Back),
            (Key::Esc, Msg::Back),
        ],
    ),
];

const CUSTOM: &[Row] = &[
    MOVE,
    row(
        "enter",
        "choose (then type the number)",
        Some("enter choose"),
        &[(Key::Enter, Msg::Open)],
    ),
    HELP,
    row(
        "q esc",
        "back home",
        Some("esc back"),
        &[(Key::Char('q'), Msg::Back), (Key::Esc, Msg::Back)],
    ),
];

const CUSTOM_INPUT: &[Row] = &[
    row("digits", "how many cards or days", None, &[]),
    EDIT_LINE,
    row(
        "enter",
        "start",
        Some("enter start"),
        &[(Key::Enter, Msg::Open)],
    ),
    row(
        "esc",
        "back to the menu",
        Some("esc back"),
        &[(Key::Esc, Msg::Back)],
    ),
];

const BROWSER: &[Row] = &[
    MOVE,
    PAGE,
    row(
        "enter",
        "the card and its review history",
        Some("enter show"),
        &[(Key::Enter, Msg::Open)],
    ),
    row(
        "/",
        "search fronts and backs",
        Some("/ search"),
        &[(Key::Char('/'), Msg::StartFilter)],
    ),
    row(
        "space",
        "mark the row (actions apply to the marked rows)",
        Some("space mark"),
        &[(Key::Char(' '), Msg::Mark)],
    ),
    row(
        "! f",
        "suspend or unsuspend, flag or unflag",
        Some("! suspend f flag"),
        &[(Key::Char('!'), Msg::Suspend), (Key::Char('f'), Msg::Flag)],
    ),
    row(
        "s r",
        "sort by the next column, reverse the order",
        Some("s sort"),
        &[(Key::Char('s'), Msg::Sort), (Key::Char('r'), Msg::Reverse)],
    ),
    row(
        "e",
        "edit the notes at the card's line",
        None,
        &[(Key::Char('e'), Msg::EditNotes)],
    ),
    HELP,
    row(
        "q esc",
        "back home (esc first clears a search)",
        Some("q back"),
        &[(Key::Char('q'), Msg::Back), (Key::Esc, Msg::Back)],
    ),
];

const BROWSER_SEARCH: &[Row] = &search(
    "search fronts and backs (NFKC, case and width folded)",
    "keep the search, back to the keys",
    "clear the search",
);

const CARD_VIEW: &[Row] = &[
    SCROLL,
    row(
        "! f",
        "suspend or unsuspend, flag or unflag",
        Some("! suspend f flag"),
        &[(Key::Char('!'), Msg::Suspend), (Key::Char('f'), Msg::Flag)],
    ),
    row(
        "e",
        "edit the notes at the card's line",
        Some("e edit"),
        &[(Key::Char('e'), Msg::EditNotes)],
    ),
    HELP,
    row(
        "q esc",
        "back to the list",
        Some("q back"),
        &[(Key::Char('q'), Msg::Back), (Key::Esc, Msg::Back)],
    ),
];

const EXAM_SETUP: &[Row] = &[
    row(
        "enter",
        "start the exam (the clock starts)",
        Some("enter start"),
        &[(Key::Enter, Msg::Open)],
    ),
    row(
        "q esc",
        "back home",
        Some("esc back"),
        &[(Key::Char('q'), Msg::Back), (Key::Esc, Msg::Back)],
    ),
    row(
        "↑↓ k j",
        "more or fewer questions (5 at a time; the time follows)",
        Some("↑↓ questions"),
        &[
            (Key::Up, Msg::Up),
            (Key::Down, Msg::Down),
            (Key::Char('k'), Msg::Up),
            (Key::Char('j'), Msg::Down),
        ],
    ),
    HELP,
];

/// Submitting an exam, asked from a question and from the grid alike.
const SUBMIT: Row = row(
    "s",
    "submit the exam (asks first)",
    Some("s submit"),
    &[(Key::Char('s'), Msg::Submit)],
);

const EXAM: &[Row] = &[
    row(
        "a b c d  1 2 3 4",
        "answer (again to change the answer)",
        Some("a-d answer"),
        &[
            (Key::Char('a'), Msg::Pick(0)),
            (Key::Char('b'), Msg::Pick(1)),
            (Key::Char('c'), Msg::Pick(2)),
            (Key::Char('d'), Msg::Pick(3)),
            (Key::Char('1'), Msg::Pick(0)),
            (Key::Char('2'), Msg::Pick(1)),
            (Key::Char('3'), Msg::Pick(2)),
            (Key::Char('4'), Msg::Pick(3)),
        ],
    ),
    row(
        "→ n enter  ← p",
        "next question, previous question",
        Some("←→ move"),
        &[
            (Key::Right, Msg::Next),
            (Key::Char('n'), Msg::Next),
            (Key::Enter, Msg::Next),
            (Key::Left, Msg::Prev),
            (Key::Char('p'), Msg::Prev),
        ],
    ),
    row(
        "m",
        "mark the question for review, or unmark it",
        Some("m mark"),
        &[(Key::Char('m'), Msg::Mark)],
    ),
    row(
        "r",
        "the review grid: answered, marked, unanswered",
        Some("r grid"),
        &[(Key::Char('r'), Msg::Grid)],
    ),
    SUBMIT,
    SCROLL,
    HELP,
    row(
        "q esc",
        "quit the exam (asks first; scored as it stands)",
        Some("q quit"),
        &[(Key::Char('q'), Msg::Back), (Key::Esc, Msg::Back)],
    ),
];

const EXAM_GRID: &[Row] = &[
    row(
        "←→↑↓ h l k j",
        "move in the grid",
        Some("←→↑↓ move"),
        &[
            (Key::Left, Msg::Prev),
            (Key::Right, Msg::Next),
            (Key::Up, Msg::Up),
            (Key::Down, Msg::Down),
            (Key::Char('h'), Msg::Prev),
            (Key::Char('l'), Msg::Next),
            (Key::Char('k'), Msg::Up),
            (Key::Char('j'), Msg::Down),
        ],
    ),
    row(
        "enter",
        "go to that question",
        Some("enter go"),
        &[(Key::Enter, Msg::Open)],
    ),
    row(
        "m",
        "mark or unmark that question",
        None,
        &[(Key::Char('m'), Msg::Mark)],
    ),
    SUBMIT,
    HELP,
    row(
        "r q esc",
        "back to the question",
        Some("esc back"),
        &[
            (Key::Char('r'), Msg::Back),
            (Key::Char('q'), Msg::Back),
            (Key::Esc, Msg::Back),
        ],
    ),
];

const EXAM_CONFIRM: &[Row] = &[
    row(
        "y enter",
        "yes",
        Some("y yes"),
        &[(Key::Char('y'), Msg::Open), (Key::Enter, Msg::Open)],
    ),
    row(
        "n esc",
        "no, back to the exam",
        Some("n no"),
        &[(Key::Char('n'), Msg::Back), (Key::Esc, Msg::Back)],
    ),
];

const EXAM_RESULTS: &[Row] = &[
    row(
        "↑↓ pgup pgdn",
        "scroll the score and the questions missed",
        Some("↑↓ scroll"),
        &[
            (Key::Up, Msg::Up),
            (Key::Down, Msg::Down),
            (Key::PageUp, Msg::PageUp),
            (Key::PageDown, Msg::PageDown),
        ],
    ),
    HELP,
    row(
        "enter q esc",
        "home",
        Some("enter home"),
        &[
            (Key::Enter, Msg::Open),
            (Key::Char('q'), Msg::Back),
            (Key::Esc, Msg::Back),
        ],
    ),
];

const STATS: &[Row] = &[
    row(
        "tab ←→",
        "next panel, previous panel",
        Some("tab panel"),
        &[
            (Key::Tab, Msg::NextPanel),
            (Key::Right, Msg::NextPanel),
            (Key::Left, Msg::PrevPanel),
        ],
    ),
    row(
        "↑↓ j k",
        "move in the sections or leeches table",
        Some("↑↓ move"),
        &[
            (Key::Up, Msg::Up),
            (Key::Down, Msg::Down),
            (Key::Char('k'), Msg::Up),
            (Key::Char('j'), Msg::Down),
        ],
    ),
    row(
        "enter",
        "study the highlighted section (sections panel)",
        Some("enter study"),
        &[(Key::Enter, Msg::Open)],
    ),
    row(
        "!",
        "suspend or unsuspend the highlighted leech (leeches panel)",
        Some("! suspend"),
        &[(Key::Char('!'), Msg::Suspend)],
    ),
    HELP,
    row(
        "q esc",
        "back home",
        Some("q back"),
        &[(Key::Char('q'), Msg::Back), (Key::Esc, Msg::Back)],
    ),
];

const TOO_SMALL: &[Row] = &[row(
    "q",
    "quit (make the terminal bigger to go on)",
    None,
    &[(Key::Char('q'), Msg::Quit)],
)];

/// Keys that work on every screen.
pub const EVERYWHERE: &[Row] = &[row("^C", "quit", None, &[(Key::Ctrl('c'), Msg::Quit)])];

/// The rows of a screen.
pub fn rows(ctx: Context) -> &'static [Row] {
    match ctx {
        Context::Home => HOME,
        Context::HomeFilter => HOME_FILTER,
        Context::Question => QUESTION,
        Context::Typing => TYPING,
        Context::TypeIdle => TYPE_IDLE,
        Context::Choosing => CHOOSING,
        Context::Answer => ANSWER,
        Context::FlagNote => FLAG_NOTE,
        Context::Leech => LEECH,
        Context::Summary => SUMMARY,
        Context::Custom => CUSTOM,
        Context::CustomInput => CUSTOM_INPUT,
        Context::Browser => BROWSER,
        Context::BrowserSearch => BROWSER_SEARCH,
        Context::CardView => CARD_VIEW,
        Context::Stats => STATS,
        Context::ExamSetup => EXAM_SETUP,
        Context::Exam => EXAM,
        Context::ExamGrid => EXAM_GRID,
        Context::ExamConfirm => EXAM_CONFIRM,
        Context::ExamResults => EXAM_RESULTS,
        Context::TooSmall => TOO_SMALL,
    }
}

/// What `key` means in `ctx`: a binding of the screen, a global one, or text in a text input.
pub fn lookup(ctx: Context, key: Key) -> Option<Msg> {
    let bound = rows(ctx)
        .iter()
        .chain(EVERYWHERE)
        .flat_map(|r| r.map.iter())
        .find(|(k, _)| *k == key)
        .map(|&(_, m)| m);
    match (bound, key) {
        (Some(m), _) => Some(m),
        (None, Key::Char(c)) if ctx.is_text() => Some(Msg::Input(c)),
        _ => None,
    }
}

/// The footer for a screen `width` columns wide: the most used keys that fit, in table order.
/// `? keys` is always kept, last, so the rest can be found.
pub fn footer(ctx: Context, width: usize) -> String {
    let help = HELP.footer.unwrap_or_default();
    let has_help = rows(ctx).iter().any(|r| r.keys == HELP.keys);
    let room = if has_help {
        width.saturating_sub(crate::text::width(help) + 2)
    } else {
        width
    };
    let mut out = String::new();
    for f in rows(ctx)
        .iter()
        .filter(|r| r.keys != HELP.keys)
        .filter_map(|r| r.footer)
    {
        let gap = if out.is_empty() { 0 } else { 2 };
        if crate::text::width(&out) + gap + crate::text::width(f) > room {
            break;
        }
        if gap > 0 {
            out.push_str("  ");
        }
        out.push_str(f);
    }
    if has_help && crate::text::width(help) <= width {
        if !out.is_empty() {
            out.push_str("  ");
        }
        out.push_str(help);
    }
    out
}

/// The whole table as Markdown, for the README.
pub fn markdown() -> String {
    let mut out = String::new();
    for ctx in Context::ALL {
        out.push_str(&format!(
            "\n**{}**\n\n| keys | what they do |\n| --- | --- |\n",
            ctx.title()
        ));
        for r in rows(ctx) {
            out.push_str(&format!(
                "| {} | {} |\n",
                r.keys.replace('|', "\\|"),
                r.does
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_means_two_things_on_one_screen() {
        for ctx in Context::ALL {
            let mut seen = std::collections::HashMap::new();
            for (k, m) in rows(ctx).iter().chain(EVERYWHERE).flat_map(|r| r.map) {
                if let Some(before) = seen.insert(*k, *m) {
                    panic!("{ctx:?}: {k:?} is bound to {before:?} and to {m:?}");
                }
            }
        }
    }

    #[test]
    fn the_narrow_footer_keeps_the_first_keys_whole() {
        assert_eq!(
            footer(Context::Answer, 40),
            "enter ok  1-4 rate  u undo  ? keys"
        );
        assert_eq!(
            footer(Context::Home, 100),
            "↑↓ move  enter study  m missed  a all due  c custom  b browse  S stats  t mode  / filter  ? keys"
        );
        assert_eq!(footer(Context::Typing, 40), "enter check  esc keys");
    }

    #[test]
    fn letters_are_text_only_where_text_is_typed() {
        assert_eq!(
            lookup(Context::Typing, Key::Char('q')),
            Some(Msg::Input('q'))
        );
        assert_eq!(
            lookup(Context::Typing, Key::Char('u')),
            Some(Msg::Input('u'))
        );
        assert_eq!(lookup(Context::TypeIdle, Key::Char('u')), Some(Msg::Undo));
        assert_eq!(lookup(Context::Question, Key::Char('x')), None);
        assert_eq!(lookup(Context::TooSmall, Key::Char('u')), None);
        assert_eq!(lookup(Context::TooSmall, Key::Ctrl('c')), Some(Msg::Quit));
    }
}
