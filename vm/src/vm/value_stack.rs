//! The VM's value stack: every frame's locals, cells and operand stack, one above the other.
//!
//! A `Vec<Value>` kept its height in its own `len` field: each push or pop loaded it, stored the
//! value and stored `len` back, and the next instruction loaded it again, so every instruction's
//! critical path went through a store-to-load forward, and LLVM could not keep the height in a
//! register because the value stores might alias the `Vec`'s fields. Here the buffer is all
//! initialised (`slots`, grown with Null) and the height is a plain field (`sp`), so the
//! interpreter loop can copy the height into a local, write slots below `slots.len()` directly
//! and store the height back only when it leaves its hot instructions (`interp.rs`).
//!
//! Only `slots[..sp]` is the stack: slots above it hold stale values that nothing reads before
//! writing (the collector marks `slots[..sp]` alone). The API is `Vec`'s, with the same meaning,
//! and the stack derefs to the slice `slots[..sp]`.

use alloc::collections::TryReserveError;
use alloc::vec::Vec;
use core::ops::{Deref, DerefMut, Index, IndexMut, Range, RangeFrom, RangeFull, RangeInclusive, RangeTo};

use crate::value::Value;

pub struct ValueStack {
    /// The buffer, every slot initialised; its length is the room the stack has.
    pub(super) slots: Vec<Value>,
    /// The height: `slots[..sp]` is the stack.
    pub(super) sp: usize,
}

impl ValueStack {
    /// An empty stack with room for `room` values.
    pub fn with_room(room: usize) -> ValueStack {
        let mut slots = Vec::new();
        slots.resize(room, Value::Null);
        ValueStack { slots, sp: 0 }
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.sp
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.sp == 0
    }

    /// How many values fit without growing.
    #[inline]
    pub fn room(&self) -> usize {
        self.slots.len()
    }

    #[inline]
    pub fn push(&mut self, v: Value) {
        if self.sp == self.slots.len() {
            self.grow(1);
        }
        self.slots[self.sp] = v;
        self.sp += 1;
    }

    #[inline]
    pub fn pop(&mut self) -> Option<Value> {
        let sp = self.sp.checked_sub(1)?;
        self.sp = sp;
        self.slots.get(sp).copied()
    }

    /// Move the top value down to `at` and cut the stack just above it: a returning frame's
    /// value takes its callable's slot. Nothing happens if `at` is not below the top.
    #[inline]
    pub fn return_to(&mut self, at: usize) {
        if at < self.sp && self.sp <= self.slots.len() {
            self.slots[at] = self.slots[self.sp - 1];
            self.sp = at + 1;
        }
    }

    #[inline]
    pub fn truncate(&mut self, len: usize) {
        self.sp = self.sp.min(len);
    }

    #[inline]
    pub fn clear(&mut self) {
        self.sp = 0;
    }

    #[inline]
    pub fn last(&self) -> Option<&Value> {
        self.slots.get(self.sp.checked_sub(1)?)
    }

    #[inline]
    pub fn last_mut(&mut self) -> Option<&mut Value> {
        self.slots.get_mut(self.sp.checked_sub(1)?)
    }

    /// Set the height to `len`; new values are `v`.
    #[inline(never)]
    pub fn resize(&mut self, len: usize, v: Value) {
        if len > self.sp {
            self.reserve(len - self.sp);
            self.slots[self.sp..len].fill(v);
        }
        self.sp = len;
    }

    #[inline(never)]
    pub fn extend_from_slice(&mut self, vs: &[Value]) {
        let (sp, end) = (self.sp, self.sp + vs.len());
        self.reserve(vs.len());
        self.slots[sp..end].copy_from_slice(vs);
        self.sp = end;
    }

    #[inline(never)]
    pub fn extend(&mut self, vs: impl IntoIterator<Item = Value>) {
        for v in vs {
            self.push(v);
        }
    }

    /// Insert `v` at `at`, moving the values above it up.
    #[inline(never)]
    pub fn insert(&mut self, at: usize, v: Value) {
        self.push(v);
        // A memmove, not `rotate_right` (a copy of core's rotation in the wasm).
        self.slots.copy_within(at..self.sp - 1, at + 1);
        self.slots[at] = v;
    }

    /// Remove the value at `at`, moving the values above it down.
    #[inline(never)]
    pub fn remove(&mut self, at: usize) -> Value {
        let v = self[at];
        self.slots.copy_within(at + 1..self.sp, at);
        self.sp -= 1;
        v
    }

    /// The values from `at` up, taken off the stack.
    #[inline(never)]
    pub fn split_off(&mut self, at: usize) -> Vec<Value> {
        let top = self[at..].to_vec();
        self.sp = at;
        top
    }

    /// Room for `more` values above the height.
    #[inline]
    pub fn reserve(&mut self, more: usize) {
        if self.sp + more > self.slots.len() {
            self.grow(more);
        }
    }

