//! Connect a [`Flasher`] to a simulated [`Rom`] in-process, on a virtual clock: what tests and
//! the in-process benchmark use (no pty, no real time passes).

use super::{Mode, Rom};
use crate::client::{Action, Error, Flasher, Hint, Progress, Summary};
use alloc::string::String;
use alloc::vec::Vec;

pub struct Run {
    pub result: Result<Summary, Error>,
    pub progress: Vec<Progress>,
    pub notices: Vec<String>,
    /// Virtual milliseconds spent waiting (reset pauses, timeouts).
    pub waited_ms: u64,
}

/// Poll `f` to the end, carrying its actions out on `rom`.
pub fn drive(f: &mut Flasher, rom: &mut Rom) -> Run {
    let mut now = 0u64;
    let mut progress = Vec::new();
    let mut notices = Vec::new();
    for _ in 0..50_000_000u64 {
        let out = rom.take_output();
        if !out.is_empty() {
            f.feed(&out);
        }
        if rom.mode == Mode::Gone {
            f.port_lost();
        }
        let result = match f.poll(now) {
            Action::Send(bytes) => {
                rom.feed(&bytes);
                continue;
            }
            Action::Lines { dtr, rts } => {
                rom.set_lines(dtr, rts);
                continue;
            }
            Action::Dtr(v) => {
                rom.set_dtr(v);
                continue;
            }
            Action::Rts(v) => {
                rom.set_rts(v);
                continue;
            }
            Action::Flush | Action::SetBaud(_) => continue,
            Action::Wait { until_ms } => {
                let out = rom.take_output();
                if out.is_empty() {
                    now = now.max(until_ms);
                } else {
                    f.feed(&out);
                }
                continue;
            }
            Action::Progress(p) => {
                progress.push(p);
                continue;
            }
            Action::Notice(n) => {
                notices.push(n);
                continue;
            }
            Action::Done(s) => Ok(s),
            Action::Failed(e) => Err(e),
        };
        return Run { result, progress, notices, waited_ms: now };
    }
    Run { result: Err(Error::new("the flasher never finished (test driver gave up)", Hint::None)), progress, notices, waited_ms: now }
}
