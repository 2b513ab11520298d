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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Escape {
    None,
    Esc,
    Bracket,
    BracketDigit(u8),
    O,
}

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
    escape: Escape,
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
            escape: Escape::None,
            hist_cur: -1,
            auto_indent: 0,
            prompt: "",
            history: Vec::new(),
            max_len,
        }
    }

    /// Start reading a line after `prompt` (`readline_init`); the line buffer keeps its text.
    pub fn init(&mut self, vm: &mut Vm, prompt: &'static str) {
        self.orig_len = self.line.len();
        self.escape = Escape::None;
        self.hist_cur = -1;
        self.cursor = self.orig_len;
        self.prompt = prompt;
        out(vm, prompt.as_bytes());
        if self.line.is_empty() {
            self.auto_indent = AUTO_INDENT_ENABLED;
        }
        self.auto_indent_line(vm);
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
            self.history.insert(0, text);
            self.history.truncate(HISTORY);
        }
    }

    /// One byte of input (`readline_process_char`).
    pub fn process(&mut self, vm: &mut Vm, c: u8) -> Key {
        let last_len = self.line.len();
        let mut back = 0usize;
        let mut from_cursor = false;
        let mut forward = 0usize;
        match self.escape {
            Escape::None => {
                if (CTRL_A..=CTRL_E).contains(&c) && self.line.len() == self.orig_len {
                    return Key::Ctrl(c);
                } else if c == CTRL_A {
                    back = self.cursor - self.orig_len;
                } else if c == CTRL_C {
                    return Key::Ctrl(c);
                } else if c == CTRL_E {
                    forward = self.line.len() - self.cursor;
                } else if c == b'\r' {
                    out(vm, b"\r\n");
                    self.push_history();
                    return Key::Enter;
                } else if c == ESC {
                    self.escape = Escape::Esc;
                } else if c == 8 || c == 127 {
                    if self.cursor > self.orig_len {
                        // Auto-indent: a backspace in leading spaces removes a whole level.
                        let typed = &self.line[self.orig_len..self.cursor];
                        let n = if typed.len() >= 4 && typed.iter().all(|&b| b == b' ') { 4 } else { 1 };
                        self.line.drain(self.cursor - n..self.cursor);
                        back = n;
                        from_cursor = true;
                    }
                } else if self.auto_indent & AUTO_INDENT_JUST_ADDED != 0 && (c == 9 || c == b' ') {
                    // Tab keeps the automatic indent, a space takes it back to one space.
                    self.auto_indent = 0;
                    if c == b' ' {
                        back = 3;
                        let keep = self.line.len().saturating_sub(3);
                        self.line.truncate(keep);
                    }
                } else if c == 9 {
                    match self.tab(vm) {
                        Completion::None => {}
                        Completion::Many(list) => {
                            out(vm, list.as_bytes());
                            out(vm, self.prompt.as_bytes());
                            let typed: Vec<u8> = self.line[self.orig_len..self.cursor].to_vec();
                            out(vm, &typed);
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
                    }
                } else if (32..=126).contains(&c) && self.line.len() < self.max_len {
                    self.line.insert(self.cursor, c);
                    from_cursor = true;
                    forward = 1;
                }
            }
            Escape::Esc => {
                self.escape = match c {
                    b'[' => Escape::Bracket,
                    b'O' => Escape::O,
                    _ => Escape::None,
                };
            }
            Escape::Bracket => {
                self.escape = Escape::None;
                match c {
                    b'0'..=b'9' => self.escape = Escape::BracketDigit(c),
                    b'A' => {
                        let next = (self.hist_cur + 1) as usize;
                        if next < HISTORY && next < self.history.len() {
                            self.hist_cur += 1;
                            self.line.truncate(self.orig_len);
                            self.line.extend_from_slice(self.history[next].as_bytes());
                            back = self.cursor - self.orig_len;
                            from_cursor = true;
                            forward = self.line.len() - self.orig_len;
                        }
                    }
                    b'B' if self.hist_cur >= 0 => {
                        self.hist_cur -= 1;
                        self.line.truncate(self.orig_len);
                        if self.hist_cur >= 0 {
                            let h = self.history[self.hist_cur as usize].clone();
                            self.line.extend_from_slice(h.as_bytes());
                        }
                        back = self.cursor - self.orig_len;
                        from_cursor = true;
                        forward = self.line.len() - self.orig_len;
                    }
                    b'C' if self.cursor < self.line.len() => forward = 1,
                    b'D' if self.cursor > self.orig_len => back = 1,
                    b'H' => back = self.cursor - self.orig_len,
                    b'F' => forward = self.line.len() - self.cursor,
                    _ => {}
                }
            }
            Escape::BracketDigit(d) => {
                self.escape = Escape::None;
                if c == b'~' {
                    match d {
                        b'1' | b'7' => back = self.cursor - self.orig_len,
                        b'4' | b'8' => forward = self.line.len() - self.cursor,
                        b'3' if self.cursor < self.line.len() => {
                            self.line.remove(self.cursor);
                            from_cursor = true;
                        }
                        _ => {}
                    }
                }
            }
            Escape::O => {
                self.escape = Escape::None;
                match c {
                    b'H' => back = self.cursor - self.orig_len,
                    b'F' => forward = self.line.len() - self.cursor,
                    _ => {}
                }
            }
        }
        self.redraw(vm, last_len, back, from_cursor, forward);
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
            let tail: Vec<u8> = self.line[self.cursor..].to_vec();
            out(vm, &tail);
            cursor_back(vm, self.line.len() - (self.cursor + forward));
            self.cursor += forward;
        } else if forward > 0 {
            let ahead: Vec<u8> = self.line[self.cursor..self.cursor + forward].to_vec();
            out(vm, &ahead);
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
