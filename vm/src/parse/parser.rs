//! Tokens to syntax tree: recursive descent with one token of lookahead.
//!
//! Besides the grammar, the parser checks what the compiler trusts and the tree cannot show:
//! assignment, deletion and walrus targets, the order of arguments in calls and parameters.
//! MicroPython makes these checks while compiling, after the whole input has parsed, so a
//! syntax error anywhere wins over them; the parser keeps the first one aside ("deferred")
//! and reports it only if the parse succeeds. Scope rules (`break` outside a loop, `yield`
//! outside a function, `nonlocal`) are left to the compiler. Error messages are MicroPython's.
//!
//! Nesting is bounded so that no input can overflow the Rust stack, here or in whatever walks
//! the tree: `MAX_DEPTH` bounds the parser's recursion (parentheses, blocks, unary operators)
//! and `MAX_CHAIN` the chains it builds in loops (`a + b + c`, `a.b()[c]`, `elif`s), which
//! nest in the tree all the same. A tree is at most `MAX_DEPTH + MAX_CHAIN` nodes deep.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::lexer::{self, Kw, Lexer, Op, Tok, Token};
use crate::ast::*;
use crate::error::{Mode, SyntaxError};
use crate::stack::StackGuard;

/// How deeply expressions and blocks may nest; a level of brackets or of blocks costs one.
/// Real code stays well below (the conformance tests need 24). A level takes up to 3.5 KiB of
/// Rust stack in a 64-bit release build (about 350 KiB at the limit; a 32-bit target needs
/// less), so a port that compiles on a small stack must size it for this.
const MAX_DEPTH: u32 = 100;

/// How many links the left-deep chains being built may have in total. They cost the parser
/// no stack, but the compiler and `Drop` recurse through them (with small frames).
const MAX_CHAIN: u32 = 1000;

type PResult<T> = Result<T, SyntaxError>;

/// How tightly the operators below a conditional expression bind, loosest first.
mod prec {
    pub const OR: u8 = 1;
    pub const AND: u8 = 2;
    pub const NOT: u8 = 3;
    pub const CMP: u8 = 4;
    /// `|`; then `^`, `&`, shifts and `+ -` each one tighter, up to `TERM`.
    pub const BITOR: u8 = 5;
    /// `* / // % @`
    pub const TERM: u8 = 10;
    /// The operand of unary `+ - ~` and the right side of `**`.
    pub const UNARY: u8 = 11;
}

/// Parses `source` as a module (`Exec`), a REPL entry (`Single`) or an expression (`Eval`).
/// `stack` bounds the parser's recursion in bytes on top of [`MAX_DEPTH`] levels.
pub fn parse(source: &str, mode: Mode, stack: StackGuard) -> PResult<Body> {
    let src = lexer::normalize_newlines(source);
    let nesting = Nesting { depth: 0, chain: 0, stack };
    let lexer = if mode == Mode::Eval { Lexer::without_indentation(&src) } else { Lexer::new(&src) };
    let mut p = Parser::new(lexer, nesting);
    let body = match mode {
        Mode::Exec => p.file(),
        Mode::Single => p.single(&src),
        Mode::Eval => p.eval(),
    };
    let (body, deferred) = p.finish(body)?;
    deferred.map_or(Ok(body), Err)
}

/// How deep the parser is: its recursion, and the links of the chains it is building.
#[derive(Debug, Clone, Copy)]
struct Nesting {
    depth: u32,
    chain: u32,
    stack: StackGuard,
}

struct Parser<'a> {
    lex: Lexer<'a>,
    /// The lookahead token.
    tok: Token,
    nesting: Nesting,
    /// The first error that MicroPython's compiler (rather than its parser) would report.
    deferred: Option<SyntaxError>,
}

fn mk(line: u32, kind: ExprKind) -> Expr {
    Expr { line, scope: Default::default(), kind }
}

/// `Box::new` for a node, kept out of line: inlined, it copied the node word by word at each
/// of its ~30 callers.
#[inline(never)]
fn boxed(e: Expr) -> Box<Expr> {
    Box::new(e)
}

impl<'a> Parser<'a> {
    fn new(mut lex: Lexer<'a>, nesting: Nesting) -> Self {
        let tok = lex.next_token();
        Parser { lex, tok, nesting, deferred: None }
    }

    /// Keeps a failed check's error to report if the parse itself succeeds.
    fn defer(&mut self, check: PResult<()>) {
        if let Err(e) = check {
            self.deferred.get_or_insert(e);
        }
    }

    /// The parse's value and the first check that failed, or the error that stopped the parse.
    fn finish<T>(self, value: T) -> PResult<(T, Option<SyntaxError>)> {
        if let Tok::Error(e) = self.tok.kind {
            return Err(e);
        }
        Ok((value, self.deferred))
    }

    /// Whether the parse has stopped at an error.
    fn failed(&self) -> bool {
        matches!(self.tok.kind, Tok::Error(_))
    }

    /// Stops the parse at `e`, unless it has already stopped (the first error is the one), and
    /// returns a placeholder for the rule that failed. The lookahead becomes the error, as a
    /// lexer error is: no rule accepts it, `advance` never moves past it and `nested` goes no
    /// deeper, so the rules still running fail at once and return their placeholders (a loop
    /// that consumes no token of its own tests for it), and [`Parser::finish`] reports it.
    /// Rules return their value rather than a `Result`: ~190 `?`s, each a branch and the drops
    /// of what its rule had built, left the wasm (−4.6 KB gzipped).
    fn fail<T: Default>(&mut self, e: SyntaxError) -> T {
        self.stop(|_| e);
        T::default()
    }

    /// [`Parser::fail`] with [`Parser::error`], made only if the parse has not stopped yet.
    fn reject<T: Default>(&mut self) -> T {
        self.stop(Self::error);
        T::default()
    }

    #[inline(never)]
    fn stop(&mut self, e: impl FnOnce(&Self) -> SyntaxError) {
        if !self.failed() {
            self.tok.kind = Tok::Error(e(self));
        }
    }

    // ---- tokens

    /// Moves to the next token, dropping the current one here: handing it back to the ~50
    /// callers, which all discard it, cost a move and a drop at each. It cannot fail: a lexer
    /// error is a token (see [`Parser::fail`]), and the parser never moves past it.
    fn advance(&mut self) {
        if !matches!(self.tok.kind, Tok::Error(_)) {
            self.tok = self.lex.next_token();
        }
    }

    /// The error for a lookahead token the grammar does not allow where it is.
    fn error(&self) -> SyntaxError {
        let Token { line, col, .. } = self.tok;
        if matches!(self.tok.kind, Tok::Indent) {
            SyntaxError::indentation("unexpected indent", line, col)
        } else {
            SyntaxError::new("invalid syntax", line, col)
        }
    }

    fn at_op(&self, op: Op) -> bool {
        matches!(self.tok.kind, Tok::Op(o) if o == op)
    }

    fn at_kw(&self, kw: Kw) -> bool {
        matches!(self.tok.kind, Tok::Kw(k) if k == kw)
    }

    fn eat_op(&mut self, op: Op) -> bool {
        let at = self.at_op(op);
        if at {
            self.advance();
        }
        at
    }

    fn eat_kw(&mut self, kw: Kw) -> bool {
        let at = self.at_kw(kw);
        if at {
            self.advance();
        }
        at
    }

    fn expect_op(&mut self, op: Op) {
        if !self.eat_op(op) {
            self.reject()
        }
    }

    fn expect_kw(&mut self, kw: Kw) {
        if !self.eat_kw(kw) {
            self.reject()
        }
    }

    fn expect_newline(&mut self) {
        if !matches!(self.tok.kind, Tok::Newline) {
            return self.reject();
        }
        self.advance();
    }

    fn name(&mut self) -> String {
        let Tok::Name(name) = &mut self.tok.kind else {
            return self.reject();
        };
        let name = core::mem::take(name);
        self.advance();
        name
    }

    fn at_name(&self) -> bool {
        matches!(self.tok.kind, Tok::Name(_))
    }

    /// Whether the lookahead can begin an expression (or a starred one), which is how optional
    /// values and trailing commas are recognised.
    fn starts_expr(&self) -> bool {
        match &self.tok.kind {
            Tok::Name(_) | Tok::Num(_) | Tok::Str(_) | Tok::Bytes(_) | Tok::FStr { .. } => true,
            Tok::Kw(kw) => {
                matches!(kw, Kw::None | Kw::True | Kw::False | Kw::Not | Kw::Lambda | Kw::Await)
            }
            Tok::Op(op) => matches!(
                op,
                Op::LParen
                    | Op::LBracket
                    | Op::LBrace
                    | Op::Minus
                    | Op::Plus
                    | Op::Tilde
                    | Op::Ellipsis
                    | Op::Star
            ),
            _ => false,
        }
    }

    // ---- nesting

