//! Copies the frozen Python modules (`src/builtins/modules/py/*.py`) into `OUT_DIR` with their
//! comment lines emptied and trailing blanks cut: the comments are for readers of the source,
//! while every byte of the modules ships in the wasm and the firmware (−0.7 KB gzipped). The
//! lines stay, so a traceback's line numbers still match the source.

use std::{env, fs, path::Path};

fn main() {
    let src = Path::new("src/builtins/modules/py");
    println!("cargo:rerun-if-changed={}", src.display());
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for entry in fs::read_dir(src).expect("the frozen modules' folder") {
        let path = entry.expect("a frozen module").path();
        let text = fs::read_to_string(&path).expect("a frozen module's text");
        let mut code = String::with_capacity(text.len());
        for line in text.lines() {
            if !line.trim_start().starts_with('#') {
                code.push_str(line.trim_end());
            }
            code.push('\n');
        }
        let name = path.file_name().expect("a file name");
        fs::write(Path::new(&out).join(name), code).expect("writing to OUT_DIR");
    }
}
