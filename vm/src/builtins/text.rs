//! Byte-level algorithms shared by `str`, `bytes` and `bytearray`, with no VM in sight.
//!
//! Everything works on byte slices and byte offsets, like MicroPython's `objstr.c`: a `str` is
//! UTF-8, and its callers convert code-point indices to byte offsets only at the boundary.
//! Splitting and searching return byte ranges so callers build objects without extra copies.

use alloc::string::String;
use alloc::vec::Vec;
use core::ops::Range;

/// MicroPython's `unichar_isspace`: ASCII whitespace only.
#[inline]
pub fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Is `b` a UTF-8 continuation byte?
#[inline]
pub fn is_cont(b: u8) -> bool {
    b & 0xc0 == 0x80
}

/// The number of code points in UTF-8 `s`.
pub fn char_count(s: &[u8]) -> usize {
    s.iter().filter(|&&b| !is_cont(b)).count()
}

/// The byte offset of code point `cp` in UTF-8 `s` (the length when past the end).
pub fn cp_to_byte(s: &[u8], cp: usize) -> usize {
    let mut seen = 0;
    for (i, &b) in s.iter().enumerate() {
        if !is_cont(b) {
            if seen == cp {
                return i;
            }
            seen += 1;
        }
    }
    s.len()
}

/// Width in bytes of the UTF-8 sequence led by `b` (1 for anything that is not a lead byte).
#[inline]
pub fn utf8_width(b: u8) -> usize {
    match b {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1,
    }
}

/// Whether `hay` holds the byte `b`: `<[u8]>::contains` without core's word-at-a-time
/// `memchr` (~500 B of wasm), which these short scans do not need.
pub fn has(hay: &[u8], b: u8) -> bool {
    position(hay, b).is_some()
}

/// Where the byte `b` first is in `hay`: a plain loop, where each `position`/`any` closure
/// over bytes was a copy of core's `try_fold` in the wasm.
pub fn position(hay: &[u8], b: u8) -> Option<usize> {
    for (i, &c) in hay.iter().enumerate() {
        if c == b {
            return Some(i);
        }
    }
    None
}

/// The pieces of `s` between the ASCII byte `sep`, as `str::split(char)` gives them, without
/// core's `CharSearcher` and `Split<char>` (~1 KB of wasm with `memchr`).
pub fn fields(s: &str, sep: u8) -> Fields<'_> {
    Fields { rest: Some(s), sep }
}

/// The iterator of [`fields`].
pub struct Fields<'a> {
    rest: Option<&'a str>,
    sep: u8,
}

impl<'a> Iterator for Fields<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        let s = self.rest?;
        let i = position(s.as_bytes(), self.sep);
        self.rest = i.and_then(|i| s.get(i + 1..));
        Some(i.and_then(|i| s.get(..i)).unwrap_or(s))
    }
}

/// What follows the last ASCII byte `sep` in `s` (all of `s` without one), like
/// `s.rsplit(sep).next()`.
pub fn after_last(s: &str, sep: u8) -> &str {
    let mut i = s.len();
    while i > 0 {
        i -= 1;
        if s.as_bytes()[i] == sep {
            return s.get(i + 1..).unwrap_or(s);
        }
    }
    s
}

/// First occurrence of `needle` in `hay`.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let Some(&first) = needle.first() else { return Some(0) };
    if needle.len() > hay.len() {
        return None;
    }
    let last = hay.len() - needle.len();
    let mut i = 0;
    while i <= last {
        let j = i + hay[i..=last].iter().position(|&b| b == first)?;
        if &hay[j..j + needle.len()] == needle {
            return Some(j);
        }
        i = j + 1;
    }
    None
}

/// Last occurrence of `needle` in `hay`.
pub fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let Some(&first) = needle.first() else { return Some(hay.len()) };
    if needle.len() > hay.len() {
        return None;
    }
    let mut end = hay.len() - needle.len() + 1;
    while end > 0 {
        let j = hay[..end].iter().rposition(|&b| b == first)?;
        if &hay[j..j + needle.len()] == needle {
            return Some(j);
        }
        end = j;
    }
    None
}

