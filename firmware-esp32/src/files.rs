//! Where the files live: the `vfs` partition of the partition table in flash (see
//! `partitions.csv`), through esp-storage's NOR flash driver.

use esp_bootloader_esp_idf::partitions::{read_partition_table, PARTITION_TABLE_MAX_LEN};
use esp_hal::peripherals::FLASH;
use esp_storage::FlashStorage;
use ferrite_port::files::Pages;

/// The partition's name (MicroPython's).
const LABEL: &str = "vfs";

/// The `vfs` partition as pages for the file store; None without a readable table or partition.
pub fn flash(flash: FLASH<'static>) -> Option<Pages<FlashStorage<'static>>> {
    let mut storage = FlashStorage::new(flash);
    let mut table = [0u8; PARTITION_TABLE_MAX_LEN];
    let vfs = read_partition_table(&mut storage, &mut table).ok()?.iter().find(|p| p.label_as_str() == LABEL)?;
    Pages::new(storage, vfs.offset(), vfs.len())
}
