//! Copies the frozen Python modules (`src/builtins/modules/py/*.py`) into `OUT_DIR` with their
//! comment lines emptied, trailing blanks cut and each 4-space indentation level cut to one
//! space: the comments and the layout are for readers of the source, while every byte of the
//! modules ships in the wasm and the firmware (comments −0.7 KB gzipped, indentation −0.4 KB).
//! The lines stay, so a traceback's line numbers still match the source. (The modules are
//! indented by 4 spaces and hold no multi-line strings.)

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
            let text = line.trim();
            if !text.is_empty() && !text.starts_with('#') {
                let indent = line.len() - line.trim_start().len();
                code.extend(core::iter::repeat_n(' ', indent.div_ceil(4)));
                code.push_str(text);
            }
            code.push('\n');
        }
        let name = path.file_name().expect("a file name");
        fs::write(Path::new(&out).join(name), code).expect("writing to OUT_DIR");
    }
}
