//! The flasher as a sans-I/O state machine. The port calls [`Flasher::poll`] with its clock and
//! carries out the returned [`Action`]; bytes from the board go in through [`Flasher::feed`].
//! Work is a queue of steps; replies are handled by what each command was sent *for*, and a
//! handler may put more steps at the front (read flash id → set params). Each phase fills the
//! queue only when the previous one is done, so a failed region is redone from its BEGIN.

use crate::chip::{self, Chip};
use crate::image::{self, Prepared, Region, ROM_BLOCK, STUB_BLOCK};
use crate::packet::{self, op, Reply};
use crate::reset::{self, Line};
use crate::slip;
use crate::stub::Stub;
use alloc::collections::VecDeque;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

mod read;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Before {
    DefaultReset,
    UsbReset,
    NoReset,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum After {
    HardReset,
    NoReset,
}

pub enum Task {
    /// Connect and identify the board only.
    Info,
    Flash(Vec<Region>),
    /// Erase the whole flash.
    Erase,
    /// Read `size` bytes of flash from `addr` (None: to the end), a backup; take them with
    /// [`Flasher::take_read`].
    Read { addr: u32, size: Option<u32> },
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub before: Before,
    pub after: After,
    /// Baud rate for the transfer (the connection always starts at 115200).
    pub baud: u32,
    /// The chip the user expects (None = detect).
    pub chip: Option<&'static Chip>,
    /// Upload the flasher stub (bigger blocks, read and erase commands); false = ROM loader only.
    pub stub: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { before: Before::DefaultReset, after: After::HardReset, baud: 115_200, chip: None, stub: true }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Send(Vec<u8>),
    Lines { dtr: bool, rts: bool },
    /// Only DTR or only RTS changes (some ports set one line per call).
    Dtr(bool),
    Rts(bool),
    /// Discard input the port has buffered.
    Flush,
    SetBaud(u32),
    /// Read what arrives until this time on the caller's clock (ms), then poll again.
    Wait { until_ms: u64 },
    Progress(Progress),
    /// Something the user should know that does not stop the job.
    Notice(String),
    Done(Summary),
    Failed(Error),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Connecting,
    Erasing,
    Writing,
    Verifying,
    Reading,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub done: u64,
    pub total: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub chip: &'static Chip,
    pub mac: [u8; 6],
    pub flash_size: u32,
    /// Bytes written and verified, over all regions.
    pub written: u64,
}

pub use crate::error::{Error, Hint};

fn fail(what: impl Into<String>, hint: Hint) -> Error {
    Error::new(what, hint)
}

const BAUD: u32 = 115_200;
const CMD_TIMEOUT: u32 = 3000;
const SYNC_TIMEOUT: u32 = 100;
const SYNC_TRIES: u8 = 5;
const CONNECT_ATTEMPTS: usize = 7;
/// Whole-region rewrites after a failed block or MD5 mismatch.
const REGION_ATTEMPTS: u8 = 3;
const DEFAULT_FLASH: u32 = 4 << 20;
const SPI_CMD_USR: u32 = 1 << 18;
/// MEM_DATA block size for the stub upload (esptool's ESP_RAM_BLOCK).
const RAM_BLOCK: usize = 0x1800;

/// Time per MB of a size-scaled command, as esptool (erase 40 s/MB, MD5 8 s/MB), capped at 240 s.
fn scaled(ms_per_mb: u64, bytes: u64) -> u32 {
    (ms_per_mb * bytes / 1_000_000).clamp(CMD_TIMEOUT as u64, 240_000) as u32
}

/// What a command's reply is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum For {
    Sync,
    SecurityInfo,
    Magic,
    MacLo,
    MacHi,
    Ack,
    SpiUsr,
    SpiUsr2,
    SpiPoll(u8),
    SpiW0,
    Block { region: usize, done: u64 },
    Md5(usize),
    Erase,
    /// Uploading the stub: a failure falls back to the ROM.
    Stub,
    ReadStart { addr: u32, size: u32 },
}