/// Non-overlapping occurrences of a non-empty `needle`.
pub fn count(hay: &[u8], needle: &[u8]) -> usize {
    if needle.is_empty() {
        return hay.len() + 1;
    }
    let mut n = 0;
    let mut i = 0;
    while let Some(p) = find(&hay[i..], needle) {
        n += 1;
        i += p + needle.len();
    }
    n
}

/// `split()` on runs of whitespace; `maxsplit < 0` means no limit. Leading whitespace never
/// splits; with the limit reached the rest (trailing whitespace included) is the last part.
pub fn split_whitespace(s: &[u8], maxsplit: i64) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut splits = maxsplit;
    let mut i = skip_space(s, 0);
    while i < s.len() && splits != 0 {
        let start = i;
        while i < s.len() && !is_space(s[i]) {
            i += 1;
        }
        out.push(start..i);
        if i >= s.len() {
            break;
        }
        i = skip_space(s, i);
        if splits > 0 {
            splits -= 1;
        }
    }
    if i < s.len() {
        out.push(i..s.len());
    }
    out
}

fn skip_space(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    i
}

/// `split(sep)` with a non-empty `sep`; `maxsplit < 0` means no limit.
pub fn split_sep(s: &[u8], sep: &[u8], maxsplit: i64) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut splits = maxsplit;
    let mut i = 0;
    loop {
        let found = if splits == 0 { None } else { find(&s[i..], sep) };
        match found {
            Some(p) => {
                out.push(i..i + p);
                i += p + sep.len();
                if splits > 0 {
                    splits -= 1;
                }
            }
            None => {
                out.push(i..s.len());
                return out;
            }
        }
    }
}

/// `rsplit(sep, maxsplit)` with a non-empty `sep` and `maxsplit >= 0`, parts in order.
pub fn rsplit_sep(s: &[u8], sep: &[u8], maxsplit: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut last = s.len();
    let mut splits = maxsplit;
    while splits > 0 {
        match rfind(&s[..last], sep) {
            Some(p) => {
                out.push(p + sep.len()..last);
                last = p;
                splits -= 1;
            }
            None => break,
        }
    }
    out.push(0..last);
    out.reverse();
    out
}

/// `splitlines(keepends)`: lines end at `\n`, `\r` or `\r\n`.
pub fn splitlines(s: &[u8], keepends: bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let start = i;
        let mut brk = 0;
        while i < s.len() {
            if s[i] == b'\n' {
                brk = 1;
                break;
            }
            if s[i] == b'\r' {
                brk = if s.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                break;
            }
            i += 1;
        }
        out.push(start..if keepends { i + brk } else { i });
        i += brk;
    }
    out
}

/// The bytes `strip()` and friends remove when given no characters: MicroPython's
/// `unichar_isspace` set.
pub const SPACES: &[u8] = b" \t\n\x0b\x0c\r";

/// The part of `s` left after stripping bytes found in `set` from the chosen ends. Byte-wise
/// for str too, as MicroPython's `str_uni_strip`: stripping part of a UTF-8 character leaves
/// malformed text, which the caller refuses with UnicodeError as MicroPython does.
pub fn strip_range(s: &[u8], left: bool, right: bool, set: &[u8]) -> Range<usize> {
    let mut a = 0;
    let mut b = s.len();
    if left {
        while a < b && has(set, s[a]) {
            a += 1;
        }
    }
    if right {
        while b > a && has(set, s[b - 1]) {
            b -= 1;
        }
    }
    a..b
}

/// `replace(old, new, max)` into `out`, sized for the result by the caller; false when nothing
/// changes. An empty `old` matches before every unit (byte, or UTF-8 character when `utf8`) and
/// at the end.
pub fn replace(out: &mut Vec<u8>, s: &[u8], old: &[u8], new: &[u8], max: Option<usize>, utf8: bool) -> bool {
    let mut done = 0usize;
    let more = |done: usize| max.is_none_or(|m| done < m);
    let mut i = 0;
    if old.is_empty() {
        while more(done) {
            out.extend_from_slice(new);
            done += 1;
            if i >= s.len() {
                break;
            }
            let w = if utf8 { utf8_width(s[i]).min(s.len() - i) } else { 1 };
            out.extend_from_slice(&s[i..i + w]);
            i += w;
        }
    } else {
        while more(done) {
            let Some(p) = find(&s[i..], old) else { break };
            out.extend_from_slice(&s[i..i + p]);
            out.extend_from_slice(new);
            i += p + old.len();
            done += 1;
        }
    }
    if done == 0 {
        return false;
    }
    out.extend_from_slice(&s[i..]);
    true
}

