//! Line editing as MicroPython's `shared/readline/readline.c`: one byte in, VT100 redraw out.
//! Arrows, Home/End, Backspace/Delete, history, Tab completion and auto-indent, with the same
//! bytes on the wire so a terminal (or a test) sees exactly what MicroPython would send.

use crate::format::Dec;
use alloc::string::String;
use alloc::vec::Vec;

use super::complete::{complete, Completion};
use crate::vm::Vm;

pub const CTRL_A: u8 = 1;
pub const CTRL_B: u8 = 2;
pub const CTRL_C: u8 = 3;
pub const CTRL_D: u8 = 4;
pub const CTRL_E: u8 = 5;
const ESC: u8 = 27;

/// MicroPython's `MICROPY_READLINE_HISTORY_SIZE`.
const HISTORY: usize = 8;

const AUTO_INDENT_ENABLED: u8 = 1;
const AUTO_INDENT_JUST_ADDED: u8 = 2;

/// Keys that arrive as escape sequences, below every byte value.
const UP: i32 = -1;
const DOWN: i32 = -2;
const RIGHT: i32 = -3;
const LEFT: i32 = -4;
const HOME: i32 = -5;
const END: i32 = -6;
const DELETE: i32 = -7;
/// A sequence that means nothing here.
const NOTHING: i32 = -8;

/// What a key did.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Key {
    /// Still editing.
    Edit,
    /// Enter: the line is complete (and in the history).
    Enter,
    /// Ctrl-A…Ctrl-E on an empty line, or Ctrl-C anywhere: the caller decides.
    Ctrl(u8),
}

pub struct LineEditor {
    /// The whole input so far, earlier continuation lines included (`orig_len` marks the
    /// start of the line being edited).
    pub line: Vec<u8>,
    orig_len: usize,
    cursor: usize,
    /// In an escape sequence: its last byte (`ESC`, `[`, `O` or a digit); else 0.
    escape: u8,
    hist_cur: isize,
    auto_indent: u8,
    prompt: &'static str,
    /// Newest first.
    history: Vec<String>,
    /// Keys that would make the line longer than this are ignored (a board's RAM is small).
    max_len: usize,
}

fn out(vm: &mut Vm, bytes: &[u8]) {
    if !bytes.is_empty() {
        vm.host.write(bytes);
    }
}

/// `mp_hal_move_cursor_back`.
fn cursor_back(vm: &mut Vm, n: usize) {
    if n == 0 {
    } else if n <= 4 {
        out(vm, &b"\x08\x08\x08\x08"[..n]);
    } else {
        out(vm, alloc::format!("\x1b[{}D", Dec(n as i64)).as_bytes());
    }
}

impl LineEditor {
    pub fn new(max_len: usize) -> LineEditor {
        LineEditor {
            line: Vec::new(),
            orig_len: 0,
            cursor: 0,
            escape: 0,
            hist_cur: -1,
            auto_indent: 0,
            prompt: "",
            history: Vec::new(),
            max_len,
        }
    }

    /// Start reading a line after `prompt` (`readline_init`); the line buffer keeps its text.
    pub fn init(&mut self, vm: &mut Vm, prompt: &'static str) {
        self.escape = 0;
        self.hist_cur = -1;
        if self.line.is_empty() {
            self.auto_indent = AUTO_INDENT_ENABLED;
        }
        self.note_newline(vm, prompt);
    }

    /// A continuation line begins (`readline_note_newline`).
    pub fn note_newline(&mut self, vm: &mut Vm, prompt: &'static str) {
        self.orig_len = self.line.len();
        self.cursor = self.orig_len;
        self.prompt = prompt;
        out(vm, prompt.as_bytes());
        self.auto_indent_line(vm);
    }

    /// The line being edited (without earlier continuation lines).
    pub fn current(&self) -> &[u8] {
        &self.line[self.orig_len..]
    }

    fn push_history(&mut self) {
        let text = crate::builtins::text::lossy(self.current());
        if !text.is_empty() && self.history.first() != Some(&text) {
            // Newest first: pushed, then swapped down to the front (no `Vec::insert` for
            // `String`, a copy of its own in the wasm).
            self.history.push(text);
            for j in (1..self.history.len()).rev() {
                self.history.swap(j, j - 1);
            }
            self.history.truncate(HISTORY);
        }
    }

