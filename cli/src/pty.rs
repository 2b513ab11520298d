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
        self.master.read(buf)
    }

    /// Send bytes to the client.
    pub fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.master.write_all(bytes)
    }

    /// A second handle on the master side, e.g. for a writer owned by the VM's host.
    #[allow(dead_code)] // used by the `--pty` REPL (issue 4)
    pub fn try_clone_master(&self) -> io::Result<File> {
        self.master.try_clone()
    }
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
}
