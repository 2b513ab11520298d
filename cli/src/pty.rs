//! A pseudo-terminal that makes this process look like a board on a serial port: real tools
//! (mpremote, esptool, Thonny) open the printed path as if it were `/dev/ttyUSB0`.

use std::ffi::CStr;
use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

pub struct Pty {
    master: File,
    /// Our own handle on the device: while it is open, a client closing the port is not a
    /// hang-up for us (reads keep waiting instead of failing with EIO) and the next client can
    /// connect, as with a board that stays plugged in.
    _slave: File,
    path: String,
}

fn check(ret: libc::c_int, what: &str) -> io::Result<libc::c_int> {
    if ret < 0 {
        let e = io::Error::last_os_error();
        return Err(io::Error::new(e.kind(), format!("{what}: {e}")));
    }
    Ok(ret)
}

impl Pty {
    /// Open a new pty in raw mode (no echo, no line discipline: bytes pass as they are).
    pub fn open() -> io::Result<Pty> {
        // SAFETY: posix_openpt has no memory preconditions; the fd it returns is owned by us
        // alone, so wrapping it in an OwnedFd (closed once, on drop) is sound.
        let master: OwnedFd = unsafe {
            let fd = check(libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY), "posix_openpt")?;
            OwnedFd::from_raw_fd(fd)
        };
        let mfd = master.as_raw_fd();
        // SAFETY: mfd is a valid pty master for the calls below; ptsname_r writes at most
        // buf.len() bytes including its NUL into our buffer.
        let path = unsafe {
            check(libc::grantpt(mfd), "grantpt")?;
            check(libc::unlockpt(mfd), "unlockpt")?;
            let mut buf = [0 as libc::c_char; 128];
            let r = libc::ptsname_r(mfd, buf.as_mut_ptr(), buf.len());
            if r != 0 {
                return Err(io::Error::from_raw_os_error(r));
            }
            CStr::from_ptr(buf.as_ptr()).to_string_lossy().into_owned()
        };
        let slave = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags_noctty()
            .open(&path)?;
        make_raw(slave.as_raw_fd())?;
        // Non-blocking writes: see `Wire`. Reads wait in `poll` first, so they are unchanged.
        // SAFETY: fcntl on a valid fd we own, with flag arguments only.
        unsafe {
            let flags = check(libc::fcntl(mfd, libc::F_GETFL), "fcntl")?;
            check(libc::fcntl(mfd, libc::F_SETFL, flags | libc::O_NONBLOCK), "fcntl")?;
        }
        Ok(Pty { master: File::from(master), _slave: slave, path })
    }

    /// The device path a client opens (`/dev/pts/N`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Wait up to `timeout_ms` for bytes from the client; Ok(0) means none came in time.
    pub fn read_timeout(&mut self, buf: &mut [u8], timeout_ms: i32) -> io::Result<usize> {
        let mut pfd = libc::pollfd { fd: self.master.as_raw_fd(), events: libc::POLLIN, revents: 0 };
        // SAFETY: pfd is one valid pollfd that lives across the call.
        let n = unsafe { libc::poll(&mut pfd, 1, timeout_ms) };
        if n < 0 {
            let e = io::Error::last_os_error();
            return if e.kind() == io::ErrorKind::Interrupted { Ok(0) } else { Err(e) };
        }
        if n == 0 {
            return Ok(0);
        }
        match self.master.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(0),
            r => r,
        }
    }

    /// Send bytes to the client (see [`Wire`]): `simulate-rom --pty`.
    pub fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        send(&mut self.master, bytes)
    }

    /// A writer on the master side for the VM's host (the `--pty` REPL).
    pub fn wire(&self) -> io::Result<Wire> {
        Ok(Wire(self.master.try_clone()?))
    }
}

/// The board's output line. Like a UART, it never stops the board for good: bytes that no
/// client takes within [`STALL_MS`] (none connected, or one that writes without reading) are
/// dropped, as on a wire nobody listens to. A blocking write here once wedged the board: the
/// pty's buffer filled with echo while the client kept writing, and neither side read again.
pub struct Wire(File);