    /// One byte of input (`readline_process_char`).
    pub fn process(&mut self, vm: &mut Vm, c: u8) -> Key {
        let last_len = self.line.len();
        let mut back = 0usize;
        let mut from_cursor = false;
        let mut forward = 0usize;
        let (home, end) = (self.cursor - self.orig_len, self.line.len() - self.cursor);
        // An escape sequence is read a byte at a time (`escape` holds the byte before this
        // one) and becomes one of the keys below 0 (a byte is itself).
        let key = match (self.escape, c) {
            (0, _) => i32::from(c),
            (ESC, b'[' | b'O') | (b'[', b'0'..=b'9') => {
                self.escape = c;
                return self.edited();
            }
            (b'[', b'A') => UP,
            (b'[', b'B') => DOWN,
            (b'[', b'C') => RIGHT,
            (b'[', b'D') => LEFT,
            (b'[' | b'O', b'H') | (b'1' | b'7', b'~') => HOME,
            (b'[' | b'O', b'F') | (b'4' | b'8', b'~') => END,
            (b'3', b'~') => DELETE,
            _ => NOTHING,
        };
        self.escape = 0;
        match key {
            // Ctrl-A…Ctrl-E on an empty line, Ctrl-C anywhere.
            1..=5 if self.line.len() == self.orig_len => return Key::Ctrl(c),
            3 => return Key::Ctrl(c),
            1 | HOME => back = home, // Ctrl-A
            5 | END => forward = end, // Ctrl-E
            13 => {
                out(vm, b"\r\n");
                self.push_history();
                return Key::Enter;
            }
            27 => self.escape = ESC,
            8 | 127 => {
                if home > 0 {
                    // Auto-indent: a backspace in leading spaces removes a whole level.
                    let typed = &self.line[self.orig_len..self.cursor];
                    let n = if typed.len() >= 4 && typed.iter().all(|&b| b == b' ') { 4 } else { 1 };
                    crate::obj::splice(&mut self.line, self.cursor - n, self.cursor, &[]);
                    back = n;
                    from_cursor = true;
                }
            }
            9 | 32 if self.auto_indent & AUTO_INDENT_JUST_ADDED != 0 => {
                // Tab keeps the automatic indent, a space takes it back to one space.
                self.auto_indent = 0;
                if c == b' ' {
                    back = 3;
                    let keep = self.line.len().saturating_sub(3);
                    self.line.truncate(keep);
                }
            }
            9 => match self.tab(vm) {
                Completion::None => {}
                Completion::Many(list) => {
                    out(vm, list.as_bytes());
                    out(vm, self.prompt.as_bytes());
                    out(vm, &self.line[self.orig_len..self.cursor]);
                    from_cursor = true;
                }
                Completion::Insert(text) => {
                    if self.line.len() + text.len() <= self.max_len {
                        let at = self.cursor;
                        crate::obj::splice(&mut self.line, at, at, text.as_bytes());
                        from_cursor = true;
                        forward = text.len();
                    }
                }
            },
            32..=126 if self.line.len() < self.max_len => {
                crate::obj::splice(&mut self.line, self.cursor, self.cursor, &[c]);
                from_cursor = true;
                forward = 1;
            }
            UP | DOWN => {
                // Up steps to an older entry, Down to a newer one or back to an empty line.
                let to = if key == UP { self.hist_cur + 1 } else { self.hist_cur - 1 };
                if (-1..self.history.len() as isize).contains(&to) {
                    self.hist_cur = to;
                    self.line.truncate(self.orig_len);
                    if let Some(h) = self.history.get(to as usize) {
                        self.line.extend_from_slice(h.as_bytes());
                    }
                    back = home;
                    from_cursor = true;
                    forward = self.line.len() - self.orig_len;
                }
            }
            RIGHT if end > 0 => forward = 1,
            LEFT if home > 0 => back = 1,
            DELETE if end > 0 => {
                crate::obj::splice(&mut self.line, self.cursor, self.cursor + 1, &[]);
                from_cursor = true;
            }
            _ => {}
        }
        self.redraw(vm, last_len, back, from_cursor, forward);
        self.edited()
    }

    /// Any key but Enter and the control keys the caller handles ends an automatic indent's
    /// grace for Tab and space.
    fn edited(&mut self) -> Key {
        self.auto_indent &= !AUTO_INDENT_JUST_ADDED;
        Key::Edit
    }

    /// Tab: four spaces after whitespace, else complete the name before the cursor.
    fn tab(&mut self, vm: &mut Vm) -> Completion {
        if self.cursor > 0 && self.line[self.cursor - 1].is_ascii_whitespace() {
            return Completion::Insert(String::from("    "));
        }
        let typed = crate::builtins::text::lossy(&self.line[self.orig_len..self.cursor]);
        complete(vm, &typed)
    }

    /// Redraw the changed part of the line, efficiently, as readline.c does.
    fn redraw(&mut self, vm: &mut Vm, last_len: usize, back: usize, from_cursor: bool, forward: usize) {
        if back > 0 {
            cursor_back(vm, back);
            self.cursor -= back;
        }
        if from_cursor {
            if self.line.len() < last_len {
                out(vm, b"\x1b[K");
            }
            out(vm, &self.line[self.cursor..]);
            cursor_back(vm, self.line.len() - (self.cursor + forward));
            self.cursor += forward;
        } else if forward > 0 {
            out(vm, &self.line[self.cursor..self.cursor + forward]);
            self.cursor += forward;
        }
    }

    /// Indent a new continuation line like the previous one, one level more after a `:`.
    fn auto_indent_line(&mut self, vm: &mut Vm) {
        if self.auto_indent & AUTO_INDENT_ENABLED == 0 {
            return;
        }
        let line = &self.line;
        let len = line.len();
        if len < 2 || line[len - 1] != b'\n' {
            return;
        }
        // i: start of the previous line; j: its first non-space.
        let mut i = len - 1;
        while i > 0 && line[i - 1] != b'\n' {
            i -= 1;
        }
        let mut j = i;
        while j < len && line[j] == b' ' {
            j += 1;
        }
        if i > 0 && j + 1 == len {
            // The previous line is all spaces: no indent if the one before it is too.
            let mut k = i - 1;
            while k > 0 {
                if line[k - 1] == b'\n' {
                    return;
                } else if line[k - 1] != b' ' {
                    break;
                }
                k -= 1;
            }
        }
        let mut n = (j - i) / 4;
        if line[len - 2] == b':' {
            n += 1;
        }
        for _ in 0..n {
            if self.line.len() + 4 > self.max_len {
                break;
            }
            self.line.extend_from_slice(b"    ");
            out(vm, b"    ");
            self.cursor += 4;
            self.auto_indent |= AUTO_INDENT_JUST_ADDED;
        }
    }
}
