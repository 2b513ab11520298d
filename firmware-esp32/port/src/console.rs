//! The serial console, shared between the VM's host (output, Ctrl-C while code runs) and the
//! main loop (input to the REPL). Input received while a program runs waits in `inbox`, in
//! order, Ctrl-C included, so the prompt afterwards sees keys typed ahead.

use alloc::collections::VecDeque;

use crate::board::Board;

/// Ctrl-C.
pub const INTERRUPT: u8 = 0x03;
/// How many received bytes wait for the REPL at most; beyond it the oldest are dropped (a
/// flood on the line must not exhaust the heap).
const INBOX_LIMIT: usize = 4096;

pub struct Console<B: Board> {
    pub board: B,
    inbox: VecDeque<u8>,
    /// The last byte written was `\r` (so a following `\n` is already a line end).
    after_cr: bool,
}

impl<B: Board> Console<B> {
    pub fn new(board: B) -> Self {
        Console { board, inbox: VecDeque::new(), after_cr: false }
    }

    /// Move what the line received into the inbox.
    fn pump(&mut self) {
        while let Some(b) = self.board.read_byte() {
            if self.inbox.len() == INBOX_LIMIT {
                self.inbox.pop_front();
            }
            self.inbox.push_back(b);
        }
    }

    /// Was Ctrl-C received? If so it is consumed, with whatever was typed before it.
    pub fn take_interrupt(&mut self) -> bool {
        self.pump();
        match self.inbox.iter().rposition(|&b| b == INTERRUPT) {
            Some(at) => {
                self.inbox.drain(..=at);
                true
            }
            None => false,
        }
    }

    /// Is a Ctrl-C waiting (without consuming it)?
    pub fn interrupt_pending(&mut self) -> bool {
        self.pump();
        self.inbox.contains(&INTERRUPT)
    }

    /// Move received bytes into `buf`; how many.
    pub fn take_bytes(&mut self, buf: &mut [u8]) -> usize {
        self.pump();
        let n = buf.len().min(self.inbox.len());
        for (slot, b) in buf.iter_mut().zip(self.inbox.drain(..n)) {
            *slot = b;
        }
        n
    }

    pub fn has_input(&mut self) -> bool {
        self.pump();
        !self.inbox.is_empty()
    }

    /// Write text the way a board's console does: a `\n` not after `\r` goes out as `\r\n`
    /// (program output uses `\n`; the REPL's own lines already end in `\r\n`).
    pub fn write_cooked(&mut self, bytes: &[u8]) {
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' && !self.after_cr {
                self.board.write(&bytes[start..i]);
                self.board.write(b"\r");
                start = i;
            }
            self.after_cr = b == b'\r';
        }
        self.board.write(&bytes[start..]);
    }
}
