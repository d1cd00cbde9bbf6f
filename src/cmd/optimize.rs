//! `kioku optimize`: fit FSRS parameters to the user's own reviews with the crate's optimizer,
//! show log loss and RMSE before and after, and keep the new parameters only if they predict
//! the reviews better.

use std::collections::HashMap;
use std::io::Write;

use fsrs::{ComputeParametersInput, FSRS, FSRSItem, FSRSReview, compute_parameters};

use crate::collection::Collection;
use crate::config;
use crate::error::{Error, Result};
use crate::fsutil::display;
use crate::review::{History, Scheduler};

/// Reviews of learned cards (a day or more after the previous answer) needed to optimize.
pub const MIN_REVIEWS: usize = 400;

/// One training item per answer given a day or more after the card's previous one, holding the
/// card's whole history up to it in time order, same-day answers included. Cram answers are
/// left out: the schedule ignores them, so the parameters must be fitted without them too.
pub fn training_items(h: &History, s: &Scheduler) -> Vec<FSRSItem> {
    let mut order: Vec<u32> = Vec::new();
    let mut per_card: HashMap<u32, (i32, Vec<FSRSReview>)> = HashMap::new();
    for a in h.answers.iter().filter(|a| a.mode.schedules()) {
        let day = s.day(a.at);
        let (last_day, reviews) = per_card.entry(a.card).or_insert_with(|| {
            order.push(a.card);
            (day, Vec::new())
        });
        let delta = (day - *last_day).max(0) as u32;
        *last_day = day;
        reviews.push(FSRSReview {
            rating: a.rating as u32,
            delta_t: if reviews.is_empty() { 0 } else { delta },
        });
    }
    let mut items = Vec::new();
    for card in order {
        let reviews = &per_card[&card].1;
        for i in 1..reviews.len() {
            if reviews[i].delta_t > 0 {
                items.push(FSRSItem {
                    reviews: reviews[..=i].to_vec(),
                });
            }
        }
    }
    items
}

pub fn run(c: &Collection, out: &mut dyn Write) -> Result<bool> {
    let items = training_items(&c.history, &c.sched);
    let path = c.places.config();
    if items.len() < MIN_REVIEWS {
        let _ = writeln!(
            out,
            "not enough reviews to optimize yet: {} reviews of learned cards, {} more needed (at least {MIN_REVIEWS}).\n\
             Keeping {} parameters.",
            items.len(),
            MIN_REVIEWS - items.len(),
            if c.sched.settings.config.parameters.is_empty() {
                "FSRS-6's default"
            } else {
                "your current"
            }
        );
        return Ok(true);
    }
    let cards = c.history.answered_cards();
    let _ = writeln!(out, "training on {} reviews of {cards} cards…", items.len());
    let fail = |e: fsrs::FSRSError| Error::Optimize {
        message: e.to_string(),
    };
    let before = c
        .sched
        .fsrs()
        .evaluate(items.clone(), |_| true)
        .map_err(fail)?;
    let params = compute_parameters(ComputeParametersInput {
        train_set: items.clone(),
        num_relearning_steps: Some(c.sched.settings.relearning_steps.len()),
        ..ComputeParametersInput::default()
    })
    .map_err(fail)?;
    let after = FSRS::new(&params)
        .map_err(fail)?
        .evaluate(items, |_| true)
        .map_err(fail)?;
    let _ = writeln!(
        out,
        "before: log loss {:.4}, RMSE {:.2}%",
        before.log_loss,
        100.0 * before.rmse_bins
    );
    let _ = writeln!(
        out,
        "after:  log loss {:.4}, RMSE {:.2}%",
        after.log_loss,
        100.0 * after.rmse_bins
    );
    if after.log_loss >= before.log_loss && after.rmse_bins >= before.rmse_bins {
        let _ = writeln!(
            out,
            "the new parameters predict your reviews no better; keeping the current ones"
        );
        return Ok(true);
    }
    config::save_parameters(&path, &params)?;
    let _ = writeln!(
        out,
        "saved {} parameters to {}",
        params.len(),
        display(&path)
    );
    Ok(true)
}
