//! Numbers and strings to text and back, byte for byte as MicroPython's unix port does it.
//!
//! Everything here is a pure function over Rust values (`i64`, [`BigInt`], `f64`, `&str`); the
//! VM glues them to Python objects. Failures come back as [`FormatError`] values carrying the
//! exception type and message MicroPython would raise.
//!
//! Where MicroPython's arithmetic is not exact, the inexactness is reproduced rather than fixed:
//! float text is produced and parsed with `long double` scaling (module `ext80`), big ints convert to
//! float digit by digit, and padding with `0` and a `,`/`_` grouping uses MicroPython's fixed
//! pattern even for strings and floats. Tests pin each such case to the reference binary.
//!
//! - [`float`]: `repr` of floats and complex numbers.
//! - [`spec`]: the `format()` mini-language (`'{:>10.3f}'.format(x)`, f-strings).
//! - [`brace`]: walking `str.format` strings (`'{0!r:>{1}}'`).
//! - [`percent`]: `%` formatting (`'%-5d' % x`).
//! - [`int`]: integer text in any radix (`str`, `bin`, `oct`, `hex`).
//! - [`parse`]: `int()`, `float()` and `complex()` of text.
//! - [`num`]: float and int conversions, `round`, float `%`, `//`, `divmod` and `hash`.

use crate::types::TypeId;
use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::string::String;
use core::fmt;

use crate::bigint::BigInt;

pub mod brace;
mod decimal;
mod ext80;
pub mod float;
pub mod int;
pub mod num;
mod pad;
pub mod parse;
pub mod percent;
pub mod spec;

pub use brace::{BraceParser, BracePiece, Field, FieldArg, Numbering};
pub use float::{complex_repr, float_repr};
pub use int::{int_to_str, int_to_str_radix, Dec, Hex};
pub use num::{
    float_divmod, float_floordiv, float_hash, float_mod, float_round, float_to_int, int_round, int_to_f64, round_to_int,
};
pub use parse::{parse_complex, parse_float, parse_int};
pub use percent::{format_percent, Conversion, PercentArg, PercentParser, Piece};
pub use spec::{format_with_spec, FormatArg, FormatSpec};

/// A failure: the exception type and its exact message text. Boxed, as `SyntaxError` is: a
/// pointer-sized error keeps every result of the engine, and each `?` on one, small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError(Box<FormatErrorData>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatErrorData {
    /// The exception to raise: the VM's own type id, so raising it needs no translation.
    pub kind: TypeId,
    pub msg: Cow<'static, str>,
}

impl core::ops::Deref for FormatError {
    type Target = FormatErrorData;
    fn deref(&self) -> &FormatErrorData {
        &self.0
    }
}

impl FormatError {
    pub(crate) fn new(kind: TypeId, msg: impl Into<Cow<'static, str>>) -> FormatError {
        FormatError(Box::new(FormatErrorData { kind, msg: msg.into() }))
    }

    pub(crate) fn value(msg: impl Into<Cow<'static, str>>) -> FormatError {
        Self::new(TypeId::ValueError, msg)
    }

    pub(crate) fn type_error(msg: impl Into<Cow<'static, str>>) -> FormatError {
        Self::new(TypeId::TypeError, msg)
    }

    pub(crate) fn overflow(msg: impl Into<Cow<'static, str>>) -> FormatError {
        Self::new(TypeId::OverflowError, msg)
    }
}

impl fmt::Display for FormatError {
    /// `ValueError: message`, as a traceback's last line shows it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.kind, self.msg)
    }
}

/// An integer argument: a machine integer or a big one. The VM passes whichever it holds; a
/// `Big` value that would fit in `i64` formats the same as `Small`.
#[derive(Debug, Clone, Copy)]
pub enum IntRef<'a> {
    Small(i64),
    Big(&'a BigInt),
}

/// An integer result: `Small` whenever the value fits in `i64`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Int {
    Small(i64),
    Big(BigInt),
}

impl Int {
    /// Builds the narrowest representation of `v`.
    pub fn from_big(v: BigInt) -> Int {
        match v.to_i64() {
            Some(small) => Int::Small(small),
            None => Int::Big(v),
        }
    }

    pub fn as_ref(&self) -> IntRef<'_> {
        match self {
            Int::Small(v) => IntRef::Small(*v),
            Int::Big(v) => IntRef::Big(v),
        }
    }
}

/// Appends `bytes` quoted like MicroPython's `repr` of bytes (without the `b`): single quotes
/// unless only single quotes occur inside, `\xNN` for anything outside printable ASCII. Error
/// messages quote the offending text this way.
pub(crate) fn push_quoted_bytes(out: &mut String, bytes: &[u8]) {
    let has_single = crate::builtins::text::has(bytes, b'\'');
    let has_double = crate::builtins::text::has(bytes, b'"');
    let quote = if has_single && !has_double { b'"' } else { b'\'' };
    out.push(quote as char);
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            _ if b == quote => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7e => out.push(b as char),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\x");
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            }
        }
    }
    out.push(quote as char);
}

#[cfg(test)]
mod tests;