struct Cmd {
    op: u8,
    data: Vec<u8>,
    checksum: u32,
    timeout: u32,
    tries: u8,
    purpose: For,
}

impl Cmd {
    fn new(op: u8, data: Vec<u8>, purpose: For) -> Cmd {
        Cmd { op, data, checksum: 0, timeout: CMD_TIMEOUT, tries: 3, purpose }
    }
    fn read_reg(addr: u32, purpose: For) -> Cmd {
        Cmd::new(op::READ_REG, packet::words(&[addr]), purpose)
    }
    fn wire(&self) -> Vec<u8> {
        slip::encode(&packet::request(self.op, &self.data, self.checksum))
    }
}

enum Step {
    Line(Line),
    Flush,
    SetBaud(u32),
    Cmd(Cmd),
    /// A phase boundary: fill the queue with the next phase.
    Report(Progress),
    /// Wait for the started stub's `OHAI` greeting.
    AwaitOhai,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Connect,
    Identify,
    Stub,
    Setup,
    Task,
    Region(usize),
    Read,
    Finish,
    Done,
}

pub struct Flasher {
    opts: Options,
    task: Task,
    phase: Phase,
    queue: VecDeque<Step>,
    /// The command awaiting its reply, with its deadline.
    pending: Option<(Cmd, u64)>,
    sleep_until: u64,
    now: u64,
    decoder: slip::Decoder,
    frames: VecDeque<Vec<u8>>,
    /// Bytes seen outside frames (boot log), newest last, bounded.
    log: Vec<u8>,
    heard_anything: bool,
    /// A flasher stub (not the ROM) answered SYNC: it was left running by an earlier session.
    stub: bool,
    attempt: usize,
    chip: Option<&'static Chip>,
    mac: (u32, u32),
    flash_size: Option<u32>,
    spi_saved: (u32, u32),
    regions: Vec<Prepared>,
    region_tries: u8,
    total: u64,
    written: u64,
    /// Deadline for the stub's greeting, while waiting for it.
    ohai: Option<u64>,
    /// The baud rate just switched to, until the board first answers at it.
    fresh_baud: Option<u32>,
    reading: Option<read::Reading>,
    read_tries: u8,
    read_done: Vec<u8>,
    finished: Option<Result<Summary, Error>>,
    out: VecDeque<Action>,
}

impl Flasher {
    pub fn new(task: Task, opts: Options) -> Flasher {
        Flasher {
            opts,
            task,
            phase: Phase::Connect,
            queue: VecDeque::new(),
            pending: None,
            sleep_until: 0,
            now: 0,
            decoder: slip::Decoder::new(),
            frames: VecDeque::new(),
            log: Vec::new(),
            heard_anything: false,
            stub: false,
            attempt: 0,
            chip: None,
            mac: (0, 0),
            flash_size: None,
            spi_saved: (0, 0),
            regions: Vec::new(),
            region_tries: 0,
            total: 0,
            written: 0,
            ohai: None,
            fresh_baud: None,
            reading: None,
            read_tries: 0,
            read_done: Vec::new(),
            finished: None,
            out: VecDeque::new(),
        }
        .start_attempt()
    }

    /// Bytes received from the board.
    pub fn feed(&mut self, bytes: &[u8]) {
        if !bytes.is_empty() {
            self.heard_anything = true;
        }
        for &b in bytes {
            match self.decoder.push(b) {
                Some(slip::Event::Frame(f)) => self.frames.push_back(f),
                Some(slip::Event::Stray(s)) => {
                    if self.log.len() >= 4096 {
                        self.log.drain(..2048);
                    }
                    self.log.push(s);
                }
                _ => {}
            }
        }
    }

    /// The port lost the device (cable pulled, USB re-enumerated).
    pub fn port_lost(&mut self) {
        self.finish(Err(self.lost_message()));
    }

    fn lost_message(&self) -> Error {
        let mid = matches!(self.phase, Phase::Region(_));
        fail(
            if mid {
                "The board disconnected in the middle of writing, so the firmware on it is incomplete and will \
                 not start."
            } else {
                "The board disconnected."
            },
            Hint::ReplugCable,
        )
    }

