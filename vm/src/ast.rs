//! The syntax tree: the contract between the parser and the compiler.
//!
//! It mirrors CPython's `ast` module closely so that Python's own documentation describes it.
//! Nodes carry the source line (1-based) for tracebacks; the tree is dropped as soon as the
//! code object exists, so it favours simplicity over compactness.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::Cell;

pub type Body = Vec<Stmt>;

#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    pub line: u32,
    /// The scope a `def` or `class` opens, numbered by the scope pass for code generation
    /// (0 until then). It sits in the padding before `kind`, so it costs no memory.
    pub scope: Cell<u32>,
    pub kind: StmtKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    /// An expression evaluated for its effect (or echoed, in the REPL's single mode).
    Expr(Expr),
    /// `a = b = value`: `targets` are assigned left to right.
    Assign { targets: Vec<Expr>, value: Expr },
    AugAssign { target: Expr, op: BinOp, value: Expr },
    /// `x: int = 1`. Annotations are evaluated nowhere (MicroPython ignores them).
    AnnAssign { target: Expr, annotation: Expr, value: Option<Expr> },
    Pass,
    Break,
    Continue,
    Return(Option<Expr>),
    Delete(Vec<Expr>),
    If { test: Expr, body: Body, orelse: Body },
    While { test: Expr, body: Body, orelse: Body },
    For { target: Expr, iter: Expr, body: Body, orelse: Body, is_async: bool },
    Try { body: Body, handlers: Vec<ExceptHandler>, orelse: Body, finalbody: Body },
    Raise { exc: Option<Expr>, cause: Option<Expr> },
    With { items: Vec<WithItem>, body: Body, is_async: bool },
    FunctionDef(Box<FunctionDef>),
    ClassDef(Box<ClassDef>),
    /// `import a.b.c as d, e`
    Import(Vec<Alias>),
    /// `from ..mod import a as b, c` / `from mod import *` (then `names` is one alias named `*`).
    ImportFrom { module: Option<String>, names: Vec<Alias>, level: u32 },
    Global(Vec<String>),
    Nonlocal(Vec<String>),
    Assert { test: Expr, msg: Option<Expr> },
}

