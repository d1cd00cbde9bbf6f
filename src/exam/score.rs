//! Scoring a finished exam: right answers overall and per section, pass or fail, and the
//! questions got wrong with their right answers and where the notes say so.

use serde::{Deserialize, Serialize};

use super::Exam;

/// How an exam ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum End {
    Submitted,
    /// The time ran out.
    Timeout,
    /// Quit before the end: scored as it stood, unanswered questions wrong.
    Quit,
}

impl End {
    pub fn as_str(self) -> &'static str {
        match self {
            End::Submitted => "submitted",
            End::Timeout => "time ran out",
            End::Quit => "quit",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SectionScore {
    pub name: String,
    pub right: usize,
    pub total: usize,
}

impl SectionScore {
    pub fn share(&self) -> f64 {
        self.right as f64 / self.total.max(1) as f64
    }
}

/// A question not answered right.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wrong {
    /// Its number in the exam, from 1.
    pub number: usize,
    pub card: String,
    pub section: String,
    pub question: String,
    /// The option picked; `None` if it was left unanswered.
    pub picked: Option<String>,
    pub answer: String,
    /// `notes/aws-services.md:52`, or `None` for a hand-written deck.
    pub source: Option<String>,
}

/// A finished exam's score.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub end: End,
    pub started: i64,
    pub finished: i64,
    /// Seconds spent, at most the time allowed.
    pub secs: i64,
    pub count: usize,
    pub right: usize,
    pub unanswered: usize,
    pub pass: f64,
    /// Sections in the order they first come up in the notes.
    pub sections: Vec<SectionScore>,
    /// In question order.
    pub wrong: Vec<Wrong>,
}

impl Outcome {
    /// The share of all questions answered right (unanswered ones count as wrong).
    pub fn share(&self) -> f64 {
        self.right as f64 / self.count.max(1) as f64
    }

    pub fn passed(&self) -> bool {
        // A share equal to the pass mark passes, whatever the float rounding.
        self.share() + 1e-9 >= self.pass
    }

    /// The sections, weakest (lowest share right) first; ties in note order.
    pub fn weakest_first(&self) -> Vec<&SectionScore> {
        let mut s: Vec<&SectionScore> = self.sections.iter().collect();
        s.sort_by(|a, b| a.share().total_cmp(&b.share()));
        s
    }
}

impl Exam {
    /// Score the exam as it stands at `now`, ended by `end`. Unanswered questions are wrong.
    pub fn score(&self, end: End, now: i64) -> Outcome {
        let finished = now.min(self.deadline());
        let mut sections: Vec<SectionScore> = Vec::new();
        // In note order, not the shuffled order of the questions.
        let mut order: Vec<(usize, &str)> = self
            .questions
            .iter()
            .map(|q| (q.order, q.section.as_str()))
            .collect();
        order.sort();
        for (_, name) in order {
            if !sections.iter().any(|s| s.name == name) {
                sections.push(SectionScore {
                    name: name.to_string(),
                    right: 0,
                    total: 0,
                });
            }
        }
        let mut right = 0;
        let mut wrong = Vec::new();
        for (i, q) in self.questions.iter().enumerate() {
            let picked = self.answers[i];
            let ok = picked == Some(q.choice.correct);
            if let Some(s) = sections.iter_mut().find(|s| s.name == q.section) {
                s.total += 1;
                s.right += usize::from(ok);
            }
            if ok {
                right += 1;
            } else {
                wrong.push(Wrong {
                    number: i + 1,
                    card: q.card.clone(),
                    section: q.section.clone(),
                    question: q.choice.question.clone(),
                    picked: picked.map(|p| q.choice.options[p].clone()),
                    answer: q.answer().to_string(),
                    source: q.source.clone(),
                });
            }
        }
        Outcome {
            end,
            started: self.started,
            finished,
            secs: ((finished - self.started) / 1000).max(0),
            count: self.questions.len(),
            right,
            unanswered: self.unanswered(),
            pass: self.pass,
            sections,
            wrong,
        }
    }
}