    /// The next thing to do, at time `now_ms`.
    pub fn poll(&mut self, now_ms: u64) -> Action {
        self.now = now_ms;
        loop {
            if let Some(a) = self.out.pop_front() {
                return a;
            }
            if let Some(done) = &self.finished {
                return match done {
                    Ok(s) => Action::Done(s.clone()),
                    Err(e) => Action::Failed(e.clone()),
                };
            }
            if self.reading.is_some() {
                if let Some(a) = self.pump_read() {
                    return a;
                }
                continue;
            }
            if let Some(deadline) = self.ohai {
                if let Some(a) = self.check_ohai(deadline) {
                    return a;
                }
                continue;
            }
            if self.pending.is_some() {
                if let Some(a) = self.check_reply() {
                    return a;
                }
                continue;
            }
            if now_ms < self.sleep_until {
                return Action::Wait { until_ms: self.sleep_until };
            }
            let Some(step) = self.queue.pop_front() else {
                self.advance();
                continue;
            };
            return match step {
                Step::Line(Line::Wait(ms)) => {
                    self.sleep_until = now_ms + ms as u64;
                    continue;
                }
                Step::Line(Line::Dtr(v)) => Action::Dtr(v),
                Step::Line(Line::Rts(v)) => Action::Rts(v),
                Step::Line(Line::Both { dtr, rts }) => Action::Lines { dtr, rts },
                Step::Flush => {
                    self.decoder.reset();
                    self.frames.clear();
                    Action::Flush
                }
                Step::SetBaud(b) => {
                    self.fresh_baud = Some(b);
                    Action::SetBaud(b)
                }
                Step::Report(p) => Action::Progress(p),
                Step::AwaitOhai => {
                    self.ohai = Some(now_ms + CMD_TIMEOUT as u64);
                    continue;
                }
                Step::Cmd(c) => self.send(c),
            };
        }
    }

    fn send(&mut self, c: Cmd) -> Action {
        let wire = c.wire();
        let deadline = self.now + c.timeout as u64;
        self.pending = Some((c, deadline));
        Action::Send(wire)
    }

    /// Match a reply to the pending command, or time it out. None = handled, poll on.
    fn check_reply(&mut self) -> Option<Action> {
        let (want, deadline) = match &self.pending {
            Some((c, d)) => (c.op, *d),
            None => return None,
        };
        while let Some(frame) = self.frames.pop_front() {
            let Some(reply) = Reply::parse(&frame) else { continue };
            if reply.op == want {
                let (cmd, _) = self.pending.take()?;
                self.on_reply(cmd, reply);
                return None;
            }
        }
        if self.now < deadline {
            return Some(Action::Wait { until_ms: deadline });
        }
        let (cmd, _) = self.pending.take()?;
        self.on_timeout(cmd);
        None
    }

    fn on_timeout(&mut self, mut cmd: Cmd) {
        if cmd.tries > 1 && !matches!(cmd.purpose, For::Block { .. } | For::Stub) {
            cmd.tries -= 1;
            if cmd.purpose == For::Sync {
                self.queue.push_front(Step::Cmd(cmd));
                self.queue.push_front(Step::Flush);
            } else {
                self.queue.push_front(Step::Cmd(cmd));
            }
            return;
        }
        match cmd.purpose {
            For::Sync => self.start_next_attempt(),
            // ESP32's ROM may stay silent instead of refusing: fall back to the magic register.
            For::SecurityInfo => self.queue.push_front(Step::Cmd(Cmd::read_reg(chip::MAGIC_REG, For::Magic))),
            For::Block { region, .. } => self.retry_region(region, "the board stopped answering while writing"),
            For::Stub => self.stub_failed("the board stopped answering"),
            _ => {
                let e = match self.fresh_baud {
                    Some(baud) => fail(format!("The board did not answer at {baud} baud: the cable or USB adapter may not carry that speed."), Hint::LowerBaud),
                    None => fail("The board stopped answering.", Hint::LowerBaud),
                };
                self.finish(Err(e))
            }
        }
    }

