//! Faults the simulated board can be told to suffer, all deterministic so tests repeat exactly.
//! Byte positions count bytes received from the host (or sent to it, for `*_sent`); command numbers count requests (from 1).

#[derive(Debug, Clone, Default)]
pub struct Faults {
    /// Lose this received byte (a dropped byte on the wire).
    pub drop_byte: Option<u64>,
    /// Flip the low bit of this received byte (a corrupted frame).
    pub flip_byte: Option<u64>,
    /// Handle this command but never send its reply (a lost ack).
    pub swallow_reply: Option<u32>,
    /// From this command on, answer nothing (a hung chip).
    pub stall_from: Option<u32>,
    /// At this command, the device disappears (cable pulled).
    pub disconnect_at: Option<u32>,
    /// Flip the low bit of this byte the board sends (counting every byte it sent).
    pub flip_sent: Option<u64>,
    /// Lose this byte the board sends.
    pub drop_sent: Option<u64>,
    /// Flip one bit of flash after each write, once per region address (a flaky flash chip).
    pub bad_flash_writes: u32,
    /// Above this baud rate the line garbles everything (a long cable, a slow USB adapter):
    /// the board hears nothing until a reset brings it back to 115200.
    pub max_baud: Option<u32>,
}
