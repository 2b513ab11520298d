//! Link with esp-hal's scripts (here rather than in `.cargo/config.toml` rustflags, which would
//! also apply to the qemu harness built for the same targets).

fn main() {
    println!("cargo:rustc-link-arg-bins=-Tlinkall.x");
}