    fn on_reply(&mut self, cmd: Cmd, r: Reply) {
        self.fresh_baud = None;
        let payload = match cmd.purpose {
            For::Md5(_) if self.stub => 16,
            For::Md5(_) => 32,
            // 20 bytes on S3 and later, 12 on S2; status follows (4 bytes from a ROM).
            For::SecurityInfo => r.data.len().saturating_sub(4),
            _ => 0,
        };
        let (status, err) = r.status(payload);
        if status != 0 {
            // A stub puts its code in the first status byte, a ROM in the second.
            return self.on_error(cmd, if self.stub { status } else { err });
        }
        match cmd.purpose {
            For::Sync => {
                self.stub = r.value == 0;
                self.queue.push_back(Step::Line(Line::Wait(20)));
                self.queue.push_back(Step::Flush);
            }
            For::SecurityInfo => {
                let id = if payload >= 20 { packet::le32(&r.data, 12) } else { None };
                match id.and_then(chip::by_chip_id) {
                    Some(c) => self.detected(c),
                    None => self.queue.push_front(Step::Cmd(Cmd::read_reg(chip::MAGIC_REG, For::Magic))),
                }
            }
            For::Magic => match chip::by_magic(r.value) {
                Some(c) => self.detected(c),
                None => self.finish(Err(fail(
                    format!("This board's chip is not one Ferrite knows (magic value {:#010x}). Ferrite supports {}.", r.value, supported()),
                    Hint::None,
                ))),
            },
            For::MacLo => self.mac.0 = r.value,
            For::MacHi => self.mac.1 = r.value,
            For::Ack => {}
            For::SpiUsr => self.spi_saved.0 = r.value,
            For::SpiUsr2 => self.spi_saved.1 = r.value,
            For::SpiPoll(n) => {
                if r.value & SPI_CMD_USR != 0 && n < 10 {
                    let chip = self.chip_or_default();
                    self.queue.push_front(Step::Cmd(Cmd::read_reg(chip.spi_base, For::SpiPoll(n + 1))));
                }
            }
            For::SpiW0 => {
                self.flash_size = Some(chip::flash_size_from_id(r.value & 0xFF_FFFF).unwrap_or(DEFAULT_FLASH));
                let chip = self.chip_or_default();
                let [usr, _, usr2, ..] = chip.spi_regs;
                let restore = packet::words(&[
                    chip.spi_base + usr,
                    self.spi_saved.0,
                    u32::MAX,
                    0,
                    chip.spi_base + usr2,
                    self.spi_saved.1,
                    u32::MAX,
                    0,
                ]);
                let size = self.flash_size.unwrap_or(DEFAULT_FLASH);
                let params = packet::words(&[0, size, 0x1_0000, 0x1000, 0x100, 0xFFFF]);
                self.queue.push_front(Step::Cmd(Cmd::new(op::SPI_SET_PARAMS, params, For::Ack)));
                self.queue.push_front(Step::Cmd(Cmd::new(op::WRITE_REG, restore, For::Ack)));
            }
            For::Block { done, .. } => {
                self.out.push_back(Action::Progress(Progress { stage: Stage::Writing, done: self.written + done, total: self.total }));
            }
            For::Md5(i) => self.check_md5(i, &r.data),
            For::Erase | For::Stub => {}
            For::ReadStart { addr, size } => self.start_reading(addr, size),
        }
    }

    fn on_error(&mut self, cmd: Cmd, err: u8) {
        match cmd.purpose {
            For::SecurityInfo => self.queue.push_front(Step::Cmd(Cmd::read_reg(chip::MAGIC_REG, For::Magic))),
            For::Sync => self.start_next_attempt(),
            For::Block { region, .. } => {
                self.retry_region(region, packet::explain(err));
            }
            For::Stub => self.stub_failed(packet::explain(err)),
            _ => self.finish(Err(fail(format!("The board refused a command ({}, code {err:#04x}).", packet::explain(err)), Hint::PressReset))),
        }
    }

