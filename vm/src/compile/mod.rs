//! Syntax tree to bytecode: scope analysis (`scope.rs`), then code generation (`codegen.rs` for
//! units, definitions and simple statements, `flow.rs` for control flow, `expr.rs` for
//! expressions), with constant folding (`fold.rs`), a code builder with labels (`builder.rs`)
//! and stack-depth analysis (`stack.rs`). `dis.rs` prints code objects for debugging and tests.

mod builder;
mod codegen;
mod dis;
mod expr;
mod flow;
mod fold;
pub mod scope;
mod stack;

#[cfg(test)]
mod tests;

pub use codegen::compile;
pub use dis::dis;