    /// Runs `f` one level deeper, failing beyond [`MAX_DEPTH`]. Once the parse has stopped,
    /// nothing goes deeper.
    fn nested<T: Default>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        if !self.descend() {
            return T::default();
        }
        let result = f(self);
        self.nesting.depth -= 1;
        result
    }

    /// One level deeper (true), or not: the parse has stopped, or stops here beyond
    /// [`MAX_DEPTH`]. Apart from `nested`, which is copied into each caller with its closure.
    #[inline(never)]
    fn descend(&mut self) -> bool {
        let (line, col) = (self.tok.line, self.tok.col);
        if self.failed() {
            false
        } else if self.nesting.depth >= MAX_DEPTH {
            self.fail(SyntaxError::new("too many nested parentheses", line, col))
        } else if self.nesting.stack.exceeded() {
            self.fail(SyntaxError::new("maximum recursion depth exceeded", line, col))
        } else {
            self.nesting.depth += 1;
            true
        }
    }

    /// Adds a link to the chain being built, failing beyond [`MAX_CHAIN`]. The loop building
    /// the chain restores the count when the chain ends.
    fn link(&mut self) {
        if self.nesting.chain >= MAX_CHAIN {
            let (line, col) = (self.tok.line, self.tok.col);
            return self.fail(SyntaxError::new("expression too complex", line, col));
        }
        self.nesting.chain += 1;
    }

    // ---- modes

    fn file(&mut self) -> Body {
        let mut body = Vec::new();
        while !matches!(self.tok.kind, Tok::Eof | Tok::Error(_)) {
            self.statement(&mut body);
        }
        body
    }

    /// One REPL entry: a single statement, simple or compound.
    fn single(&mut self, src: &str) -> Body {
        let mut body = Vec::new();
        if matches!(self.tok.kind, Tok::Eof) {
            // Like MicroPython: a blank line or a comment is an empty entry, but empty input
            // (or one only continued with a backslash) is an error.
            let b = src.as_bytes();
            let line_ends = (0..b.len()).any(|i| b[i] == b'\n' && (i == 0 || b[i - 1] != b'\\'));
            return if line_ends || crate::builtins::text::has(b, b'#') { body } else { self.reject() };
        }
        self.statement(&mut body);
        if !matches!(self.tok.kind, Tok::Eof) {
            return self.reject();
        }
        body
    }

    fn eval(&mut self) -> Body {
        let line = self.tok.line;
        let value = self.star_expressions();
        if matches!(value.kind, ExprKind::Starred(_)) {
            return self.fail(SyntaxError::new("invalid syntax", value.line, 0));
        }
        while matches!(self.tok.kind, Tok::Newline) {
            self.advance();
        }
        if !matches!(self.tok.kind, Tok::Eof) {
            return self.reject();
        }
        vec![Stmt { line, scope: Default::default(), kind: StmtKind::Expr(value) }]
    }

    // ---- statements

    /// A statement, after any decorators (which only a `def` or `class` may follow).
    fn statement(&mut self, out: &mut Body) {
        let mut decorators = Vec::new();
        while self.eat_op(Op::At) {
            decorators.push(self.named_expr());
            self.expect_newline();
        }
        let line = self.tok.line;
        let kind = match self.tok.kind {
            Tok::Kw(Kw::Def) => self.funcdef(decorators, false),
            Tok::Kw(Kw::Class) => self.classdef(decorators),
            Tok::Kw(Kw::Async) => {
                self.advance();
                self.async_stmt(decorators)
            }
            _ if !decorators.is_empty() => return self.reject(),
            Tok::Kw(Kw::If) => self.if_stmt(),
            Tok::Kw(Kw::While) => self.while_stmt(),
            Tok::Kw(Kw::For) => self.for_stmt(false),
            Tok::Kw(Kw::Try) => self.try_stmt(),
            Tok::Kw(Kw::With) => self.with_stmt(false),
            _ => return self.simple_stmts(out),
        };
        out.push(Stmt { line, scope: Default::default(), kind });
    }

    /// Simple statements separated by `;` up to the end of the line.
    fn simple_stmts(&mut self, out: &mut Body) {
        loop {
            let line = self.tok.line;
            let kind = self.simple_stmt();
            out.push(Stmt { line, scope: Default::default(), kind });
            if !self.eat_op(Op::Semi) || matches!(self.tok.kind, Tok::Newline) {
                break;
            }
        }
        self.expect_newline()
    }

    /// The body after a compound statement's header: `:` then an indented block, or simple
    /// statements on the same line.
    fn block(&mut self) -> Body {
        self.expect_op(Op::Colon);
        let mut body = Vec::new();
        if !matches!(self.tok.kind, Tok::Newline) {
            self.simple_stmts(&mut body);
            return body;
        }
        self.advance();
        if !matches!(self.tok.kind, Tok::Indent) {
            return self.reject();
        }
        self.advance();
        self.nested(|p| {
            while !matches!(p.tok.kind, Tok::Dedent | Tok::Error(_)) {
                if matches!(p.tok.kind, Tok::Eof) {
                    return p.reject();
                }
                p.statement(&mut body);
            }
            p.advance();
        });
        body
    }

    fn else_block(&mut self) -> Body {
        if self.eat_kw(Kw::Else) {
            self.block()
        } else {
            Vec::new()
        }
    }

    fn simple_stmt(&mut self) -> StmtKind {
        let keyword = match self.tok.kind {
            Tok::Kw(kw) => kw,
            _ => return self.expr_stmt(),
        };
        let kind = match keyword {
            Kw::Pass => StmtKind::Pass,
            Kw::Break => StmtKind::Break,
            Kw::Continue => StmtKind::Continue,
            Kw::Return => {
                self.advance();
                return StmtKind::Return(self.optional_value());
            }
            Kw::Raise => return self.raise_stmt(),
            Kw::Global => {
                self.advance();
                return StmtKind::Global(self.names());
            }
            Kw::Nonlocal => {
                self.advance();
                return StmtKind::Nonlocal(self.names());
            }
            Kw::Del => return self.del_stmt(),
            Kw::Assert => {
                self.advance();
                let test = self.test();
                let msg = if self.eat_op(Op::Comma) { Some(self.test()) } else { None };
                return StmtKind::Assert { test, msg };
            }
            Kw::Import => return self.import(),
            Kw::From => return self.import_from(),
            _ => return self.expr_stmt(),
        };
        self.advance();
        kind
    }

    /// An expression statement, or an assignment of any kind.
    fn expr_stmt(&mut self) -> StmtKind {
        if self.at_kw(Kw::Yield) {
            // A yield statement: nothing may be assigned to it (`yield = 1` is invalid syntax).
            return StmtKind::Expr(self.yield_expr());
        }
        let first = self.star_expressions();
        match self.tok.kind {
            Tok::Op(Op::Colon) => {
                if !is_single_target(&first) {
                    return self.reject();
                }
                self.advance();
                let annotation = self.test();
                let value =
                    if self.eat_op(Op::Assign) { Some(self.assigned_value()) } else { None };
                StmtKind::AnnAssign { target: first, annotation, value }
            }
            Tok::Op(Op::Aug(op)) => {
                if !is_single_target(&first) {
                    self.defer(Err(SyntaxError::new("can't assign to expression", first.line, 0)));
                }
                self.advance();
                let value = self.assigned_value();
                StmtKind::AugAssign { target: first, op, value }
            }
            Tok::Op(Op::Assign) => {
                let mut targets = Vec::new();
                let mut value = first;
                while self.eat_op(Op::Assign) {
                    let next = self.star_expressions_or_yield();
                    targets.push(core::mem::replace(&mut value, next));
                }
                self.defer(targets.iter().try_for_each(check_assign));
                self.defer(no_bare_star(&value));
                StmtKind::Assign { targets, value }
            }
            _ => {
                self.defer(no_bare_star(&first));
                StmtKind::Expr(first)
            }
        }
    }

    /// The value of an assignment: a yield or an expression list.
    fn assigned_value(&mut self) -> Expr {
        let value = self.star_expressions_or_yield();
        self.defer(no_bare_star(&value));
        value
    }

    /// The optional value of `return` or `yield`.
    fn optional_value(&mut self) -> Option<Expr> {
        if !self.starts_expr() {
            return None;
        }
        let value = self.star_expressions();
        self.defer(no_bare_star(&value));
        Some(value)
    }

    fn raise_stmt(&mut self) -> StmtKind {
        self.advance();
        if !self.starts_expr() {
            return StmtKind::Raise { exc: None, cause: None };
        }
        let exc = Some(self.test());
        let cause = if self.eat_kw(Kw::From) { Some(self.test()) } else { None };
        StmtKind::Raise { exc, cause }
    }

    fn names(&mut self) -> Vec<String> {
        let mut names = vec![self.name()];
        while self.eat_op(Op::Comma) {
            names.push(self.name());
        }
        names
    }

    fn del_stmt(&mut self) -> StmtKind {
        self.advance();
        let mut targets = Vec::new();
        loop {
            let target = self.starred_or(Self::bitor);
            self.defer(check_delete(&target));
            targets.push(target);
            if !self.eat_op(Op::Comma) || !self.starts_expr() {
                break;
            }
        }
        StmtKind::Delete(targets)
    }

    fn import(&mut self) -> StmtKind {
        self.advance();
        StmtKind::Import(self.aliases(true))
    }

    fn dotted_name(&mut self) -> String {
        let mut name = self.name();
        while self.eat_op(Op::Dot) {
            name.push('.');
            name.push_str(&self.name());
        }
        name
    }

    fn import_from(&mut self) -> StmtKind {
        self.advance();
        let mut level: u32 = 0;
        loop {
            if self.eat_op(Op::Dot) {
                level = level.saturating_add(1);
            } else if self.eat_op(Op::Ellipsis) {
                level = level.saturating_add(3);
            } else {
                break;
            }
        }
        let module = if self.at_name() { Some(self.dotted_name()) } else { None };
        if module.is_none() && level == 0 {
            return self.reject();
        }
        self.expect_kw(Kw::Import);
        let names = if self.eat_op(Op::Star) {
            vec![Alias { name: String::from("*"), asname: None }]
        } else if self.eat_op(Op::LParen) {
            let names = self.aliases(false);
            self.expect_op(Op::RParen);
            names
        } else {
            self.aliases(false)
        };
        StmtKind::ImportFrom { module, names, level }
    }

    /// `a as b, c`: the dotted names of `import`, or the names of `from ... import` with an
    /// optional trailing comma (which MicroPython allows even without parentheses).
    fn aliases(&mut self, dotted: bool) -> Vec<Alias> {
        let mut names = Vec::new();
        loop {
            let name = if dotted { self.dotted_name() } else { self.name() };
            let asname = if self.eat_kw(Kw::As) { Some(self.name()) } else { None };
            names.push(Alias { name, asname });
            if !self.eat_op(Op::Comma) || (!dotted && !self.at_name()) {
                break;
            }
        }
        names
    }

    fn if_stmt(&mut self) -> StmtKind {
        self.advance();
        let test = self.named_expr();
        let body = self.block();
        // `elif`s become nested `If`s: a chain.
        let saved = self.nesting.chain;
        let mut elifs = Vec::new();
        while self.at_kw(Kw::Elif) {
            self.link();
            let line = self.tok.line;
            self.advance();
            let test = self.named_expr();
            elifs.push((line, test, self.block()));
        }
        let mut orelse = self.else_block();
        self.nesting.chain = saved;
        while let Some((line, test, body)) = elifs.pop() {
            orelse = vec![Stmt { line, scope: Default::default(), kind: StmtKind::If { test, body, orelse } }];
        }
        StmtKind::If { test, body, orelse }
    }

    fn while_stmt(&mut self) -> StmtKind {
        self.advance();
        let test = self.named_expr();
        let body = self.block();
        let orelse = self.else_block();
        StmtKind::While { test, body, orelse }
    }

    fn for_stmt(&mut self, is_async: bool) -> StmtKind {
        self.advance();
        let target = self.target_list();
        self.defer(check_assign(&target));
        self.expect_kw(Kw::In);
        let iter = self.star_expressions();
        if matches!(iter.kind, ExprKind::Starred(_)) {
            return self.fail(SyntaxError::new("invalid syntax", iter.line, 0));
        }
        let body = self.block();
        let orelse = self.else_block();
        StmtKind::For { target, iter, body, orelse, is_async }
    }

    fn try_stmt(&mut self) -> StmtKind {
        self.advance();
        let body = self.block();
        let mut handlers: Vec<ExceptHandler> = Vec::new();
        while self.at_kw(Kw::Except) {
            let line = self.tok.line;
            if handlers.last().is_some_and(|h| h.typ.is_none()) {
                let msg = "default 'except' must be last";
                self.defer(Err(SyntaxError::new(msg, line, self.tok.col)));
            }
            self.advance();
            let (typ, name) = if self.at_op(Op::Colon) {
                (None, None)
            } else {
                let typ = self.test();
                let name = if self.eat_kw(Kw::As) { Some(self.name()) } else { None };
                (Some(typ), name)
            };
            let body = self.block();
            handlers.push(ExceptHandler { line, typ, name, body });
        }
        let orelse = if handlers.is_empty() { Vec::new() } else { self.else_block() };
        let has_finally = self.eat_kw(Kw::Finally);
        if handlers.is_empty() && !has_finally {
            return self.reject();
        }
        let finalbody = if has_finally { self.block() } else { Vec::new() };
        StmtKind::Try { body, handlers, orelse, finalbody }
    }

    fn with_stmt(&mut self, is_async: bool) -> StmtKind {
        self.advance();
        let items = if self.at_op(Op::LParen) {
            self.parenthesised_with_items()
        } else {
            self.with_items()
        };
        let body = self.block();
        StmtKind::With { items, body, is_async }
    }

    /// `with (a as b, c):` — unless the parenthesis begins the first item's expression, as in
    /// `with (a, b) as c:`. Python tells the two apart by what follows the `)`, so this tries
    /// the first reading and backtracks to the second. Nothing in a `with` header can contain
    /// another one, so the cost is at most one extra parse of the header.
    ///
    /// Only the lexer is copied for the way back: the lookahead is the `(`, rebuilt, and the
    /// first reading can only have added the first deferred check, which is dropped.
    fn parenthesised_with_items(&mut self) -> Vec<WithItem> {
        let (lex, nesting, line, col) = (self.lex.clone(), self.nesting, self.tok.line, self.tok.col);
        let had_deferred = self.deferred.is_some();
        let items = self.with_items_in_parens();
        if !self.failed() {
            return items;
        }
        (self.lex, self.nesting) = (lex, nesting);
        self.tok = Token { kind: Tok::Op(Op::LParen), line, col };
        if !had_deferred {
            self.deferred = None;
        }
        self.with_items()
    }

    fn with_items_in_parens(&mut self) -> Vec<WithItem> {
        self.expect_op(Op::LParen);
        let mut items = Vec::new();
        loop {
            items.push(self.with_item());
            if !self.eat_op(Op::Comma) || self.at_op(Op::RParen) {
                break;
            }
        }
        self.expect_op(Op::RParen);
        if !self.at_op(Op::Colon) {
            return self.reject();
        }
        items
    }

    fn with_items(&mut self) -> Vec<WithItem> {
        let mut items = vec![self.with_item()];
        while self.eat_op(Op::Comma) {
            items.push(self.with_item());
        }
        items
    }

    fn with_item(&mut self) -> WithItem {
        let context = self.test();
        let target = if self.eat_kw(Kw::As) {
            let target = self.bitor();
            self.defer(check_assign(&target));
            Some(target)
        } else {
            None
        };
        WithItem { context, target }
    }

    /// What follows `async`: `def`, or (undecorated) `for` or `with`.
    fn async_stmt(&mut self, decorators: Vec<Expr>) -> StmtKind {
        match self.tok.kind {
            Tok::Kw(Kw::Def) => self.funcdef(decorators, true),
            Tok::Kw(Kw::For) if decorators.is_empty() => self.for_stmt(true),
            Tok::Kw(Kw::With) if decorators.is_empty() => self.with_stmt(true),
            _ => self.reject(),
        }
    }

    fn funcdef(&mut self, decorators: Vec<Expr>, is_async: bool) -> StmtKind {
        self.advance();
        let name = self.name();
        self.expect_op(Op::LParen);
        let args = self.parameters(Op::RParen, true);
        self.expect_op(Op::RParen);
        let returns = if self.eat_op(Op::Arrow) { Some(self.test()) } else { None };
        let body = self.block();
        let def = FunctionDef { name, args, body, decorators, returns, is_async };
        StmtKind::FunctionDef(Box::new(def))
    }

    fn classdef(&mut self, decorators: Vec<Expr>) -> StmtKind {
        self.advance();
        let name = self.name();
        let (bases, keywords) =
            if self.eat_op(Op::LParen) { self.call_args() } else { (Vec::new(), Vec::new()) };
        let body = self.block();
        StmtKind::ClassDef(Box::new(ClassDef { name, bases, keywords, body, decorators }))
    }

    /// A parameter list up to (not including) `close`: `)` for `def`, `:` for `lambda`.
    #[inline(never)]
    fn parameters(&mut self, close: Op, annotated: bool) -> Arguments {
        let first_line = self.tok.line;
        let mut args = Arguments::default();
        let mut star = false;
        while !self.at_op(close) {
            let (line, col) = (self.tok.line, self.tok.col);
            let misplaced = || SyntaxError::new("invalid syntax", line, col);
            if self.eat_op(Op::Slash) {
                if star || args.args.is_empty() || !args.posonlyargs.is_empty() {
                    return self.fail(misplaced());
                }
                args.posonlyargs = core::mem::take(&mut args.args);
            } else if self.eat_op(Op::Star) {
                if star {
                    return self.fail(misplaced());
                }
                star = true;
                if self.at_name() {
                    args.vararg = Some(self.param(annotated));
                }
            } else if self.eat_op(Op::DoubleStar) {
                args.kwarg = Some(self.param(annotated));
                self.eat_op(Op::Comma);
                break;
            } else {
                let arg = self.param(annotated);
                let default = if self.eat_op(Op::Assign) { Some(self.test()) } else { None };
                if star {
                    args.kwonlyargs.push(arg);
                    args.kw_defaults.push(default);
                } else if let Some(default) = default {
                    args.args.push(arg);
                    args.defaults.push(default);
                } else {
                    if !args.defaults.is_empty() {
                        let msg = "non-default argument follows default argument";
                        self.defer(Err(SyntaxError::new(msg, line, col)));
                    }
                    args.args.push(arg);
                }
            }
            if !self.eat_op(Op::Comma) {
                break;
            }
        }
        self.defer(check_unique_names(&args, first_line));
        args
    }

    fn param(&mut self, annotated: bool) -> Arg {
        let name = self.name();
        let annotation =
            if annotated && self.eat_op(Op::Colon) { Some(self.test()) } else { None };
        Arg { name, annotation }
    }

    // ---- expression lists

    fn star_expressions_or_yield(&mut self) -> Expr {
        if self.at_kw(Kw::Yield) {
            self.yield_expr()
        } else {
            self.star_expressions()
        }
    }

    /// `a, *b, c`: a tuple if there is a comma. A lone starred item is returned as it is for
    /// the caller to reject (with a message that depends on whether it was a target).
    fn star_expressions(&mut self) -> Expr {
        self.expr_list(Self::test)
    }

    /// The targets of `for` and of comprehensions, which stop before `in`.
    fn target_list(&mut self) -> Expr {
        self.expr_list(Self::bitor)
    }

    fn expr_list(&mut self, item: fn(&mut Self) -> Expr) -> Expr {
        let first = self.starred_or(item);
        if !self.at_op(Op::Comma) {
            return first;
        }
        let line = first.line;
        let mut elts = vec![first];
        while self.eat_op(Op::Comma) && self.starts_expr() {
            elts.push(self.starred_or(item));
        }
        mk(line, ExprKind::Tuple(elts))
    }

    /// `*value`, or else an `item`.
    fn starred_or(&mut self, item: fn(&mut Self) -> Expr) -> Expr {
        if !self.at_op(Op::Star) {
            return item(self);
        }
        let line = self.tok.line;
        self.advance();
        let value = self.bitor();
        mk(line, ExprKind::Starred(boxed(value)))
    }

    /// An element of a display or a parenthesised tuple.
    fn star_named(&mut self) -> Expr {
        self.starred_or(Self::named_expr)
    }

    // ---- expressions, loosest binding first

    /// `name := value`, or a plain expression.
    fn named_expr(&mut self) -> Expr {
        let e = self.test();
        if !self.at_op(Op::ColonEq) {
            return e;
        }
        self.advance();
        let value = boxed(self.test());
        let ExprKind::Name(target) = e.kind else {
            self.defer(Err(SyntaxError::new("can't assign to expression", e.line, 0)));
            return *value;
        };
        mk(e.line, ExprKind::NamedExpr { target, value })
    }

    /// A conditional expression or a lambda.
    fn test(&mut self) -> Expr {
        self.nested(|p| {
            if p.at_kw(Kw::Lambda) {
                return p.lambda();
            }
            let body = p.or_test();
            if !p.eat_kw(Kw::If) {
                return body;
            }
            let test = boxed(p.or_test());
            p.expect_kw(Kw::Else);
            let orelse = boxed(p.test());
            mk(body.line, ExprKind::IfExp { test, body: boxed(body), orelse })
        })
    }

    #[inline(never)]
    fn lambda(&mut self) -> Expr {
        let line = self.tok.line;
        self.advance();
        let args = Box::new(self.parameters(Op::Colon, false));
        self.expect_op(Op::Colon);
        let body = boxed(self.test());
        mk(line, ExprKind::Lambda { args, body })
    }

    fn or_test(&mut self) -> Expr {
        self.operators(prec::OR)
    }

    /// `|` and tighter: the level of starred items and `for` targets (which must stop at `in`).
    fn bitor(&mut self) -> Expr {
        self.operators(prec::BITOR)
    }

    /// Every operator from `or` to `**` by precedence climbing: an expression whose operators
    /// bind at least as tightly as `min`. One function rather than one per level keeps the
    /// Rust stack used by each level of parentheses small.
    fn operators(&mut self, min: u8) -> Expr {
        let saved = self.nesting.chain;
        let mut left = self.prefix(min);
        loop {
            let binop = self.binop().filter(|&(_, strength)| strength >= min);
            let applies = match self.tok.kind {
                Tok::Kw(Kw::Or) => min <= prec::OR,
                Tok::Kw(Kw::And) => min <= prec::AND,
                _ => binop.is_some() || (min <= prec::CMP && self.at_cmp_op()),
            };
            if !applies {
                break;
            }
            // Counted before the right side is parsed, since the new node will hold it.
            self.link();
            let line = left.line;
            let kind = match (&self.tok.kind, binop) {
                (Tok::Kw(Kw::Or), _) => self.bool_op(left, BoolOp::Or),
                (Tok::Kw(Kw::And), _) => self.bool_op(left, BoolOp::And),
                (_, Some((op, strength))) => {
                    self.advance();
                    let right = boxed(self.operators(strength + 1));
                    ExprKind::BinOp { left: boxed(left), op, right }
                }
                (_, None) => self.comparison(left),
            };
            left = mk(line, kind);
        }
        self.nesting.chain = saved;
        left
    }

    /// An operand with its prefix operators: `not` (if `min` allows it), unary `+`, `-`, `~`.
    fn prefix(&mut self, min: u8) -> Expr {
        let (op, operand_min) = match self.tok.kind {
            Tok::Kw(Kw::Not) if min <= prec::NOT => (UnaryOp::Not, prec::NOT),
            Tok::Op(Op::Minus) => (UnaryOp::USub, prec::UNARY),
            Tok::Op(Op::Plus) => (UnaryOp::UAdd, prec::UNARY),
            Tok::Op(Op::Tilde) => (UnaryOp::Invert, prec::UNARY),
            _ => return self.power(),
        };
        let line = self.tok.line;
        self.advance();
        let operand = boxed(self.nested(|p| p.operators(operand_min)));
        mk(line, ExprKind::UnaryOp { op, operand })
    }

    /// `a or b or c` (or `and`), given `a`.
    #[inline(never)]
    fn bool_op(&mut self, first: Expr, op: BoolOp) -> ExprKind {
        let (kw, operand_min) = match op {
            BoolOp::Or => (Kw::Or, prec::AND),
            BoolOp::And => (Kw::And, prec::NOT),
        };
        let mut values = vec![first];
        while self.eat_kw(kw) {
            values.push(self.operators(operand_min));
        }
        ExprKind::BoolOp { op, values }
    }

    /// `a < b <= c`, given `a`.
    #[inline(never)]
    fn comparison(&mut self, left: Expr) -> ExprKind {
        let mut ops = Vec::new();
        let mut comparators = Vec::new();
        while let Some(op) = self.cmp_op() {
            ops.push(op);
            comparators.push(self.operators(prec::BITOR));
        }
        ExprKind::Compare { left: boxed(left), ops, comparators }
    }

    fn at_cmp_op(&self) -> bool {
        match self.tok.kind {
            Tok::Op(op) => matches!(op, Op::Lt | Op::Gt | Op::LtE | Op::GtE | Op::EqEq | Op::NotEq),
            Tok::Kw(kw) => matches!(kw, Kw::In | Kw::Not | Kw::Is),
            _ => false,
        }
    }

    /// Consumes a comparison operator, if the lookahead is one.
    fn cmp_op(&mut self) -> Option<CmpOp> {
        let op = match self.tok.kind {
            Tok::Op(Op::Lt) => CmpOp::Lt,
            Tok::Op(Op::Gt) => CmpOp::Gt,
            Tok::Op(Op::LtE) => CmpOp::LtE,
            Tok::Op(Op::GtE) => CmpOp::GtE,
            Tok::Op(Op::EqEq) => CmpOp::Eq,
            Tok::Op(Op::NotEq) => CmpOp::NotEq,
            Tok::Kw(Kw::In) => CmpOp::In,
            Tok::Kw(Kw::Not) => {
                self.advance();
                self.expect_kw(Kw::In);
                return Some(CmpOp::NotIn);
            }
            Tok::Kw(Kw::Is) => {
                self.advance();
                let negated = self.eat_kw(Kw::Not);
                return Some(if negated { CmpOp::IsNot } else { CmpOp::Is });
            }
            _ => return None,
        };
        self.advance();
        Some(op)
    }

    /// A binary operator and its strength, between `prec::BITOR` and `prec::TERM`.
    fn binop(&self) -> Option<(BinOp, u8)> {
        let Tok::Op(op) = self.tok.kind else {
            return None;
        };
        Some(match op {
            Op::Pipe => (BinOp::BitOr, prec::BITOR),
            Op::Caret => (BinOp::BitXor, prec::BITOR + 1),
            Op::Amp => (BinOp::BitAnd, prec::BITOR + 2),
            Op::LShift => (BinOp::LShift, prec::BITOR + 3),
            Op::RShift => (BinOp::RShift, prec::BITOR + 3),
            Op::Plus => (BinOp::Add, prec::BITOR + 4),
            Op::Minus => (BinOp::Sub, prec::BITOR + 4),
            Op::Star => (BinOp::Mul, prec::TERM),
            Op::Slash => (BinOp::Div, prec::TERM),
            Op::DoubleSlash => (BinOp::FloorDiv, prec::TERM),
            Op::Percent => (BinOp::Mod, prec::TERM),
            Op::At => (BinOp::MatMul, prec::TERM),
            _ => return None,
        })
    }

    /// `[await] primary [** operand]`: `**` binds tighter than a unary operator on its left
    /// and looser than one on its right (`-2**-1` is `-(2**(-1))`).
    fn power(&mut self) -> Expr {
        let base = if self.at_kw(Kw::Await) {
            let line = self.tok.line;
            self.advance();
            mk(line, ExprKind::Await(boxed(self.primary())))
        } else {
            self.primary()
        };
        if !self.eat_op(Op::DoubleStar) {
            return base;
        }
        let right = boxed(self.nested(|p| p.operators(prec::UNARY)));
        mk(base.line, ExprKind::BinOp { left: boxed(base), op: BinOp::Pow, right })
    }

    /// An atom followed by attribute accesses, calls and subscripts.
    fn primary(&mut self) -> Expr {
        let saved = self.nesting.chain;
        let mut e = self.atom();
        let line = e.line;
        loop {
            let kind = match self.tok.kind {
                Tok::Op(Op::Dot) => {
                    self.link();
                    self.advance();
                    ExprKind::Attribute { value: boxed(e), attr: self.name() }
                }
                Tok::Op(Op::LParen) => {
                    self.link();
                    self.advance();
                    let (args, keywords) = self.call_args();
                    ExprKind::Call { func: boxed(e), args, keywords }
                }
                Tok::Op(Op::LBracket) => {
                    self.link();
                    self.advance();
                    ExprKind::Subscript { value: boxed(e), index: boxed(self.subscript()) }
                }
                _ => break,
            };
            e = mk(line, kind);
        }
        self.nesting.chain = saved;
        e
    }

    fn atom(&mut self) -> Expr {
        let line = self.tok.line;
        let kind = match &mut self.tok.kind {
            Tok::Op(Op::LParen) => return self.paren(),
            Tok::Op(Op::LBracket) => return self.list(),
            Tok::Op(Op::LBrace) => return self.brace(),
            Tok::Str(_) | Tok::Bytes(_) | Tok::FStr { .. } => return self.strings(),
            Tok::Name(name) => ExprKind::Name(core::mem::take(name)),
            Tok::Num(Ok(value)) => ExprKind::Const(core::mem::replace(value, Constant::None)),
            Tok::Num(Err(msg)) => {
                let e = SyntaxError::new(core::mem::take(msg), line, self.tok.col);
                return self.fail(e);
            }
            Tok::Kw(Kw::None) => ExprKind::Const(Constant::None),
            Tok::Kw(Kw::True) => ExprKind::Const(Constant::True),
            Tok::Kw(Kw::False) => ExprKind::Const(Constant::False),
            Tok::Op(Op::Ellipsis) => ExprKind::Const(Constant::Ellipsis),
            _ => return self.reject(),
        };
        self.advance();
        mk(line, kind)
    }

    /// `( ... )`: the empty tuple, a parenthesised expression or yield, a tuple, or a
    /// generator expression.
    fn paren(&mut self) -> Expr {
        let line = self.tok.line;
        self.advance();
        if self.eat_op(Op::RParen) {
            return mk(line, ExprKind::Tuple(Vec::new()));
        }
        if self.at_kw(Kw::Yield) {
            let value = self.yield_expr();
            self.expect_op(Op::RParen);
            return value;
        }
        let first = self.star_named();
        if self.at_comp_for() {
            let (elt, generators) = self.comprehension(first);
            self.expect_op(Op::RParen);
            return mk(line, ExprKind::GeneratorExp { elt, generators });
        }
        if !self.at_op(Op::Comma) {
            self.expect_op(Op::RParen);
            self.defer(no_bare_star(&first));
            return first;
        }
        let elts = self.display_tail(first, Op::RParen);
        mk(line, ExprKind::Tuple(elts))
    }

    #[inline(never)]
    fn list(&mut self) -> Expr {
        let line = self.tok.line;
        self.advance();
        if self.eat_op(Op::RBracket) {
            return mk(line, ExprKind::List(Vec::new()));
        }
        let first = self.star_named();
        if self.at_comp_for() {
            let (elt, generators) = self.comprehension(first);
            self.expect_op(Op::RBracket);
            return mk(line, ExprKind::ListComp { elt, generators });
        }
        let elts = self.display_tail(first, Op::RBracket);
        mk(line, ExprKind::List(elts))
    }

    /// The rest of a display after its first element: `, element` up to `close`, consumed.
    fn display_tail(&mut self, first: Expr, close: Op) -> Vec<Expr> {
        let mut elts = vec![first];
        while self.eat_op(Op::Comma) && !self.at_op(close) {
            elts.push(self.star_named());
        }
        self.expect_op(close);
        elts
    }

    /// `{ ... }`: a dict or set display or comprehension.
    #[inline(never)]
    fn brace(&mut self) -> Expr {
        let line = self.tok.line;
        self.advance();
        if self.eat_op(Op::RBrace) {
            return mk(line, ExprKind::Dict { keys: Vec::new(), values: Vec::new() });
        }
        let (key, value) = if self.eat_op(Op::DoubleStar) {
            (None, self.bitor())
        } else {
            let first = self.star_named();
            if !self.at_op(Op::Colon) {
                return self.set(line, first);
            }
            if matches!(first.kind, ExprKind::Starred(_)) {
                return self.reject();
            }
            self.advance();
            (Some(first), self.test())
        };
        if self.at_comp_for() {
            // `{**a for ...}` is not a comprehension.
            let Some(key) = key else {
                return self.reject();
            };
            let (key, value) = (boxed(key), boxed(value));
            let generators = self.comprehension_clauses();
            self.expect_op(Op::RBrace);
            return mk(line, ExprKind::DictComp { key, value, generators });
        }
        let mut keys = vec![key];
        let mut values = vec![value];
        while self.eat_op(Op::Comma) && !self.at_op(Op::RBrace) {
            if self.eat_op(Op::DoubleStar) {
                keys.push(None);
                values.push(self.bitor());
                continue;
            }
            let key = self.test();
            if !self.eat_op(Op::Colon) {
                self.defer(Err(SyntaxError::new("expecting key:value for dict", key.line, 0)));
                continue;
            }
            keys.push(Some(key));
            values.push(self.test());
        }
        self.expect_op(Op::RBrace);
        mk(line, ExprKind::Dict { keys, values })
    }

    #[inline(never)]
    fn set(&mut self, line: u32, first: Expr) -> Expr {
        if self.at_comp_for() {
            let (elt, generators) = self.comprehension(first);
            self.expect_op(Op::RBrace);
            return mk(line, ExprKind::SetComp { elt, generators });
        }
        let mut elts = vec![first];
        while self.eat_op(Op::Comma) && !self.at_op(Op::RBrace) {
            let elt = self.star_named();
            if self.eat_op(Op::Colon) {
                self.defer(Err(SyntaxError::new("expecting just a value for set", elt.line, 0)));
                self.test();
            }
            elts.push(elt);
        }
        self.expect_op(Op::RBrace);
        mk(line, ExprKind::Set(elts))
    }

    fn at_comp_for(&self) -> bool {
        self.at_kw(Kw::For) || self.at_kw(Kw::Async)
    }

    /// The `for` clauses after a comprehension's element, which may not be starred.
    fn comprehension(&mut self, elt: Expr) -> (Box<Expr>, Vec<Comprehension>) {
        self.defer(no_bare_star(&elt));
        (boxed(elt), self.comprehension_clauses())
    }

    #[inline(never)]
    fn comprehension_clauses(&mut self) -> Vec<Comprehension> {
        let mut generators = Vec::new();
        while self.at_comp_for() {
            let is_async = self.eat_kw(Kw::Async);
            self.expect_kw(Kw::For);
            let target = self.target_list();
            self.defer(check_assign(&target));
            self.expect_kw(Kw::In);
            let iter = self.or_test();
            let mut ifs = Vec::new();
            while self.eat_kw(Kw::If) {
                ifs.push(self.or_test());
            }
            generators.push(Comprehension { target, iter, ifs, is_async });
        }
        generators
    }

    #[inline(never)]
    fn yield_expr(&mut self) -> Expr {
        let line = self.tok.line;
        self.advance();
        let kind = if self.eat_kw(Kw::From) {
            ExprKind::YieldFrom(boxed(self.test()))
        } else {
            ExprKind::Yield(self.optional_value().map(boxed))
        };
        mk(line, kind)
    }

    /// A call's arguments after `(`, through the `)`. The order rules are MicroPython's: no
    /// positional argument after a keyword or `**`, no `*` after either.
    #[inline(never)]
    fn call_args(&mut self) -> (Vec<Expr>, Vec<Keyword>) {
        let mut args = Vec::new();
        let mut keywords = Vec::new();
        let (mut seen_keyword, mut seen_mapping) = (false, false);
        while !self.at_op(Op::RParen) {
            let (line, col) = (self.tok.line, self.tok.col);
            let order_error = |msg| Err(SyntaxError::new(msg, line, col));
            if self.eat_op(Op::Star) {
                if seen_mapping {
                    self.defer(order_error("* arg after **"));
                } else if seen_keyword {
                    self.defer(order_error("* arg after kwarg"));
                }
                let value = self.test();
                args.push(mk(line, ExprKind::Starred(boxed(value))));
            } else if self.eat_op(Op::DoubleStar) {
                keywords.push(Keyword { arg: None, value: self.test() });
                seen_mapping = true;
            } else {
                let e = self.named_expr();
                if self.eat_op(Op::Assign) {
                    let value = self.test();
                    match e.kind {
                        ExprKind::Name(name) => keywords.push(Keyword { arg: Some(name), value }),
                        _ => self.defer(order_error("LHS of keyword arg must be an id")),
                    }
                    seen_keyword = true;
                } else {
                    if seen_mapping {
                        self.defer(order_error("positional arg after **"));
                    } else if seen_keyword {
                        self.defer(order_error("positional arg after keyword arg"));
                    }
                    let arg = if self.at_comp_for() {
                        let (elt, generators) = self.comprehension(e);
                        mk(line, ExprKind::GeneratorExp { elt, generators })
                    } else {
                        e
                    };
                    args.push(arg);
                }
            }
            if !self.eat_op(Op::Comma) {
                break;
            }
        }
        self.expect_op(Op::RParen);
        (args, keywords)
    }

    /// A subscript after `[`, through the `]`: an index, a slice, or a tuple of them.
    #[inline(never)]
    fn subscript(&mut self) -> Expr {
        let line = self.tok.line;
        let first = self.slice_item();
        if !self.at_op(Op::Comma) {
            self.expect_op(Op::RBracket);
            return first;
        }
        let mut elts = vec![first];
        while self.eat_op(Op::Comma) && !self.at_op(Op::RBracket) {
            elts.push(self.slice_item());
        }
        self.expect_op(Op::RBracket);
        mk(line, ExprKind::Tuple(elts))
    }

    fn slice_item(&mut self) -> Expr {
        let line = self.tok.line;
        let lower = if self.at_op(Op::Colon) {
            None
        } else {
            let index = self.named_expr();
            if !self.at_op(Op::Colon) {
                return index;
            }
            Some(boxed(index))
        };
        self.advance();
        let upper = if self.at_slice_end() { None } else { Some(boxed(self.test())) };
        let step = if self.eat_op(Op::Colon) && !self.at_slice_end() {
            Some(boxed(self.test()))
        } else {
            None
        };
        mk(line, ExprKind::Slice { lower, upper, step })
    }

    fn at_slice_end(&self) -> bool {
        self.at_op(Op::Colon) || self.at_op(Op::Comma) || self.at_op(Op::RBracket)
    }

    // ---- strings

    /// Adjacent string literals, concatenated. Any f-string makes the result a `JoinedStr`;
    /// mixing bytes with text is an error.
    #[inline(never)]
    fn strings(&mut self) -> Expr {
        let line = self.tok.line;
        let mut joined = Joined::default();
        let mut bytes: Option<Vec<u8>> = None;
        let mut text_seen = false;
        loop {
            let at_line = self.tok.line;
            match &mut self.tok.kind {
                Tok::Str(s) => {
                    text_seen = true;
                    if joined.text.is_empty() {
                        joined.text = core::mem::take(s);
                    } else {
                        joined.text.push_str(s);
                    }
                }
                Tok::Bytes(b) => bytes.get_or_insert_with(Vec::new).extend_from_slice(b),
                Tok::FStr { body, raw } => {
                    text_seen = true;
                    let (body, raw) = (core::mem::take(body), *raw);
                    self.fstring_parts(&body, raw, at_line, &mut joined, false);
                }
                _ => break,
            }
            self.advance();
        }
        match bytes {
            Some(_) if text_seen => self.fail(SyntaxError::new("invalid syntax", line, 0)),
            Some(bytes) => mk(line, ExprKind::Const(Constant::Bytes(bytes))),
            None => joined.finish(line),
        }
    }

    /// Splits an f-string body into text and replacement fields, added to `out`. In a format
    /// spec (`in_spec`) the text ends at a `}`, whose index is returned; otherwise the whole
    /// body is consumed.
    fn fstring_parts(
        &mut self,
        body: &str,
        raw: bool,
        line: u32,
        out: &mut Joined,
        in_spec: bool,
    ) -> usize {
        let b = body.as_bytes();
        // Undecoded text of the current literal part, with `{{` and `}}` already halved.
        let mut text = String::new();
        let mut copied = 0;
        let mut i = 0;
        while let Some(&c) = b.get(i) {
            let next = b.get(i + 1).copied();
            match c {
                // An escape is decoded with its text, but a brace after a backslash is a brace.
                b'\\' if !matches!(next, Some(b'{' | b'}')) => i += 2,
                b'{' | b'}' if !in_spec && next == Some(c) => {
                    text.push_str(&body[copied..=i]);
                    i += 2;
                    copied = i;
                }
                b'{' => {
                    text.push_str(&body[copied..i]);
                    self.flush_text(&mut text, raw, line, out);
                    i = self.nested(|p| p.field(body, i + 1, raw, line, out));
                    if self.failed() {
                        return 0;
                    }
                    copied = i;
                }
                b'}' if in_spec => {
                    text.push_str(&body[copied..i]);
                    self.flush_text(&mut text, raw, line, out);
                    return i;
                }
                b'}' => return self.fail(malformed(line)),
                _ => i += 1,
            }
        }
        if in_spec {
            return self.fail(malformed(line));
        }
        text.push_str(&body[copied..]);
        self.flush_text(&mut text, raw, line, out);
        b.len()
    }

    /// Decodes the pending literal text of an f-string into `out`.
    fn flush_text(&mut self, text: &mut String, raw: bool, line: u32, out: &mut Joined) {
        if !text.is_empty() {
            match lexer::decode_str(text, raw) {
                Ok(decoded) => out.text.push_str(&decoded),
                Err(msg) => self.fail(SyntaxError::new(msg, line, 0)),
            }
            text.clear();
        }
    }

    /// A replacement field whose expression starts at `start`, just after its `{`: returns the
    /// index after its closing `}`.
    fn field(
        &mut self,
        body: &str,
        start: usize,
        raw: bool,
        line: u32,
        out: &mut Joined,
    ) -> usize {
        let b = body.as_bytes();
        let Some(mut i) = lexer::field_expr_end(b, start) else {
            return self.fail(malformed(line));
        };
        let source = &body[start..i];
        if source.chars().all(is_white_space) {
            return self.fail(malformed(line));
        }
        // `{x=}` shows the expression's text (with the spaces around `=`) before its value.
        let mut self_documenting = None;
        if b[i] == b'=' {
            i += 1;
            while b.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            self_documenting = Some(&body[start..i]);
        }
        let mut conversion = None;
        if b.get(i) == Some(&b'!') {
            match b.get(i + 1) {
                Some(&c @ (b'r' | b's' | b'a')) => conversion = Some(c as char),
                _ => return self.fail(SyntaxError::new("invalid syntax", line, 0)),
            }
            i += 2;
        }
        let mut format_spec = None;
        if b.get(i) == Some(&b':') {
            let mut spec = Joined::default();
            i += 1 + self.fstring_parts(&body[i + 1..], raw, line, &mut spec, true);
            format_spec = Some(boxed(spec.finish(line)));
        }
        if b.get(i) != Some(&b'}') {
            return self.fail(malformed(line));
        }
        let value = boxed(self.field_value(source, line));
        if let Some(text) = self_documenting {
            out.text.push_str(text);
            if conversion.is_none() && format_spec.is_none() {
                conversion = Some('r');
            }
        }
        out.push_value(mk(line, ExprKind::FormattedValue { value, conversion, format_spec }));
        i + 1
    }

    /// Parses a field's expression with a parser of its own over just that text.
    fn field_value(&mut self, source: &str, line: u32) -> Expr {
        let mut sub = Parser::new(Lexer::for_field(source, line), self.nesting);
        let value = sub.star_expressions_or_yield();
        if !matches!(sub.tok.kind, Tok::Eof) {
            sub.reject::<()>();
        }
        sub.defer(no_bare_star(&value));
        match sub.finish(value) {
            Ok((value, deferred)) => {
                self.defer(deferred.map_or(Ok(()), Err));
                value
            }
            Err(e) => self.fail(e),
        }
    }
}

