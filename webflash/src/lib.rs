//! The flasher in the page: [`flasher::Flasher`] behind wasm-bindgen. The page's JS owns the
//! serial port (WebSerial streams and control lines) and the clock; it polls the machine and
//! carries out each step, exactly as `ferrite flash` does natively. Loaded only when the user
//! presses Connect, as its own wasm, so the playground's first load does not carry it.

#[cfg(feature = "sim")]
mod sim;

use flasher::{Action, After, Before, Flasher, Hint, Options, Region, Stage, Task};
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

/// One flashing session: `new`, `add_region` for each image part, then `poll` until done.
#[wasm_bindgen]
pub struct FlashJob {
    kind: Kind,
    opts: Options,
    regions: Vec<Region>,
    machine: Option<Flasher>,
}

enum Kind {
    Info,
    Flash,
    Erase,
    /// A backup: `size` None reads to the end of the flash.
    Read { addr: u32, size: Option<u32> },
}

#[wasm_bindgen]
impl FlashJob {
    /// `task`: "info", "flash", "erase" or "read" (the whole flash; see `read_range`); `before`: "default-reset", "usb-reset" or "no-reset";
    /// `reset_after`: hard-reset into the program at the end.
    #[wasm_bindgen(constructor)]
    pub fn new(task: &str, before: &str, reset_after: bool, baud: u32) -> Result<FlashJob, JsError> {
        let kind = match task {
            "info" => Kind::Info,
            "flash" => Kind::Flash,
            "erase" => Kind::Erase,
            "read" => Kind::Read { addr: 0, size: None },
            _ => return Err(JsError::new(&format!("unknown task {task:?}"))),
        };
        let before = match before {
            "default-reset" => Before::DefaultReset,
            "usb-reset" => Before::UsbReset,
            "no-reset" => Before::NoReset,
            _ => return Err(JsError::new(&format!("unknown reset {before:?}"))),
        };
        let after = if reset_after { After::HardReset } else { After::NoReset };
        let opts = Options { before, after, baud, chip: None, stub: true };
        Ok(FlashJob { kind, opts, regions: Vec::new(), machine: None })
    }

    /// A part of the image, written at `addr` (before the first `poll`).
    pub fn add_region(&mut self, addr: u32, data: Vec<u8>) {
        self.regions.push(Region { addr, data });
    }

    /// For a "read" job: `size` bytes from `addr` (0: to the end of the flash), before the first `poll`.
    pub fn read_range(&mut self, addr: u32, size: u32) {
        self.kind = Kind::Read { addr, size: (size > 0).then_some(size) };
    }

    /// What a finished "read" job read, MD5-checked (once; empty before it is done).
    pub fn take_read(&mut self) -> Vec<u8> {
        self.machine().take_read()
    }

    /// Bytes received from the board.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.machine().feed(bytes);
    }

    /// The port closed or the device went away.
    pub fn port_lost(&mut self) {
        self.machine().port_lost();
    }

    /// The next step at `now_ms`, as `{kind, ...}`: `send {bytes}`, `lines {dtr, rts}`, `dtr
    /// {value}`, `rts {value}`, `flush`, `baud {value}`, `wait {until}`, `progress {stage, done,
    /// total}`, `notice {message}`, `done {chip, family, mac, flashSize, written}`, `failed {message, hint}`:
    /// what went wrong, and what to do next as a name the page words with its own controls
    /// (`flasher::Hint` in kebab case: "lower-baud", "hold-boot", …).
    pub fn poll(&mut self, now_ms: f64) -> Object {
        let o = Object::new();
        let set = |k: &str, v: JsValue| {
            // Setting a property on a fresh plain object cannot fail.
            let _ = Reflect::set(&o, &k.into(), &v);
        };
        let (kind, rest): (&str, Vec<(&str, JsValue)>) = match self.machine().poll(now_ms.max(0.0) as u64) {
            Action::Send(b) => ("send", vec![("bytes", Uint8Array::from(&b[..]).into())]),
            Action::Lines { dtr, rts } => ("lines", vec![("dtr", dtr.into()), ("rts", rts.into())]),
            Action::Dtr(v) => ("dtr", vec![("value", v.into())]),
            Action::Rts(v) => ("rts", vec![("value", v.into())]),
            Action::Flush => ("flush", vec![]),
            Action::SetBaud(b) => ("baud", vec![("value", b.into())]),
            Action::Wait { until_ms } => ("wait", vec![("until", (until_ms as f64).into())]),
            Action::Progress(p) => {
                let stage = match p.stage {
                    Stage::Connecting => "connecting",
                    Stage::Erasing => "erasing",
                    Stage::Writing => "writing",
                    Stage::Verifying => "verifying",
                    Stage::Reading => "reading",
                };
                ("progress", vec![("stage", stage.into()), ("done", (p.done as f64).into()), ("total", (p.total as f64).into())])
            }
            Action::Done(s) => {
                let mac: Vec<String> = s.mac.iter().map(|b| format!("{b:02x}")).collect();
                let fields = vec![
                    ("chip", s.chip.name.into()),
                    ("family", s.chip.family.into()),
                    ("mac", mac.join(":").into()),
                    ("flashSize", s.flash_size.into()),
                    ("written", (s.written as f64).into()),
                ];
                ("done", fields)
            }
            Action::Notice(n) => ("notice", vec![("message", n.into())]),
            Action::Failed(e) => ("failed", vec![("message", e.what.into()), ("hint", hint_name(e.hint).into())]),
        };
        set("kind", kind.into());
        for (k, v) in rest {
            set(k, v);
        }
        o
    }
}

impl FlashJob {
    /// The machine, created at first use so that every region is in it.
    fn machine(&mut self) -> &mut Flasher {
        let (kind, opts, regions) = (&self.kind, self.opts, &mut self.regions);
        self.machine.get_or_insert_with(|| {
            let task = match kind {
                Kind::Info => Task::Info,
                Kind::Flash => Task::Flash(core::mem::take(regions)),
                Kind::Erase => Task::Erase,
                Kind::Read { addr, size } => Task::Read { addr: *addr, size: *size },
            };
            Flasher::new(task, opts)
        })
    }
}

fn hint_name(h: Hint) -> &'static str {
    match h {
        Hint::None => "none",
        Hint::LowerBaud => "lower-baud",
        Hint::HoldBoot => "hold-boot",
        Hint::ReplugCable => "replug-cable",
        Hint::ChooseOtherPort => "choose-other-port",
        Hint::PressReset => "press-reset",
        Hint::DetectChip => "detect-chip",
        Hint::UseStub => "use-stub",
    }
}
