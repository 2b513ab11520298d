//! Scheduled callbacks: `micropython.schedule`, pin IRQ handlers and `machine.Timer` callbacks.
//!
//! As in MicroPython, they run between bytecodes of the main program (never inside a native
//! call), one at a time: the interpreter loop looks here at its interrupt polls, and `run`
//! looks here while the program sleeps, waking early for the next timer.

use alloc::vec::Vec;

use super::{PyResult, Vm};
use crate::value::Value;

/// Callbacks waiting to run, as MicroPython's scheduler queue (`schedule queue full` beyond it).
pub const QUEUE_DEPTH: usize = 8;
/// How often a sleeping program looks for pin edges when IRQs are armed (µs).
const EDGE_POLL_US: u64 = 10_000;

#[derive(Clone, Copy)]
pub struct Timer {
    pub id: i64,
    pub obj: Value,
    pub callback: Value,
    /// 0 for a one-shot timer.
    pub period_us: u64,
    pub next_us: u64,
}

pub struct PinIrq {
    pub pin: u32,
    pub trigger: u8,
    pub handler: Value,
    pub obj: Value,
}

#[derive(Default)]
pub struct Sched {
    /// Callback and argument, oldest first, flat (`Vec<Value>`'s code serves it, not a
    /// copy for pairs); a `Vec` since it holds at most [`QUEUE_DEPTH`] of them.
    queue: Vec<Value>,
    pub timers: Vec<Timer>,
    pub irqs: Vec<PinIrq>,
    /// A callback is running: no other starts inside it.
    running: bool,
    /// `machine.disable_irq()` holds callbacks back.
    pub held: bool,
}

impl Sched {
    /// Anything for the loop to look at? (One test on the poll path.)
    pub fn armed(&self) -> bool {
        !self.queue.is_empty() || !self.timers.is_empty() || !self.irqs.is_empty()
    }

    /// Every value held here, for the collector.
    pub fn mark_roots(&self, roots: &mut crate::heap::Roots) {
        roots.values(&self.queue);
        for t in &self.timers {
            roots.values(&[t.obj, t.callback]);
        }
        for i in &self.irqs {
            roots.values(&[i.handler, i.obj]);
        }
    }

    /// Queue `f(arg)`; false when the queue is full.
    pub fn push(&mut self, f: Value, arg: Value) -> bool {
        if self.queue.len() >= 2 * QUEUE_DEPTH {
            return false;
        }
        self.queue.push(f);
        self.queue.push(arg);
        true
    }

    /// When a sleep until `until` should wake to serve timers and pin edges.
    pub fn wake_at(&self, until: u64, now: u64) -> u64 {
        let mut at = if self.irqs.is_empty() { until } else { until.min(now.saturating_add(EDGE_POLL_US)) };
        for t in &self.timers {
            at = at.min(t.next_us);
        }
        at
    }

    /// Forget every callback (a port's soft reset).
    pub fn clear(&mut self) {
        *self = Sched::default();
    }
}

impl Vm {
    /// Move due timers and pin edges into the queue, then run what is queued.
    pub(crate) fn run_scheduled(&mut self) -> PyResult<()> {
        if self.sched.running || self.sched.held {
            return Ok(());
        }
        let now = self.host.ticks_us();
        let mut i = 0;
        while i < self.sched.timers.len() {
            let t = &mut self.sched.timers[i];
            if t.next_us > now {
                i += 1;
                continue;
            }
            let (cb, obj) = (t.callback, t.obj);
            if t.period_us == 0 {
                // The later timers move down one (`Vec::remove` is a copy of its own per type).
                let timers = &mut self.sched.timers;
                for j in i + 1..timers.len() {
                    timers[j - 1] = timers[j];
                }
                timers.pop();
            } else {
                // A late timer fires once, then keeps its rhythm from now.
                t.next_us = t.next_us.saturating_add(t.period_us).max(now + 1);
                i += 1;
            }
            if !cb.is_none() {
                self.sched.push(cb, obj);
            }
        }
        if !self.sched.irqs.is_empty() {
            while let Some((pin, rising)) = self.host.pin_edge() {
                let bit = if rising { crate::host::IRQ_RISING } else { crate::host::IRQ_FALLING };
                let hit = self.sched.irqs.iter().find(|q| q.pin == pin && q.trigger & bit != 0).map(|q| (q.handler, q.obj));
                if let Some((h, obj)) = hit {
                    self.sched.push(h, obj);
                }
            }
        }
        while !self.sched.queue.is_empty() {
            let (f, arg) = (self.sched.queue[0], self.sched.queue[1]);
            crate::obj::splice(&mut self.sched.queue, 0, 2, &[]);
            self.sched.running = true;
            let r = self.call_value(f, &[arg]);
            self.sched.running = false;
            r?;
        }
        Ok(())
    }

    /// Queue `f(arg)` to run at the loop's next poll; false when the queue is full.
    pub fn schedule(&mut self, f: Value, arg: Value) -> bool {
        self.poll_countdown = 1;
        self.sched.push(f, arg)
    }

    /// Stop every timer, IRQ handler and queued callback (Reset in the page, soft reset).
    pub fn clear_scheduled(&mut self) {
        self.sched.clear();
    }
}