    fn retry_region(&mut self, region: usize, why: &str) {
        self.queue.clear();
        self.region_tries += 1;
        if self.region_tries >= REGION_ATTEMPTS {
            return self.finish(Err(fail(
                format!("Writing to the board failed ({why}), so the firmware on it is incomplete and will not start."),
                Hint::LowerBaud,
            )));
        }
        self.queue_region(region);
    }

    fn check_md5(&mut self, i: usize, data: &[u8]) {
        let Some(region) = self.regions.get(i) else { return };
        let want = if self.stub { region.md5.to_vec() } else { image::hex(&region.md5).into_bytes() };
        let got = data.get(..want.len()).unwrap_or(&[]);
        if got == want {
            self.written += region.size as u64;
            self.region_tries = 0;
            return;
        }
        let erased = image::md5(&alloc::vec![0xFF; region.size as usize]);
        let erased = if self.stub { erased.to_vec() } else { image::hex(&erased).into_bytes() };
        let why = if got == erased {
            "the flash stayed empty after writing"
        } else {
            "what the flash holds differs from what was sent"
        };
        let addr = region.addr;
        self.queue.clear();
        self.region_tries += 1;
        if self.region_tries >= REGION_ATTEMPTS {
            return self.finish(Err(fail(
                format!(
                    "Verifying the flash at {addr:#x} failed: {why}. The board does NOT hold a good image (if this \
                     keeps happening the flash chip may be damaged or write-protected)."
                ),
                Hint::LowerBaud,
            )));
        }
        self.queue_region(i);
    }