    /// `reserve`, failing instead of aborting when the allocator refuses.
    pub fn try_reserve(&mut self, more: usize) -> Result<(), TryReserveError> {
        if self.sp + more > self.slots.len() {
            let room = self.room_for(more);
            self.slots.try_reserve_exact(room - self.slots.len())?;
            self.slots.resize(room, Value::Null);
        }
        Ok(())
    }

    /// Grow the buffer for `more` values above the height.
    #[cold]
    #[inline(never)]
    fn grow(&mut self, more: usize) {
        let room = self.room_for(more);
        self.slots.resize(room, Value::Null);
    }

    /// The buffer's length when it grows for `more` values: at least doubled, so pushes stay
    /// amortised O(1) (the one growth policy of `grow` and `try_reserve`).
    fn room_for(&self, more: usize) -> usize {
        (self.sp + more).max(self.slots.len() * 2).max(16)
    }
}

/// A slot of the stack: checked against the buffer alone (one compare, where the slice below the
/// height checked the height against the buffer too); only slots below the height are read.
impl Index<usize> for ValueStack {
    type Output = Value;

    #[inline]
    fn index(&self, i: usize) -> &Value {
        debug_assert!(i < self.sp, "a slot above the stack");
        &self.slots[i]
    }
}

impl IndexMut<usize> for ValueStack {
    #[inline]
    fn index_mut(&mut self, i: usize) -> &mut Value {
        debug_assert!(i < self.sp, "a slot above the stack");
        &mut self.slots[i]
    }
}

/// Ranges of the stack: within the height.
macro_rules! index_ranges {
    ($($r:ty),*) => {$(
        impl Index<$r> for ValueStack {
            type Output = [Value];

            #[inline]
            fn index(&self, r: $r) -> &[Value] {
                &self.slots[..self.sp][r]
            }
        }

        impl IndexMut<$r> for ValueStack {
            #[inline]
            fn index_mut(&mut self, r: $r) -> &mut [Value] {
                &mut self.slots[..self.sp][r]
            }
        }
    )*};
}

index_ranges!(Range<usize>, RangeFrom<usize>, RangeTo<usize>, RangeInclusive<usize>, RangeFull);

impl Deref for ValueStack {
    type Target = [Value];

    #[inline]
    fn deref(&self) -> &[Value] {
        &self.slots[..self.sp]
    }
}

impl DerefMut for ValueStack {
    #[inline]
    fn deref_mut(&mut self) -> &mut [Value] {
        &mut self.slots[..self.sp]
    }
}

#[cfg(test)]
mod tests {
    use super::ValueStack;
    use crate::value::{Kind, Value};

    fn ints(s: &ValueStack) -> alloc::vec::Vec<i64> {
        s.iter().map(|v| if let Kind::Int(i) = v.kind() { i } else { -1 }).collect()
    }

    #[test]
    fn grows_past_its_room_and_keeps_values() {
        let mut s = ValueStack::with_room(2);
        for i in 0..100 {
            s.push(Value::Int(i));
        }
        assert_eq!(s.len(), 100);
        assert!(s.room() >= 100);
        assert_eq!(ints(&s), (0..100).collect::<alloc::vec::Vec<_>>());
        assert_eq!(s.pop(), Some(Value::Int(99)));
        assert_eq!(s.last(), Some(&Value::Int(98)));
    }

    #[test]
    fn the_stack_is_below_the_height_only() {
        let mut s = ValueStack::with_room(8);
        s.extend_from_slice(&[Value::Int(1), Value::Int(2), Value::Int(3)]);
        s.truncate(1);
        // The stale slots above the height are not part of the stack...
        assert_eq!(ints(&s), [1]);
        assert_eq!(s.get(1), None);
        // ...and a push overwrites them.
        s.push(Value::Int(7));
        assert_eq!(ints(&s), [1, 7]);
        s.truncate(5);
        assert_eq!(s.len(), 2);
        s.clear();
        assert_eq!(s.pop(), None);
        assert!(s.is_empty());
    }

    #[test]
    fn vec_like_edits() {
        let mut s = ValueStack::with_room(0);
        s.resize(3, Value::Null);
        assert!(s.iter().all(|v| v.is_null()));
        s.resize(1, Value::None);
        s[0] = Value::Int(0);
        s.extend([Value::Int(1), Value::Int(2)]);
        s.insert(1, Value::Int(9));
        assert_eq!(ints(&s), [0, 9, 1, 2]);
        s.insert(4, Value::Int(8));
        assert_eq!(ints(&s), [0, 9, 1, 2, 8]);
        assert_eq!(s.remove(1), Value::Int(9));
        assert_eq!(ints(&s), [0, 1, 2, 8]);
        assert_eq!(s.split_off(2), [Value::Int(2), Value::Int(8)]);
        assert_eq!(ints(&s), [0, 1]);
        s.swap(0, 1);
        *s.last_mut().unwrap() = Value::Int(5);
        assert_eq!(ints(&s), [1, 5]);
        assert_eq!(&s[..1], &[Value::Int(1)]);
        s.try_reserve(1000).unwrap();
        assert!(s.room() >= 1002);
        assert_eq!(s.len(), 2);
    }
}
