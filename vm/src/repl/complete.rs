//! What the friendly REPL asks of the text typed so far, as MicroPython's `py/repl.c`: does it
//! need more lines, and what does Tab complete it to.

use alloc::string::String;
use alloc::vec::Vec;

use crate::vm::Vm;

/// `mp_repl_continue_with_input`: an open compound statement, bracket, triple quote or
/// trailing backslash asks for a `... ` line.
pub fn needs_more(input: &[u8]) -> bool {
    if input.is_empty() {
        return false;
    }
    let starts_with_word = |w: &[u8]| {
        input.starts_with(w) && input.get(w.len()).is_none_or(|&c| !(c.is_ascii_alphanumeric() || c == b'_'))
    };
    let compound = input[0] == b'@'
        || [&b"if"[..], b"while", b"for", b"try", b"with", b"def", b"class", b"async"].iter().any(|w| starts_with_word(w));
    #[derive(PartialEq)]
    enum Q {
        None,
        Single,
        Double,
        Single3,
        Double3,
    }
    let (mut paren, mut brack, mut brace) = (0i32, 0i32, 0i32);
    let mut q = Q::None;
    let mut i = 0;
    let at = |k: usize| input.get(k).copied().unwrap_or(0);
    while i < input.len() {
        let c = input[i];
        if c == b'\'' || c == b'"' {
            let (one, three) = if c == b'\'' { (Q::Single, Q::Single3) } else { (Q::Double, Q::Double3) };
            if (q == Q::None || q == three) && at(i + 1) == c && at(i + 2) == c {
                i += 2;
                q = if q == Q::None { three } else { Q::None };
            } else if q == Q::None || q == one {
                q = if q == Q::None { one } else { Q::None };
            }
        } else if c == b'\\' && matches!(at(i + 1), b'\'' | b'"' | b'\\') {
            if q != Q::None {
                i += 1;
            }
        } else if q == Q::None {
            match c {
                b'(' => paren += 1,
                b')' => paren -= 1,
                b'[' => brack += 1,
                b']' => brack -= 1,
                b'{' => brace += 1,
                b'}' => brace -= 1,
                _ => {}
            }
        }
        i += 1;
    }
    let last = input[input.len() - 1];
    q == Q::Single3
        || q == Q::Double3
        || ((paren > 0 || brack > 0 || brace > 0) && q == Q::None)
        || last == b'\\'
        || (compound && last != b'\n')
}

/// What Tab does.
#[derive(Debug, PartialEq)]
pub enum Completion {
    None,
    /// Insert this after the cursor (one match, or the common prefix of several).
    Insert(String),
    /// Several matches: this listing is printed, then the prompt and line again.
    Many(String),
}

/// `mp_repl_autocomplete` on the line up to the cursor: names of `__main__`, attributes after
/// `a.b.`, built-in modules after `import `.
pub fn complete(vm: &mut Vm, line: &str) -> Completion {
    // After the last byte that is not part of a dotted name (a byte loop: no char searcher).
    let mut start = line.len();
    while start > 0 && matches!(line.as_bytes()[start - 1], b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'_' | b'.') {
        start -= 1;
    }
    let chain = &line[start..];
    let (path, word) = match crate::builtins::text::rfind(chain.as_bytes(), b".") {
        Some(d) => (Some(&chain[..d]), &chain[d + 1..]),
        None => (None, chain),
    };
    // Each name once (a plain loop: adaptor chains and `dedup` were copies of their own).
    let mut matches: Vec<String> = Vec::new();
    let mut add = |n: &str| {
        if n.starts_with(word) && !(word.is_empty() && n.starts_with('_')) && !matches.iter().any(|m| m == n) {
            matches.push(String::from(n));
        }
    };
    if line.starts_with("import ") && path.is_none() {
        for n in crate::builtins::modules::NAMES {
            add(n);
        }
    } else if names_of(vm, path, &mut add).is_none() {
        return Completion::None;
    }
    crate::builtins::list::sort_small(&mut matches, |a, b| a < b);
    let Some(first) = matches.first() else {
        if start == 0 && !word.is_empty() && word.len() < 7 && "import ".starts_with(word) {
            return Completion::Insert(String::from(&"import "[word.len()..]));
        }
        return Completion::None;
    };
    let mut common = first.len();
    for m in &matches[1..] {
        common = common.min(first.bytes().zip(m.bytes()).take_while(|(a, b)| a == b).count());
    }
    if matches.len() == 1 || common > word.len() {
        return Completion::Insert(String::from(&first[word.len()..common]));
    }
    Completion::Many(listing(&matches))
}

/// MicroPython's listing: 16-column slots, at most 64 columns a line.
fn listing(words: &[String]) -> String {
    const SLOT: usize = 16;
    const MAX: usize = 4 * SLOT;
    let mut s = String::new();
    let mut line_len = MAX;
    for w in words {
        let mut gap = line_len.div_ceil(SLOT) * SLOT - line_len;
        if gap < 2 {
            gap += SLOT;
        }
        if line_len + gap + w.len() <= MAX {
            for _ in 0..gap {
                s.push(' ');
            }
            s.push_str(w);
            line_len += gap + w.len();
        } else {
            s.push_str("\r\n");
            s.push_str(w);
            line_len = w.len();
        }
    }
    s.push_str("\r\n");
    s
}

/// The names to complete from, given to `add`: `__main__`'s globals, or the attributes of `a.b`.
fn names_of(vm: &mut Vm, path: Option<&str>, add: &mut dyn FnMut(&str)) -> Option<()> {
    let (main, _) = vm.main_module().ok()?;
    let mut obj = main;
    if let Some(path) = path {
        for part in crate::builtins::text::fields(path, b'.') {
            let sym = vm.interner.get(part)?;
            obj = vm.try_getattr(obj, sym).ok()??;
        }
    }
    vm.roots.push(obj);
    let listed = crate::builtins::funcs::dir(vm, &[obj], &[]);
    vm.roots.pop();
    let items = vm.list_items(listed.ok()?)?;
    for v in items {
        if let Some(s) = vm.as_str(v) {
            add(s);
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_lines_for_open_blocks_brackets_and_quotes() {
        assert!(needs_more(b"for i in x:"));
        assert!(needs_more(b"if 1:\n    x"));
        assert!(!needs_more(b"if 1:\n    x\n"));
        assert!(needs_more(b"(1,"));
        assert!(needs_more(b"'''abc"));
        assert!(needs_more(b"x = 1 + \\"));
        assert!(!needs_more(b"x = '('"));
        assert!(!needs_more(b"iffy = 3"));
        assert!(needs_more(b"@dec"));
        assert!(!needs_more(b""));
    }

    #[test]
    fn listing_uses_sixteen_column_slots() {
        let words: Vec<String> = ["argv", "atexit", "byteorder", "exc_info", "executable"].iter().map(|s| String::from(*s)).collect();
        assert_eq!(listing(&words), "\r\nargv            atexit          byteorder       exc_info\r\nexecutable\r\n");
    }
}
