//! A simulated ESP ROM bootloader: the board the tests flash. It decodes the same SLIP packets a
//! real ROM does, keeps a flash array, checks checksums, sequence numbers and attach-before-flash,
//! inflates compressed blocks, answers MD5 over flash, and turns into the flasher stub when a
//! RAM program is uploaded and started (as esptool does), so unmodified esptool works with it.
//!
//! Choices where real ROM behaviour is not documented: a flash command before SPI_ATTACH and a
//! data block out of sequence are refused with error 0x05 (invalid message).

mod drive;
mod faults;

pub use drive::{drive, Run};
pub use faults::Faults;

use crate::chip::{self, Chip};
use crate::packet::{self, le32, op};
use crate::slip;
use alloc::collections::BTreeMap;
use alloc::vec;
use alloc::vec::Vec;
use md5::{Digest, Md5};
use miniz_oxide::inflate::stream::{inflate, InflateState};
use miniz_oxide::{DataFormat, MZFlush, MZStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Held in reset by EN.
    Reset,
    /// The ROM's download loader.
    Rom,
    /// The RAM flasher stub (after MEM_END with an entry point).
    Stub,
    /// Running the flashed program: serial frames are ignored.
    App,
    /// Gone from the bus (disconnect fault).
    Gone,
}

/// Traffic counters, for the benchmark: what crossed the wire and how many commands it took.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub commands: u64,
    /// Time the traffic takes on a real UART at the baud rate in force (10 bits a byte), in µs.
    pub wire_us: u64,
}

struct Write {
    /// Next flash address to write.
    at: usize,
    end: usize,
    blocks: u32,
    block_size: u32,
    seq: u32,
    inflater: Option<alloc::boxed::Box<InflateState>>,
}

struct Read {
    at: usize,
    end: usize,
    packet: usize,
    in_flight: usize,
    sent: usize,
    acked: usize,
    md5: Md5,
}

pub struct Rom {
    pub chip: &'static Chip,
    pub mode: Mode,
    pub flash: Vec<u8>,
    pub stats: Stats,
    pub faults: Faults,
    jedec: u32,
    mac: [u8; 6],
    regs: BTreeMap<u32, u32>,
    decoder: slip::Decoder,
    out: Vec<u8>,
    attached: bool,
    write: Option<Write>,
    read: Option<Read>,
    ram_loaded: bool,
    lines: (bool, bool),
    /// Strap level the USB-Serial/JTAG bridge will apply when the chip leaves reset.
    usb_strap: bool,
    bytes_seen: u64,
    baud: u32,
    /// Wire time so far, µs (fractional: one byte at 921600 baud is 10.85 µs).
    wire_us: f64,
    /// Connected through the chip's own USB-Serial/JTAG port rather than a USB-UART bridge.
    pub usb: bool,
}

const ROM_SYNC_VALUE: u32 = 0x2012_0707;
const ROM_MAX_BLOCK: u32 = 0x400;

impl Rom {
    /// A board with `chip` and `flash_size` bytes of erased flash, already in download mode.
    pub fn new(chip: &'static Chip, flash_size: usize) -> Rom {
        let mac = [0x58, 0xCF, 0x79, 0x1E, 0x2D, 0x3C];
        let (m0, m1) = chip.mac_words(mac);
        let mut regs = BTreeMap::new();
        for m in chip.magics.iter().take(1) {
            regs.insert(chip::MAGIC_REG, *m);
        }
        regs.insert(chip.mac_reg, m0);
        regs.insert(chip.mac_reg + 4, m1);
        // JEDEC capacity code: log2(bytes) (0x16 = 4 MB).
        let size_code = flash_size.max(1 << 18).trailing_zeros();
        Rom {
            chip,
            mode: Mode::Rom,
            flash: vec![0xFF; flash_size],
            stats: Stats::default(),
            faults: Faults::default(),
            jedec: 0xEF | 0x40 << 8 | size_code << 16,
            mac,
            regs,
            decoder: slip::Decoder::new(),
            out: Vec::new(),
            attached: false,
            write: None,
            read: None,
            ram_loaded: false,
            lines: (false, false),
            usb_strap: false,
            bytes_seen: 0,
            baud: 115_200,
            wire_us: 0.0,
            usb: false,
        }
    }

    pub fn mac(&self) -> [u8; 6] {
        self.mac
    }

