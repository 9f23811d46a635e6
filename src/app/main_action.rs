//! What the list and reader do with an action no popup took: the one big match from keys to
//! behaviour, and quitting. Apart from `mod.rs` (the state and the key route) so each reads on
//! its own.

use super::*;

impl App {
    /// Quitting from anywhere: each popup keeps what it holds first (an edited note is saved).
    /// While saves fail, it asks first: the unsaved edits then go to a rescue file.
    pub(super) fn quit(&mut self) -> Vec<Effect> {
        let mut effects = Vec::new();
        let mut popups = std::mem::take(&mut self.popups);
        for popup in popups.iter_mut() {
            effects.extend(popup.on_quit(self));
        }
        self.popups = popups;
        let asked = matches!(
            self.popups.last(),
            Some(Overlay::Confirm(Confirm {
                on_yes: OnYes::Quit,
                ..
            }))
        );
        if let Some(problem) = self.save_problem.as_ref().filter(|_| !asked) {
            let question = format!(
                " Edits are not saved ({}) — quit anyway? They go to a rescue file. y / n ",
                crate::text::sanitize(problem)
            );
            self.popups.push(Overlay::Confirm(Confirm {
                question,
                on_yes: OnYes::Quit,
            }));
            return effects;
        }
        effects.push(Effect::Quit);
        effects
    }

    /// An action for the list and reader (no popup took it).
    pub(super) fn main_action(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Quit => self.quit(),
            Action::Back => match self.screen.focus {
                Focus::Reader => {
                    self.screen.focus = Focus::List;
                    Vec::new()
                }
                Focus::List => self.quit(),
            },
            Action::Cancel if self.drop_selection() => Vec::new(),
            Action::Cancel => {
                let filtered = !self.list.filter.is_empty()
                    || self.list.entity_filter.is_some()
                    || self.list.search.is_some();
                if self.screen.focus == Focus::List && filtered {
                    self.list.filter = TagFilter::default();
                    self.list.entity_filter = None;
                    self.list.search = None;
                    self.refilter();
                    self.screen.message = Some("filter cleared".into());
                }
                self.screen.focus = Focus::List;
                Vec::new()
            }
            Action::Help => {
                self.popups.push(Overlay::Help { scroll: 0 });
                Vec::new()
            }
            Action::Warnings => {
                self.popups.push(Overlay::Warnings { scroll: 0 });
                Vec::new()
            }
            Action::Open | Action::FocusReader => {
                if self.current().is_some() {
                    self.screen.focus = Focus::Reader;
                }
                Vec::new()
            }
            Action::FocusList => {
                self.screen.focus = Focus::List;
                Vec::new()
            }
            Action::FocusNext => {
                self.screen.focus = match self.screen.focus {
                    Focus::List if self.current().is_some() => Focus::Reader,
                    _ => Focus::List,
                };
                Vec::new()
            }
            Action::NextUnread | Action::PrevUnread => {
                self.jump_unread(action == Action::NextUnread);
                Vec::new()
            }
            Action::MoveDown
            | Action::MoveUp
            | Action::Top
            | Action::Bottom
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::PageDown
            | Action::PageUp => {
                match self.screen.focus {
                    Focus::List => self.move_selection(action),
                    Focus::Reader => self.scroll_reader(action),
                }
                Vec::new()
            }
            Action::NextEntity | Action::PrevEntity | Action::NextQuote | Action::PrevQuote => {
                self.jump_span(action);
                Vec::new()
            }
            Action::Search => {
                self.open_search_line();
                Vec::new()
            }
            Action::NextMatch | Action::PrevMatch => {
                self.jump_match(action == Action::NextMatch);
                Vec::new()
            }
            Action::SavedSearches => {
                self.popups
                    .push(Overlay::SavedSearches(SavedSearches::default()));
                Vec::new()
            }
            Action::ToggleHighlights | Action::EntityPanel => {
                self.analysis_action(action);
                Vec::new()
            }
            Action::WidenList | Action::NarrowList | Action::Zoom => {
                self.resize_panes(action);
                Vec::new()
            }
            Action::WordNext
            | Action::WordPrev
            | Action::SentenceNext
            | Action::SentencePrev
            | Action::ParagraphNext
            | Action::ParagraphPrev
            | Action::Select
            | Action::SelectSentence
            | Action::SelectParagraph
            | Action::SelectObject
            | Action::CodePicker
            | Action::Memo
            | Action::NextCoded
            | Action::PrevCoded
            | Action::Codebook => self.passage_action(action),
            Action::Correct => self.open_correct_picker(),
            Action::CoderView => self.cycle_coder_view(),
            Action::WhoApplied => self.describe_who_applied(),
            Action::Finish => self.toggle_finished(),
            Action::Agreement => self.request_agreement(),
            Action::Quotes => {
                self.open_quotes();
                Vec::new()
            }
            Action::Timeline => {
                self.open_timeline();
                Vec::new()
            }
            Action::MarkStory => {
                self.mark_story();
                Vec::new()
            }
            Action::ToggleStory => {
                self.toggle_story();
                Vec::new()
            }
            Action::FetchFeeds => self.fetch_feeds(),
            edit => self.edit_action(edit),
        }
    }
}
