//! Where each pane goes for a terminal size. It lives in `app` (as plain numbers, no ratatui) so
//! that scroll limits and wrapping are computed from the same geometry the UI draws: one source
//! of truth for "how many lines fit".

use super::Focus;

/// Narrower than this, the list and reader share the screen one at a time.
pub const SIDE_BY_SIDE_MIN_WIDTH: u16 = 72;
/// Below this the app draws only a "terminal too small" notice.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 5;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Area {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub height: u16,
}

impl Area {
    pub fn contains(self, column: u16, row: u16) -> bool {
        column >= self.x
            && row >= self.y
            && u32::from(column) < u32::from(self.x) + u32::from(self.width)
            && u32::from(row) < u32::from(self.y) + u32::from(self.height)
    }

    /// The area inside a one-cell border.
    pub fn inner(self) -> Area {
        Area {
            x: self.x.saturating_add(1),
            y: self.y.saturating_add(1),
            width: self.width.saturating_sub(2),
            height: self.height.saturating_sub(2),
        }
    }
}

/// List panes narrower than this (inside the border) show each article on two lines (title, then
/// date · outlet) instead of one row of columns, so titles stay readable at 80 columns.
pub const ONE_LINE_ROW_MIN_WIDTH: u16 = 50;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScreenLayout {
    pub list: Option<Area>,
    pub reader: Option<Area>,
    pub status: Area,
    pub too_small: bool,
}

impl ScreenLayout {
    /// Screen lines per article in the list.
    pub fn list_item_height(&self) -> u16 {
        match self.list {
            Some(list) if list.inner().width < ONE_LINE_ROW_MIN_WIDTH => 2,
            _ => 1,
        }
    }
}

/// The columns of a one-line list row (`gutter date outlet title #tags`) in a list pane `width`
/// cells wide inside its border: the drawing and mouse clicks on tags both use these numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowColumns {
    pub date: bool,
    /// The outlet column's width (0: not shown).
    pub outlet: usize,
    pub title: usize,
    /// Cells for ` #tag #tag` after the title (0 when the article has no tags).
    pub badges: usize,
}

/// The gutter (`*` marked, `•` unread) before every row.
pub const GUTTER: usize = 2;

impl RowColumns {
    /// `badges_width`: the display width of the row's `#a #b` text (0 without tags).
    pub fn new(width: usize, outlet_width: usize, badges_width: usize) -> RowColumns {
        let mut left = width.saturating_sub(GUTTER);
        let date = width >= 24;
        if date {
            left = left.saturating_sub(11);
        }
        let outlet = if width >= 44 { outlet_width } else { 0 };
        if outlet > 0 {
            left = left.saturating_sub(outlet + 1);
        }
        let badges = if badges_width == 0 {
            0
        } else {
            (left / 3).max(8).min(badges_width + 1)
        };
        RowColumns {
            date,
            outlet,
            title: left.saturating_sub(badges),
            badges,
        }
    }

    /// Where the badges column starts, from the inner left edge of the pane.
    pub fn badges_start(&self) -> usize {
        let outlet = if self.outlet > 0 { self.outlet + 1 } else { 0 };
        GUTTER + if self.date { 11 } else { 0 } + outlet + self.title
    }
}

/// The list's share of a wide screen, in percent, until the user changes it.
pub const DEFAULT_SPLIT: u16 = 40;
/// How far one `>`/`<` moves the split, in percent.
pub const SPLIT_STEP: u16 = 10;
pub const MIN_SPLIT: u16 = 20;
pub const MAX_SPLIT: u16 = 80;

/// How the user divided the screen between the list and the reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Split {
    pub list_percent: u16,
    /// Only the focused pane is shown, across the whole width.
    pub zoom: bool,
}

impl Default for Split {
    fn default() -> Split {
        Split {
            list_percent: DEFAULT_SPLIT,
            zoom: false,
        }
    }
}

pub fn compute(width: u16, height: u16, focus: Focus, split: Split) -> ScreenLayout {
    let status = Area {
        x: 0,
        y: height.saturating_sub(1),
        width,
        height: 1.min(height),
    };
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return ScreenLayout {
            list: None,
            reader: None,
            status,
            too_small: true,
        };
    }
    let body_height = height - 1;
    if width >= SIDE_BY_SIDE_MIN_WIDTH && !split.zoom {
        let list_width = if split.list_percent == DEFAULT_SPLIT {
            (width * 2 / 5).clamp(30, 60)
        } else {
            // Widened or narrowed by the user: the share asked for, leaving each pane usable.
            let wanted = (u32::from(width) * u32::from(split.list_percent) / 100) as u16;
            wanted.clamp(20, width.saturating_sub(24))
        };
        let list = Area {
            x: 0,
            y: 0,
            width: list_width,
            height: body_height,
        };
        let reader = Area {
            x: list_width,
            y: 0,
            width: width - list_width,
            height: body_height,
        };
        ScreenLayout {
            list: Some(list),
            reader: Some(reader),
            status,
            too_small: false,
        }
    } else {
        let full = Area {
            x: 0,
            y: 0,
            width,
            height: body_height,
        };
        match focus {
            Focus::List => ScreenLayout {
                list: Some(full),
                reader: None,
                status,
                too_small: false,
            },
            Focus::Reader => ScreenLayout {
                list: None,
                reader: Some(full),
                status,
                too_small: false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_show_both_panes_narrow_ones_the_focused_pane() {
        let wide = compute(80, 24, Focus::List, Split::default());
        assert_eq!(wide.list.map(|a| a.width), Some(32));
        assert_eq!(wide.reader.map(|a| (a.x, a.width)), Some((32, 48)));
        assert_eq!(
            wide.status,
            Area {
                x: 0,
                y: 23,
                width: 80,
                height: 1
            }
        );
        let narrow = compute(40, 12, Focus::Reader, Split::default());
        assert_eq!(narrow.list, None);
        assert_eq!(
            narrow.reader,
            Some(Area {
                x: 0,
                y: 0,
                width: 40,
                height: 11
            })
        );
        assert!(compute(10, 3, Focus::List, Split::default()).too_small);
    }

    #[test]
    fn the_split_moves_and_zoom_gives_the_focused_pane_the_screen() {
        let wider = Split {
            list_percent: 70,
            zoom: false,
        };
        assert_eq!(
            compute(100, 30, Focus::List, wider).list.map(|a| a.width),
            Some(70)
        );
        let extreme = Split {
            list_percent: 80,
            zoom: false,
        };
        // The reader keeps room to read.
        assert_eq!(
            compute(80, 24, Focus::List, extreme).list.map(|a| a.width),
            Some(56)
        );
        let zoom = Split {
            zoom: true,
            ..Split::default()
        };
        let zoomed = compute(120, 30, Focus::Reader, zoom);
        assert_eq!(zoomed.list, None);
        assert_eq!(zoomed.reader.map(|a| a.width), Some(120));
    }
}
