//! Walking a `str.format` string: literal text and `{name!conv:spec}` fields, with
//! MicroPython's error messages. Arguments are the VM's business; [`Numbering`] resolves field
//! names to argument positions the way MicroPython does (and fails the way it does).
//!
//! For each [`Field`] the VM: resolves the name ([`Numbering::resolve`]; for a keyword, looks
//! it up, then fails with `NotImplementedError: attributes not supported` if `attributes`);
//! applies the conversion (`!r`/`!s`, or `str()` when the field has neither conversion nor
//! spec); expands `{}` inside the spec by formatting the spec text itself with the same
//! arguments and the same [`Numbering`]; then calls
//! [`format_with_spec`](super::format_with_spec) with the parsed result.

use alloc::format;

use super::FormatError;

/// A piece of a format string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BracePiece<'a> {
    /// Text to copy; `{{` and `}}` come out as `"{"` and `"}"`.
    Literal(&'a str),
    Field(Field<'a>),
}

/// One replacement field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field<'a> {
    /// The text before `!` or `:`; `None` when empty (automatic numbering).
    pub name: Option<&'a str>,
    /// `r` or `s`.
    pub conversion: Option<char>,
    /// The text after `:`, which may contain nested `{}` fields. `None` for `{}` and `{:}`:
    /// then the value is converted with `str()` unless a conversion is given.
    pub spec: Option<&'a str>,
}

/// Walks a `str.format` string.
#[derive(Debug, Clone)]
pub struct BraceParser<'a> {
    fmt: &'a str,
    pos: usize,
}

impl<'a> BraceParser<'a> {
    pub fn new(fmt: &'a str) -> Self {
        BraceParser { fmt, pos: 0 }
    }

    /// Parses a field whose `{` is just before `self.pos`.
    fn field(&mut self) -> Result<Field<'a>, FormatError> {
        let s = self.fmt.as_bytes();
        let mut i = self.pos;
        let name_start = i;
        while i < s.len() && !matches!(s[i], b'}' | b'!' | b':') {
            i += 1;
        }
        let name = (i > name_start).then(|| &self.fmt[name_start..i]);
        let mut conversion = None;
        if s.get(i) == Some(&b'!') {
            i += 1;
            match self.fmt.get(i..).and_then(|rest| rest.chars().next()) {
                None => return Err(FormatError::value("end of format while looking for conversion specifier")),
                Some(c @ ('r' | 's')) => {
                    conversion = Some(c);
                    i += 1;
                }
                Some(c) => return Err(FormatError::value(format!("unknown conversion specifier {}", c))),
            }
        }
        let mut spec = None;
        if s.get(i) == Some(&b':') {
            i += 1;
            if s.get(i) != Some(&b'}') {
                let spec_start = i;
                let mut nest = 1;
                while i < s.len() {
                    match s[i] {
                        b'{' => nest += 1,
                        b'}' => {
                            nest -= 1;
                            if nest == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                spec = Some(&self.fmt[spec_start..i]);
            }
        }
        match s.get(i) {
            None => Err(FormatError::value("unmatched '{' in format")),
            Some(b'}') => {
                self.pos = i + 1;
                Ok(Field { name, conversion, spec })
            }
            Some(_) => Err(FormatError::value("expected ':' after format specifier")),
        }
    }
}

impl<'a> Iterator for BraceParser<'a> {
    type Item = Result<BracePiece<'a>, FormatError>;

    fn next(&mut self) -> Option<Self::Item> {
        let s = self.fmt.as_bytes();
        let start = self.pos;
        let c = *s.get(start)?;
        let piece = match c {
            b'}' if s.get(start + 1) == Some(&b'}') => {
                self.pos = start + 2;
                Ok(BracePiece::Literal("}"))
            }
            b'}' => Err(FormatError::value("single '}' encountered in format string")),
            b'{' if s.get(start + 1) == Some(&b'{') => {
                self.pos = start + 2;
                Ok(BracePiece::Literal("{"))
            }
            b'{' => {
                self.pos = start + 1;
                self.field().map(BracePiece::Field)
            }
            _ => {
                let end = s[start..].iter().position(|&c| c == b'{' || c == b'}').map_or(s.len(), |n| start + n);
                self.pos = end;
                Ok(BracePiece::Literal(&self.fmt[start..end]))
            }
        };
        if piece.is_err() {
            self.pos = s.len();
        }
        Some(piece)
    }
}

/// Where a field's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldArg<'a> {
    Positional(usize),
    /// A keyword argument; `attributes` is set when `.attr` or `[index]` follows the name,
    /// which MicroPython rejects after finding the keyword.
    Keyword {
        name: &'a str,
        attributes: bool,
    },
}

/// The automatic/manual numbering state of one `format` call, shared by nested specs.
#[derive(Debug, Clone, Default)]
pub struct Numbering {
    /// Next automatic index; negative once a manual index was used.
    next: i64,
}

impl Numbering {
    pub fn new() -> Self {
        Numbering::default()
    }

    /// Resolves a field name given `positional` arguments.
    pub fn resolve<'a>(&mut self, name: Option<&'a str>, positional: usize) -> Result<FieldArg<'a>, FormatError> {
        let out_of_range =
            || FormatError::new(crate::types::TypeId::IndexError, "tuple index out of range");
        match name {
            Some(name) if name.as_bytes().first().is_some_and(u8::is_ascii_digit) => {
                if self.next > 0 {
                    return Err(FormatError::value(
                        "can't switch from automatic field numbering to manual field specification",
                    ));
                }
                let mut index: i32 = 0;
                let digits = super::spec::parse_c_int(name.as_bytes(), 0, &mut index);
                // C compares as unsigned, so a wrapped negative index is out of range too.
                let index = index as u32 as usize;
                if index >= positional {
                    return Err(out_of_range());
                }
                self.next = -1;
                if digits < name.len() {
                    return Err(FormatError::new(crate::types::TypeId::NotImplementedError, "attributes not supported"));
                }
                Ok(FieldArg::Positional(index))
            }
            Some(name) => {
                let key_len = name.find(['.', '[']).unwrap_or(name.len());
                Ok(FieldArg::Keyword { name: &name[..key_len], attributes: key_len < name.len() })
            }
            None => {
                if self.next < 0 {
                    return Err(FormatError::value(
                        "can't switch from manual field specification to automatic field numbering",
                    ));
                }
                let index = self.next as usize;
                if index >= positional {
                    return Err(out_of_range());
                }
                self.next += 1;
                Ok(FieldArg::Positional(index))
            }
        }
    }
}
