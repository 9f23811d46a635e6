//! `presscut correct`: a person's judgement over the machine's analysis, from a script or the
//! shell (the reader's `x` does the same). Offsets are the code-point offsets `analyze` prints,
//! so a script can correct exactly what it read.

use std::io::Write;

use super::coding::excerpt;
use super::output::{self, Kind};
use super::{Failure, Session};
use crate::analysis::Label;
use crate::store::Fix;
use crate::text::sanitize;

pub(super) fn correct(
    session: &mut Session,
    article: &str,
    span: (usize, usize),
    fix: Fix,
    value: Option<&str>,
) -> Result<(), Failure> {
    let (id, selector) = super::coding::span_in(session, article, span)?;
    let value = match (fix, value) {
        (Fix::Label, Some(label)) => Some(
            Label::from_name(label)
                .ok_or_else(|| {
                    Failure::Usage(format!(
                        "{:?} is not a label; use one of {}",
                        sanitize(label),
                        Label::ALL.map(Label::as_str).join(", ")
                    ))
                })?
                .as_str()
                .to_string(),
        ),
        (Fix::Speaker, Some(name)) => {
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            if name.is_empty() {
                return Err(Failure::Usage(
                    "--speaker needs a name; --no-speaker says the text names nobody".into(),
                ));
            }
            Some(name)
        }
        _ => None,
    };
    let coder = session.store_file.coder().to_string();
    let changed = session
        .store
        .correct(&id, span, fix, value.as_deref(), &selector, &coder);
    session.commit()?;
    let words = sanitize(&excerpt(&selector.exact)).into_owned();
    let (from, to) = span;
    let mut out = output::stdout(Kind::Text);
    if !changed {
        let what = match fix {
            Fix::RestoreEntity | Fix::RestoreSpeaker => format!(
                "no correction of yours ({}) on it to take back",
                sanitize(&coder)
            ),
            _ => "already corrected so; nothing changed".to_string(),
        };
        writeln!(out, "{id} {from}–{to} \"{words}\": {what}")?;
        return Ok(());
    }
    let said = match fix {
        Fix::Label => format!("labelled {}", value.as_deref().unwrap_or("")),
        Fix::Reject => "is not an entity".to_string(),
        Fix::Speaker => format!("said by {}", sanitize(value.as_deref().unwrap_or(""))),
        Fix::NoSpeaker => "has no speaker".to_string(),
        Fix::RestoreEntity | Fix::RestoreSpeaker => "back to the machine's analysis".to_string(),
    };
    writeln!(out, "{id} {from}–{to} \"{words}\" {said}")?;
    Ok(())
}
