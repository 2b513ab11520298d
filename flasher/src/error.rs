//! A failure as a value: what went wrong, in words a student understands, and what to do next
//! as a [`Hint`] that each front end words with its own controls — the CLI names its flags
//! (`--baud 115200`), the page its buttons ("choose 115200 in Speed") — so no front end shows
//! another's instructions.

use alloc::string::String;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What happened, front-end neutral (no flag or button names).
    pub what: String,
    pub hint: Hint,
}

/// The next step a student should take, worded by each front end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    /// `what` says it all.
    None,
    /// A slower speed, a shorter or different cable, another USB port.
    LowerBaud,
    /// Download mode by hand: hold BOOT, press and release RESET, release BOOT, then connect
    /// without the automatic reset.
    HoldBoot,
    /// The board went away: plug it back in and start again.
    ReplugCable,
    /// Nothing answered: a data cable, the right port, no other program on it — or, on a board
    /// without auto-reset, [`Hint::HoldBoot`].
    ChooseOtherPort,
    /// The board is confused: press RESET and try again.
    PressReset,
    /// The board is another chip than the one asked for.
    DetectChip,
    /// The task needs the flasher stub, which is not running.
    UseStub,
}

impl Error {
    pub fn new(what: impl Into<String>, hint: Hint) -> Error {
        Error { what: what.into(), hint }
    }

    /// `what` followed by the front end's `advice` for the hint.
    pub fn text(&self, advice: &str) -> String {
        if advice.is_empty() {
            return self.what.clone();
        }
        let mut s = self.what.clone();
        s.push(' ');
        s.push_str(advice);
        s
    }
}

impl Hint {
    /// Every hint, for front ends to prove they word each one.
    pub const ALL: [Hint; 8] = [
        Hint::None,
        Hint::LowerBaud,
        Hint::HoldBoot,
        Hint::ReplugCable,
        Hint::ChooseOtherPort,
        Hint::PressReset,
        Hint::DetectChip,
        Hint::UseStub,
    ];
}
