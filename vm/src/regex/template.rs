//! Replacement templates for `sub`, read the way MicroPython's `re_sub_helper` reads them.
//!
//! - `\N...` (any number of digits) and `\g<N...>` insert group N (empty when the group
//!   did not take part); a group past the last one is `IndexError(N)`.
//! - `\\` inserts one backslash.
//! - Any other backslash is dropped and the character after it kept as it is, so `\n`
//!   gives `n`, and `\g<name>` gives `name>` (no named groups in MicroPython).
//! - The template ends at its first NUL byte (MicroPython reads it as a C string).

use alloc::vec::Vec;

use super::RegexError;

/// Append `template`, with its group references filled from `caps` (spans into `text`, as
/// returned by [`super::Regex::exec`]), to `out`.
pub fn expand_template(
    template: &[u8],
    caps: &[Option<(usize, usize)>],
    text: &[u8],
    out: &mut Vec<u8>,
) -> Result<(), RegexError> {
    let t = template.split(|&b| b == 0).next().unwrap_or_default();
    let mut i = 0;
    while let Some(&b) = t.get(i) {
        i += 1;
        if b != b'\\' {
            out.push(b);
            continue;
        }
        let g_format = t.get(i) == Some(&b'g') && t.get(i + 1) == Some(&b'<');
        if g_format {
            i += 2;
        }
        match t.get(i) {
            Some(d) if d.is_ascii_digit() => {
                let mut group = 0usize;
                while let Some(d) = t.get(i).filter(|d| d.is_ascii_digit()) {
                    group = group.saturating_mul(10).saturating_add(usize::from(d - b'0'));
                    i += 1;
                }
                if g_format && t.get(i) == Some(&b'>') {
                    i += 1;
                }
                let span = caps.get(group).ok_or(RegexError::InvalidGroup(group))?;
                if let Some(s) = span.and_then(|(s, e)| text.get(s..e)) {
                    out.extend_from_slice(s);
                }
            }
            Some(b'\\') => {
                out.push(b'\\');
                i += 1;
            }
            _ => {}
        }
    }
    Ok(())
}