/// How long output may make no progress before the rest of a write is dropped: long enough
/// for any live client on a loaded machine to read.
const STALL_MS: i32 = 2000;

impl Write for Wire {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        send(&mut self.0, bytes)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Write all of `bytes` to the non-blocking master, waiting while the client reads; drop the
/// rest after [`STALL_MS`] without progress.
fn send(master: &mut File, mut bytes: &[u8]) -> io::Result<()> {
    while !bytes.is_empty() {
        match master.write(bytes) {
            Ok(0) => return Ok(()),
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                let mut pfd = libc::pollfd { fd: master.as_raw_fd(), events: libc::POLLOUT, revents: 0 };
                // SAFETY: pfd is one valid pollfd that lives across the call.
                let n = unsafe { libc::poll(&mut pfd, 1, STALL_MS) };
                if n == 0 {
                    return Ok(());
                }
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

trait NoCtty {
    fn custom_flags_noctty(&mut self) -> &mut Self;
}

impl NoCtty for std::fs::OpenOptions {
    fn custom_flags_noctty(&mut self) -> &mut Self {
        use std::os::unix::fs::OpenOptionsExt;
        self.custom_flags(libc::O_NOCTTY)
    }
}

/// cfmakeraw on the device: clients like pyserial set this too, but a client that does not
/// (or `cat`) must not see echo or CR/LF translation either.
fn make_raw(fd: libc::c_int) -> io::Result<()> {
    // SAFETY: termios is plain data, fully written by tcgetattr before it is read.
    unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        check(libc::tcgetattr(fd, &mut t), "tcgetattr")?;
        libc::cfmakeraw(&mut t);
        check(libc::tcsetattr(fd, libc::TCSANOW, &t), "tcsetattr")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_cross_the_pty_both_ways_unchanged() {
        let mut pty = Pty::open().expect("open pty");
        assert!(pty.path().starts_with("/dev/pts/"));
        let mut client = std::fs::OpenOptions::new().read(true).write(true).open(pty.path()).expect("open client");
        client.write_all(b"a\r\n\x03\x04").expect("client write");
        let mut got = Vec::new();
        let mut buf = [0u8; 64];
        while got.len() < 5 {
            let n = pty.read_timeout(&mut buf, 2000).expect("read");
            assert!(n > 0, "timed out after {:?}", got);
            got.extend_from_slice(&buf[..n]);
        }
        assert_eq!(got, b"a\r\n\x03\x04");
        pty.write_all(b"OK\r\n").expect("write");
        let mut back = [0u8; 4];
        client.read_exact(&mut back).expect("client read");
        assert_eq!(&back, b"OK\r\n");
    }

    #[test]
    fn output_nobody_reads_is_dropped_not_waited_for() {
        let pty = Pty::open().expect("open pty");
        let mut wire = pty.wire().expect("wire");
        // A client that only writes (its echo piles up unread), as in mpremote's noise test.
        let mut client = std::fs::OpenOptions::new().read(true).write(true).open(pty.path()).expect("open client");
        let t0 = std::time::Instant::now();
        wire.write_all(&[b'x'; 1 << 20]).expect("write");
        assert!(t0.elapsed() < std::time::Duration::from_secs(3 * STALL_MS as u64 / 1000), "{:?}", t0.elapsed());
        // A client that reads again gets the board's later output.
        let mut buf = vec![0u8; 1 << 16];
        while client_has_input(&client) {
            let _ = client.read(&mut buf);
        }
        wire.write_all(b"after").expect("write");
        let mut back = [0u8; 5];
        client.read_exact(&mut back).expect("client read");
        assert_eq!(&back, b"after");
    }

    fn client_has_input(f: &File) -> bool {
        let mut pfd = libc::pollfd { fd: f.as_raw_fd(), events: libc::POLLIN, revents: 0 };
        // SAFETY: pfd is one valid pollfd that lives across the call.
        unsafe { libc::poll(&mut pfd, 1, 200) > 0 }
    }
}
