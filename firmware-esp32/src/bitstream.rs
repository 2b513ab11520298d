//! `machine.bitstream` (NeoPixels) on RMT channel 0: `ferrite_port::rmt` turns the bits into
//! pulse codes (unit-tested there); the driver streams them, refilling the channel's RAM, and
//! this call waits until the last bit is out.

use alloc::vec::Vec;

use esp_hal::gpio::{AnyPin, Level};
use esp_hal::peripherals::RMT;
use esp_hal::rmt::{PulseCode, Rmt, TxChannelConfig, TxChannelCreator};
use esp_hal::time::Rate;
use ferrite_port::rmt::{encode, CLK_DIVIDER};

/// Send `data` on `pin`, which the caller has freed from every other driver. The RMT is made
/// afresh for each call (it keeps nothing between strips); a driver error sends nothing.
pub fn send(pin: u32, timing_ns: [u32; 4], data: &[u8]) {
    let codes: Vec<PulseCode> = encode(timing_ns, data).into_iter().map(PulseCode).collect();
    // SAFETY: `Machine::new` took the RMT peripheral and only this function uses it, one
    // call at a time; the caller dropped the pin's GPIO driver and any PWM channel on it.
    let (rmt, pin) = unsafe { (RMT::steal(), AnyPin::steal(pin as u8)) };
    let Ok(rmt) = Rmt::new(rmt, Rate::from_mhz(80)) else { return };
    let config = TxChannelConfig::default().with_clk_divider(CLK_DIVIDER).with_idle_output(true).with_idle_output_level(Level::Low);
    let Ok(channel) = rmt.channel0.configure_tx(&config) else { return };
    if let Ok(tx) = channel.with_pin(pin).transmit(&codes) {
        let _ = tx.wait();
    }
}
