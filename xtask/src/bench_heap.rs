//! Heap a module takes when imported: `gc.mem_free()` before and after, both after a
//! collection, for ferrite and MicroPython side by side. On a board it is gone for the program
//! (a classic ESP32 gives the VM 160 KB); MicroPython's C modules sit in ROM and take ~0.

use crate::bench::Interp;
use std::path::Path;
use std::process::Command;

/// Modules both have. Ferrite's `json`, `re`, `collections`, `heapq`, `binascii` and `framebuf`
/// are frozen Python compiled at import, the rest native.
const MODULES: &[&str] =
    &["machine", "time", "math", "struct", "array", "json", "re", "collections", "heapq", "binascii", "framebuf"];

/// Bytes importing `module` takes from `interp`'s heap; None when it cannot import it.
fn taken(interp: &Path, module: &str) -> Option<i64> {
    let probe = format!("import gc\ngc.collect()\na = gc.mem_free()\nimport {module}\ngc.collect()\nprint(a - gc.mem_free())");
    let out = Command::new(interp).args(["-c", &probe]).output().ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

/// One row per module: its name and the bytes per interpreter.
pub fn measure(interps: &[Interp]) -> Vec<(&'static str, Vec<Option<i64>>)> {
    let interps: Vec<&Interp> = interps.iter().filter(|i| i.name != "python3").collect();
    MODULES.iter().map(|&m| (m, interps.iter().map(|i| taken(&i.path, m)).collect())).collect()
}

/// The table under the header `heap taken by import (bytes)`.
pub fn format(names: &[&str], rows: &[(&str, Vec<Option<i64>>)]) -> String {
    let mut s = format!("{:<14}", "heap by import");
    for n in names {
        s.push_str(&format!(" {n:>12}"));
    }
    s.push('\n');
    for (m, cells) in rows {
        s.push_str(&format!("{m:<14}"));
        for c in cells {
            s.push_str(&match c {
                Some(b) => format!(" {b:>12}"),
                None => format!(" {:>12}", "n/a"),
            });
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_table_has_a_column_per_interpreter_and_marks_what_failed() {
        let rows = [("json", vec![Some(22350), Some(32)]), ("machine", vec![Some(26844), None])];
        assert_eq!(
            super::format(&["ferrite", "micropython"], &rows),
            "heap by import      ferrite  micropython\njson                  22350           32\nmachine               26844          n/a\n"
        );
    }
}
