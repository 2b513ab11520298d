//! The board as the port sees it: a serial line, a clock, a way to idle, and its pins and
//! buses. A board is a `vm::Host` for what it has (`write` is its raw serial line, `ticks_us`
//! its clock, the `machine` calls its peripherals), so whatever it lacks keeps the VM's one
//! set of "no device" defaults, as on the qemu harness; `BoardHost` adds the console, files
//! and Ctrl-C around it.

pub trait Board: vm::Host {
    /// The next received byte, if one is waiting. (`write` sends bytes without stalling: a
    /// line with nobody listening may drop them, never block.)
    fn read_byte(&mut self) -> Option<u8>;
    /// Idle until input may have arrived or `until_us` passes (a spin or `wfi`); returning
    /// early is always allowed.
    fn idle(&mut self, until_us: Option<u64>);
    /// Restart the board (`machine.reset()`, or a fatal error).
    fn reset(&mut self) -> !;
}
