//! `split` and `sub` over bytes, with MicroPython's rules (see `modre.c`): both stop at the
//! first empty match, later searches start where the last match ended while `^` still
//! means the start of the whole text, and `sub` returns `None` when nothing was replaced.

use alloc::vec::Vec;

use super::{expand_template, Captures, Regex, RegexError, Subject};

/// A non-empty match: its span, and all its captures.
type Found = ((usize, usize), Captures);

impl Regex {
    /// `pattern.split(text, maxsplit)`: the byte spans of the pieces, in order.
    ///
    /// `maxsplit == 0` means no limit (the VM maps a negative `maxsplit` to 0). A pattern
    /// with groups fails with [`RegexError::SplitWithGroups`], but only once it has found
    /// a non-empty match: until then there is nothing to split and MicroPython does not
    /// notice.
    pub fn split(
        &self,
        text: &[u8],
        unicode: bool,
        maxsplit: usize,
    ) -> Result<Vec<(usize, usize)>, RegexError> {
        let whole = Subject::new(text, unicode);
        let mut pieces = Vec::new();
        let mut begin = 0;
        let mut left = maxsplit;
        while let Some(((s, e), _)) = self.next_match(&whole, begin)? {
            pieces.push((begin, s));
            if self.groups() > 0 {
                return Err(RegexError::SplitWithGroups);
            }
            begin = e;
            if left > 0 {
                left -= 1;
                if left == 0 {
                    break;
                }
            }
        }
        pieces.push((begin, text.len()));
        Ok(pieces)
    }

    /// `re.sub(pattern, repl, text, count)`: the new text, or `None` when no substitution
    /// was made (MicroPython then returns `text` itself).
    ///
    /// For each match, `replacement` gets its captures and returns a template; it is
    /// expanded with [`expand_template`] whether it is the `repl` argument or what a
    /// callable `repl` returned (MicroPython expands both). `count == 0` means no limit.
    /// Errors of the callback pass through; regex errors convert into `E`.
    pub fn sub<E, R>(
        &self,
        text: &[u8],
        unicode: bool,
        count: usize,
        mut replacement: impl FnMut(&Captures) -> Result<R, E>,
    ) -> Result<Option<Vec<u8>>, E>
    where
        E: From<RegexError>,
        R: AsRef<[u8]>,
    {
        let whole = Subject::new(text, unicode);
        let mut out: Option<Vec<u8>> = None;
        let mut begin = 0;
        let mut left = count;
        while let Some(((s, e), caps)) = self.next_match(&whole, begin)? {
            let buf = out.get_or_insert_with(Vec::new);
            buf.extend_from_slice(text.get(begin..s).unwrap_or_default());
            let template = replacement(&caps)?;
            expand_template(template.as_ref(), &caps, text, buf)?;
            begin = e;
            if left > 0 {
                left -= 1;
                if left == 0 {
                    break;
                }
            }
        }
        Ok(out.map(|mut buf| {
            buf.extend_from_slice(text.get(begin..).unwrap_or_default());
            buf
        }))
    }

    /// Search from `begin` to the end for a non-empty match.
    fn next_match(&self, whole: &Subject, begin: usize) -> Result<Option<Found>, RegexError> {
        let caps = self.exec(&Subject { start: begin, ..*whole }, false)?;
        Ok(caps.and_then(|c| match c.first() {
            Some(&Some((s, e))) if s != e => Some(((s, e), c)),
            _ => None,
        }))
    }
}
