//! Heap a module takes when imported: `gc.mem_free()` before and after, both after a
//! collection, for ferrite and MicroPython side by side. On a board it is gone for the program
//! (a classic ESP32 gives the VM 160 KB); MicroPython's C modules sit in ROM and take ~0. A
//! fresh VM's figure includes the built-in types' namespaces the module is the first to use;
//! the second column has them made before.

use crate::bench::Interp;
use std::path::Path;
use std::process::Command;

/// Modules both have. Ferrite's `json`, `re`, `collections`, `heapq`, `binascii` and `framebuf`
/// are frozen Python compiled at import, the rest native.
const MODULES: &[&str] =
    &["machine", "time", "math", "struct", "array", "json", "re", "collections", "heapq", "binascii", "framebuf"];

/// Statements that make the common built-in types' namespaces, which ferrite makes on their
/// first use: with them run first, a module's figure is its own.
const TYPES_IN_USE: &str = "'a'.upper(); b''.hex(); [].copy(); {}.copy(); set(); bytearray(1).hex()";

/// Bytes importing `module` takes from `interp`'s heap after `prelude` ran; None when it cannot
/// import it.
fn taken(interp: &Path, module: &str, prelude: &str) -> Option<i64> {
    let probe = format!("{prelude}\nimport gc\ngc.collect()\na = gc.mem_free()\nimport {module}\ngc.collect()\nprint(a - gc.mem_free())");
    let out = Command::new(interp).args(["-c", &probe]).output().ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

/// The columns: each interpreter but python3, and ferrite again with the types in use.
pub fn columns(interps: &[Interp]) -> Vec<String> {
    let mut names: Vec<String> = interps.iter().filter(|i| i.name != "python3").map(|i| i.name.to_string()).collect();
    names.insert(1, "ferrite, types in use".to_string());
    names
}

/// One row per module: its name and the bytes per column of [`columns`].
pub fn measure(interps: &[Interp]) -> Vec<(&'static str, Vec<Option<i64>>)> {
    let interps: Vec<&Interp> = interps.iter().filter(|i| i.name != "python3").collect();
    MODULES
        .iter()
        .map(|&m| {
            let mut cells: Vec<Option<i64>> = interps.iter().map(|i| taken(&i.path, m, "")).collect();
            cells.insert(1, interps.first().and_then(|f| taken(&f.path, m, TYPES_IN_USE)));
            (m, cells)
        })
        .collect()
}

/// The table: a row per module, a column per entry of `names`.
pub fn format(names: &[String], rows: &[(&str, Vec<Option<i64>>)]) -> String {
    let widths: Vec<usize> = names.iter().map(|n| n.len().max(12)).collect();
    let mut s = format!("{:<14}", "heap by import");
    for (n, w) in names.iter().zip(&widths) {
        s.push_str(&format!(" {n:>w$}"));
    }
    s.push('\n');
    for (m, cells) in rows {
        s.push_str(&format!("{m:<14}"));
        for (c, w) in cells.iter().zip(&widths) {
            let text = c.map_or("n/a".to_string(), |b| b.to_string());
            s.push_str(&format!(" {text:>w$}"));
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
            super::format(&["ferrite".to_string(), "micropython".to_string()], &rows),
            "heap by import      ferrite  micropython\njson                  22350           32\nmachine               26844          n/a\n"
        );
        // A long name widens its column.
        let rows = [("json", vec![Some(5)])];
        assert_eq!(super::format(&["ferrite, types in use".to_string()], &rows), "heap by import ferrite, types in use\njson                               5\n");
    }
}
