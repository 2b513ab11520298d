//! An SSD1306 controller fed the real I2C byte stream: control bytes, commands (with their
//! arguments arriving in separate writes, as micropython-lib's driver sends them) and GDDRAM data.

pub const WIDTH: usize = 128;
pub const PAGES: usize = 8;

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Ssd1306 {
    pub gddram: [u8; WIDTH * PAGES],
    pub display_on: bool,
    pub inverted: bool,
    /// Any command has been received since reset.
    pub initialised: bool,
    pub contrast: u8,
    /// Segment remap (A1) and COM scan reversed (C8): both set is the usual upright picture.
    pub seg_remap: bool,
    pub com_reversed: bool,
    mode: Addressing,
    col: (u8, u8),
    page: (u8, u8),
    cur_col: u8,
    cur_page: u8,
    /// A command waiting for `needed` more argument bytes.
    pending: Option<(u8, usize, [u8; 6], usize)>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Addressing {
    Horizontal,
    Vertical,
    Page,
}

impl Default for Ssd1306 {
    fn default() -> Self {
        Ssd1306 {
            gddram: [0; WIDTH * PAGES],
            display_on: false,
            inverted: false,
            initialised: false,
            contrast: 0x7f,
            seg_remap: false,
            com_reversed: false,
            mode: Addressing::Page,
            col: (0, WIDTH as u8 - 1),
            page: (0, PAGES as u8 - 1),
            cur_col: 0,
            cur_page: 0,
            pending: None,
        }
    }
}

/// How many argument bytes follow a command byte.
fn arg_count(cmd: u8) -> usize {
    match cmd {
        0x81 | 0x20 | 0xA8 | 0xD3 | 0xDA | 0xD5 | 0xD9 | 0xDB | 0x8D => 1,
        0x21 | 0x22 | 0xA3 => 2,
        0x29 | 0x2A => 5,
        0x26 | 0x27 => 6,
        _ => 0,
    }
}

impl Ssd1306 {
    /// One I2C write transaction addressed to the display.
    pub fn write(&mut self, bytes: &[u8]) {
        let mut i = 0;
        while i < bytes.len() {
            let control = bytes[i];
            i += 1;
            let single = control & 0x80 != 0;
            let data = control & 0x40 != 0;
            let end = if single { (i + 1).min(bytes.len()) } else { bytes.len() };
            for &b in &bytes[i..end] {
                if data {
                    self.data(b);
                } else {
                    self.command_byte(b);
                }
            }
            i = end;
        }
    }

    fn command_byte(&mut self, b: u8) {
        self.initialised = true;
        if let Some((cmd, needed, mut args, got)) = self.pending.take() {
            args[got] = b;
            if got + 1 < needed {
                self.pending = Some((cmd, needed, args, got + 1));
            } else {
                self.command(cmd, &args[..needed]);
            }
            return;
        }
        match arg_count(b) {
            0 => self.command(b, &[]),
            n => self.pending = Some((b, n, [0; 6], 0)),
        }
    }

    fn command(&mut self, cmd: u8, args: &[u8]) {
        match cmd {
            0xAE | 0xAF => self.display_on = cmd == 0xAF,
            0xA6 | 0xA7 => self.inverted = cmd == 0xA7,
            0xA0 | 0xA1 => self.seg_remap = cmd == 0xA1,
            0xC0 | 0xC8 => self.com_reversed = cmd == 0xC8,
            0x81 => self.contrast = args[0],
            0x20 => {
                self.mode = match args[0] & 3 {
                    0 => Addressing::Horizontal,
                    1 => Addressing::Vertical,
                    _ => Addressing::Page,
                }
            }
            0x21 => {
                self.col = (args[0] & 0x7f, args[1] & 0x7f);
                self.cur_col = self.col.0;
            }
            0x22 => {
                self.page = (args[0] & 7, args[1] & 7);
                self.cur_page = self.page.0;
            }
            0x00..=0x0F => self.cur_col = (self.cur_col & 0xF0) | cmd,
            0x10..=0x17 => self.cur_col = (self.cur_col & 0x0F) | ((cmd & 0x07) << 4),
            0xB0..=0xB7 => self.cur_page = cmd & 7,
            _ => {}
        }
    }

    /// One GDDRAM byte at the cursor, then advance as the addressing mode says (with wrap-around).
    fn data(&mut self, b: u8) {
        let at = self.cur_page as usize * WIDTH + (self.cur_col as usize).min(WIDTH - 1);
        self.gddram[at] = b;
        let (c0, c1) = self.col;
        let (p0, p1) = self.page;
        match self.mode {
            Addressing::Horizontal => {
                if self.cur_col >= c1 {
                    self.cur_col = c0;
                    self.cur_page = if self.cur_page >= p1 { p0 } else { self.cur_page + 1 };
                } else {
                    self.cur_col += 1;
                }
            }
            Addressing::Vertical => {
                if self.cur_page >= p1 {
                    self.cur_page = p0;
                    self.cur_col = if self.cur_col >= c1 { c0 } else { self.cur_col + 1 };
                } else {
                    self.cur_page += 1;
                }
            }
            Addressing::Page => {
                self.cur_col = if self.cur_col as usize >= WIDTH - 1 { 0 } else { self.cur_col + 1 };
            }
        }
    }

    /// Pixels lit in GDDRAM (before inversion).
    pub fn lit(&self) -> u32 {
        self.gddram.iter().map(|b| b.count_ones()).sum()
    }

    /// FNV-1a of GDDRAM: a short fingerprint of the picture.
    pub fn hash(&self) -> u32 {
        self.gddram.iter().fold(0x811c_9dc5u32, |h, &b| (h ^ b as u32).wrapping_mul(0x0100_0193))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The command/data stream of micropython-lib's `SSD1306_I2C.show()` after `init_display()`.
    fn show(d: &mut Ssd1306, buf: &[u8]) {
        for c in [0x21, 0, 127, 0x22, 0, 7] {
            d.write(&[0x80, c]);
        }
        let mut w = alloc::vec![0x40];
        w.extend_from_slice(buf);
        d.write(&w);
    }

    #[test]
    fn commands_arrive_one_byte_per_write() {
        let mut d = Ssd1306::default();
        for c in [0xAE, 0x20, 0x00, 0x81, 0xFF, 0xA1, 0xC8, 0xA7, 0xAF] {
            d.write(&[0x80, c]);
        }
        assert!(d.display_on && d.inverted && d.initialised && d.seg_remap && d.com_reversed);
        assert_eq!(d.contrast, 0xFF);
        assert_eq!(d.mode, Addressing::Horizontal);
        d.write(&[0x00, 0xA6, 0xAE]);
        assert!(!d.inverted && !d.display_on);
    }

    #[test]
    fn horizontal_data_fills_pages_and_wraps_in_the_window() {
        let mut d = Ssd1306::default();
        d.write(&[0x00, 0x20, 0x00]);
        let buf: alloc::vec::Vec<u8> = (0..1024u32).map(|i| (i % 251) as u8).collect();
        show(&mut d, &buf);
        assert_eq!(&d.gddram[..], &buf[..]);
        // A 2×2 window: the fifth byte wraps to the window's start.
        d.write(&[0x00, 0x21, 10, 11, 0x22, 3, 4]);
        d.write(&[0x40, 1, 2, 3, 4, 5]);
        assert_eq!(d.gddram[3 * 128 + 10], 5);
        assert_eq!(d.gddram[3 * 128 + 11], 2);
        assert_eq!(d.gddram[4 * 128 + 10], 3);
        assert_eq!(d.gddram[4 * 128 + 11], 4);
    }

    #[test]
    fn page_and_vertical_modes() {
        let mut d = Ssd1306::default();
        d.write(&[0x00, 0xB2, 0x05, 0x11]);
        d.write(&[0x40, 0xFF, 0x0F]);
        assert_eq!(d.gddram[2 * 128 + 21], 0xFF);
        assert_eq!(d.gddram[2 * 128 + 22], 0x0F);
        d.write(&[0x00, 0x20, 0x01, 0x21, 0, 127, 0x22, 0, 7]);
        d.write(&[0x40, 1, 1, 1, 1, 1, 1, 1, 1, 2]);
        assert!((0..8).all(|p| d.gddram[p * 128] == 1));
        assert_eq!(d.gddram[1], 2);
        assert_eq!(d.lit(), 8 + 8 + 4 + 1);
    }

    #[test]
    fn control_byte_with_continuation_bit_takes_one_byte() {
        let mut d = Ssd1306::default();
        d.write(&[0x80, 0xAF, 0xC0, 0x55, 0x80, 0xA7]);
        assert!(d.display_on && d.inverted);
        assert_eq!(d.gddram[0], 0x55);
    }
}
