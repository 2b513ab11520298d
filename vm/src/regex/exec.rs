//! The matcher: re1.5's recursive backtracking loop (`recursiveloop.c`) turned inside out.
//!
//! Each place where re1.5 recurses (both ways of a split, and every `Save`, which recurses
//! so it can undo itself) pushes a [`Frame`] here instead, so the Rust stack stays flat
//! and the stack length equals re1.5's recursion depth. MicroPython turns too deep a
//! recursion into `RuntimeError`; [`Subject::max_depth`] does the same at a similar depth.
//! Every [`CHECK_EVERY`] instructions it asks its caller whether to stop (Ctrl-C): patterns
//! like `(a|a)*b` take exponential time, as they do in MicroPython.
//!
//! One deliberate difference: a lazy loop whose body matches empty without leaving a
//! frame behind (`(?:$)*?b` on `""`) makes re1.5 spin forever at a constant depth. The
//! matcher notices when it is back at such a loop's split with the same position and the
//! same stack (see [`Exec::revisits`]); as nothing can change by going round again, that
//! path fails instead, which is what CPython answers too.

use alloc::vec::Vec;

use super::prog::{char_at, named_matches, ClassItem, Inst, Program, BODY};
use super::{Captures, Regex, RegexError, Subject};

/// A choice to come back to, or a capture slot to restore when backtracking past it.
#[derive(Clone, Copy, Debug)]
enum Frame {
    Alt { pc: usize, sp: usize },
    Restore { slot: usize, old: usize },
}

/// Capture slot value meaning "not set" (a text never reaches `usize::MAX` bytes).
const UNSET: usize = usize::MAX;

/// Engine instructions between two calls of [`run`]'s `interrupted`.
pub const CHECK_EVERY: usize = 200_000;

/// The backtracking state of one match or search.
struct Exec {
    stack: Vec<Frame>,
    caps: Vec<usize>,
    /// `(depth, pc, sp)` of the last visit to each lazy-loop split at each stack depth,
    /// ordered by depth and kept only while the stack has not dropped below that depth
    /// (so everything below it is unchanged since the visit).
    visits: Vec<(usize, usize, usize)>,
}

/// Match `regex` against `subject`: `anchored` (for `match`) allows a match only at
/// `subject.start`; otherwise (for `search`) the first position from there on that matches
/// wins. [`RegexError::Interrupted`] when `interrupted` says so.
pub(super) fn run(
    regex: &Regex,
    subject: &Subject,
    anchored: bool,
    interrupted: &mut dyn FnMut() -> bool,
) -> Result<Option<Captures>, RegexError> {
    let (start, end) = subject.window();
    let m = Machine {
        prog: &regex.prog,
        text: subject.text.get(..end).unwrap_or_default(),
        unicode: subject.unicode,
        max_depth: subject.max_depth,
    };
    let mut ex = Exec { stack: Vec::new(), caps: crate::obj::filled(UNSET, 2 * (regex.prog.groups + 1)), visits: Vec::new() };
    let pc = if anchored { BODY } else { 0 };
    Ok(m.run(&mut ex, pc, start, interrupted)?.then(|| ex.captures()))
}

impl Exec {
    fn captures(&self) -> Captures {
        let mut out = Vec::with_capacity(self.caps.len() / 2);
        for pair in self.caps.chunks_exact(2) {
            out.push(match *pair {
                [s, e] if s != UNSET && e != UNSET && s <= e => Some((s, e)),
                _ => None,
            });
        }
        out
    }

    fn push(&mut self, frame: Frame, max_depth: usize) -> Result<(), RegexError> {
        if self.stack.len() >= max_depth {
            return Err(RegexError::RecursionLimit);
        }
        self.stack.push(frame);
        Ok(())
    }

    /// Record a visit to the lazy-loop split at `pc`; true if the previous visit at this
    /// depth had the same position. Control flow depends only on `pc`, `sp` and the stack
    /// (captures never steer it), so the machine would then repeat itself forever.
    fn revisits(&mut self, pc: usize, sp: usize) -> bool {
        let depth = self.stack.len();
        let same_depth = self.visits.iter_mut().rev().take_while(|v| v.0 == depth);
        for v in same_depth {
            if v.1 == pc {
                return core::mem::replace(&mut v.2, sp) == sp;
            }
        }
        self.visits.push((depth, pc, sp));
        false
    }

