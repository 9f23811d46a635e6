//! The imperative shell: owns the terminal, turns terminal events into app input, draws, and
//! performs effects. Everything that can be decided without a terminal is decided in `app`.

use std::io;
use std::ops::ControlFlow;

use crossterm::event::{self, Event, KeyEventKind};

use crate::app::{Action, App, Effect};
use crate::ui;

/// Runs the full-screen app until the user quits. The terminal is restored on every path out:
/// normal return, error (below) and panic (ratatui's hook, installed by `try_init`).
pub fn run(mut app: App) -> io::Result<()> {
    let mut terminal = ratatui::try_init()?;
    let result = event_loop(&mut terminal, &mut app);
    ratatui::restore();
    result
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> io::Result<()> {
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    loop {
        terminal.draw(|frame| ui::draw(app, frame))?;
        let effects = match event::read()? {
            // Windows and kitty-protocol terminals also report releases and repeats.
            Event::Key(key) if key.kind == KeyEventKind::Press => app.on_key(key),
            Event::Resize(width, height) => app.update(Action::Resize(width, height)),
            _ => Vec::new(),
        };
        for effect in effects {
            if perform(effect).is_break() {
                return Ok(());
            }
        }
    }
}

/// Carries out one effect; `Break` ends the event loop.
fn perform(effect: Effect) -> ControlFlow<()> {
    match effect {
        Effect::Quit => ControlFlow::Break(()),
    }
}