/// The placeholder the parser returns for a statement once it has stopped at an error.
impl Default for StmtKind {
    fn default() -> Self {
        StmtKind::Pass
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExceptHandler {
    pub line: u32,
    /// `None` for a bare `except:`.
    pub typ: Option<Expr>,
    pub name: Option<String>,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WithItem {
    pub context: Expr,
    pub target: Option<Expr>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    /// Dotted name as written (`a.b.c`), or `*`.
    pub name: String,
    pub asname: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FunctionDef {
    pub name: String,
    pub args: Arguments,
    pub body: Body,
    pub decorators: Vec<Expr>,
    pub returns: Option<Expr>,
    pub is_async: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClassDef {
    pub name: String,
    /// Positional arguments in the class header; may contain `Starred`.
    pub bases: Vec<Expr>,
    /// Keyword arguments in the class header (`metaclass=...`); `arg: None` is `**kw`.
    pub keywords: Vec<Keyword>,
    pub body: Body,
    pub decorators: Vec<Expr>,
}

/// A parameter list. `defaults` belong to the *last* `defaults.len()` of `posonlyargs + args`;
/// `kw_defaults[i]` belongs to `kwonlyargs[i]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Arguments {
    pub posonlyargs: Vec<Arg>,
    pub args: Vec<Arg>,
    pub vararg: Option<Arg>,
    pub kwonlyargs: Vec<Arg>,
    pub kw_defaults: Vec<Option<Expr>>,
    pub kwarg: Option<Arg>,
    pub defaults: Vec<Expr>,
}

impl Arguments {
    /// Every parameter, in the order of their fast slots: positional, keyword-only, `*args`,
    /// `**kwargs`. Slices rather than a chain of iterators, which was a copy of its adaptors
    /// per link.
    pub fn in_slot_order(&self) -> [&[Arg]; 5] {
        [&self.posonlyargs, &self.args, &self.kwonlyargs, self.vararg.as_slice(), self.kwarg.as_slice()]
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    pub name: String,
    pub annotation: Option<Expr>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Keyword {
    /// `None` for `**mapping`.
    pub arg: Option<String>,
    pub value: Expr,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub line: u32,
    /// The scope a `lambda` or comprehension opens, as [`Stmt::scope`].
    pub scope: Cell<u32>,
    pub kind: ExprKind,
}

/// The placeholder the parser returns for an expression once it has stopped at an error.
impl Default for Expr {
    fn default() -> Self {
        Expr { line: 0, scope: Cell::new(0), kind: ExprKind::Const(Constant::None) }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Name(String),
    Const(Constant),
    /// An f-string: a concatenation of `Const(Str)` and `FormattedValue` parts.
    JoinedStr(Vec<Expr>),
    /// `{value!conversion:format_spec}`; `format_spec` is itself a `JoinedStr` (or `Const(Str)`).
    FormattedValue { value: Box<Expr>, conversion: Option<char>, format_spec: Option<Box<Expr>> },
    Tuple(Vec<Expr>),
    List(Vec<Expr>),
    Set(Vec<Expr>),
    /// `keys[i] == None` marks `**values[i]`.
    Dict { keys: Vec<Option<Expr>>, values: Vec<Expr> },
    /// `*x` in a call, a display, or an assignment target.
    Starred(Box<Expr>),
    BinOp { left: Box<Expr>, op: BinOp, right: Box<Expr> },
    UnaryOp { op: UnaryOp, operand: Box<Expr> },
    /// `a and b and c`: at least two values.
    BoolOp { op: BoolOp, values: Vec<Expr> },
    /// `a < b <= c`: `ops.len() == comparators.len() >= 1`.
    Compare { left: Box<Expr>, ops: Vec<CmpOp>, comparators: Vec<Expr> },
    /// `args` may contain `Starred`; `keywords` with `arg: None` are `**mapping`.
    Call { func: Box<Expr>, args: Vec<Expr>, keywords: Vec<Keyword> },
    Attribute { value: Box<Expr>, attr: String },
    /// `value[index]`; `a[1:2, 3]` has a `Tuple` index holding a `Slice`.
    Subscript { value: Box<Expr>, index: Box<Expr> },
    Slice { lower: Option<Box<Expr>>, upper: Option<Box<Expr>>, step: Option<Box<Expr>> },
    IfExp { test: Box<Expr>, body: Box<Expr>, orelse: Box<Expr> },
    Lambda { args: Box<Arguments>, body: Box<Expr> },
    ListComp { elt: Box<Expr>, generators: Vec<Comprehension> },
    SetComp { elt: Box<Expr>, generators: Vec<Comprehension> },
    DictComp { key: Box<Expr>, value: Box<Expr>, generators: Vec<Comprehension> },
    GeneratorExp { elt: Box<Expr>, generators: Vec<Comprehension> },
    Yield(Option<Box<Expr>>),
    YieldFrom(Box<Expr>),
    Await(Box<Expr>),
    /// `target := value`
    NamedExpr { target: String, value: Box<Expr> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Comprehension {
    pub target: Expr,
    pub iter: Expr,
    pub ifs: Vec<Expr>,
    pub is_async: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Constant {
    None,
    True,
    False,
    Ellipsis,
    /// An integer literal that fits in i64.
    Int(i64),
    /// A larger integer literal, as decimal digits (with no sign).
    BigInt(String),
    Float(f64),
    /// The imaginary part of an imaginary literal (`2j` is `Imag(2.0)`).
    Imag(f64),
    Str(String),
    Bytes(Vec<u8>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoolOp {
    And,
    Or,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    MatMul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    BitOr,
    BitXor,
    BitAnd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Invert,
    Not,
    UAdd,
    USub,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    Is,
    IsNot,
    In,
    NotIn,
}
