//! `os`: files and folders through the host, in the shape of MicroPython's `os`.
//!
//! Every operation goes through [`Host`](crate::host::Host); its errors become `OSError(errno)`.
//! The host gives no permissions, inodes or owners: `stat` reports the usual permissions of a
//! new file or folder on the unix port (0o644, 0o755) and zeros for the rest.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::io::os_error;
use super::math::{build_module, get_int, B, F};
use crate::intern::Sym;
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

const S_IFDIR: i64 = 0x4000;
const S_IFREG: i64 = 0x8000;
const DIR_MODE: i64 = S_IFDIR | 0o755;
const FILE_MODE: i64 = S_IFREG | 0o644;

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let state = super::random::new_state(vm)?;
    let sep = vm.new_str("/")?;
    build_module(
        vm,
        "os",
        state,
        const { &[
            ("chdir", F(chdir, 1, 1)),
            ("getcwd", F(getcwd, 0, 0)),
            ("getenv", F(getenv, 1, 2)),
            ("ilistdir", F(ilistdir, 0, 1)),
            ("listdir", F(listdir, 0, 1)),
            ("mkdir", F(mkdir, 1, 1)),
            ("remove", F(remove, 1, 1)),
            ("rename", F(rename, 2, 2)),
            ("rmdir", F(rmdir, 1, 1)),
            ("stat", F(stat, 1, 1)),
            ("unlink", F(remove, 1, 1)),
            ("urandom", B(urandom, 2, 2)),
        ] },
        &[("sep", sep)],
    )
}

/// A path argument; MicroPython takes bytes as well as str (and answers in kind).
fn path_arg(vm: &mut Vm, v: Value) -> PyResult<(String, bool)> {
    if let Some(s) = vm.as_str(v) {
        return Ok((String::from(s), false));
    }
    if let Some(b) = vm.bytes_like(v) {
        return Ok((crate::builtins::text::lossy(&b), true));
    }
    Ok((super::super::args::string(vm, v)?, false))
}

fn check<T>(vm: &mut Vm, r: Result<T, crate::host::OsError>) -> PyResult<T> {
    r.map_err(|e| os_error(vm, e.0))
}

fn stat(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let (path, _) = path_arg(vm, a[0])?;
    let r = vm.host.stat(&path);
    let st = check(vm, r)?;
    let mode = if st.is_dir { DIR_MODE } else { FILE_MODE };
    let size = vm.new_int(st.size as i64)?;
    let t = vm.new_int(st.mtime as i64)?;
    let z = Value::Int(0);
    vm.new_tuple(vec![Value::Int(mode), z, z, z, z, z, size, t, t, t])
}

/// The names in a folder (`.` by default), as str or bytes like the argument.
fn names(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<(String, bool, Vec<String>)> {
    let (path, bytes) = match a.first() {
        Some(&v) => path_arg(vm, v)?,
        None => (String::from("."), false),
    };
    let r = vm.host.list_dir(&path);
    let list = check(vm, r)?;
    Ok((path, bytes, list))
}

fn name_value(vm: &mut Vm, name: &str, bytes: bool) -> PyResult<Value> {
    if bytes {
        vm.new_bytes(Vec::from(name.as_bytes()))
    } else {
        vm.new_str(name)
    }
}

fn listdir(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (_, bytes, list) = names(vm, a, kw)?;
    let mut out = Vec::with_capacity(list.len());
    for n in &list {
        out.push(name_value(vm, n, bytes)?);
    }
    vm.new_list(out)
}

/// `ilistdir([path])`: an iterator of `(name, type, inode, size)` like a board's VFS
/// (mpremote's `fs ls` shows the size).
fn ilistdir(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (path, bytes, list) = names(vm, a, kw)?;
    let mut out = Vec::with_capacity(list.len());
    for n in &list {
        let full = if path == "." || path.is_empty() { n.clone() } else { alloc::format!("{}/{}", path.trim_end_matches('/'), n) };
        let (is_dir, size) = vm.host.stat(&full).map(|s| (s.is_dir, if s.is_dir { 0 } else { s.size })).unwrap_or((false, 0));
        let nv = name_value(vm, n, bytes)?;
        let size = vm.new_int(size as i64)?;
        let t = vm.new_tuple(vec![nv, Value::Int(if is_dir { S_IFDIR } else { S_IFREG }), Value::Int(0), size])?;
        out.push(t);
    }
    let l = vm.new_list(out)?;
    vm.get_iter(l)
}

fn path_op(vm: &mut Vm, a: &[Value], _kw: Kw, op: fn(&mut dyn crate::host::Host, &str) -> Result<(), crate::host::OsError>) -> PyResult<Value> {
    let (path, _) = path_arg(vm, a[0])?;
    let r = op(vm.host.as_mut(), &path);
    check(vm, r)?;
    Ok(Value::None)
}

fn mkdir(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    path_op(vm, a, kw, |h, p| h.mkdir(p))
}

fn remove(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    path_op(vm, a, kw, |h, p| h.remove(p))
}

fn rmdir(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    path_op(vm, a, kw, |h, p| h.rmdir(p))
}

fn chdir(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    path_op(vm, a, kw, |h, p| h.chdir(p))
}

fn rename(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let (from, _) = path_arg(vm, a[0])?;
    let (to, _) = path_arg(vm, a[1])?;
    let r = vm.host.rename(&from, &to);
    check(vm, r)?;
    Ok(Value::None)
}

fn getcwd(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    let cwd = vm.host.getcwd();
    vm.new_string(cwd)
}

/// `getenv(key, default=None)`: the host has no environment, so the default.
fn getenv(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    super::super::args::string(vm, a[0])?;
    Ok(a.get(1).copied().unwrap_or(Value::None))
}

fn urandom(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let (st, a) = match a.split_first() {
        Some((s, rest)) => (*s, rest),
        None => (Value::None, a),
    };
    let n = get_int(vm, a[0])?;
    if n < 0 {
        return Err(vm.err0(TypeId::ValueError));
    }
    let n = n as usize;
    if !vm.heap.reserve(n) {
        return Err(vm.memory_error());
    }
    let rng = super::random::rng(vm, st)?;
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let w = rng.next_u32().to_le_bytes();
        let take = (n - out.len()).min(4);
        out.extend_from_slice(&w[..take]);
    }
    vm.new_bytes(out)
}