/// `char::is_whitespace` (Unicode's White_Space), written out: core's version is a table
/// lookup that nothing else in the wasm needs.
fn is_white_space(c: char) -> bool {
    matches!(c, '\t'..='\r' | ' ' | '\u{85}' | '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}')
}

fn malformed(line: u32) -> SyntaxError {
    SyntaxError::new("malformed f-string", line, 0)
}

/// An f-string (or a concatenation of literals with one) being assembled; adjacent text is
/// merged into one constant.
#[derive(Default)]
struct Joined {
    parts: Vec<Expr>,
    text: String,
}

impl Joined {
    fn push_value(&mut self, value: Expr) {
        self.flush(value.line);
        self.parts.push(value);
    }

    fn flush(&mut self, line: u32) {
        if !self.text.is_empty() {
            let text = core::mem::take(&mut self.text);
            self.parts.push(mk(line, ExprKind::Const(Constant::Str(text))));
        }
    }

    /// A plain string constant when there were no fields.
    fn finish(mut self, line: u32) -> Expr {
        if self.parts.is_empty() {
            return mk(line, ExprKind::Const(Constant::Str(self.text)));
        }
        self.flush(line);
        mk(line, ExprKind::JoinedStr(self.parts))
    }
}

// ---- targets

/// A name, attribute or subscript: what augmented assignment and annotation accept.
fn is_single_target(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. })
}

