//! Reading flash through the stub (READ_FLASH): the stub streams packets of `PACKET` bytes, the
//! host acknowledges the running total after each, and the stub ends with the MD5 of what it
//! sent. A packet of the wrong length or a digest that does not match what arrived redoes the
//! whole read; a stream that stops is an error. A damaged backup is never reported good.

use super::{fail, Hint, Action, Cmd, Flasher, For, Phase, Progress, Stage, Step, CMD_TIMEOUT, REGION_ATTEMPTS};
use crate::packet::{self, op};
use crate::{image, slip};
use alloc::format;
use alloc::vec::Vec;

/// Bytes per READ_FLASH packet and packets in flight, as esptool asks for.
const PACKET: u32 = 0x1000;
const IN_FLIGHT: u32 = 64;

pub(super) struct Reading {
    addr: u32,
    size: u32,
    /// Bytes the stub has sent, counting damaged packets at their expected length (the ack).
    got: u32,
    data: Vec<u8>,
    damaged: bool,
    deadline: u64,
}

impl Flasher {
    pub(super) fn queue_read(&mut self, addr: u32, size: Option<u32>, flash_size: u32) {
        let size = size.unwrap_or(flash_size.saturating_sub(addr));
        if !self.stub {
            return self.finish(Err(fail(
                "Reading the flash needs the flasher stub (this chip's ROM loader cannot read flash), and the stub \
                 is not running.",
                Hint::UseStub,
            )));
        }
        if size == 0 || addr as u64 + size as u64 > flash_size as u64 {
            return self.finish(Err(fail(
                format!("Cannot read {size} bytes from {addr:#x}: this board has {} of flash.", image::size_text(flash_size)),
                Hint::None,
            )));
        }
        self.phase = Phase::Read;
        self.total = size as u64;
        self.queue_read_cmd(addr, size);
    }

    fn queue_read_cmd(&mut self, addr: u32, size: u32) {
        self.queue.push_back(Step::Report(Progress { stage: Stage::Reading, done: 0, total: size as u64 }));
        let words = packet::words(&[addr, size, PACKET, IN_FLIGHT]);
        self.queue.push_back(Step::Cmd(Cmd { tries: 1, ..Cmd::new(op::READ_FLASH, words, For::ReadStart { addr, size }) }));
    }

    /// The stub accepted READ_FLASH: its packets follow.
    pub(super) fn start_reading(&mut self, addr: u32, size: u32) {
        let data = Vec::with_capacity(size as usize);
        self.reading = Some(Reading { addr, size, got: 0, data, damaged: false, deadline: self.now + CMD_TIMEOUT as u64 });
    }

    /// The bytes a finished [`Task::Read`](super::Task::Read) read (empty before, and after the first call).
    pub fn take_read(&mut self) -> Vec<u8> {
        core::mem::take(&mut self.read_done)
    }

    /// Handle the packets that arrived: ack each, check the closing digest.
    pub(super) fn pump_read(&mut self) -> Option<Action> {
        let now = self.now;
        let rd = self.reading.as_mut()?;
        if let Some(frame) = self.frames.pop_front() {
            rd.deadline = now + CMD_TIMEOUT as u64;
            if rd.got < rd.size {
                let want = PACKET.min(rd.size - rd.got);
                if frame.len() == want as usize && !rd.damaged {
                    rd.data.extend_from_slice(&frame);
                } else {
                    rd.damaged = true;
                }
                rd.got += want;
                self.out.push_back(Action::Progress(Progress { stage: Stage::Reading, done: rd.got as u64, total: rd.size as u64 }));
                return Some(Action::Send(slip::encode(&rd.got.to_le_bytes())));
            }
            let good = !rd.damaged && frame[..] == image::md5(&rd.data)[..];
            let (addr, size) = (rd.addr, rd.size);
            let done = self.reading.take()?;
            if good {
                self.read_done = done.data;
                self.written = size as u64;
                return None;
            }
            self.read_tries += 1;
            if self.read_tries >= REGION_ATTEMPTS {
                self.finish(Err(fail(
                    format!("Reading the flash failed {REGION_ATTEMPTS} times (the data arrived damaged), so no backup was saved."),
                    Hint::LowerBaud,
                )));
                return None;
            }
            self.queue_read_cmd(addr, size);
            return None;
        }
        if now < rd.deadline {
            return Some(Action::Wait { until_ms: rd.deadline });
        }
        self.reading = None;
        self.finish(Err(fail("The board stopped sending while reading the flash, so no backup was saved.", Hint::LowerBaud)));
        None
    }
}
