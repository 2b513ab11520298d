//! The build date for the REPL banner (`Ferrite v0.1.0 on 2026-11-25; …`), as MicroPython's.

use std::time::{SystemTime, UNIX_EPOCH};

fn main() {
    let days = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + (month <= 2) as i64;
    println!("cargo:rustc-env=FERRITE_BUILD_DATE={year:04}-{month:02}-{day:02}");
    println!("cargo:rerun-if-changed=build.rs");
}
