//! Syntax tree to bytecode: scope analysis, then code generation.

pub mod scope;
pub mod codegen;

pub use codegen::compile;