/// Lower-case hex digits of `data`, with `sep` between bytes.
pub fn hex(data: &[u8], sep: Option<&str>) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(data.len() * 3);
    for (i, &b) in data.iter().enumerate() {
        if i > 0 {
            if let Some(sep) = sep {
                out.push_str(sep);
            }
        }
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

/// `bytes.fromhex`: pairs of hex digits, whitespace allowed between pairs.
pub fn fromhex(s: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 2);
    let mut high: Option<u8> = None;
    for &c in s {
        match (hex_value(c), high) {
            (Some(v), None) => high = Some(v),
            (Some(v), Some(h)) => {
                out.push(h << 4 | v);
                high = None;
            }
            (None, None) if is_space(c) => {}
            _ => return None,
        }
    }
    if high.is_some() {
        return None;
    }
    Some(out)
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Where `escape_bytes` puts bytes that are not UTF-8: a private-use block of plane 16.
const ESCAPE_BASE: u32 = 0x10_ff00;

/// Text for arbitrary bytes (to run str algorithms over bytes): UTF-8 stays, and every other
/// byte becomes a private-use character that `unescape_bytes` turns back into it.
pub fn escape_bytes(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len());
    let mut rest = b;
    while !rest.is_empty() {
        match core::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                out.push_str(core::str::from_utf8(good).unwrap_or_default());
                let n = e.error_len().unwrap_or(bad.len()).max(1);
                for &x in &bad[..n] {
                    out.push(char::from_u32(ESCAPE_BASE + x as u32).unwrap_or('\u{fffd}'));
                }
                rest = &bad[n..];
            }
        }
    }
    out
}

/// The bytes behind text made by `escape_bytes`.
pub fn unescape_bytes(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        let v = c as u32;
        if (ESCAPE_BASE..ESCAPE_BASE + 0x100).contains(&v) {
            out.push((v - ESCAPE_BASE) as u8);
        } else {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
    }
    out
}

/// How `decode` treats malformed UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Errors {
    Strict,
    Ignore,
    Replace,
}

/// Decode UTF-8 the way MicroPython checks it: a lead byte followed by its continuation bytes is
/// one character. A malformed sequence fails (`Strict`), is dropped, or becomes U+FFFD. Values a
/// Rust `char` can't hold (surrogates, past U+10FFFF) become U+FFFD.
pub fn decode_utf8(b: &[u8], errors: Errors) -> Option<String> {
    if let Ok(s) = core::str::from_utf8(b) {
        return Some(String::from(s));
    }
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            out.push(c as char);
            i += 1;
            continue;
        }
        let need = if (0xc0..0xf8).contains(&c) { utf8_width(c) - 1 } else { 0 };
        let conts = b[i + 1..].iter().take(need).take_while(|&&x| is_cont(x)).count();
        if need == 0 || conts < need {
            match errors {
                Errors::Strict => return None,
                Errors::Ignore => {}
                Errors::Replace => out.push('\u{fffd}'),
            }
            i += 1 + conts;
            continue;
        }
        let lead = (c as u32) & (0x7f >> (need + 1));
        let v = b[i + 1..i + 1 + need].iter().fold(lead, |acc, &x| acc << 6 | (x & 0x3f) as u32);
        out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
        i += 1 + need;
    }
    Some(out)
}

/// `b` as text: valid UTF-8 as it is, each malformed sequence (as `core::str::from_utf8` finds
/// it: the longest prefix of a valid one, else one byte) passed to `bad`. A loop over
/// `from_utf8`'s errors, not core's `Utf8Chunks` (~800 bytes of wasm).
pub fn push_utf8(out: &mut String, mut b: &[u8], bad: &mut dyn FnMut(&mut String, &[u8])) {
    loop {
        match core::str::from_utf8(b) {
            Ok(s) => return out.push_str(s),
            Err(e) => {
                let (good, rest) = b.split_at(e.valid_up_to());
                out.push_str(core::str::from_utf8(good).unwrap_or_default());
                let n = e.error_len().map_or(rest.len(), usize::from);
                bad(out, &rest[..n]);
                b = &rest[n..];
            }
        }
    }
}