/// Assignment, `for`, `with` and comprehension targets: single targets, or non-empty tuples
/// and lists of targets with at most one starred.
fn check_assign(target: &Expr) -> PResult<()> {
    match &target.kind {
        _ if is_single_target(target) => Ok(()),
        ExprKind::Tuple(elts) if !elts.is_empty() => check_unpack(elts),
        ExprKind::List(elts) => check_unpack(elts),
        _ => Err(SyntaxError::new("can't assign to expression", target.line, 0)),
    }
}

fn check_unpack(elts: &[Expr]) -> PResult<()> {
    let mut starred = false;
    for elt in elts {
        match &elt.kind {
            ExprKind::Starred(inner) => {
                if starred {
                    return Err(SyntaxError::new("multiple *x in assignment", elt.line, 0));
                }
                starred = true;
                check_assign(inner)?;
            }
            _ => check_assign(elt)?,
        }
    }
    Ok(())
}

/// `del` targets: single targets and non-empty tuples of them (MicroPython refuses lists).
fn check_delete(target: &Expr) -> PResult<()> {
    match &target.kind {
        _ if is_single_target(target) => Ok(()),
        ExprKind::Tuple(elts) if !elts.is_empty() => elts.iter().try_for_each(check_delete),
        _ => Err(SyntaxError::new("can't delete expression", target.line, 0)),
    }
}

