//! Source text to syntax tree.

pub mod lexer;
pub mod parser;

pub use parser::parse;
