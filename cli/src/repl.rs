//! A line-based REPL for terminals and pipes. (MicroPython's full REPL state machine, with raw
//! REPL and paste mode, lives in the VM crate once written; this front end will then drive it.)

use std::io::{BufRead, IsTerminal, Write};

use vm::error::Mode;
use vm::Vm;

/// Does `src` need more lines (an open block, bracket or string)?
fn needs_more(src: &str) -> bool {
    let last = src.lines().last().unwrap_or("");
    if last.trim_end().ends_with(':') || last.trim_end().ends_with('\\') {
        return true;
    }
    let mut depth = 0i32;
    for c in src.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
    }
    if depth > 0 || src.matches("\"\"\"").count() % 2 == 1 || src.matches("'''").count() % 2 == 1 {
        return true;
    }
    // Inside an indented block until a blank line ends it.
    src.lines().count() > 1 && !src.ends_with("\n\n") && src.lines().any(|l| l.starts_with(' ') || l.starts_with('\t'))
}

pub fn run(vm: &mut Vm) -> i32 {
    let interactive = std::io::stdin().is_terminal();
    if interactive {
        println!("MicroPython-compatible Ferrite {}; Rust VM on {}", env!("CARGO_PKG_VERSION"), std::env::consts::OS);
        println!("Type \"help()\" for more information.");
    }
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    loop {
        let mut src = String::new();
        loop {
            if interactive {
                print!("{}", if src.is_empty() { ">>> " } else { "... " });
                let _ = std::io::stdout().flush();
            }
            let Some(Ok(line)) = lines.next() else {
                return 0;
            };
            src.push_str(&line);
            src.push('\n');
            if line.trim().is_empty() && src.trim().is_empty() {
                src.clear();
                continue;
            }
            if !needs_more(&src) {
                break;
            }
        }
        let result = vm.compile(&src, "<stdin>", Mode::Single).and_then(|code| {
            let (_, globals) = vm.main_module()?;
            vm.push_module_frame(code, globals)?;
            vm.run_to_end()
        });
        if let Err(e) = result {
            if vm.exc_is(e, vm::types::TypeId::SystemExit) {
                return vm.report_uncaught(e);
            }
            vm.report_uncaught(e);
        }
        vm.host.flush();
    }
}