    /// Undo back to the latest choice and return where it resumes, or `None` when every
    /// choice has failed.
    fn backtrack(&mut self) -> Option<(usize, usize)> {
        let resume = loop {
            match self.stack.pop()? {
                Frame::Alt { pc, sp } => break (pc, sp),
                Frame::Restore { slot, old } => {
                    if let Some(c) = self.caps.get_mut(slot) {
                        *c = old;
                    }
                }
            }
        };
        let depth = self.stack.len();
        while self.visits.last().is_some_and(|v| v.0 > depth) {
            self.visits.pop();
        }
        Some(resume)
    }
}

/// What one run needs besides the mutable state.
struct Machine<'a> {
    prog: &'a Program,
    /// The text up to the end of the window: `$` matches at `text.len()`.
    text: &'a [u8],
    unicode: bool,
    max_depth: usize,
}

impl Machine<'_> {
    /// Run from `pc` at `sp`: whether it matched.
    fn run(
        &self,
        ex: &mut Exec,
        mut pc: usize,
        mut sp: usize,
        interrupted: &mut dyn FnMut() -> bool,
    ) -> Result<bool, RegexError> {
        let mut budget = CHECK_EVERY;
        loop {
            if budget == 0 {
                if interrupted() {
                    return Err(RegexError::Interrupted);
                }
                budget = CHECK_EVERY;
            }
            budget -= 1;
            let Some(&inst) = self.prog.code.get(pc) else {
                return Ok(false);
            };
            let next = match inst {
                Inst::Byte(b) => (self.text.get(sp) == Some(&b)).then(|| (pc + 1, sp + 1)),
                Inst::Any => self.char_at(sp).map(|(_, n)| (pc + 1, sp + n)),
                Inst::Class { first, len, negated } => self.char_at(sp).and_then(|(c, n)| {
                    let mut items = self
                        .prog
                        .items
                        .iter()
                        .skip(usize::try_from(first).unwrap_or(usize::MAX))
                        .take(usize::from(len));
                    let hit = items.any(|&item| match item {
                        ClassItem::Range(lo, hi) => lo <= c && c <= hi,
                        ClassItem::Named(name) => named_matches(name, c),
                    });
                    (hit != negated).then_some((pc + 1, sp + n))
                }),
                Inst::Named(name) => {
                    self.char_at(sp).and_then(|(c, n)| named_matches(name, c).then_some((pc + 1, sp + n)))
                }
                Inst::Save(slot) => {
                    let slot = usize::from(slot);
                    if let Some(c) = ex.caps.get_mut(slot) {
                        let old = core::mem::replace(c, sp);
                        ex.push(Frame::Restore { slot, old }, self.max_depth)?;
                    }
                    Some((pc + 1, sp))
                }
                // Lazy loops go round through a backward `Split` (`+?`) or an `RSplit` (`*?`).
                Inst::Split(off) if off < 0 && ex.revisits(pc, sp) => None,
                Inst::RSplit(_) if ex.revisits(pc, sp) => None,
                Inst::Split(off) => {
                    ex.push(Frame::Alt { pc: jump(pc, off), sp }, self.max_depth)?;
                    Some((pc + 1, sp))
                }
                Inst::RSplit(off) => {
                    ex.push(Frame::Alt { pc: pc + 1, sp }, self.max_depth)?;
                    Some((jump(pc, off), sp))
                }
                Inst::Jmp(off) => Some((jump(pc, off), sp)),
                Inst::Bol => (sp == 0).then_some((pc + 1, sp)),
                Inst::Eol => (sp == self.text.len()).then_some((pc + 1, sp)),
                Inst::Match => return Ok(true),
            };
            match next.or_else(|| ex.backtrack()) {
                Some(state) => (pc, sp) = state,
                None => return Ok(false),
            }
        }
    }

    fn char_at(&self, sp: usize) -> Option<(u32, usize)> {
        char_at(self.text, sp, self.unicode)
    }
}

/// Target of a jump; an impossible one lands past the program, where matching fails.
fn jump(pc: usize, off: i32) -> usize {
    isize::try_from(off).ok().and_then(|o| pc.checked_add_signed(o)).unwrap_or(usize::MAX)
}
