//! Decode the vendored flasher stubs (`stubs/<chip>.toml`: base64 segments and addresses) into
//! `$OUT_DIR/stubs.rs`, so the no_std flasher holds plain byte arrays. The files are flat
//! `key = value` lines, which a split reads; a TOML parser would be a build dependency for that.

use base64::Engine;
use std::fmt::Write;

const CHIPS: &[&str] = &["esp32", "esp32s2", "esp32s3", "esp32c2", "esp32c3", "esp32c6", "esp32h2", "esp32c5"];

fn main() {
    let mut out = String::from("pub static STUBS: &[Stub] = &[\n");
    for chip in CHIPS {
        let path = format!("stubs/{chip}.toml");
        println!("cargo:rerun-if-changed={path}");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let field = |key: &str| {
            text.lines()
                .filter_map(|l| l.split_once('='))
                .find(|(k, _)| k.trim() == key)
                .map(|(_, v)| v.trim().trim_matches('"').replace('_', ""))
                .unwrap_or_else(|| panic!("{path}: no {key}"))
        };
        let num = |key: &str| field(key).parse::<u32>().unwrap_or_else(|e| panic!("{path}: {key}: {e}"));
        let bytes = |key: &str| {
            base64::engine::general_purpose::STANDARD.decode(field(key)).unwrap_or_else(|e| panic!("{path}: {key}: {e}"))
        };
        let _ = writeln!(
            out,
            "    Stub {{ chip: {chip:?}, entry: {}, text_start: {}, text: &{:?}, data_start: {}, data: &{:?} }},",
            num("entry"),
            num("text_start"),
            bytes("text"),
            num("data_start"),
            bytes("data"),
        );
    }
    out.push_str("];\n");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("stubs.rs");
    std::fs::write(dest, out).expect("write stubs.rs");
}