    /// A register's value (0 when never written).
    pub fn reg(&self, addr: u32) -> u32 {
        self.regs.get(&addr).copied().unwrap_or(0)
    }

    pub fn set_reg(&mut self, addr: u32, value: u32) {
        self.regs.insert(addr, value);
    }

    /// Bytes from the host.
    pub fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            let pos = self.bytes_seen;
            self.bytes_seen += 1;
            self.stats.bytes_in += 1;
            self.count_wire(1);
            if self.faults.drop_byte == Some(pos) || self.faults.max_baud.is_some_and(|m| self.baud > m) {
                continue;
            }
            let b = if self.faults.flip_byte == Some(pos) { b ^ 1 } else { b };
            if let Some(slip::Event::Frame(f)) = self.decoder.push(b) {
                self.frame(&f);
            }
        }
    }

    /// Bytes for the host since the last call.
    pub fn take_output(&mut self) -> Vec<u8> {
        core::mem::take(&mut self.out)
    }

    /// Queue bytes for the host, counting them at the current baud rate.
    fn emit(&mut self, bytes: &[u8]) {
        let from = self.stats.bytes_out;
        self.stats.bytes_out += bytes.len() as u64;
        self.count_wire(bytes.len() as u64);
        let f = &self.faults;
        let hit = |at: Option<u64>| at.filter(|&p| (from..self.stats.bytes_out).contains(&p)).map(|p| (p - from) as usize);
        match (hit(f.flip_sent), hit(f.drop_sent)) {
            (None, None) => self.out.extend_from_slice(bytes),
            (flip, drop) => self.out.extend(bytes.iter().enumerate().filter(|(i, _)| Some(*i) != drop).map(|(i, &b)| if Some(i) == flip { b ^ 1 } else { b })),
        }
    }

    fn count_wire(&mut self, bytes: u64) {
        self.wire_us += bytes as f64 * 10.0 * 1e6 / self.baud as f64;
        self.stats.wire_us = self.wire_us as u64;
    }

    /// The host changed DTR/RTS: EN and the strap pin follow the dev-board circuit; leaving reset
    /// samples the strap, as the chip does at power-up.
    pub fn set_lines(&mut self, dtr: bool, rts: bool) {
        if self.mode == Mode::Gone {
            return;
        }
        self.lines = (dtr, rts);
        let (in_reset, strap_low) = crate::reset::pins(dtr, rts);
        // The USB bridge latches the boot strap requested before the reset pulse (esptool's
        // USB-JTAG sequence releases both lines together at the end).
        self.usb_strap |= self.usb && strap_low;
        if in_reset {
            self.mode = Mode::Reset;
        } else if self.mode == Mode::Reset {
            let download = strap_low || core::mem::take(&mut self.usb_strap);
            self.boot(download);
        }
    }

    pub fn set_dtr(&mut self, dtr: bool) {
        self.set_lines(dtr, self.lines.1);
    }

    pub fn set_rts(&mut self, rts: bool) {
        self.set_lines(self.lines.0, rts);
    }

    fn boot(&mut self, download: bool) {
        self.usb_strap = false;
        self.attached = false;
        self.write = None;
        self.read = None;
        self.ram_loaded = false;
        self.decoder.reset();
        let name = self.chip.name;
        self.baud = 115_200;
        self.emit(alloc::format!("ESP-ROM:{name}-api1-20210207\r\nBuild:Feb  7 2021\r\n").as_bytes());
        if download {
            self.mode = Mode::Rom;
            self.emit(b"rst:0x1 (POWERON),boot:0x5 (DOWNLOAD(USB/UART0/1))\r\nwaiting for download\r\n");
        } else {
            self.mode = Mode::App;
            self.emit(b"rst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)\r\n");
        }
    }

    fn frame(&mut self, f: &[u8]) {
        if let Some(r) = &self.read {
            // While streaming READ_FLASH, the host's frames are raw 4-byte acks.
            if f.len() == 4 {
                let acked = le32(f, 0).unwrap_or(0) as usize;
                if acked <= r.sent {
                    if let Some(r) = &mut self.read {
                        r.acked = acked;
                    }
                    self.pump_read();
                }
            }
            return;
        }
        if !matches!(self.mode, Mode::Rom | Mode::Stub) || f.len() < 8 || f[0] != 0 {
            return;
        }
        self.stats.commands += 1;
        let n = self.stats.commands as u32;
        if self.faults.disconnect_at == Some(n) {
            self.mode = Mode::Gone;
            return;
        }
        if self.faults.stall_from.is_some_and(|s| n >= s) {
            return;
        }
        let opcode = f[1];
        let size = u16::from_le_bytes([f[2], f[3]]) as usize;
        let checksum = le32(f, 4).unwrap_or(0);
        let data = &f[8..];
        let result = if size != data.len() { Err(0x05) } else { self.command(opcode, data, checksum) };
        let starts_stub = self.mode == Mode::Rom && opcode == op::MEM_END && result.is_ok() && self.ram_loaded;
        if self.faults.swallow_reply == Some(n) {
            return;
        }
        let ok = result.is_ok();
        let (value, payload, status) = match result {
            Ok((v, p)) => (v, p, 0u8),
            Err(e) => (0, Vec::new(), e),
        };
        let mut body = payload;
        if self.mode == Mode::Stub {
            // Stub status: `code, 0`.
            body.extend_from_slice(&[status, 0]);
        } else if status == 0 {
            body.extend_from_slice(&[0, 0, 0, 0]);
        } else {
            body.extend_from_slice(&[1, status, 0, 0]);
        }
        let mut reply = vec![1, opcode];
        reply.extend_from_slice(&(body.len() as u16).to_le_bytes());
        reply.extend_from_slice(&value.to_le_bytes());
        reply.extend_from_slice(&body);
        let copies = if opcode == op::SYNC { 8 } else { 1 };
        let framed = slip::encode(&reply);
        for _ in 0..copies {
            self.emit(&framed);
        }
        if opcode == op::CHANGE_BAUDRATE && ok {
            // The reply went out at the old rate; the new one holds from here.
            self.baud = le32(data, 0).unwrap_or(115_200).max(300);
        }
        if starts_stub {
            self.mode = Mode::Stub;
            self.emit(&slip::encode(b"OHAI"));
        }
        if self.read.is_some() {
            self.pump_read();
        }
        if matches!(opcode, op::FLASH_END | op::FLASH_DEFL_END) && ok {
            let reboot = le32(data, 0) == Some(0);
            if reboot {
                // The stub's reboot is a software reset back into the ROM loader.
                let download = self.mode == Mode::Stub;
                self.boot(download);
            } else if self.mode == Mode::Rom {
                self.mode = Mode::App;
            }
        }
    }

    /// Run one command: Ok((value, payload)) or Err(error code).
    fn command(&mut self, opcode: u8, d: &[u8], checksum: u32) -> Result<(u32, Vec<u8>), u8> {
        let stub = self.mode == Mode::Stub;
        let w = |i: usize| le32(d, i * 4).ok_or(0x05u8);
        match opcode {
            op::SYNC => {
                if d != packet::sync_payload().as_slice() {
                    return Err(0x05);
                }
                Ok((if stub { 0 } else { ROM_SYNC_VALUE }, Vec::new()))
            }
            op::READ_REG => Ok((self.regs.get(&w(0)?).copied().unwrap_or(0), Vec::new())),
            op::WRITE_REG => {
                if d.is_empty() || !d.len().is_multiple_of(16) {
                    return Err(0x05);
                }
                for g in d.chunks(16) {
                    let (addr, value, mask) = (le32(g, 0).unwrap_or(0), le32(g, 4).unwrap_or(0), le32(g, 8).unwrap_or(0));
                    let old = self.regs.get(&addr).copied().unwrap_or(0);
                    self.write_reg(addr, (old & !mask) | (value & mask));
                }
                Ok((0, Vec::new()))
            }
            op::GET_SECURITY_INFO => match self.chip.chip_id {
                Some(id) if self.chip.modern_rom => {
                    let mut p = vec![0u8; 12];
                    p.extend_from_slice(&id.to_le_bytes());
                    p.extend_from_slice(&0u32.to_le_bytes());
                    Ok((0, p))
                }
                _ => Err(0x05),
            },
            op::SPI_ATTACH => {
                if (!stub && d.len() != 8) || (stub && d.len() != 4 && d.len() != 8) {
                    return Err(0x05);
                }
                self.attached = true;
                Ok((0, Vec::new()))
            }
            op::SPI_SET_PARAMS => {
                if d.len() != 24 {
                    return Err(0x05);
                }
                Ok((0, Vec::new()))
            }
            op::CHANGE_BAUDRATE => {
                if d.len() != 8 {
                    return Err(0x05);
                }
                Ok((0, Vec::new()))
            }
            op::MEM_BEGIN => {
                w(3)?;
                self.write = Some(Write { at: 0, end: w(0)? as usize, blocks: w(1)?, block_size: w(2)?, seq: 0, inflater: None });
                Ok((0, Vec::new()))
            }
            op::MEM_DATA => {
                self.data_block(d, checksum, false)?;
                Ok((0, Vec::new()))
            }
            op::MEM_END => {
                let no_entry = w(0)?;
                self.write = None;
                if no_entry == 0 {
                    self.ram_loaded = true;
                }
                Ok((0, Vec::new()))
            }
            op::FLASH_BEGIN | op::FLASH_DEFL_BEGIN => self.flash_begin(opcode, d),
            op::FLASH_DATA | op::FLASH_DEFL_DATA => {
                if !self.write.as_ref().is_some_and(|w| w.end > 0 || w.blocks > 0) {
                    return Err(if stub { 0xC6 } else { 0x05 });
                }
                self.data_block(d, checksum, true)?;
                Ok((0, Vec::new()))
            }
            op::FLASH_END | op::FLASH_DEFL_END => {
                w(0)?;
                self.write = None;
                Ok((0, Vec::new()))
            }
            op::SPI_FLASH_MD5 => {
                let (addr, len) = (w(0)? as usize, w(1)? as usize);
                let region = self.flash.get(addr..addr.checked_add(len).ok_or(0x05u8)?).ok_or(0x09u8)?;
                let digest: [u8; 16] = Md5::digest(region).into();
                if stub {
                    Ok((0, digest.to_vec()))
                } else {
                    Ok((0, crate::image::hex(&digest).into_bytes()))
                }
            }
            op::ERASE_FLASH if stub => {
                self.flash.fill(0xFF);
                Ok((0, Vec::new()))
            }
            op::ERASE_REGION if stub => {
                let (addr, len) = (w(0)? as usize, w(1)? as usize);
                if addr % 0x1000 != 0 || len % 0x1000 != 0 {
                    return Err(0xC2);
                }
                self.flash.get_mut(addr..addr.checked_add(len).ok_or(0xC4u8)?).ok_or(0xC4u8)?.fill(0xFF);
                Ok((0, Vec::new()))
            }
            op::READ_FLASH if stub => {
                let (addr, len, packet, in_flight) = (w(0)? as usize, w(1)? as usize, w(2)? as usize, w(3)? as usize);
                if addr.checked_add(len).is_none_or(|end| end > self.flash.len()) || packet == 0 || in_flight == 0 {
                    return Err(0xC4);
                }
                self.read = Some(Read { at: addr, end: addr + len, packet, in_flight, sent: 0, acked: 0, md5: Md5::new() });
                Ok((0, Vec::new()))
            }
            op::READ_FLASH_SLOW if !stub && self.chip.name == "esp32" => {
                let (addr, len) = (w(0)? as usize, w(1)? as usize);
                if len > 64 {
                    return Err(0x05);
                }
                let mut p = self.flash.get(addr..addr.saturating_add(len)).ok_or(0x09u8)?.to_vec();
                p.resize(64, 0xFF);
                Ok((0, p))
            }
            _ => Err(if stub { 0xFF } else { 0x05 }),
        }
    }

    fn write_reg(&mut self, addr: u32, value: u32) {
        let b = self.chip.spi_base;
        let [_, _, usr2, _, _, w0] = self.chip.spi_regs;
        if addr == b && value & 1 << 18 != 0 {
            if self.regs.get(&(b + usr2)).copied().unwrap_or(0) & 0xFF == 0x9F {
                self.regs.insert(b + w0, self.jedec);
            }
            self.regs.insert(addr, value & !(1 << 18));
            return;
        }
        self.regs.insert(addr, value);
    }

    fn flash_begin(&mut self, opcode: u8, d: &[u8]) -> Result<(u32, Vec<u8>), u8> {
        let stub = self.mode == Mode::Stub;
        let five_ok = stub || self.chip.modern_rom;
        if d.len() != 16 && !(d.len() == 20 && five_ok) {
            return Err(if stub { 0xC0 } else { 0x05 });
        }
        if !stub && !self.attached {
            return Err(0x05);
        }
        let w = |i: usize| le32(d, i * 4).unwrap_or(0);
        let (size, blocks, block_size, offset) = (w(0) as usize, w(1), w(2), w(3) as usize);
        if !stub && block_size > ROM_MAX_BLOCK {
            return Err(0x05);
        }
        if offset % 0x1000 != 0 || offset.checked_add(size).is_none_or(|end| end > self.flash.len()) {
            return Err(if stub { 0xC4 } else { 0x05 });
        }
        let erase_end = (offset + size).div_ceil(0x1000) * 0x1000;
        let flash_len = self.flash.len();
        self.flash[offset..erase_end.min(flash_len)].fill(0xFF);
        let inflater = (opcode == op::FLASH_DEFL_BEGIN).then(|| InflateState::new_boxed(DataFormat::Zlib));
        let raw = (blocks as usize).saturating_mul(block_size as usize);
        let end = offset.saturating_add(if opcode == op::FLASH_DEFL_BEGIN || stub { size } else { raw });
        self.write = Some(Write { at: offset, end: end.min(self.flash.len()), blocks, block_size, seq: 0, inflater });
        Ok((0, Vec::new()))
    }

    /// A `*_DATA` body: `len, seq, 0, 0, bytes`, checked, then written (or inflated) to flash.
    fn data_block(&mut self, d: &[u8], checksum: u32, to_flash: bool) -> Result<(), u8> {
        let stub = self.mode == Mode::Stub;
        let len = le32(d, 0).ok_or(0x05u8)? as usize;
        let seq = le32(d, 4).ok_or(0x05u8)?;
        let bytes = d.get(16..).ok_or(0x05u8)?;
        if bytes.len() != len {
            return Err(if stub { 0xC0 } else { 0x05 });
        }
        if packet::checksum(bytes) != checksum & 0xFF {
            return Err(if stub { 0xC1 } else { 0x07 });
        }
        let bad_flash = self.faults.bad_flash_writes > 0;
        let Some(w) = self.write.as_mut() else { return Err(0x05) };
        if !stub && (seq != w.seq || seq >= w.blocks || len as u32 > w.block_size) {
            return Err(0x05);
        }
        w.seq = seq + 1;
        if !to_flash {
            return Ok(());
        }
        let start = w.at;
        match &mut w.inflater {
            None => {
                let room = w.end.saturating_sub(w.at);
                for (i, b) in bytes.iter().take(room).enumerate() {
                    self.flash[start + i] &= b;
                }
                w.at += bytes.len().min(room);
            }
            Some(inf) => {
                let mut pos = 0;
                let mut buf = [0u8; 4096];
                loop {
                    let r = inflate(inf, &bytes[pos..], &mut buf, MZFlush::None);
                    pos += r.bytes_consumed;
                    if r.bytes_written > w.end - w.at {
                        return Err(if stub { 0xC9 } else { 0x05 });
                    }
                    for (i, b) in buf[..r.bytes_written].iter().enumerate() {
                        self.flash[w.at + i] &= b;
                    }
                    w.at += r.bytes_written;
                    match r.status {
                        Err(_) => return Err(if stub { 0xC7 } else { 0x0B }),
                        Ok(MZStatus::StreamEnd) => break,
                        Ok(_) if r.bytes_consumed == 0 && r.bytes_written == 0 => break,
                        Ok(_) if pos == bytes.len() && r.bytes_written < buf.len() => break,
                        Ok(_) => {}
                    }
                }
            }
        }
        if bad_flash && w.at > start {
            self.faults.bad_flash_writes -= 1;
            self.flash[start] ^= 0x10;
        }
        Ok(())
    }

    /// Send READ_FLASH packets while the host's acks allow.
    fn pump_read(&mut self) {
        while let Some(r) = &mut self.read {
            if r.acked == r.end - r.at {
                let digest: [u8; 16] = r.md5.clone().finalize().into();
                self.read = None;
                self.emit(&slip::encode(&digest));
                return;
            }
            if r.sent >= r.end - r.at || r.sent - r.acked >= r.packet * r.in_flight {
                return;
            }
            let from = r.at + r.sent;
            let n = r.packet.min(r.end - from);
            let chunk = &self.flash[from..from + n];
            r.md5.update(chunk);
            r.sent += n;
            let framed = slip::encode(chunk);
            self.emit(&framed);
        }
    }
}

/// Test and benchmark data shaped like firmware: 4 KiB stretches of random-looking bytes with
/// every third stretch compressible, repeatable from `seed`.
pub fn sample_image(len: usize, seed: u32) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|i| {
            if (i / 4096) % 3 == 0 {
                (i % 7) as u8
            } else {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            }
        })
        .collect()
}