/// `String::from_utf8_lossy`: each malformed sequence becomes U+FFFD.
pub fn lossy(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len());
    push_utf8(&mut out, b, &mut |out, _| out.push('\u{fffd}'));
    out
}

/// Decode ASCII: every byte above 0x7f is malformed (fails, is dropped, or becomes U+FFFD).
pub fn decode_ascii(b: &[u8], errors: Errors) -> Option<String> {
    let mut out = String::with_capacity(b.len());
    for &c in b {
        match (c.is_ascii(), errors) {
            (true, _) => out.push(c as char),
            (false, Errors::Strict) => return None,
            (false, Errors::Ignore) => {}
            (false, Errors::Replace) => out.push('\u{fffd}'),
        }
    }
    Some(out)
}

/// `isalpha()`, `isdigit()`, …, MicroPython's ASCII-only classes: does every byte pass `test`
/// (every letter, with `letters_only`, as `isupper`/`islower` look only at letters)? False when
/// no byte was looked at.
pub fn is_class(s: &[u8], test: fn(&u8) -> bool, letters_only: bool) -> bool {
    let mut seen = false;
    for b in s {
        if letters_only && !b.is_ascii_alphabetic() {
            continue;
        }
        if !test(b) {
            return false;
        }
        seen = true;
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn parts<'a>(s: &'a [u8], r: &[Range<usize>]) -> Vec<&'a [u8]> {
        r.iter().map(|x| &s[x.clone()]).collect()
    }

    #[test]
    fn byte_fields_match_str_split() {
        for s in ["", ".", "a", "a.b", ".a..b.", "é.ü", "\r\n\r"] {
            for sep in [b'.', b'\r'] {
                let want: Vec<&str> = s.split(sep as char).collect();
                assert_eq!(fields(s, sep).collect::<Vec<_>>(), want, "{s:?}");
                assert_eq!(after_last(s, sep), s.rsplit(sep as char).next().unwrap_or(s), "{s:?}");
            }
        }
        assert!(has(b"abc", b'c') && !has(b"abc", b'd') && !has(b"", 0));
    }

    #[test]
    fn finding() {
        assert_eq!(find(b"hello world", b"ll"), Some(2));
        assert_eq!(find(b"hello", b""), Some(0));
        assert_eq!(find(b"he", b"hello"), None);
        assert_eq!(rfind(b"abcabc", b"bc"), Some(4));
        assert_eq!(rfind(b"aaa", b""), Some(3));
        assert_eq!(rfind(b"abc", b"x"), None);
        assert_eq!(count(b"aaaa", b"aa"), 2);
        assert_eq!(count(b"abbabba", b"abba"), 1);
        assert_eq!(count(b"aaa", b""), 4);
    }

    #[test]
    fn splitting() {
        let s = b"   a   b  c  ";
        assert_eq!(parts(s, &split_whitespace(s, -1)), vec![&b"a"[..], b"b", b"c"]);
        assert_eq!(parts(s, &split_whitespace(s, 1)), vec![&b"a"[..], b"b  c  "]);
        assert_eq!(parts(s, &split_whitespace(s, 0)), vec![&b"a   b  c  "[..]]);
        assert!(split_whitespace(b"  ", -1).is_empty());
        let s = b"abcabc";
        assert_eq!(parts(s, &split_sep(s, b"bc", -1)), vec![&b"a"[..], b"a", b""]);
        assert_eq!(parts(s, &split_sep(s, b"bc", 1)), vec![&b"a"[..], b"abc"]);
        assert_eq!(parts(s, &split_sep(s, b"bc", 0)), vec![&b"abcabc"[..]]);
        let s = b"aaa";
        assert_eq!(parts(s, &rsplit_sep(s, b"aa", 1)), vec![&b"a"[..], b""]);
        let s = b",a,,b,";
        assert_eq!(parts(s, &rsplit_sep(s, b",", 2)), vec![&b",a,"[..], b"b", b""]);
        let s = b"a\nb\r\nc\rd\n";
        assert_eq!(parts(s, &splitlines(s, false)), vec![&b"a"[..], b"b", b"c", b"d"]);
        assert_eq!(parts(s, &splitlines(s, true)), vec![&b"a\n"[..], b"b\r\n", b"c\r", b"d\n"]);
    }

    #[test]
    fn stripping_and_replacing() {
        assert_eq!(strip_range(b" ab ", true, true, SPACES), 1..3);
        assert_eq!(strip_range(b"   ", true, true, SPACES), 3..3);
        assert_eq!(strip_range("éaé".as_bytes(), true, false, "é".as_bytes()), 2..5);
        assert_eq!(strip_range("éa€é".as_bytes(), false, true, "é€".as_bytes()), 0..3);
        assert_eq!(strip_range("€é€".as_bytes(), true, true, "é€".as_bytes()), 8..8);
        let replaced = |s: &[u8], old: &[u8], new: &[u8], max, utf8| {
            let mut out = Vec::new();
            replace(&mut out, s, old, new, max, utf8).then_some(out)
        };
        assert_eq!(replaced(b"abc", b"", b"x", None, false).as_deref(), Some(&b"xaxbxcx"[..]));
        assert_eq!(replaced(b"abc", b"", b"x", Some(2), false).as_deref(), Some(&b"xaxbc"[..]));
        assert_eq!(replaced("éa".as_bytes(), b"", b"-", None, true).as_deref(), Some("-é-a-".as_bytes()));
        assert_eq!(replaced(b"abc", b"z", b"x", None, false), None);
        assert_eq!(replaced(b"aaa", b"a", b"b", Some(2), false).as_deref(), Some(&b"bba"[..]));
    }

    #[test]
    fn lossy_is_std_from_utf8_lossy() {
        let mut rng = crate::testing::Rng(3);
        let pieces: [&[u8]; 8] = [b"a", "é".as_bytes(), "𝄞".as_bytes(), b"\xff", b"\xe2\x82", b"\xf0\x9d", b"\x80", b"\xc3"];
        for _ in 0..2000 {
            let b: Vec<u8> = (0..rng.below(8)).flat_map(|_| pieces[rng.below(pieces.len())].iter().copied()).collect();
            assert_eq!(lossy(&b), alloc::string::String::from_utf8_lossy(&b), "{b:?}");
        }
    }

    #[test]
    fn hex_and_utf8() {
        assert_eq!(hex(b"ab", Some(":")), "61:62");
        assert_eq!(fromhex(b" 61 62 ").as_deref(), Some(&b"ab"[..]));
        assert_eq!(fromhex(b"6 162"), None);
        assert_eq!(fromhex(b"616"), None);
        assert_eq!(decode_utf8(b"a\xffb\xc3", Errors::Replace).as_deref(), Some("a\u{fffd}b\u{fffd}"));
        assert_eq!(decode_utf8(b"\xe2\x82a", Errors::Ignore).as_deref(), Some("a"));
        assert_eq!(decode_utf8(b"\xc0\x80", Errors::Strict).as_deref(), Some("\0"));
        assert_eq!(decode_utf8(b"\xff", Errors::Strict), None);
        assert_eq!(decode_ascii("éx".as_bytes(), Errors::Replace).as_deref(), Some("\u{fffd}\u{fffd}x"));
        assert_eq!(decode_ascii(b"a\xff", Errors::Strict), None);
        assert_eq!(char_count("aéb".as_bytes()), 3);
        let raw = b"\xff{}\xc3\xa9\xc3";
        assert_eq!(unescape_bytes(&escape_bytes(raw)), raw.to_vec());
        assert_eq!(cp_to_byte("aéb".as_bytes(), 2), 3);
        assert_eq!(cp_to_byte("aéb".as_bytes(), 5), 4);
    }

    #[test]
    fn classes() {
        assert!(is_class(b"A1", u8::is_ascii_uppercase, true));
        assert!(!is_class(b"1", u8::is_ascii_uppercase, true));
        assert!(!is_class(b"", u8::is_ascii_digit, false));
        assert!(is_class(b" \t\n", |&b| is_space(b), false));
        assert!(!is_class("é".as_bytes(), u8::is_ascii_alphabetic, false));
    }
}
