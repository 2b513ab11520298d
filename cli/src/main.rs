//! `ferrite`: run a script, a command, or an interactive REPL, like MicroPython's unix port.

mod board_host;
mod flash;
mod host;
mod pty;
mod repl;
mod simulate_rom;
mod small_blocks;

use std::process::ExitCode;

use vm::{Config, Vm};

#[global_allocator]
static ALLOCATOR: small_blocks::SmallBlocks = small_blocks::SmallBlocks::new();

const USAGE: &str = "usage: ferrite [-X heapsize=N[k|m]] [--board [--fast] [--press GPIO@MS[:HOLD]] [--pot N]] [-c CODE | SCRIPT.py] [ARGS...]
       ferrite --pty [--root DIR]   serve the REPL on a pseudo-terminal, as a board on a serial port
       ferrite flash --help         write firmware to an ESP32 over its serial port
       ferrite simulate-rom --help  a simulated ESP32 ROM bootloader on a pseudo-terminal";

struct Options {
    heap_size: usize,
    command: Option<String>,
    script: Option<String>,
    args: Vec<String>,
    board: board_host::BoardOptions,
    /// `--pty`: be a board on a pseudo-terminal.
    pty: bool,
    /// `--root DIR`: the board's `/` (default: a new temporary folder).
    root: Option<String>,
}

fn parse_size(s: &str) -> Option<usize> {
    let s = s.trim();
    let (num, mul) = match s.chars().last()? {
        'k' | 'K' => (&s[..s.len() - 1], 1024),
        'm' | 'M' => (&s[..s.len() - 1], 1024 * 1024),
        _ => (s, 1),
    };
    num.parse::<usize>().ok().map(|n| n * mul)
}

fn parse_args() -> Result<Options, String> {
    let mut opts = Options {
        heap_size: 8 * 1024 * 1024,
        command: None,
        script: None,
        args: Vec::new(),
        board: Default::default(),
        pty: false,
        root: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "-c" => {
                opts.command = Some(it.next().ok_or("-c needs an argument")?);
                opts.args.extend(it.by_ref());
            }
            "-X" => {
                let x = it.next().ok_or("-X needs an argument")?;
                match x.strip_prefix("heapsize=") {
                    Some(v) => opts.heap_size = parse_size(v).ok_or_else(|| format!("bad heap size '{}'", v))?,
                    None => return Err(format!("unknown -X option '{}'", x)),
                }
            }
            "--pty" => opts.pty = true,
            "--root" => opts.root = Some(it.next().ok_or("--root needs a folder")?),
            "-h" | "--help" => return Err(String::from(USAGE)),
            _ if opts.script.is_none() && opts.board.parse(&a, &mut || it.next())? => {}
            _ if a.starts_with('-') && a.len() > 1 && opts.script.is_none() => return Err(format!("unknown option '{}'\n{}", a, USAGE)),
            _ => {
                opts.script = Some(a);
                opts.args.extend(it.by_ref());
            }
        }
    }
    Ok(opts)
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match argv.first().map(String::as_str) {
        Some("flash") => return flash::main(&argv[1..]),
        Some("simulate-rom") => return simulate_rom::main(&argv[1..]),
        _ => {}
    }
    let mut opts = match parse_args() {
        Ok(o) => o,
        Err(msg) => {
            eprintln!("{}", msg);
            return ExitCode::from(2);
        }
    };
    host::catch_ctrl_c();
    if opts.pty {
        return ExitCode::from(serve_pty(&opts) as u8);
    }
    let mut vm = Vm::new(Config { heap_size: opts.heap_size, platform: "linux", ..Config::default() }, board_host::make_host(std::mem::take(&mut opts.board)));
    let status = match (&opts.command, &opts.script) {
        (Some(code), _) => {
            set_argv(&mut vm, "", &opts.args);
            run_source(&mut vm, code, "<stdin>")
        }
        (None, Some(path)) => match std::fs::read(path) {
            Ok(bytes) => {
                set_argv(&mut vm, path, &opts.args);
                let dir = std::fs::canonicalize(path)
                    .ok()
                    .and_then(|p| p.parent().map(|d| d.to_string_lossy().into_owned()))
                    .unwrap_or_default();
                set_path0(&mut vm, &dir);
                let src = String::from_utf8_lossy(&bytes).into_owned();
                run_source(&mut vm, &src, path)
            }
            Err(e) => {
                eprintln!("ferrite: can't open file '{}': [Errno {}] {}", path, e.raw_os_error().unwrap_or(2), e);
                2
            }
        },
        (None, None) => repl::run(&mut vm),
    };
    vm.host.flush();
    // The process ends here: freeing the heap object by object would only delay the exit.
    std::mem::forget(vm);
    ExitCode::from(status as u8)
}

/// `ferrite --pty [--root DIR]`: print the pty's path as the first line, then be the board.
fn serve_pty(opts: &Options) -> i32 {
    let root = match &opts.root {
        Some(r) => std::path::PathBuf::from(r),
        None => std::env::temp_dir().join(format!("ferrite-board-{}", std::process::id())),
    };
    let opened = std::fs::create_dir_all(&root).and_then(|_| {
        let pty = pty::Pty::open()?;
        let out = pty.wire()?;
        Ok((pty, out))
    });
    let (pty, out) = match opened {
        Ok(p) => p,
        Err(e) => {
            eprintln!("ferrite: cannot open a pty with its folder {}: {e}", root.display());
            return 1;
        }
    };
    println!("{}", pty.path());
    let _ = std::io::Write::flush(&mut std::io::stdout());
    let host = host::OsHost::board(Box::new(out), root);
    let mut vm = Vm::new(Config { heap_size: opts.heap_size, platform: "esp32", ..Config::default() }, Box::new(host));
    repl::serve_pty(&mut vm, pty)
}

fn set_argv(vm: &mut Vm, script: &str, args: &[String]) {
    let mut items = Vec::new();
    for a in std::iter::once(script).chain(args.iter().map(|s| s.as_str())) {
        if let Ok(v) = vm.new_str(a) {
            items.push(v);
        }
    }
    if let Some(r) = vm.sys.argv.as_obj() {
        if let vm::obj::Obj::List(l) = vm.heap.get_mut(r) {
            *l = items;
        }
    }
}

fn set_path0(vm: &mut Vm, dir: &str) {
    if let Ok(v) = vm.new_str(dir) {
        if let Some(r) = vm.sys.path.as_obj() {
            if let vm::obj::Obj::List(l) = vm.heap.get_mut(r) {
                if l.is_empty() {
                    l.push(v);
                } else {
                    l[0] = v;
                }
            }
        }
    }
}

/// Run a program to its end; the exit status MicroPython's unix port would give.
fn run_source(vm: &mut Vm, src: &str, filename: &str) -> i32 {
    let result = vm.start_main(src, filename).and_then(|_| vm.run_to_end());
    let status = match result {
        Ok(()) => 0,
        Err(e) => {
            if vm.exc_is(e, vm::types::TypeId::KeyboardInterrupt) {
                vm.report_uncaught(vm.exc_obj(e));
                130
            } else {
                vm.report_uncaught(vm.exc_obj(e))
            }
        }
    };
    vm.run_atexit();
    status
}
