//! A client of MicroPython's raw REPL over any byte stream (a child's pipes, a pty, a serial
//! port): Ctrl-A enters it, `code Ctrl-D` runs code, the board answers
//! `OK stdout Ctrl-D stderr Ctrl-D >`. This is the protocol mpremote speaks.

use crate::bail;
use crate::util::Result;
use std::io::{Read, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

/// What one program printed on the board: its output, and its traceback if it raised.
#[derive(Debug, PartialEq)]
pub struct Ran {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

pub struct RawRepl<W: Write> {
    input: W,
    output: Receiver<Vec<u8>>,
    /// Received but not yet consumed.
    pending: Vec<u8>,
}

impl<W: Write> RawRepl<W> {
    /// Talk to a board whose console is `input` (to it) and `output` (from it, read on a thread).
    pub fn new(input: W, output: impl Read + Send + 'static) -> Self {
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let mut output = output;
            let mut buf = [0u8; 4096];
            while let Ok(n) = output.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        RawRepl { input, output: rx, pending: Vec::new() }
    }

    /// Write raw bytes to the board.
    pub fn send(&mut self, bytes: &[u8]) -> Result<()> {
        self.input
            .write_all(bytes)
            .and_then(|_| self.input.flush())
            .map_err(|e| format!("could not write to the board: {e}").into())
    }

    /// Everything up to and including `marker`, waiting at most `timeout`.
    pub fn read_until(&mut self, marker: &[u8], timeout: Duration) -> Result<Vec<u8>> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(at) = self.pending.windows(marker.len()).position(|w| w == marker) {
                let rest = self.pending.split_off(at + marker.len());
                return Ok(std::mem::replace(&mut self.pending, rest));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(chunk) => self.pending.extend_from_slice(&chunk),
                Err(RecvTimeoutError::Timeout) => bail!(
                    "no {:?} from the board within {:.0?}; it printed: {:?}",
                    String::from_utf8_lossy(marker),
                    timeout,
                    String::from_utf8_lossy(&self.pending)
                ),
                Err(RecvTimeoutError::Disconnected) => bail!(
                    "the board's console closed while waiting for {:?}; it printed: {:?}",
                    String::from_utf8_lossy(marker),
                    String::from_utf8_lossy(&self.pending)
                ),
            }
        }
    }

    /// Discard output until the board has been quiet for `quiet` (or `timeout` passed).
    pub fn drain(&mut self, quiet: Duration, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        self.pending.clear();
        while Instant::now() < deadline {
            match self.output.recv_timeout(quiet) {
                Ok(_) => {}
                Err(_) => return,
            }
        }
    }

    /// Interrupt whatever runs and enter the raw REPL. What the board printed before is
    /// discarded, so a stale `OK` or prompt cannot be mistaken for an answer (as mpremote does).
    pub fn enter(&mut self, timeout: Duration) -> Result<()> {
        self.send(b"\r\x03\x03")?;
        self.drain(Duration::from_millis(300), timeout);
        self.send(b"\r\x01")?;
        self.read_until(b"raw REPL; CTRL-B to exit\r\n>", timeout).map(|_| ())
    }

    /// Run `source` and collect what it printed.
    pub fn exec(&mut self, source: &[u8], timeout: Duration) -> Result<Ran> {
        if source.contains(&0x04) {
            bail!("the program contains a Ctrl-D byte, which ends a raw REPL program");
        }
        self.send(source)?;
        self.send(b"\x04")?;
        self.read_until(b"OK", timeout)?;
        let mut stdout = self.read_until(b"\x04", timeout)?;
        stdout.pop();
        let mut stderr = self.read_until(b"\x04", timeout)?;
        stderr.pop();
        self.read_until(b">", timeout)?;
        Ok(Ran { stdout, stderr })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A board that answers with fixed output.
    #[test]
    fn exec_splits_output_and_traceback() {
        let answer: &[u8] = b"OK1\r\n2\r\n\x04Traceback\x04>";
        let mut repl = RawRepl::new(Vec::new(), answer);
        let ran = repl.exec(b"print(1)", Duration::from_secs(5)).unwrap();
        assert_eq!(ran, Ran { stdout: b"1\r\n2\r\n".to_vec(), stderr: b"Traceback".to_vec() });
        assert_eq!(repl.input, b"print(1)\x04");
        let err = repl.exec(b"x", Duration::from_secs(5)).unwrap_err();
        assert!(err.0.contains("console closed"), "{err}");
        assert!(repl.exec(b"\x04", Duration::from_secs(5)).is_err());
    }

    /// Entering discards what the board printed before, so a stale banner is no answer.
    #[test]
    fn enter_ignores_stale_output() {
        let stale: &[u8] = b"raw REPL; CTRL-B to exit\r\n>OK";
        let mut repl = RawRepl::new(Vec::new(), stale);
        assert!(repl.enter(Duration::from_secs(2)).is_err());
        assert_eq!(repl.input, b"\r\x03\x03\r\x01");
    }
}
