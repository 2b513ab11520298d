//! Pseudo-random inputs for every parser and formatter: nothing may panic, and results must
//! stay within MicroPython's bounds.

use alloc::string::String;
use alloc::vec::Vec;

use crate::bigint::BigInt;
use crate::testing::Rng;

use super::super::float::{format_float, Prec};
use super::*;

impl Rng {
    /// A short string mostly made of characters the parsers care about.
    fn text(&mut self, alphabet: &str) -> String {
        let chars: Vec<char> = alphabet.chars().collect();
        let len = self.below(14);
        (0..len)
            .map(|_| {
                if self.below(20) == 0 {
                    char::from_u32(self.next() as u32 % 0x800).unwrap_or('?')
                } else {
                    chars[self.below(chars.len())]
                }
            })
            .collect()
    }

    fn float(&mut self) -> f64 {
        match self.below(3) {
            0 => f64::from_bits(self.next()),
            1 => (self.next() as i64 % 2_000_001) as f64 / [1.0, 8.0, 1000.0][self.below(3)],
            _ => [0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 5e-324, 1e300, 0.5][self.below(8)],
        }
    }
}

const SPEC_CHARS: &str = "<>=^ +-#0123456789,_.bcdeEfFgGnosxX%zq*{}";
const PERCENT_CHARS: &str = "%()-+ #0123456789.*diouxXeEfFgGcrs%ab";
const NUMBER_CHARS: &str = "0123456789._eE+- jJinfatyINFxobX\t";

#[test]
fn parsers_and_formatters_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let big: BigInt = "-123456789012345678901234567890".parse().unwrap_or_default();
    for _ in 0..4000 {
        let f = rng.float();
        let ints = [IntRef::Small(rng.next() as i64), IntRef::Small(rng.below(300) as i64 - 150), IntRef::Big(&big)];
        let int = ints[rng.below(3)];

        let spec_text = rng.text(SPEC_CHARS);
        if let Ok(mut spec) = FormatSpec::parse(&spec_text) {
            if rng.below(10) == 0 {
                spec.width = [i32::MIN, i32::MAX, -1][rng.below(3)];
                spec.precision = [i32::MIN, i32::MAX, -1][rng.below(3)];
            }
            if spec.width < 10_000 {
                let args = [FormatArg::Float(f), FormatArg::Int(int), FormatArg::Str("héllo"), FormatArg::Other];
                let mut out = String::new();
                let _ = format_with_spec(&mut out, args[rng.below(4)], "t", &spec);
            }
        }

        let fmt = rng.text(PERCENT_CHARS);
        for piece in PercentParser::new(fmt.as_bytes(), rng.below(2) == 0) {
            let Ok(Piece::Conversion(conv)) = piece else { continue };
            let args = [PercentArg::Float(f), PercentArg::Int(int), PercentArg::Str("x"), PercentArg::Other("list")];
            let width = [rng.below(40) as i32 - 5, i32::MIN, i32::MAX][rng.below(3)];
            let precision = [rng.below(60) as i32 - 5, i32::MIN, i32::MAX][rng.below(3)];
            let mut out = String::new();
            let _ = format_percent(&mut out, &conv, width, precision, args[rng.below(4)]);
        }

        let fmt = rng.text("{}!:rsx0123abc<>.");
        let mut numbering = Numbering::new();
        for piece in BraceParser::new(&fmt) {
            if let Ok(BracePiece::Field(field)) = piece {
                let _ = numbering.resolve(field.name, rng.below(4));
            }
        }

        let number = rng.text(NUMBER_CHARS);
        let _ = parse_float(number.as_bytes());
        let _ = parse_complex(number.as_bytes());
        let _ = parse_int(number.as_bytes(), [0, 2, 8, 10, 16, 36, 1, 37][rng.below(8)]);

        // Every float, format and precision fits MicroPython's 33-byte buffer.
        let prec = [rng.below(60) as i32 - 3, rng.next() as i32, i32::MAX, i32::MIN][rng.below(4)];
        let fmt_char = b"eEfFgG"[rng.below(6)];
        let mut out = String::new();
        format_float(
            &mut out,
            f,
            fmt_char,
            Prec::Digits(prec),
            [0, b'+', b' '][rng.below(3)],
            super::super::float::PRINT_BUF,
        );
        assert!(out.len() < 33, "{:?} {} {} -> {:?}", f, fmt_char as char, prec, out);
        let _ = float_round(f, rng.next() as i64 % 700);
        let _ = float_to_int(f);
        let _ = float_divmod(f, rng.float());
        let _ = float_hash(f);
    }
}