/// A starred expression is only allowed inside a tuple, list, set or call.
fn no_bare_star(e: &Expr) -> PResult<()> {
    match e.kind {
        ExprKind::Starred(_) => Err(SyntaxError::new("*x must be assignment target", e.line, 0)),
        _ => Ok(()),
    }
}

fn check_unique_names(args: &Arguments, line: u32) -> PResult<()> {
    // Pairwise, not sorted: a function has few parameters, and a sort is kilobytes of wasm.
    // Plain loops over the five slices (no list of names, no `any` closures).
    let parts = args.in_slot_order();
    for (p, &part) in parts.iter().enumerate() {
        for (i, arg) in part.iter().enumerate() {
            let mut seen = named(&part[..i], &arg.name);
            for &earlier in &parts[..p] {
                seen |= named(earlier, &arg.name);
            }
            if seen {
                return Err(SyntaxError::new("argument name reused", line, 0));
            }
        }
    }
    Ok(())
}

/// Does a parameter in `args` have this name?
fn named(args: &[crate::ast::Arg], name: &str) -> bool {
    for a in args {
        if a.name == name {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::SyntaxErrorKind;
    use alloc::format;
    use alloc::string::ToString;

    /// A compact, Lisp-like rendering of an expression, so that expected trees fit on a line.
    fn show(e: &Expr) -> String {
        let all = |es: &[Expr]| es.iter().map(show).collect::<Vec<_>>().join(" ");
        let opt = |e: &Option<Box<Expr>>| e.as_deref().map_or(String::from("_"), show);
        match &e.kind {
            ExprKind::Name(n) => n.clone(),
            ExprKind::Const(c) => match c {
                Constant::Int(i) => i.to_string(),
                Constant::BigInt(d) => format!("{d}n"),
                Constant::Float(f) => format!("{f:?}"),
                Constant::Imag(f) => format!("{f:?}j"),
                Constant::Str(s) => format!("{s:?}"),
                Constant::Bytes(b) => format!("b{:?}", String::from_utf8_lossy(b)),
                other => format!("{other:?}"),
            },
            ExprKind::JoinedStr(parts) => format!("(f {})", all(parts)),
            ExprKind::FormattedValue { value, conversion, format_spec } => {
                let conv = conversion.map_or(String::new(), |c| format!(" !{c}"));
                let spec =
                    format_spec.as_deref().map_or(String::new(), |s| format!(" :{}", show(s)));
                format!("{{{}{conv}{spec}}}", show(value))
            }
            ExprKind::Tuple(es) => format!("(tuple {})", all(es)),
            ExprKind::List(es) => format!("[{}]", all(es)),
            ExprKind::Set(es) => format!("{{set {}}}", all(es)),
            ExprKind::Dict { keys, values } => {
                let items: Vec<String> = keys
                    .iter()
                    .zip(values)
                    .map(|(k, v)| match k {
                        Some(k) => format!("{}:{}", show(k), show(v)),
                        None => format!("**{}", show(v)),
                    })
                    .collect();
                format!("{{dict {}}}", items.join(" "))
            }
            ExprKind::Starred(v) => format!("*{}", show(v)),
            ExprKind::BinOp { left, op, right } => {
                format!("({op:?} {} {})", show(left), show(right))
            }
            ExprKind::UnaryOp { op, operand } => format!("({op:?} {})", show(operand)),
            ExprKind::BoolOp { op, values } => format!("({op:?} {})", all(values)),
            ExprKind::Compare { left, ops, comparators } => {
                let rest: Vec<String> = ops
                    .iter()
                    .zip(comparators)
                    .map(|(op, c)| format!("{op:?} {}", show(c)))
                    .collect();
                format!("(cmp {} {})", show(left), rest.join(" "))
            }
            ExprKind::Call { func, args, keywords } => {
                let mut parts = vec![show(func)];
                parts.extend(args.iter().map(show));
                parts.extend(keywords.iter().map(|k| match &k.arg {
                    Some(name) => format!("{name}={}", show(&k.value)),
                    None => format!("**{}", show(&k.value)),
                }));
                format!("(call {})", parts.join(" "))
            }
            ExprKind::Attribute { value, attr } => format!("(. {} {attr})", show(value)),
            ExprKind::Subscript { value, index } => format!("([] {} {})", show(value), show(index)),
            ExprKind::Slice { lower, upper, step } => {
                format!("(slice {} {} {})", opt(lower), opt(upper), opt(step))
            }
            ExprKind::IfExp { test, body, orelse } => {
                format!("(if {} {} {})", show(test), show(body), show(orelse))
            }
            ExprKind::Lambda { args, body } => {
                format!("(lambda {} {})", show_args(args), show(body))
            }
            ExprKind::ListComp { elt, generators } => {
                format!("(listcomp {}{})", show(elt), show_gens(generators))
            }
            ExprKind::SetComp { elt, generators } => {
                format!("(setcomp {}{})", show(elt), show_gens(generators))
            }
            ExprKind::GeneratorExp { elt, generators } => {
                format!("(genexp {}{})", show(elt), show_gens(generators))
            }
            ExprKind::DictComp { key, value, generators } => {
                format!("(dictcomp {}:{}{})", show(key), show(value), show_gens(generators))
            }
            ExprKind::Yield(v) => format!("(yield {})", opt(v)),
            ExprKind::YieldFrom(v) => format!("(yield-from {})", show(v)),
            ExprKind::Await(v) => format!("(await {})", show(v)),
            ExprKind::NamedExpr { target, value } => format!("(:= {target} {})", show(value)),
        }
    }

    fn show_gens(gens: &[Comprehension]) -> String {
        gens.iter()
            .map(|g| {
                let ifs: String = g.ifs.iter().map(|i| format!(" (if {})", show(i))).collect();
                let kw = if g.is_async { "async-for" } else { "for" };
                format!(" ({kw} {} {}{ifs})", show(&g.target), show(&g.iter))
            })
            .collect()
    }

    fn show_args(a: &Arguments) -> String {
        let arg = |arg: &Arg| match &arg.annotation {
            Some(ann) => format!("{}:{}", arg.name, show(ann)),
            None => arg.name.clone(),
        };
        let mut parts: Vec<String> = Vec::new();
        let positional: Vec<&Arg> = a.posonlyargs.iter().chain(&a.args).collect();
        let first_default = positional.len() - a.defaults.len();
        for (i, p) in positional.iter().enumerate() {
            let default = i
                .checked_sub(first_default)
                .map_or(String::new(), |d| format!("={}", show(&a.defaults[d])));
            parts.push(format!("{}{default}", arg(p)));
            if i + 1 == a.posonlyargs.len() {
                parts.push(String::from("/"));
            }
        }
        if let Some(v) = &a.vararg {
            parts.push(format!("*{}", arg(v)));
        } else if !a.kwonlyargs.is_empty() {
            parts.push(String::from("*"));
        }
        for (k, d) in a.kwonlyargs.iter().zip(&a.kw_defaults) {
            parts.push(format!(
                "{}{}",
                arg(k),
                d.as_ref().map_or(String::new(), |d| format!("={}", show(d)))
            ));
        }
        if let Some(k) = &a.kwarg {
            parts.push(format!("**{}", arg(k)));
        }
        format!("({})", parts.join(" "))
    }

    fn expr(src: &str) -> String {
        match parse(src, Mode::Eval, StackGuard::UNCHECKED) {
            Ok(body) => match &body[0].kind {
                StmtKind::Expr(e) => show(e),
                other => panic!("{other:?}"),
            },
            Err(e) => panic!("{src:?}: {e:?}"),
        }
    }

    fn stmts(src: &str) -> Body {
        parse(src, Mode::Exec, StackGuard::UNCHECKED).unwrap_or_else(|e| panic!("{src:?}: {e:?}"))
    }

    fn stmt(src: &str) -> StmtKind {
        let mut body = stmts(src);
        assert_eq!(body.len(), 1, "{src:?}");
        body.remove(0).kind
    }

    fn error(src: &str) -> SyntaxError {
        match parse(src, Mode::Exec, StackGuard::UNCHECKED) {
            Ok(body) => panic!("{src:?} parsed: {body:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn white_space_is_cores() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            assert_eq!(is_white_space(c), c.is_whitespace(), "{c:?}");
        }
    }

    #[test]
    fn precedence() {
        for (src, tree) in [
            ("-2**2", "(USub (Pow 2 2))"),
            ("2**-1", "(Pow 2 (USub 1))"),
            ("2**3**2", "(Pow 2 (Pow 3 2))"),
            ("-x**-y**z", "(USub (Pow x (USub (Pow y z))))"),
            ("a + b * c - d", "(Sub (Add a (Mul b c)) d)"),
            (
                "a | b ^ c & d << e + f @ g",
                "(BitOr a (BitXor b (BitAnd c (LShift d (Add e (MatMul f g))))))",
            ),
            ("a // b % c / d", "(Div (Mod (FloorDiv a b) c) d)"),
            ("not a == b", "(Not (cmp a Eq b))"),
            ("a < b <= c != d", "(cmp a Lt b LtE c NotEq d)"),
            ("a not in b is not c in d is e", "(cmp a NotIn b IsNot c In d Is e)"),
            ("a or b and not c or d", "(Or a (And b (Not c)) d)"),
            ("a if b else c if d else e", "(if b a (if d c e))"),
            ("lambda: a if b else c", "(lambda () (if b a c))"),
            ("~a.b(c)[d]", "(Invert ([] (call (. a b) c) d))"),
            ("await a ** 2", "(Pow (await a) 2)"),
            ("-await f()", "(USub (await (call f)))"),
            ("(yield)", "(yield _)"),
            ("(yield from a)", "(yield-from a)"),
            ("(yield a, *b)", "(yield (tuple a *b))"),
            ("(x := 1 + 2)", "(:= x (Add 1 2))"),
            ("...", "Ellipsis"),
        ] {
            assert_eq!(expr(src), tree, "{src}");
        }
    }

    #[test]
    fn displays_and_comprehensions() {
        for (src, tree) in [
            ("()", "(tuple )"),
            ("(1,)", "(tuple 1)"),
            ("1, 2,", "(tuple 1 2)"),
            ("(a)", "a"),
            ("[]", "[]"),
            ("[*a, *b, c,]", "[*a *b c]"),
            ("{}", "{dict }"),
            ("{1}", "{set 1}"),
            ("{1: 2, **a, 'x': 3,}", "{dict 1:2 **a \"x\":3}"),
            ("{**a}", "{dict **a}"),
            ("{*a, 1}", "{set *a 1}"),
            ("*a, b", "(tuple *a b)"),
            (
                "[x for x in y if x if not z for w in x]",
                "(listcomp x (for x y (if x) (if (Not z))) (for w x))",
            ),
            ("{k: v for k, v in d}", "(dictcomp k:v (for (tuple k v) d))"),
            ("{x for x in y}", "(setcomp x (for x y))"),
            ("(x async for x in y)", "(genexp x (async-for x y))"),
            ("[a for b in c if d or e]", "(listcomp a (for b c (if (Or d e))))"),
            ("[y := 1 for x in z]", "(listcomp (:= y 1) (for x z))"),
            ("[*a for a in b]", "ERROR"),
        ] {
            if tree == "ERROR" {
                let err = parse(src, Mode::Eval, StackGuard::UNCHECKED).unwrap_err();
                assert_eq!(err.msg, "*x must be assignment target");
                continue;
            }
            assert_eq!(expr(src), tree, "{src}");
        }
    }

    #[test]
    fn calls_and_subscripts() {
        for (src, tree) in [
            ("f()", "(call f)"),
            ("f(a, *b, c, d=1, **g, h=2,)", "(call f a *b c d=1 **g h=2)"),
            ("f(x for x in y)", "(call f (genexp x (for x y)))"),
            ("f(a := 1)", "(call f (:= a 1))"),
            ("f(**a, b=1)", "(call f **a b=1)"),
            ("a[1]", "([] a 1)"),
            ("a[1,]", "([] a (tuple 1))"),
            ("a[1:2]", "([] a (slice 1 2 _))"),
            ("a[::]", "([] a (slice _ _ _))"),
            ("a[1:2:3]", "([] a (slice 1 2 3))"),
            ("a[::2]", "([] a (slice _ _ 2))"),
            ("a[:, 1]", "([] a (tuple (slice _ _ _) 1))"),
            ("a[x:=1]", "([] a (:= x 1))"),
            ("a.b.c", "(. (. a b) c)"),
        ] {
            assert_eq!(expr(src), tree, "{src}");
        }
        for (src, msg) in [
            ("f(a=1, 2)", "positional arg after keyword arg"),
            ("f(**a, b)", "positional arg after **"),
            ("f(**a, *b)", "* arg after **"),
            ("f(a=1, *b)", "* arg after kwarg"),
            ("f(1=2)", "LHS of keyword arg must be an id"),
            ("f(a.b=1)", "LHS of keyword arg must be an id"),
            ("f(,)", "invalid syntax"),
            ("a[]", "invalid syntax"),
            ("{1:2, 3}", "expecting key:value for dict"),
            ("{1, 2:3}", "expecting just a value for set"),
            ("{1:", "invalid syntax"),
            ("{**a for a in b}", "invalid syntax"),
            ("a.None", "invalid syntax"),
        ] {
            assert_eq!(error(src).msg, msg, "{src}");
        }
    }

    #[test]
    fn numbers_and_strings() {
        for (src, tree) in [
            ("123456789012345678901234567890", "123456789012345678901234567890n"),
            ("1_000 + 0x_ff + 0o17 + 0b1", "(Add (Add (Add 1000 255) 15) 1)"),
            ("1.5e3 + 2j", "(Add 1500.0 2.0j)"),
            ("'a' 'b' \"c\"", "\"abc\""),
            ("b'a' b'\\x00'", "b\"a\\0\""),
            ("'''x\ny'''", "\"x\\ny\""),
            ("'é' r'\\n'", "\"é\\\\n\""),
        ] {
            assert_eq!(expr(src), tree, "{src}");
        }
        assert_eq!(error("'abc' b'def'").msg, "invalid syntax");
        assert_eq!(error("x = 123z").msg, "invalid syntax for integer with base 10: '123z'");
    }

    #[test]
    fn fstrings() {
        for (src, tree) in [
            ("f'plain'", "\"plain\""),
            ("f''", "\"\""),
            ("f'{x}'", "(f {x})"),
            ("f'a{x}b{y!r}c'", "(f \"a\" {x} \"b\" {y !r} \"c\")"),
            ("'a' f'{x}' 'b' f'c'", "(f \"a\" {x} \"bc\")"),
            ("f'{{}}{{{x}}}'", "(f \"{}{\" {x} \"}\")"),
            ("f'{x:08x}'", "(f {x :\"08x\"})"),
            ("f'{x:{w}.{p}f}'", "(f {x :(f {w} \".\" {p} \"f\")})"),
            ("f'{x!s:>{w}}'", "(f {x !s :(f \">\" {w})})"),
            ("f'{x=}'", "(f \"x=\" {x !r})"),
            ("f'{x = }'", "(f \"x = \" {x !r})"),
            ("f'{x=!s}'", "(f \"x=\" {x !s})"),
            ("f'{x=:>5}'", "(f \"x=\" {x :\">5\"})"),
            ("f'{a==b}{a!=b}{a<=b}'", "(f {(cmp a Eq b)} {(cmp a NotEq b)} {(cmp a LtE b)})"),
            ("f'{[0,1][0:1]}'", "(f {([] [0 1] (slice 0 1 _))})"),
            ("f'{ {1: 2}[1] }'", "(f {([] {dict 1:2} 1)})"),
            ("f'{(lambda x: x)(1)}'", "(f {(call (lambda (x) x) 1)})"),
            ("f'{1,}'", "(f {(tuple 1)})"),
            ("f\"{'a'}\"", "(f {\"a\"})"),
            ("f\"a{f'b{x:2}c':>5}d\"", "(f \"a\" {(f \"b\" {x :\"2\"} \"c\") :\">5\"} \"d\")"),
            ("f\"a{f\"b{f\"c{x}\"}\"}\"", "(f \"a\" {(f \"b\" {(f \"c\" {x})})})"),
            ("f'\\t{x}\\n'", "(f \"\\t\" {x} \"\\n\")"),
            ("rf'\\r{x}\\s'", "(f \"\\\\r\" {x} \"\\\\s\")"),
            ("f'\\{x}'", "(f \"\\\\\" {x})"),
            ("f'''{\nx\n}'''", "(f {x})"),
            ("f'\\\\'", "\"\\\\\""),
            ("f'#'", "\"#\""),
        ] {
            assert_eq!(expr(src), tree, "{src}");
        }
        for src in [
            "f'{}'",
            "f'{ }'",
            "f'}'",
            "f'{{}'",
            "f'{x!}'",
            "f'{x!z}'",
            "f'{x!r=}'",
            "f'{\\}'",
            "f'{#}'",
            "f'{x'",
            "f'{a=b}'",
            "f'{*a}'",
            "b'a' f'b'",
        ] {
            let err = parse(src, Mode::Eval, StackGuard::UNCHECKED).expect_err(src);
            assert_eq!(err.kind, SyntaxErrorKind::Syntax, "{src}");
        }
        // Fields carry the f-string's line.
        let body = stmts("x = 1\ny = f'{x}'\n");
        let StmtKind::Assign { value, .. } = &body[1].kind else { panic!() };
        let ExprKind::JoinedStr(parts) = &value.kind else { panic!() };
        let ExprKind::FormattedValue { value, .. } = &parts[0].kind else { panic!() };
        assert_eq!((parts[0].line, value.line), (2, 2));
    }

    #[test]
    fn statements() {
        let StmtKind::Assign { targets, value } = stmt("a = b, c = *d, e") else { panic!() };
        assert_eq!(targets.iter().map(show).collect::<Vec<_>>(), ["a", "(tuple b c)"]);
        assert_eq!(show(&value), "(tuple *d e)");
        assert!(matches!(stmt("yield"), StmtKind::Expr(Expr { kind: ExprKind::Yield(None), .. })));
        assert!(matches!(
            stmt("yield from a"),
            StmtKind::Expr(Expr { kind: ExprKind::YieldFrom(_), .. })
        ));
        let StmtKind::AugAssign { target, op, value } = stmt("a.b @= yield") else { panic!() };
        assert_eq!(
            (show(&target), op, show(&value)),
            ("(. a b)".into(), BinOp::MatMul, "(yield _)".into())
        );
        let StmtKind::AnnAssign { target, annotation, value } = stmt("x: int = 1") else {
            panic!()
        };
        assert_eq!(
            (show(&target), show(&annotation), value.map(|v| show(&v))),
            ("x".into(), "int".into(), Some("1".into()))
        );
        assert!(matches!(stmt("x[0]: int"), StmtKind::AnnAssign { value: None, .. }));
        let StmtKind::Delete(targets) = stmt("del a, (b, c), d[0],") else { panic!() };
        assert_eq!(targets.len(), 3);
        let StmtKind::ImportFrom { module, names, level } = stmt("from ...a.b import (c as d, e,)")
        else {
            panic!()
        };
        assert_eq!((module.as_deref(), names.len(), level), (Some("a.b"), 2, 3));
        assert_eq!(names[0], Alias { name: "c".into(), asname: Some("d".into()) });
        let StmtKind::ImportFrom { module: None, names, level: 1 } = stmt("from . import *") else {
            panic!()
        };
        assert_eq!(names[0].name, "*");
        let StmtKind::Import(names) = stmt("import a.b.c as d, e") else { panic!() };
        assert_eq!(
            (names[0].name.as_str(), names[0].asname.as_deref(), names[1].name.as_str()),
            ("a.b.c", Some("d"), "e")
        );
        assert!(matches!(stmt("raise E from C"), StmtKind::Raise { exc: Some(_), cause: Some(_) }));
        assert!(matches!(stmt("raise"), StmtKind::Raise { exc: None, cause: None }));
        assert!(matches!(stmt("assert x, 'm'"), StmtKind::Assert { msg: Some(_), .. }));
        assert!(matches!(stmt("return"), StmtKind::Return(None)));
        assert_eq!(stmt("global a, b"), StmtKind::Global(vec!["a".into(), "b".into()]));
        assert_eq!(stmts("a; b; c;").len(), 3);
        assert_eq!(stmts("if x: a; b\nelse: c").len(), 1);

        let StmtKind::If { orelse, .. } =
            stmt("if a:\n  pass\nelif b:\n  pass\nelif c:\n  pass\nelse:\n  x\n")
        else {
            panic!()
        };
        let StmtKind::If { orelse, .. } = &orelse[0].kind else { panic!() };
        assert_eq!(orelse[0].line, 5);
        let StmtKind::If { orelse, .. } = &orelse[0].kind else { panic!() };
        assert_eq!(orelse[0].line, 8);

        let src = "try:\n a\nexcept (A, B) as e:\n b\nexcept C:\n c\nexcept:\n d\n\
                   else:\n e\nfinally:\n f";
        let StmtKind::Try { handlers, orelse, finalbody, .. } = stmt(src) else { panic!() };
        assert_eq!(handlers.len(), 3);
        assert_eq!(
            (handlers[0].name.as_deref(), handlers[2].typ.is_none(), handlers[1].line),
            (Some("e"), true, 5)
        );
        assert_eq!((orelse.len(), finalbody.len()), (1, 1));

        let StmtKind::With { items, is_async, .. } = stmt("with a as b, c as (d, e): pass") else {
            panic!()
        };
        assert_eq!((items.len(), is_async), (2, false));
        let StmtKind::With { items, .. } = stmt("with (a as b, c as d,): pass") else { panic!() };
        assert_eq!(items.len(), 2);
        let StmtKind::With { items, .. } = stmt("with (a, b) as c: pass") else { panic!() };
        assert_eq!((items.len(), show(&items[0].context)), (1, "(tuple a b)".into()));
        let StmtKind::With { items, .. } = stmt("with (a) as b, (c): pass") else { panic!() };
        assert_eq!(items.len(), 2);
        let StmtKind::With { items, .. } = stmt("with (yield): pass") else { panic!() };
        assert_eq!(show(&items[0].context), "(yield _)");

        let StmtKind::For { target, iter, orelse, .. } =
            stmt("for *a, b in c, d:\n pass\nelse:\n pass")
        else {
            panic!()
        };
        assert_eq!(
            (show(&target), show(&iter), orelse.len()),
            ("(tuple *a b)".into(), "(tuple c d)".into(), 1)
        );
    }

    #[test]
    fn definitions() {
        let def = |src: &str| match stmt(src) {
            StmtKind::FunctionDef(def) => def,
            other => panic!("{other:?}"),
        };
        let f = def("def f(a, b: int = 1, /, c=2, *args: str, d, e=3, **kw) -> bool: pass");
        assert_eq!(show_args(&f.args), "(a b:int=1 / c=2 *args:str d e=3 **kw)");
        assert_eq!(f.returns.as_ref().map(show).as_deref(), Some("bool"));
        assert_eq!(show_args(&def("def f(*, a, b=1, c,): pass").args), "(* a b=1 c)");
        assert_eq!(show_args(&def("def f(**kw,): pass").args), "(**kw)");
        assert_eq!(show_args(&def("def f(*): pass").args), "()");
        let f = def("@a.b(1)\n@c\nasync def f(): pass");
        assert_eq!((f.decorators.len(), f.is_async), (2, true));
        assert_eq!(stmts("@a\n\ndef f(): pass")[0].line, 3);
        assert_eq!(expr("lambda a, *b, c=1, **d: a"), "(lambda (a *b c=1 **d) a)");
        assert_eq!(expr("lambda *, a: a"), "(lambda (* a) a)");
        let StmtKind::ClassDef(c) = stmt("@d\nclass C(A, *b, metaclass=M, **k):\n  x = 1\n") else {
            panic!()
        };
        assert_eq!(
            (c.bases.len(), c.keywords.len(), c.decorators.len(), c.body.len()),
            (2, 2, 1, 1)
        );
        let StmtKind::ClassDef(c) = stmt("class C(): pass") else { panic!() };
        assert!(c.bases.is_empty());
        assert!(matches!(
            stmt("async def f():\n async with a: pass\n async for x in y: pass\n await z"),
            StmtKind::FunctionDef(_)
        ));
        for (src, msg) in [
            ("def f(a=1, b): pass", "non-default argument follows default argument"),
            ("lambda x=1, y: 1", "non-default argument follows default argument"),
            ("def f(a, a): pass", "argument name reused"),
            ("lambda a, *a: 1", "argument name reused"),
            ("def f(x, *a, *): pass", "invalid syntax"),
            ("def f(x, *a, **kw, r): pass", "invalid syntax"),
            ("def f(/, a): pass", "invalid syntax"),
            ("def f(a, /, b, /): pass", "invalid syntax"),
            ("def f(*, a, /): pass", "invalid syntax"),
            ("@a\nx = 1", "invalid syntax"),
            ("async x = 1", "invalid syntax"),
        ] {
            assert_eq!(error(src).msg, msg, "{src}");
        }
    }

    #[test]
    fn targets() {
        for src in [
            "a, *b = c",
            "[a, [b, *c]] = d",
            "(a), b.c, d[0] = e",
            "*a, = b",
            "[] = []",
            "for a.b, c[0] in d: pass",
            "with a as (b, *c): pass",
            "[x for a, (b, c) in d]",
            "del a, (b, c), d.e, f[0]",
            "a.b += 1",
            "a[0] //= 2",
            "(x) = 1",
            "(x): int",
        ] {
            stmts(src);
        }
        for (src, msg) in [
            ("1 = 2", "can't assign to expression"),
            ("'' = 1", "can't assign to expression"),
            ("{} = 1", "can't assign to expression"),
            ("f() = 1", "can't assign to expression"),
            ("f**2 = 1", "can't assign to expression"),
            ("(i for i in a) = 1", "can't assign to expression"),
            ("None = 1", "can't assign to expression"),
            ("a = b + 1 = c", "can't assign to expression"),
            ("() = []", "can't assign to expression"),
            ("*a = 1", "can't assign to expression"),
            ("for *a in b: pass", "can't assign to expression"),
            ("for 1 in x: pass", "can't assign to expression"),
            ("with a as 1: pass", "can't assign to expression"),
            ("[x for 1 in y]", "can't assign to expression"),
            ("x = yield = 1", "can't assign to expression"),
            ("yield = 1", "invalid syntax"),
            ("yield += 1", "invalid syntax"),
            ("a[*b]", "invalid syntax"),
            ("(a.b := 5)", "can't assign to expression"),
            ("a, b += c", "can't assign to expression"),
            ("[a, b] += c", "can't assign to expression"),
            ("f() += 1", "can't assign to expression"),
            ("x = *x", "*x must be assignment target"),
            ("*a", "*x must be assignment target"),
            ("print((*a))", "*x must be assignment target"),
            ("return *a", "*x must be assignment target"),
            ("*a, *b = c", "multiple *x in assignment"),
            ("[a, *b, *c] = d", "multiple *x in assignment"),
            ("del f()", "can't delete expression"),
            ("del f[0]**2", "can't delete expression"),
            ("del (a for a in a)", "can't delete expression"),
            ("del ()", "can't delete expression"),
            ("del [a]", "can't delete expression"),
            ("del *a", "can't delete expression"),
            ("x := 5", "invalid syntax"),
            ("a.b := 5", "invalid syntax"),
            ("f(): int", "invalid syntax"),
            ("a, b: int", "invalid syntax"),
        ] {
            assert_eq!(error(src).msg, msg, "{src}");
        }
    }

    #[test]
    fn blocks_and_indentation() {
        let body = stmts("if a:\n    if b:\n\n        # c\n        x\n    y\nz\n");
        assert_eq!(body.len(), 2);
        let StmtKind::If { body: inner, .. } = &body[0].kind else { panic!() };
        assert_eq!(inner.len(), 2);
        assert_eq!(stmts("if a:\n\tb\n        c\n").len(), 1);
        assert_eq!(stmts("x = 1\r\ny = [1,\r\n 2]\rz = 3").len(), 3);
        assert_eq!(stmts("x = (1 +\n  2) \\\n + 3\n").len(), 1);
        assert!(stmts("").is_empty());
        assert!(stmts("\n\n# c\n   \n").is_empty());
        assert!(stmts("\\\n").is_empty());
        for (src, kind, msg) in [
            (" a\n", SyntaxErrorKind::Indentation, "unexpected indent"),
            ("if 1:\n  x = 1\n\ty = 2\n", SyntaxErrorKind::Indentation, "unexpected indent"),
            (
                "def f():\n  a\n a\n",
                SyntaxErrorKind::Indentation,
                "unindent doesn't match any outer indent level",
            ),
            ("if 1:\nx = 1", SyntaxErrorKind::Syntax, "invalid syntax"),
            ("if 1:", SyntaxErrorKind::Syntax, "invalid syntax"),
            ("if 1: if 1: pass", SyntaxErrorKind::Syntax, "invalid syntax"),
            ("x = 1;;", SyntaxErrorKind::Syntax, "invalid syntax"),
            ("try:\n a\n", SyntaxErrorKind::Syntax, "invalid syntax"),
            ("try:\n a\nelse:\n b\n", SyntaxErrorKind::Syntax, "invalid syntax"),
            (
                "try:\n a\nexcept:\n pass\nexcept:\n pass",
                SyntaxErrorKind::Syntax,
                "default 'except' must be last",
            ),
            ("try:\n a\nexcept A, B:\n pass", SyntaxErrorKind::Syntax, "invalid syntax"),
        ] {
            let e = error(src);
            assert_eq!((e.kind, e.msg.as_str()), (kind, msg), "{src:?}");
        }
    }

    /// The first error stops the parse (`Parser::fail`): the rules still running return at once,
    /// and neither a later lexer error, a deferred check nor a second syntax error replaces it.
    #[test]
    fn the_first_error_stops_the_parse() {
        let deep = format!("{}\nx = $\n", "(".repeat(150));
        for (src, msg, line, col) in [
            ("def f(:\n    x = $\n1 = 2\n", "invalid syntax", 1, 7),
            ("x = [1,\n2 +\n]\ny = 'open\n", "invalid syntax", 3, 1),
            ("while x:\n    y = (1 2)\n    z = 3\nelse:\n", "invalid syntax", 2, 12),
            ("a = f'{x!z}' + f'{'\nb = $\n", "invalid syntax", 1, 0),
            ("class C:\n  def g(self, *, *a): pass\n  h(**k, *a)\n", "invalid syntax", 2, 18),
            (deep.as_str(), "too many nested parentheses", 1, 101),
        ] {
            let e = error(src);
            assert_eq!((e.msg.as_ref(), e.line, e.col), (msg, line, col), "{src:?}");
        }
    }

    #[test]
    fn line_numbers() {
        let body = stmts("a = 1\n\nb = f(\n  x,\n  y)\nif c:\n    d\n");
        assert_eq!(body.iter().map(|s| s.line).collect::<Vec<_>>(), [1, 3, 6]);
        let StmtKind::Assign { value, .. } = &body[1].kind else { panic!() };
        let ExprKind::Call { args, .. } = &value.kind else { panic!() };
        assert_eq!((value.line, args[0].line, args[1].line), (3, 4, 5));
        let StmtKind::If { body: inner, .. } = &body[2].kind else { panic!() };
        assert_eq!(inner[0].line, 7);
        let body = stmts("x = '''\n\n'''\ny = (a\n  .b\n  .c())\n");
        assert_eq!(body[1].line, 4);
        let StmtKind::Assign { value, .. } = &body[1].kind else { panic!() };
        assert_eq!(value.line, 4);
        assert_eq!(error("x = 1\ny = (1,\n  2 +\n  )\n").line, 4);
    }

    #[test]
    fn modes() {
        assert!(parse("  1 + 2\n\n", Mode::Eval, StackGuard::UNCHECKED).is_ok());
        assert!(parse("\n(\n1\n)", Mode::Eval, StackGuard::UNCHECKED).is_ok());
        for src in ["", "\\\n", "x = 1", "1;", "1\n2", "yield 1"] {
            assert!(parse(src, Mode::Eval, StackGuard::UNCHECKED).is_err(), "{src:?}");
        }
        assert_eq!(parse("x=1;y=2", Mode::Single, StackGuard::UNCHECKED).map(|b| b.len()), Ok(2));
        assert_eq!(parse("if 1:\n  pass\n", Mode::Single, StackGuard::UNCHECKED).map(|b| b.len()), Ok(1));
        assert_eq!(parse("\n", Mode::Single, StackGuard::UNCHECKED), Ok(Vec::new()));
        assert_eq!(parse("# c", Mode::Single, StackGuard::UNCHECKED), Ok(Vec::new()));
        for src in ["", "\\\n", "x=1\ny=2", "if 1:\n  pass\nx=1\n"] {
            assert!(parse(src, Mode::Single, StackGuard::UNCHECKED).is_err(), "{src:?}");
        }
        assert_eq!(parse("\\\n", Mode::Exec, StackGuard::UNCHECKED), Ok(Vec::new()));
    }
}
