use alloc::string::ToString;
use alloc::vec::Vec;

use super::*;

fn lines(b: &mut Board) -> Vec<alloc::string::String> {
    b.take_changes().iter().map(|c| c.to_string()).collect()
}

#[test]
fn digital_led_and_open_drain() {
    let mut b = Board::new();
    b.pin_config(2, PinMode::Out, Pull::None);
    b.pin_write(2, true);
    assert_eq!(b.brightness(2), 255);
    assert_eq!(lines(&mut b), ["led:2 on"]);
    b.pin_write(2, false);
    assert_eq!(lines(&mut b), ["led:2 off"]);
    b.pin_config(25, PinMode::OpenDrain, Pull::None);
    b.pin_write(25, true);
    assert_eq!(b.brightness(25), 0);
    assert!(lines(&mut b).is_empty());
    b.pin_config(13, PinMode::Out, Pull::None);
    b.pin_write(13, true);
    assert_eq!(lines(&mut b), ["pin:13 1"]);
    assert_eq!(b.output_levels(), 1 << 13 | 1 << 25);
}

#[test]
fn pwm_brightness_servo_and_buzzer() {
    let mut b = Board::new();
    b.pwm_set(26, 1000, 32768);
    assert_eq!(b.brightness(26), 128);
    // 50 Hz: 1.5 ms is 90°, 0.5 ms is 0°, 2.5 ms is 180°.
    b.pwm_set(SERVO_PIN, 50, (65536u32 * 15 / 200) as u16);
    assert_eq!(b.servo_tenths(), Some(900));
    b.pwm_set(SERVO_PIN, 50, 1638);
    assert_eq!(b.servo_tenths(), Some(0));
    b.pwm_set(SERVO_PIN, 50, 8192);
    assert_eq!(b.servo_tenths(), Some(1800));
    b.pwm_set(BUZZER_PIN, 440, 32768);
    assert_eq!(b.buzzer(), (440, 128));
    assert_eq!(lines(&mut b), ["led:26 50%", "servo 180.0°", "buzzer 440 Hz volume 128"]);
    b.pwm_set(BUZZER_PIN, 440, 0);
    b.pwm_set(SERVO_PIN, 0, 0);
    assert_eq!(b.buzzer(), (0, 0));
    assert_eq!(lines(&mut b), ["servo off", "buzzer off"]);
}

#[test]
fn buttons_read_low_when_pressed_and_queue_irq_edges() {
    let mut b = Board::new();
    assert!(b.pin_read(0), "BOOT has an external pull-up");
    assert!(!b.pin_read(4), "the user button floats without PULL_UP");
    b.pin_config(4, PinMode::In, Pull::Up);
    assert!(b.pin_read(4));
    b.set_irq(0, IRQ_FALLING);
    b.set_irq(4, IRQ_FALLING | IRQ_RISING);
    b.set_button(0, true);
    assert!(!b.pin_read(0));
    b.set_button(0, false);
    b.set_button(4, true);
    b.set_button(4, false);
    assert_eq!(b.take_edge(), Some((0, false)));
    assert_eq!(b.take_edge(), Some((4, false)));
    assert_eq!(b.take_edge(), Some((4, true)));
    assert_eq!(b.take_edge(), None);
    b.set_button(4, true);
    assert_eq!(lines(&mut b), ["button:4 pressed"]);
}

#[test]
fn pot_feeds_the_adc() {
    let mut b = Board::new();
    b.set_pot(40000);
    assert_eq!(b.adc_read_u16(POT_PIN), 40000);
    assert!(b.pin_read(POT_PIN));
    assert_eq!(b.adc_read_u16(2), 0);
}

#[test]
fn neopixels_decode_grb() {
    let mut b = Board::new();
    b.neopixel_write(NEOPIXEL_PIN, &[0, 255, 0, 10, 20, 30]);
    assert_eq!(b.neopixels()[0], [255, 0, 0]);
    assert_eq!(b.neopixels()[1], [20, 10, 30]);
    b.neopixel_write(3, &[1, 1, 1]);
    assert_eq!(lines(&mut b), ["neopixel 0:(255,0,0) 1:(20,10,30)"]);
    let long: Vec<u8> = (0..40).collect();
    b.neopixel_write(NEOPIXEL_PIN, &long);
    assert_eq!(b.neopixels()[7], [22, 21, 23]);
}

#[test]
fn oled_answers_only_its_address() {
    let mut b = Board::new();
    assert!(!b.i2c_write(0x3D, &[0]));
    assert!(b.i2c_write(OLED_ADDR, &[0x80, 0xAF]));
    let mut status = [0xAA];
    assert!(b.i2c_read(OLED_ADDR, &mut status));
    assert_eq!(status, [0]);
    b.i2c_write(OLED_ADDR, &[0x40, 0xFF, 0x01]);
    assert_eq!(lines(&mut b), ["oled: display on", "oled: 9 px lit (#4ed6b1d5)"]);
}

#[test]
fn snapshot_layout() {
    let mut b = Board::new();
    b.pin_config(2, PinMode::Out, Pull::None);
    b.pin_write(2, true);
    b.pwm_set(SERVO_PIN, 50, 4915);
    b.pwm_set(BUZZER_PIN, 262, 65535);
    b.set_pot(0x1234);
    b.set_button(4, true);
    b.neopixel_write(NEOPIXEL_PIN, &[1, 2, 3]);
    b.i2c_write(OLED_ADDR, &[0x00, 0xAF, 0xA7, 0xA1, 0xC8, 0x81, 0x20]);
    b.i2c_write(OLED_ADDR, &[0x40, 0x80]);
    let mut out = alloc::vec![9; 3];
    b.snapshot(&mut out);
    assert_eq!(out.len(), FRAME_LEN);
    assert_eq!(out[0], VERSION);
    assert_eq!(&out[1..5], &[255, 0, 0, 0]);
    assert_eq!(u16::from_le_bytes([out[5], out[6]]), 900);
    assert_eq!(u32::from_le_bytes([out[7], out[8], out[9], out[10]]), 262);
    assert_eq!(out[11], 255);
    assert_eq!(&out[12..14], &[0x34, 0x12]);
    assert_eq!(out[14], 2);
    assert_eq!(&out[15..18], &[2, 1, 3]);
    assert_eq!(out[39], 0b111);
    assert_eq!(out[40], 0x20);
    assert_eq!(out[41], 0x80);
    assert_eq!(u32::from_le_bytes([out[1065], out[1066], out[1067], out[1068]]), 1 << 2);
    b.reset();
    b.snapshot(&mut out);
    assert_eq!(u16::from_le_bytes([out[5], out[6]]), 0xFFFF);
    assert_eq!(out[14], 2, "reset keeps the user's finger on the button");
    assert!(out[15..40].iter().chain(&out[41..]).all(|&x| x == 0));
    assert_eq!(out[40], 0x7f, "the SSD1306's reset contrast");
}
