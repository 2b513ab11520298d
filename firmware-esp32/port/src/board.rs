//! The board as the port sees it: a serial line, a clock, a way to idle, and (later) pins.

pub trait Board {
    /// Send bytes without stalling: a line with nobody listening may drop them, never block.
    fn write(&mut self, bytes: &[u8]);
    /// The next received byte, if one is waiting.
    fn read_byte(&mut self) -> Option<u8>;
    /// Microseconds since boot.
    fn ticks_us(&mut self) -> u64;
    /// Idle until input may have arrived or `until_us` passes (a spin or `wfi`); returning
    /// early is always allowed.
    fn idle(&mut self, until_us: Option<u64>);
    /// Restart the board (`machine.reset()`, or a fatal error).
    fn reset(&mut self) -> !;
}
