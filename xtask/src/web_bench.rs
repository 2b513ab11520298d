//! `cargo xtask bench --web`: the playground's figures — gzipped sizes, load → ready prompt and
//! frame rate in headless Chromium, and the VM's speed in wasm against MicroPython's wasm build.

use crate::json::{self, Json};
use crate::serve::Server;
use crate::util::{self, Error, Result};
use crate::web;
use std::process::Command;

/// What the issue asks of the page.
const VM_BUDGET_KB: f64 = 190.0;
const FIRST_LOAD_BUDGET_KB: f64 = 450.0;

/// `filter`: only the perf scripts whose name contains it (for the VM's speed).
pub fn run(filter: Option<&str>) -> Result<()> {
    let site = web::build()?;
    let gz = |name: &str| web::gzipped_size(&site.join(name));
    let wasm = gz("ferrite.wasm")?;
    let glue = web::gzipped_size(&web::shipped_bindings()?)?;
    // Everything a first visit fetches (the page holds its script and style; the editor's bundle
    // comes right after the prompt is ready).
    let first_load: u64 = ["index.html", "editor.js", "ferrite.wasm", "icon.svg"]
        .iter()
        .map(|f| gz(f))
        .sum::<Result<u64>>()?;
    let kb = |b: u64| b as f64 / 1024.0;
    println!("sizes (gzip -9):");
    println!("  ferrite.wasm            {:>7.1} KB", kb(wasm));
    println!("  VM JS bindings (web.js) {:>7.1} KB   (minified, as the page ships them)", kb(glue));
    println!("  wasm + JS of the VM     {:>7.1} KB   (target ≤ {VM_BUDGET_KB} KB)", kb(wasm + glue));
    println!("  whole first load        {:>7.1} KB   (target ≤ {FIRST_LOAD_BUDGET_KB} KB; page with its script and style, editor, wasm, icon)", kb(first_load));

    let chromium = util::ensure_tool("chromium", "chromium")?;
    let load_before = load_average();
    let server = Server::bind("127.0.0.1:0", site.clone())?;
    let url = server.url();
    std::thread::spawn(move || server.serve_forever());
    let www = web::www_dir();
    let node = util::ensure_tool("node", "nodejs")?;
    let page = util::output(
        Command::new(&node)
            .current_dir(&www)
            .arg("bench/page.mjs")
            .env("FERRITE_URL", &url)
            .env("CHROMIUM", &chromium),
    )?;
    let page = json::parse(page.trim()).map_err(|e| Error(format!("bench/page.mjs printed no JSON: {e}")))?;
    let num = |j: &Json, k: &str| j.get(k).and_then(Json::as_f64).unwrap_or(f64::NAN);
    println!(
        "page (headless chromium, localhost; no HTTP cache, no service worker; machine load {} → {} on {} cores: the times swing with it):",
        load_before, load_average(), util::cpus()
    );
    println!("  load → ready prompt     {:>7.1} ms median, new browser each run   (target ≤ 150 ms)", num(&page, "ready_ms_median"));
    println!("                          {:>7.1} ms median, new context in a running browser", num(&page, "warm_ready_ms_median"));
    println!(
        "  the browser's floor      {:>7.1} / {:.1} ms: a 245-byte document (icon.svg) parsed, new / running browser;",
        num(&page, "floor_ms_median"),
        num(&page, "warm_floor_ms_median")
    );
    println!(
        "                          the page's own time to the prompt beyond it: {:.1} / {:.1} ms",
        num(&page, "ready_ms_median") - num(&page, "floor_ms_median"),
        num(&page, "warm_ready_ms_median") - num(&page, "warm_floor_ms_median")
    );
    println!("  frames during `while True: pass` {:>5.1} fps   (target ≥ 55)", num(&page, "fps_busy_loop"));
    for (label, key) in [("new browser", "phases_ms_median"), ("running browser", "warm_phases_ms_median")] {
        if let Some(phases) = page.get(key) {
            let at = |k: &str| num(phases, k);
            println!(
                "  where it goes, {label} (ms since navigation): response {:.0}, HTML parsed {:.0}, first paint {:.0}, page script running {:.0}, wasm compiled {:.0}, instantiated {:.0}, VM created {:.0}, prompt {:.0}, board {:.0}, CodeMirror {:.0}",
                at("response"), at("html_parsed"), at("paint"), at("js"), at("compiled"), at("wasm"), at("vm"), at("ready"), at("board"), at("editor")
            );
            println!(
                "    last byte of ferrite.wasm {:.0}, editor.js {:.0} (the page's script and style are in its HTML)",
                at("wasm_loaded"), at("editor_loaded")
            );
        }
    }
    if let (Some(trace), Some(Json::Obj(busy))) = (page.get("trace"), page.get("trace").and_then(|t| t.get("self_ms"))) {
        let cpu = trace.get("cpu_self_ms");
        println!(
            "  main thread before the prompt (one traced load, prompt at {:.0} ms; busy {:.0} ms wall, {:.0} ms CPU — the rest of the wall time is waiting for a core):",
            num(trace, "total_ms"), num(trace, "busy_ms"), num(trace, "cpu_ms")
        );
        println!("    self time of trace events, wall / CPU (\"A < B\" = A forced inside B):");
        for (name, ms) in busy.iter().take(12) {
            let cpu_ms = cpu.and_then(|c| c.get(name)).and_then(Json::as_f64).unwrap_or(0.0);
            println!("    {:>6.1} / {cpu_ms:>5.1} ms  {name}", ms.as_f64().unwrap_or(f64::NAN));
        }
    }

    let perf = util::shared_dir()?.join("bench/perf");
    let vm_load = load_average();
    let vm = util::output(
        Command::new(&node)
            .current_dir(&www)
            .arg("bench/vm.mjs")
            .env("PERF_DIR", &perf)
            .env("FILTER", filter.unwrap_or(""))
            .env("FERRITE_PKG", web::bindings_dir())
            .env("FERRITE_WASM", site.join("ferrite.wasm")),
    )?;
    let vm = json::parse(vm.trim()).map_err(|e| Error(format!("bench/vm.mjs printed no JSON: {e}")))?;
    println!("VM in wasm under node vs MicroPython's wasm build (seconds, median; machine load {vm_load} → {}):", load_average());
    if let Some(Json::Obj(scripts)) = vm.get("scripts") {
        for (name, row) in scripts {
            let cell = |k: &str| match row.get(k).and_then(Json::as_f64) {
                Some(v) => format!("{v:>8.3}"),
                None => format!("{:>8}", "wrong"),
            };
            println!("  {name:<16} ferrite {}  micropython {}  speed-up {}", cell("ferrite"), cell("micropython"), cell("speedup"));
        }
    }
    println!("  geometric mean speed-up {:>7.2}×   (target ≥ 3×)", num(&vm, "speedup_geomean"));
    Ok(())
}

/// The 1-minute load average (Linux), to print beside wall-clock figures.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}
