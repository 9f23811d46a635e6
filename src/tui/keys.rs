//! The one place where the terminal library's key events become the app's own [`KeyPress`]:
//! nothing in `app` knows crossterm.

use crossterm::event::{KeyCode as Term, KeyEvent, KeyModifiers};

use crate::app::{KeyCode, KeyPress, Modifiers};

/// The app's key for a terminal key event.
pub fn press(event: KeyEvent) -> KeyPress {
    KeyPress::from(event)
}

impl From<KeyEvent> for KeyPress {
    fn from(event: KeyEvent) -> KeyPress {
        let code = match event.code {
            Term::Char(c) => KeyCode::Char(c),
            Term::Enter => KeyCode::Enter,
            Term::Esc => KeyCode::Esc,
            Term::Backspace => KeyCode::Backspace,
            Term::Delete => KeyCode::Delete,
            Term::Insert => KeyCode::Insert,
            Term::Tab => KeyCode::Tab,
            Term::BackTab => KeyCode::BackTab,
            Term::Left => KeyCode::Left,
            Term::Right => KeyCode::Right,
            Term::Up => KeyCode::Up,
            Term::Down => KeyCode::Down,
            Term::Home => KeyCode::Home,
            Term::End => KeyCode::End,
            Term::PageUp => KeyCode::PageUp,
            Term::PageDown => KeyCode::PageDown,
            Term::F(n) => KeyCode::F(n),
            _ => KeyCode::Other,
        };
        let mut modifiers = Modifiers::NONE;
        for (term, own) in [
            (KeyModifiers::SHIFT, Modifiers::SHIFT),
            (KeyModifiers::CONTROL, Modifiers::CONTROL),
            (KeyModifiers::ALT, Modifiers::ALT),
        ] {
            if event.modifiers.contains(term) {
                modifiers |= own;
            }
        }
        KeyPress::new(code, modifiers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_keys_become_the_apps_keys() {
        let ctrl_d = KeyEvent::new(Term::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(press(ctrl_d), KeyPress::parse("ctrl-d").unwrap());
        let shifted = KeyEvent::new(Term::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(press(shifted), KeyPress::parse("G").unwrap());
        let back_tab = KeyEvent::new(Term::BackTab, KeyModifiers::SHIFT);
        assert_eq!(press(back_tab), KeyPress::parse("shift-tab").unwrap());
        assert_eq!(
            press(KeyEvent::new(Term::F(5), KeyModifiers::NONE)),
            KeyPress::parse("f5").unwrap()
        );
    }
}