    fn chip_or_default(&self) -> &'static Chip {
        self.chip.unwrap_or(&chip::CHIPS[0])
    }

    fn detected(&mut self, c: &'static Chip) {
        if let Some(want) = self.opts.chip {
            if want.name != c.name {
                return self.finish(Err(fail(
                    format!("This board is an {}, not an {} as requested: pick the firmware for {}.", c.family, want.family, c.family),
                    Hint::DetectChip,
                )));
            }
        }
        self.chip = Some(c);
    }

    fn finish(&mut self, r: Result<Summary, Error>) {
        self.queue.clear();
        self.pending = None;
        self.phase = Phase::Done;
        if self.finished.is_none() {
            self.finished = Some(r);
        }
    }

    /// Queue one connection attempt: reset the board (if allowed), then SYNC until it answers.
    fn start_attempt(mut self) -> Self {
        self.queue_attempt();
        self
    }

    fn queue_attempt(&mut self) {
        self.queue.push_back(Step::Report(Progress { stage: Stage::Connecting, done: self.attempt as u64, total: CONNECT_ATTEMPTS as u64 }));
        let seq: &[Line] = match self.opts.before {
            Before::DefaultReset => reset::AUTO[self.attempt % reset::AUTO.len()],
            Before::UsbReset => reset::USB_JTAG,
            Before::NoReset => &[],
        };
        self.queue.push_back(Step::Flush);
        self.queue.extend(seq.iter().map(|l| Step::Line(*l)));
        let mut sync = Cmd::new(op::SYNC, packet::sync_payload(), For::Sync);
        sync.timeout = SYNC_TIMEOUT;
        sync.tries = SYNC_TRIES;
        self.queue.push_back(Step::Cmd(sync));
    }

    fn start_next_attempt(&mut self) {
        self.queue.clear();
        self.attempt += 1;
        if self.attempt < CONNECT_ATTEMPTS {
            return self.queue_attempt();
        }
        let log = String::from_utf8_lossy(&self.log).into_owned();
        let e = if log.contains("waiting for download") {
            fail(
                "The board is in download mode but does not hear Ferrite: the cable's data line may be broken. \
                 Try another cable or USB port.",
                Hint::None,
            )
        } else if let Some(mode) = log.find("boot:").map(|at| log[at..].chars().take_while(|c| !c.is_whitespace()).collect::<String>()) {
            fail(format!("The board started its program instead of the bootloader ({mode})."), Hint::HoldBoot)
        } else if self.heard_anything {
            fail("The board answers but not as an ESP bootloader.", Hint::HoldBoot)
        } else {
            fail("No answer from the board on this port.", Hint::ChooseOtherPort)
        };
        self.finish(Err(e));
    }

    /// Fill the queue with the next phase.
    fn advance(&mut self) {
        match self.phase {
            Phase::Connect => {
                self.phase = Phase::Identify;
                self.queue.push_back(Step::Cmd(Cmd { tries: 1, ..Cmd::new(op::GET_SECURITY_INFO, Vec::new(), For::SecurityInfo) }));
            }
            Phase::Identify => {
                let Some(chip) = self.chip else {
                    return self.finish(Err(fail("Could not tell which chip this board has.", Hint::PressReset)));
                };
                self.phase = Phase::Stub;
                self.queue.push_back(Step::Cmd(Cmd::read_reg(chip.mac_reg, For::MacLo)));
                self.queue.push_back(Step::Cmd(Cmd::read_reg(chip.mac_reg + 4, For::MacHi)));
                if let (Before::UsbReset, Some(w), false) = (self.opts.before, chip.watchdogs, self.stub) {
                    let unlock_write_lock = packet::words(&[
                        w.wprotect, chip::WDT_KEY, u32::MAX, 0,
                        w.config0, 0, u32::MAX, 0,
                        w.wprotect, 0, u32::MAX, 0,
                        w.swd_wprotect, w.swd_key, u32::MAX, 0,
                        w.swd_conf, w.swd_auto_feed, w.swd_auto_feed, 0,
                        w.swd_wprotect, 0, u32::MAX, 0,
                    ]);
                    self.queue.push_back(Step::Cmd(Cmd::new(op::WRITE_REG, unlock_write_lock, For::Ack)));
                }
            }
            Phase::Stub => {
                self.phase = Phase::Setup;
                if self.opts.stub && !self.stub {
                    match crate::stub::for_chip(self.chip_or_default().name) {
                        Some(s) => self.queue_stub(s),
                        None => self.out.push_back(Action::Notice(String::from("No flasher stub for this chip: using the slower ROM loader."))),
                    }
                }
            }
            Phase::Setup => {
                let chip = self.chip_or_default();
                self.phase = Phase::Task;
                if self.opts.baud != BAUD {
                    // The stub derives its divider from the old rate; the ROM wants 0 there.
                    self.queue.push_back(Step::Cmd(Cmd::new(op::CHANGE_BAUDRATE, packet::words(&[self.opts.baud, if self.stub { BAUD } else { 0 }]), For::Ack)));
                    self.queue.push_back(Step::SetBaud(self.opts.baud));
                    self.queue.push_back(Step::Line(Line::Wait(50)));
                    self.queue.push_back(Step::Flush);
                }
                self.queue.push_back(Step::Cmd(Cmd::new(op::SPI_ATTACH, packet::words(&[0, 0]), For::Ack)));
                self.queue_flash_id(chip);
            }
            Phase::Task => self.start_task(),
            Phase::Read => self.queue_after(),
            Phase::Region(i) => {
                if i + 1 < self.regions.len() {
                    self.phase = Phase::Region(i + 1);
                    self.region_tries = 0;
                    self.queue_region(i + 1);
                } else {
                    self.phase = Phase::Finish;
                    self.queue_after();
                }
            }
            Phase::Finish => {
                let s = self.summary();
                self.finish(Ok(s));
            }
            Phase::Done => {}
        }
    }

    /// JEDEC RDID through the SPI peripheral's registers (the ROM has no command for it).
    fn queue_flash_id(&mut self, chip: &Chip) {
        let [usr, _, usr2, _, miso_dlen, w0] = chip.spi_regs;
        let b = chip.spi_base;
        let mut setup = Vec::new();
        if chip.name != "esp32" {
            setup.extend([b + miso_dlen, 23, u32::MAX, 0]);
        }
        setup.extend([b + usr, 1 << 31 | 1 << 28, u32::MAX, 0]);
        setup.extend([b + usr2, 7 << 28 | 0x9F, u32::MAX, 0]);
        setup.extend([b + w0, 0, u32::MAX, 0]);
        setup.extend([b, SPI_CMD_USR, u32::MAX, 0]);
        self.queue.push_back(Step::Cmd(Cmd::read_reg(b + usr, For::SpiUsr)));
        self.queue.push_back(Step::Cmd(Cmd::read_reg(b + usr2, For::SpiUsr2)));
        self.queue.push_back(Step::Cmd(Cmd::new(op::WRITE_REG, packet::words(&setup), For::Ack)));
        self.queue.push_back(Step::Cmd(Cmd::read_reg(b, For::SpiPoll(0))));
        self.queue.push_back(Step::Cmd(Cmd::read_reg(b + w0, For::SpiW0)));
    }

    fn start_task(&mut self) {
        let (Some(chip), Some(flash_size)) = (self.chip, self.flash_size) else {
            return self.finish(Err(fail("Could not read the board's flash chip.", Hint::PressReset)));
        };
        match core::mem::replace(&mut self.task, Task::Info) {
            Task::Info => self.queue_after(),
            Task::Erase if self.stub => {
                self.total = flash_size as u64;
                self.queue.push_back(Step::Report(Progress { stage: Stage::Erasing, done: 0, total: self.total }));
                let erase = Cmd { timeout: scaled(40_000, flash_size as u64), tries: 1, ..Cmd::new(op::ERASE_FLASH, Vec::new(), For::Erase) };
                self.queue.push_back(Step::Cmd(erase));
                self.queue.push_back(Step::Report(Progress { stage: Stage::Erasing, done: self.total, total: self.total }));
                self.queue_after();
            }
            Task::Read { addr, size } => self.queue_read(addr, size, flash_size),
            Task::Erase => {
                // The ROM erases a FLASH_BEGIN's whole range up front; zero blocks follow.
                self.phase = Phase::Finish;
                self.total = flash_size as u64;
                self.queue.push_back(Step::Report(Progress { stage: Stage::Erasing, done: 0, total: self.total }));
                let mut begin = Cmd::new(op::FLASH_BEGIN, self.begin_words(flash_size, 0, ROM_BLOCK, 0), For::Erase);
                begin.timeout = scaled(40_000, flash_size as u64);
                begin.tries = 1;
                self.queue.push_back(Step::Cmd(begin));
                self.queue.push_back(Step::Report(Progress { stage: Stage::Erasing, done: self.total, total: self.total }));
                self.queue_after();
            }
            Task::Flash(regions) => {
                if let Err(e) = image::check(&regions, chip, flash_size) {
                    return self.finish(Err(fail(e, Hint::None)));
                }
                self.regions = regions.iter().map(image::prepare).collect();
                self.total = self.regions.iter().map(|r| r.size as u64).sum();
                self.phase = Phase::Region(0);
                self.region_tries = 0;
                self.queue_region(0);
            }
        }
    }

    fn begin_words(&self, size: u32, blocks: u32, block: usize, addr: u32) -> Vec<u8> {
        let mut w = alloc::vec![size, blocks, block as u32, addr];
        if self.chip_or_default().modern_rom && !self.stub {
            w.push(0);
        }
        packet::words(&w)
    }

    /// FLASH_DEFL_BEGIN (the ROM erases here, the stub as it goes), the compressed blocks, then
    /// SPI_FLASH_MD5.
    fn queue_region(&mut self, i: usize) {
        let Some(r) = self.regions.get(i) else { return };
        let block = if self.stub { STUB_BLOCK } else { ROM_BLOCK };
        let blocks: Vec<Vec<u8>> = r.compressed.chunks(block).map(|c| c.to_vec()).collect();
        // The stub wants the image size; the ROM the size to erase, in whole blocks.
        let erase_size = if self.stub { r.size as usize } else { (r.size as usize).div_ceil(block) * block };
        let (addr, size, md5_timeout) = (r.addr, r.size, scaled(8_000, r.size as u64));
        let per_block = r.size as u64 / blocks.len().max(1) as u64;
        let mut begin = Cmd::new(op::FLASH_DEFL_BEGIN, self.begin_words(erase_size as u32, blocks.len() as u32, block, addr), For::Ack);
        begin.timeout = scaled(40_000, erase_size as u64);
        begin.tries = 1;
        self.queue.push_back(Step::Report(Progress { stage: Stage::Erasing, done: self.written, total: self.total }));
        self.queue.push_back(Step::Cmd(begin));
        let n = blocks.len() as u64;
        for (seq, block) in blocks.into_iter().enumerate() {
            let done = if seq as u64 + 1 == n { size as u64 } else { per_block * (seq as u64 + 1) };
            let mut c = Cmd::new(op::FLASH_DEFL_DATA, packet::data_body(seq as u32, &block), For::Block { region: i, done });
            c.checksum = packet::checksum(&block);
            // A block of zeros can inflate ~1000×: allow its erase-and-write time.
            c.timeout = scaled(40_000, (block.len() as u64 * 1032).min(size as u64));
            self.queue.push_back(Step::Cmd(c));
        }
        self.queue.push_back(Step::Report(Progress { stage: Stage::Verifying, done: self.written + size as u64, total: self.total }));
        let mut md5 = Cmd::new(op::SPI_FLASH_MD5, packet::words(&[addr, size, 0, 0]), For::Md5(i));
        md5.timeout = md5_timeout;
        self.queue.push_back(Step::Cmd(md5));
    }

    fn queue_after(&mut self) {
        self.phase = Phase::Finish;
        if self.opts.after == After::HardReset {
            let seq = if self.opts.before == Before::UsbReset { reset::HARD_RESET_USB } else { reset::HARD_RESET };
            self.queue.extend(seq.iter().map(|l| Step::Line(*l)));
        }
    }

    /// Upload the stub's segments to RAM and start it (as esptool), then wait for its greeting.
    fn queue_stub(&mut self, s: &Stub) {
        for (addr, seg) in s.segments() {
            let blocks = seg.len().div_ceil(RAM_BLOCK) as u32;
            let begin = packet::words(&[seg.len() as u32, blocks, RAM_BLOCK as u32, addr]);
            self.queue.push_back(Step::Cmd(Cmd { tries: 1, ..Cmd::new(op::MEM_BEGIN, begin, For::Stub) }));
            for (seq, chunk) in seg.chunks(RAM_BLOCK).enumerate() {
                let c = Cmd { checksum: packet::checksum(chunk), tries: 1, ..Cmd::new(op::MEM_DATA, packet::data_body(seq as u32, chunk), For::Stub) };
                self.queue.push_back(Step::Cmd(c));
            }
        }
        let end = packet::words(&[0, s.entry]);
        self.queue.push_back(Step::Cmd(Cmd { tries: 1, ..Cmd::new(op::MEM_END, end, For::Stub) }));
        self.queue.push_back(Step::AwaitOhai);
    }

    /// The stub's `OHAI` frame switches to the stub's protocol; silence falls back to the ROM.
    fn check_ohai(&mut self, deadline: u64) -> Option<Action> {
        if self.frames.drain(..).any(|f| f == b"OHAI") {
            self.ohai = None;
            self.stub = true;
            return None;
        }
        if self.now < deadline {
            return Some(Action::Wait { until_ms: deadline });
        }
        self.ohai = None;
        self.stub_failed("it did not start");
        None
    }

    fn stub_failed(&mut self, why: &str) {
        self.queue.clear();
        self.ohai = None;
        self.out.push_back(Action::Notice(format!(
            "The flasher stub could not be uploaded ({why}): carrying on with the slower ROM loader."
        )));
    }

    fn summary(&self) -> Summary {
        let chip = self.chip_or_default();
        Summary { chip, mac: chip.mac(self.mac.0, self.mac.1), flash_size: self.flash_size.unwrap_or(DEFAULT_FLASH), written: self.written }
    }
}

fn supported() -> String {
    chip::CHIPS.iter().map(|c| c.family).collect::<Vec<_>>().join(", ")
}
