#!/bin/sh
# Cargo runs every rustc call for a workspace member through this script (`.cargo/config.toml`,
# `build.rustc-workspace-wrapper`). It links the `ferrite` binary alone statically on Linux with
# glibc: the process then maps no libc.so/libgcc_s.so and starts without the dynamic loader
# (start-up RSS 4.0 → 2.6 MB, the heaviest benchmark 5.3 → 3.9 MB). A global
# `-C target-feature=+crt-static` cannot be used: it also reaches proc-macros, which then
# fail to build, and a build script's link arguments cannot switch the C runtime.
#
# It also compiles the `vm` crate for x86-64 with LLVM's `slow-unaligned-mem-16` tuning: LLVM
# then copies a 16-byte `Value` as two 8-byte moves instead of one SSE move. An op that builds
# a value (an int sum, a bool) stores its tag and payload as two 8-byte stores; the next op that
# copies it (`StoreFast`, a call's argument) loaded all 16 bytes at once, and a load fed by two
# stores cannot be forwarded from the store buffer: it waits for both to reach the cache. Split
# copies forward from either store width. Measured on an AMD EPYC: wall −8 % on the perf
# scripts, instructions +3 %. rustc warns that the feature is unknown to it (it is a tuning
# flag it passes to LLVM unchanged); the warning names this flag.
#
# The instrumented build of the profile-guided release (`xtask/src/pgo.rs`) links dynamically:
# its profiling runtime keeps code alive that refers to glibc's versioned termios symbols, which
# a static link cannot resolve. Only the profile it writes matters, not how it was linked.
rustc=$1
shift
name= bin= target=
prev=
instrumented=
for a in "$@"; do
    case "$a" in -Cprofile-generate=*) instrumented=1 ;; esac
    case "$prev" in
        --crate-name) name=$a ;;
        --crate-type) [ "$a" = bin ] && bin=1 ;;
        --target) target=$a ;;
    esac
    prev=$a
done
host() { [ -n "$target" ] || target=$("$rustc" -vV | sed -n 's/^host: //p'); }
if [ "$name" = ferrite ] && [ -n "$bin" ] && [ -z "$instrumented" ]; then
    host
    case "$target" in
        *-linux-gnu) exec "$rustc" "$@" -C target-feature=+crt-static ;;
    esac
fi
if [ "$name" = vm ]; then
    host
    case "$target" in
        x86_64-*) exec "$rustc" "$@" -C target-feature=+slow-unaligned-mem-16 ;;
    esac
fi
exec "$rustc" "$@"
