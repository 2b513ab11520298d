//! Tokens to syntax tree: recursive descent with one token of lookahead.
//!
//! Besides the grammar, the parser checks what the compiler trusts and the tree cannot show:
//! assignment, deletion and walrus targets, the order of arguments in calls and parameters.
//! Scope rules (`break` outside a loop, `yield` outside a function, `nonlocal`) are left to
//! the compiler. Error messages are MicroPython's.
//!
//! Nesting is bounded by [`MAX_DEPTH`] so that no input can overflow the Rust stack, here or
//! in the compiler walking the tree: parentheses, blocks, unary operators and the links of
//! long left-associative chains (`a + b + c`, `a.b.c`, `elif`s) all count.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::lexer::{self, Kw, Lexer, Op, Tok, Token};
use crate::ast::*;
use crate::error::{Mode, SyntaxError};

/// How deeply expressions and blocks may nest; a level of parentheses or of blocks costs one.
const MAX_DEPTH: u32 = 200;

type PResult<T> = Result<T, SyntaxError>;

/// Parses `source` as a module (`Exec`), a REPL entry (`Single`) or an expression (`Eval`).
pub fn parse(source: &str, mode: Mode) -> PResult<Body> {
    let src = lexer::normalize_newlines(source);
    match mode {
        Mode::Exec => Parser::new(Lexer::new(&src), 0)?.file(),
        Mode::Single => Parser::new(Lexer::new(&src), 0)?.single(&src),
        Mode::Eval => Parser::new(Lexer::without_indentation(&src), 0)?.eval(),
    }
}

struct Parser<'a> {
    lex: Lexer<'a>,
    /// The lookahead token.
    tok: Token,
    depth: u32,
}

fn mk(line: u32, kind: ExprKind) -> Expr {
    Expr { line, kind }
}

/// The error for a token the grammar does not allow where it is.
fn unexpected(tok: &Token) -> SyntaxError {
    if tok.kind == Tok::Indent {
        SyntaxError::indentation("unexpected indent", tok.line, tok.col)
    } else {
        SyntaxError::new("invalid syntax", tok.line, tok.col)
    }
}

impl<'a> Parser<'a> {
    fn new(mut lex: Lexer<'a>, depth: u32) -> PResult<Self> {
        let tok = lex.next_token()?;
        Ok(Parser { lex, tok, depth })
    }

    // ---- tokens

    fn advance(&mut self) -> PResult<Token> {
        let next = self.lex.next_token()?;
        Ok(core::mem::replace(&mut self.tok, next))
    }

    fn error(&self) -> SyntaxError {
        unexpected(&self.tok)
    }

    fn at_op(&self, op: Op) -> bool {
        self.tok.kind == Tok::Op(op)
    }

    fn at_kw(&self, kw: Kw) -> bool {
        self.tok.kind == Tok::Kw(kw)
    }

    fn eat_op(&mut self, op: Op) -> PResult<bool> {
        let at = self.at_op(op);
        if at {
            self.advance()?;
        }
        Ok(at)
    }

    fn eat_kw(&mut self, kw: Kw) -> PResult<bool> {
        let at = self.at_kw(kw);
        if at {
            self.advance()?;
        }
        Ok(at)
    }

    fn expect_op(&mut self, op: Op) -> PResult<()> {
        if self.eat_op(op)? {
            Ok(())
        } else {
            Err(self.error())
        }
    }

    fn expect_kw(&mut self, kw: Kw) -> PResult<()> {
        if self.eat_kw(kw)? {
            Ok(())
        } else {
            Err(self.error())
        }
    }

    fn expect_newline(&mut self) -> PResult<()> {
        if self.tok.kind != Tok::Newline {
            return Err(self.error());
        }
        self.advance()?;
        Ok(())
    }

    fn name(&mut self) -> PResult<String> {
        let Tok::Name(name) = &mut self.tok.kind else {
            return Err(self.error());
        };
        let name = core::mem::take(name);
        self.advance()?;
        Ok(name)
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

    /// Runs `f` one level deeper.
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        self.deepen()?;
        let result = f(self);
        self.depth -= 1;
        result
    }

    /// Adds a level of nesting, failing beyond [`MAX_DEPTH`]. Loops that build left-deep trees
    /// call it for each link and restore the depth when the chain ends.
    fn deepen(&mut self) -> PResult<()> {
        if self.depth >= MAX_DEPTH {
            return Err(SyntaxError::new("too many nested parentheses", self.tok.line, self.tok.col));
        }
        self.depth += 1;
        Ok(())
    }

    // ---- modes

    fn file(mut self) -> PResult<Body> {
        let mut body = Vec::new();
        while self.tok.kind != Tok::Eof {
            self.statement(&mut body)?;
        }
        Ok(body)
    }

    /// One REPL entry: a single statement, simple or compound.
    fn single(mut self, src: &str) -> PResult<Body> {
        let mut body = Vec::new();
        if self.tok.kind == Tok::Eof {
            // Like MicroPython: a blank line or a comment is an empty entry, but empty input
            // (or one only continued with a backslash) is an error.
            let line_ends = src.split('\n').rev().skip(1).any(|line| !line.ends_with('\\'));
            return if line_ends || src.contains('#') { Ok(body) } else { Err(self.error()) };
        }
        self.statement(&mut body)?;
        if self.tok.kind != Tok::Eof {
            return Err(self.error());
        }
        Ok(body)
    }

    fn eval(mut self) -> PResult<Body> {
        let line = self.tok.line;
        let value = self.star_expressions()?;
        no_bare_star(&value)?;
        while self.tok.kind == Tok::Newline {
            self.advance()?;
        }
        if self.tok.kind != Tok::Eof {
            return Err(self.error());
        }
        Ok(vec![Stmt { line, kind: StmtKind::Expr(value) }])
    }

    // ---- statements

    fn statement(&mut self, out: &mut Body) -> PResult<()> {
        let line = self.tok.line;
        let kind = match self.tok.kind {
            Tok::Kw(Kw::If) => self.if_stmt()?,
            Tok::Kw(Kw::While) => self.while_stmt()?,
            Tok::Kw(Kw::For) => self.for_stmt(false)?,
            Tok::Kw(Kw::Try) => self.try_stmt()?,
            Tok::Kw(Kw::With) => self.with_stmt(false)?,
            Tok::Kw(Kw::Def) => self.funcdef(Vec::new(), false)?,
            Tok::Kw(Kw::Class) => self.classdef(Vec::new())?,
            Tok::Kw(Kw::Async) => {
                self.advance()?;
                self.async_stmt(Vec::new())?
            }
            Tok::Op(Op::At) => return self.decorated(out),
            _ => return self.simple_stmts(out),
        };
        out.push(Stmt { line, kind });
        Ok(())
    }

    /// Simple statements separated by `;` up to the end of the line.
    fn simple_stmts(&mut self, out: &mut Body) -> PResult<()> {
        loop {
            let line = self.tok.line;
            let kind = self.simple_stmt()?;
            out.push(Stmt { line, kind });
            if !self.eat_op(Op::Semi)? || self.tok.kind == Tok::Newline {
                break;
            }
        }
        self.expect_newline()
    }

    /// The body after a compound statement's header: `:` then an indented block, or simple
    /// statements on the same line.
    fn block(&mut self) -> PResult<Body> {
        self.expect_op(Op::Colon)?;
        let mut body = Vec::new();
        if self.tok.kind != Tok::Newline {
            self.simple_stmts(&mut body)?;
            return Ok(body);
        }
        self.advance()?;
        if self.tok.kind != Tok::Indent {
            return Err(self.error());
        }
        self.advance()?;
        self.nested(|p| {
            while p.tok.kind != Tok::Dedent {
                if p.tok.kind == Tok::Eof {
                    return Err(p.error());
                }
                p.statement(&mut body)?;
            }
            p.advance()?;
            Ok(())
        })?;
        Ok(body)
    }

    fn else_block(&mut self) -> PResult<Body> {
        if self.eat_kw(Kw::Else)? {
            self.block()
        } else {
            Ok(Vec::new())
        }
    }

    fn simple_stmt(&mut self) -> PResult<StmtKind> {
        let keyword = match self.tok.kind {
            Tok::Kw(kw) => kw,
            _ => return self.expr_stmt(),
        };
        let kind = match keyword {
            Kw::Pass => StmtKind::Pass,
            Kw::Break => StmtKind::Break,
            Kw::Continue => StmtKind::Continue,
            Kw::Return => {
                self.advance()?;
                return Ok(StmtKind::Return(self.optional_value()?));
            }
            Kw::Raise => return self.raise_stmt(),
            Kw::Global => {
                self.advance()?;
                return Ok(StmtKind::Global(self.names()?));
            }
            Kw::Nonlocal => {
                self.advance()?;
                return Ok(StmtKind::Nonlocal(self.names()?));
            }
            Kw::Del => return self.del_stmt(),
            Kw::Assert => {
                self.advance()?;
                let test = self.test()?;
                let msg = if self.eat_op(Op::Comma)? { Some(self.test()?) } else { None };
                return Ok(StmtKind::Assert { test, msg });
            }
            Kw::Import => return self.import(),
            Kw::From => return self.import_from(),
            _ => return self.expr_stmt(),
        };
        self.advance()?;
        Ok(kind)
    }

    /// An expression statement, or an assignment of any kind.
    fn expr_stmt(&mut self) -> PResult<StmtKind> {
        let first = self.star_expressions_or_yield()?;
        match self.tok.kind {
            Tok::Op(Op::Colon) => {
                if !is_single_target(&first) {
                    return Err(self.error());
                }
                self.advance()?;
                let annotation = self.test()?;
                let value = if self.eat_op(Op::Assign)? { Some(self.assigned_value()?) } else { None };
                Ok(StmtKind::AnnAssign { target: first, annotation, value })
            }
            Tok::Op(Op::Aug(op)) => {
                if !is_single_target(&first) {
                    return Err(SyntaxError::new("can't assign to expression", first.line, 0));
                }
                self.advance()?;
                let value = self.assigned_value()?;
                Ok(StmtKind::AugAssign { target: first, op, value })
            }
            Tok::Op(Op::Assign) => {
                let mut targets = Vec::new();
                let mut value = first;
                while self.eat_op(Op::Assign)? {
                    let next = self.star_expressions_or_yield()?;
                    targets.push(core::mem::replace(&mut value, next));
                }
                targets.iter().try_for_each(check_assign)?;
                no_bare_star(&value)?;
                Ok(StmtKind::Assign { targets, value })
            }
            _ => {
                no_bare_star(&first)?;
                Ok(StmtKind::Expr(first))
            }
        }
    }

    /// The value of an assignment: a yield or an expression list.
    fn assigned_value(&mut self) -> PResult<Expr> {
        let value = self.star_expressions_or_yield()?;
        no_bare_star(&value)?;
        Ok(value)
    }

    /// The optional value of `return` or `yield`.
    fn optional_value(&mut self) -> PResult<Option<Expr>> {
        if !self.starts_expr() {
            return Ok(None);
        }
        let value = self.star_expressions()?;
        no_bare_star(&value)?;
        Ok(Some(value))
    }

    fn raise_stmt(&mut self) -> PResult<StmtKind> {
        self.advance()?;
        if !self.starts_expr() {
            return Ok(StmtKind::Raise { exc: None, cause: None });
        }
        let exc = Some(self.test()?);
        let cause = if self.eat_kw(Kw::From)? { Some(self.test()?) } else { None };
        Ok(StmtKind::Raise { exc, cause })
    }

    fn names(&mut self) -> PResult<Vec<String>> {
        let mut names = vec![self.name()?];
        while self.eat_op(Op::Comma)? {
            names.push(self.name()?);
        }
        Ok(names)
    }

    fn del_stmt(&mut self) -> PResult<StmtKind> {
        self.advance()?;
        let mut targets = Vec::new();
        loop {
            let target = self.starred_or(Self::bitor)?;
            check_delete(&target)?;
            targets.push(target);
            if !self.eat_op(Op::Comma)? || !self.starts_expr() {
                break;
            }
        }
        Ok(StmtKind::Delete(targets))
    }

    fn import(&mut self) -> PResult<StmtKind> {
        self.advance()?;
        let mut names = Vec::new();
        loop {
            let name = self.dotted_name()?;
            let asname = if self.eat_kw(Kw::As)? { Some(self.name()?) } else { None };
            names.push(Alias { name, asname });
            if !self.eat_op(Op::Comma)? {
                break;
            }
        }
        Ok(StmtKind::Import(names))
    }

    fn dotted_name(&mut self) -> PResult<String> {
        let mut name = self.name()?;
        while self.eat_op(Op::Dot)? {
            name.push('.');
            name.push_str(&self.name()?);
        }
        Ok(name)
    }

    fn import_from(&mut self) -> PResult<StmtKind> {
        self.advance()?;
        let mut level: u32 = 0;
        loop {
            if self.eat_op(Op::Dot)? {
                level = level.saturating_add(1);
            } else if self.eat_op(Op::Ellipsis)? {
                level = level.saturating_add(3);
            } else {
                break;
            }
        }
        let module = if self.at_name() { Some(self.dotted_name()?) } else { None };
        if module.is_none() && level == 0 {
            return Err(self.error());
        }
        self.expect_kw(Kw::Import)?;
        let names = if self.eat_op(Op::Star)? {
            vec![Alias { name: String::from("*"), asname: None }]
        } else if self.eat_op(Op::LParen)? {
            let names = self.import_names()?;
            self.expect_op(Op::RParen)?;
            names
        } else {
            self.import_names()?
        };
        Ok(StmtKind::ImportFrom { module, names, level })
    }

    /// `a as b, c` with an optional trailing comma (which MicroPython allows even without
    /// parentheses).
    fn import_names(&mut self) -> PResult<Vec<Alias>> {
        let mut names = Vec::new();
        loop {
            let name = self.name()?;
            let asname = if self.eat_kw(Kw::As)? { Some(self.name()?) } else { None };
            names.push(Alias { name, asname });
            if !self.eat_op(Op::Comma)? || !self.at_name() {
                break;
            }
        }
        Ok(names)
    }

    fn if_stmt(&mut self) -> PResult<StmtKind> {
        self.advance()?;
        let test = self.named_expr()?;
        let body = self.block()?;
        // `elif`s become nested `If`s, so each counts as a level of nesting.
        let saved = self.depth;
        let mut elifs = Vec::new();
        while self.at_kw(Kw::Elif) {
            self.deepen()?;
            let line = self.tok.line;
            self.advance()?;
            let test = self.named_expr()?;
            elifs.push((line, test, self.block()?));
        }
        let mut orelse = self.else_block()?;
        self.depth = saved;
        for (line, test, body) in elifs.into_iter().rev() {
            orelse = vec![Stmt { line, kind: StmtKind::If { test, body, orelse } }];
        }
        Ok(StmtKind::If { test, body, orelse })
    }

    fn while_stmt(&mut self) -> PResult<StmtKind> {
        self.advance()?;
        let test = self.named_expr()?;
        let body = self.block()?;
        let orelse = self.else_block()?;
        Ok(StmtKind::While { test, body, orelse })
    }

    fn for_stmt(&mut self, is_async: bool) -> PResult<StmtKind> {
        self.advance()?;
        let target = self.target_list()?;
        check_assign(&target)?;
        self.expect_kw(Kw::In)?;
        let iter = self.star_expressions()?;
        no_bare_star(&iter)?;
        let body = self.block()?;
        let orelse = self.else_block()?;
        Ok(StmtKind::For { target, iter, body, orelse, is_async })
    }

    fn try_stmt(&mut self) -> PResult<StmtKind> {
        self.advance()?;
        let body = self.block()?;
        let mut handlers: Vec<ExceptHandler> = Vec::new();
        while self.at_kw(Kw::Except) {
            let line = self.tok.line;
            if handlers.last().is_some_and(|h| h.typ.is_none()) {
                return Err(SyntaxError::new("default 'except' must be last", line, self.tok.col));
            }
            self.advance()?;
            let (typ, name) = if self.at_op(Op::Colon) {
                (None, None)
            } else {
                let typ = self.test()?;
                let name = if self.eat_kw(Kw::As)? { Some(self.name()?) } else { None };
                (Some(typ), name)
            };
            let body = self.block()?;
            handlers.push(ExceptHandler { line, typ, name, body });
        }
        let orelse = if handlers.is_empty() { Vec::new() } else { self.else_block()? };
        let has_finally = self.eat_kw(Kw::Finally)?;
        if handlers.is_empty() && !has_finally {
            return Err(self.error());
        }
        let finalbody = if has_finally { self.block()? } else { Vec::new() };
        Ok(StmtKind::Try { body, handlers, orelse, finalbody })
    }

    fn with_stmt(&mut self, is_async: bool) -> PResult<StmtKind> {
        self.advance()?;
        let items = if self.at_op(Op::LParen) {
            self.parenthesised_with_items()?
        } else {
            self.with_items()?
        };
        let body = self.block()?;
        Ok(StmtKind::With { items, body, is_async })
    }

    /// `with (a as b, c):` — unless the parenthesis begins the first item's expression, as in
    /// `with (a, b) as c:`. Python tells the two apart by what follows the `)`, so this tries
    /// the first reading and backtracks to the second. Nothing in a `with` header can contain
    /// another one, so the cost is at most one extra parse of the header.
    fn parenthesised_with_items(&mut self) -> PResult<Vec<WithItem>> {
        let saved = (self.lex.clone(), self.tok.clone(), self.depth);
        match self.with_items_in_parens() {
            Ok(items) => Ok(items),
            Err(_) => {
                (self.lex, self.tok, self.depth) = saved;
                self.with_items()
            }
        }
    }

    fn with_items_in_parens(&mut self) -> PResult<Vec<WithItem>> {
        self.expect_op(Op::LParen)?;
        let mut items = Vec::new();
        loop {
            items.push(self.with_item()?);
            if !self.eat_op(Op::Comma)? || self.at_op(Op::RParen) {
                break;
            }
        }
        self.expect_op(Op::RParen)?;
        if !self.at_op(Op::Colon) {
            return Err(self.error());
        }
        Ok(items)
    }

    fn with_items(&mut self) -> PResult<Vec<WithItem>> {
        let mut items = vec![self.with_item()?];
        while self.eat_op(Op::Comma)? {
            items.push(self.with_item()?);
        }
        Ok(items)
    }

    fn with_item(&mut self) -> PResult<WithItem> {
        let context = self.test()?;
        let target = if self.eat_kw(Kw::As)? {
            let target = self.bitor()?;
            check_assign(&target)?;
            Some(target)
        } else {
            None
        };
        Ok(WithItem { context, target })
    }

    fn decorated(&mut self, out: &mut Body) -> PResult<()> {
        let mut decorators = Vec::new();
        while self.eat_op(Op::At)? {
            decorators.push(self.named_expr()?);
            self.expect_newline()?;
        }
        let line = self.tok.line;
        let kind = match self.tok.kind {
            Tok::Kw(Kw::Def) => self.funcdef(decorators, false)?,
            Tok::Kw(Kw::Class) => self.classdef(decorators)?,
            Tok::Kw(Kw::Async) => {
                self.advance()?;
                self.async_stmt(decorators)?
            }
            _ => return Err(self.error()),
        };
        out.push(Stmt { line, kind });
        Ok(())
    }

    /// What follows `async`: `def`, or (undecorated) `for` or `with`.
    fn async_stmt(&mut self, decorators: Vec<Expr>) -> PResult<StmtKind> {
        match self.tok.kind {
            Tok::Kw(Kw::Def) => self.funcdef(decorators, true),
            Tok::Kw(Kw::For) if decorators.is_empty() => self.for_stmt(true),
            Tok::Kw(Kw::With) if decorators.is_empty() => self.with_stmt(true),
            _ => Err(self.error()),
        }
    }

    fn funcdef(&mut self, decorators: Vec<Expr>, is_async: bool) -> PResult<StmtKind> {
        self.advance()?;
        let name = self.name()?;
        self.expect_op(Op::LParen)?;
        let args = self.parameters(Op::RParen, true)?;
        self.expect_op(Op::RParen)?;
        let returns = if self.eat_op(Op::Arrow)? { Some(self.test()?) } else { None };
        let body = self.block()?;
        let def = FunctionDef { name, args, body, decorators, returns, is_async };
        Ok(StmtKind::FunctionDef(Box::new(def)))
    }

    fn classdef(&mut self, decorators: Vec<Expr>) -> PResult<StmtKind> {
        self.advance()?;
        let name = self.name()?;
        let (bases, keywords) =
            if self.eat_op(Op::LParen)? { self.call_args()? } else { (Vec::new(), Vec::new()) };
        let body = self.block()?;
        Ok(StmtKind::ClassDef(Box::new(ClassDef { name, bases, keywords, body, decorators })))
    }

    /// A parameter list up to (not including) `close`: `)` for `def`, `:` for `lambda`.
    fn parameters(&mut self, close: Op, annotated: bool) -> PResult<Arguments> {
        let first_line = self.tok.line;
        let mut args = Arguments::default();
        let mut star = false;
        while !self.at_op(close) {
            let (line, col) = (self.tok.line, self.tok.col);
            let misplaced = || SyntaxError::new("invalid syntax", line, col);
            if self.eat_op(Op::Slash)? {
                if star || args.args.is_empty() || !args.posonlyargs.is_empty() {
                    return Err(misplaced());
                }
                args.posonlyargs = core::mem::take(&mut args.args);
            } else if self.eat_op(Op::Star)? {
                if star {
                    return Err(misplaced());
                }
                star = true;
                if self.at_name() {
                    args.vararg = Some(self.param(annotated)?);
                }
            } else if self.eat_op(Op::DoubleStar)? {
                args.kwarg = Some(self.param(annotated)?);
                self.eat_op(Op::Comma)?;
                break;
            } else {
                let arg = self.param(annotated)?;
                let default = if self.eat_op(Op::Assign)? { Some(self.test()?) } else { None };
                if star {
                    args.kwonlyargs.push(arg);
                    args.kw_defaults.push(default);
                } else if let Some(default) = default {
                    args.args.push(arg);
                    args.defaults.push(default);
                } else if !args.defaults.is_empty() {
                    let msg = "non-default argument follows default argument";
                    return Err(SyntaxError::new(msg, line, col));
                } else {
                    args.args.push(arg);
                }
            }
            if !self.eat_op(Op::Comma)? {
                break;
            }
        }
        check_unique_names(&args, first_line)?;
        Ok(args)
    }

    fn param(&mut self, annotated: bool) -> PResult<Arg> {
        let name = self.name()?;
        let annotation = if annotated && self.eat_op(Op::Colon)? { Some(self.test()?) } else { None };
        Ok(Arg { name, annotation })
    }

    // ---- expression lists

    fn star_expressions_or_yield(&mut self) -> PResult<Expr> {
        if self.at_kw(Kw::Yield) {
            self.yield_expr()
        } else {
            self.star_expressions()
        }
    }

    /// `a, *b, c`: a tuple if there is a comma. A lone starred item is returned as it is for
    /// the caller to reject (with a message that depends on whether it was a target).
    fn star_expressions(&mut self) -> PResult<Expr> {
        self.expr_list(Self::test)
    }

    /// The targets of `for` and of comprehensions, which stop before `in`.
    fn target_list(&mut self) -> PResult<Expr> {
        self.expr_list(Self::bitor)
    }

    fn expr_list(&mut self, item: fn(&mut Self) -> PResult<Expr>) -> PResult<Expr> {
        let first = self.starred_or(item)?;
        if !self.at_op(Op::Comma) {
            return Ok(first);
        }
        let line = first.line;
        let mut elts = vec![first];
        while self.eat_op(Op::Comma)? && self.starts_expr() {
            elts.push(self.starred_or(item)?);
        }
        Ok(mk(line, ExprKind::Tuple(elts)))
    }

    /// `*value`, or else an `item`.
    fn starred_or(&mut self, item: fn(&mut Self) -> PResult<Expr>) -> PResult<Expr> {
        if !self.at_op(Op::Star) {
            return item(self);
        }
        let line = self.tok.line;
        self.advance()?;
        let value = self.bitor()?;
        Ok(mk(line, ExprKind::Starred(Box::new(value))))
    }

    /// An element of a display or a parenthesised tuple.
    fn star_named(&mut self) -> PResult<Expr> {
        self.starred_or(Self::named_expr)
    }

    // ---- expressions, loosest binding first

    /// `name := value`, or a plain expression.
    fn named_expr(&mut self) -> PResult<Expr> {
        let e = self.test()?;
        if !self.at_op(Op::ColonEq) {
            return Ok(e);
        }
        let ExprKind::Name(target) = e.kind else {
            return Err(SyntaxError::new("can't assign to expression", e.line, 0));
        };
        self.advance()?;
        let value = Box::new(self.test()?);
        Ok(mk(e.line, ExprKind::NamedExpr { target, value }))
    }

    /// A conditional expression or a lambda.
    fn test(&mut self) -> PResult<Expr> {
        self.nested(|p| {
            if p.at_kw(Kw::Lambda) {
                return p.lambda();
            }
            let body = p.or_test()?;
            if !p.eat_kw(Kw::If)? {
                return Ok(body);
            }
            let test = Box::new(p.or_test()?);
            p.expect_kw(Kw::Else)?;
            let orelse = Box::new(p.test()?);
            Ok(mk(body.line, ExprKind::IfExp { test, body: Box::new(body), orelse }))
        })
    }

    fn lambda(&mut self) -> PResult<Expr> {
        let line = self.tok.line;
        self.advance()?;
        let args = Box::new(self.parameters(Op::Colon, false)?);
        self.expect_op(Op::Colon)?;
        let body = Box::new(self.test()?);
        Ok(mk(line, ExprKind::Lambda { args, body }))
    }

    fn or_test(&mut self) -> PResult<Expr> {
        self.bool_op(Kw::Or, BoolOp::Or, Self::and_test)
    }

    fn and_test(&mut self) -> PResult<Expr> {
        self.bool_op(Kw::And, BoolOp::And, Self::not_test)
    }

    fn bool_op(&mut self, kw: Kw, op: BoolOp, operand: fn(&mut Self) -> PResult<Expr>) -> PResult<Expr> {
        let first = operand(self)?;
        if !self.at_kw(kw) {
            return Ok(first);
        }
        let line = first.line;
        let mut values = vec![first];
        while self.eat_kw(kw)? {
            values.push(operand(self)?);
        }
        Ok(mk(line, ExprKind::BoolOp { op, values }))
    }

    fn not_test(&mut self) -> PResult<Expr> {
        if !self.at_kw(Kw::Not) {
            return self.comparison();
        }
        let line = self.tok.line;
        self.advance()?;
        let operand = Box::new(self.nested(Self::not_test)?);
        Ok(mk(line, ExprKind::UnaryOp { op: UnaryOp::Not, operand }))
    }

    fn comparison(&mut self) -> PResult<Expr> {
        let left = self.bitor()?;
        let mut ops = Vec::new();
        let mut comparators = Vec::new();
        while let Some(op) = self.cmp_op()? {
            ops.push(op);
            comparators.push(self.bitor()?);
        }
        if ops.is_empty() {
            return Ok(left);
        }
        Ok(mk(left.line, ExprKind::Compare { left: Box::new(left), ops, comparators }))
    }

    /// Consumes a comparison operator, if the lookahead is one.
    fn cmp_op(&mut self) -> PResult<Option<CmpOp>> {
        let op = match self.tok.kind {
            Tok::Op(Op::Lt) => CmpOp::Lt,
            Tok::Op(Op::Gt) => CmpOp::Gt,
            Tok::Op(Op::LtE) => CmpOp::LtE,
            Tok::Op(Op::GtE) => CmpOp::GtE,
            Tok::Op(Op::EqEq) => CmpOp::Eq,
            Tok::Op(Op::NotEq) => CmpOp::NotEq,
            Tok::Kw(Kw::In) => CmpOp::In,
            Tok::Kw(Kw::Not) => {
                self.advance()?;
                self.expect_kw(Kw::In)?;
                return Ok(Some(CmpOp::NotIn));
            }
            Tok::Kw(Kw::Is) => {
                self.advance()?;
                let negated = self.eat_kw(Kw::Not)?;
                return Ok(Some(if negated { CmpOp::IsNot } else { CmpOp::Is }));
            }
            _ => return Ok(None),
        };
        self.advance()?;
        Ok(Some(op))
    }

    /// `|`, the loosest binary operator: the level of starred items and `for` targets.
    fn bitor(&mut self) -> PResult<Expr> {
        self.binary(1)
    }

    /// Binary operators by precedence climbing: operators binding at least `min_prec`.
    fn binary(&mut self, min_prec: u8) -> PResult<Expr> {
        let saved = self.depth;
        let mut left = self.factor()?;
        while let Some((op, prec)) = self.binop() {
            if prec < min_prec {
                break;
            }
            self.deepen()?;
            self.advance()?;
            let right = Box::new(self.binary(prec + 1)?);
            left = mk(left.line, ExprKind::BinOp { left: Box::new(left), op, right });
        }
        self.depth = saved;
        Ok(left)
    }

    fn binop(&self) -> Option<(BinOp, u8)> {
        let Tok::Op(op) = self.tok.kind else {
            return None;
        };
        Some(match op {
            Op::Pipe => (BinOp::BitOr, 1),
            Op::Caret => (BinOp::BitXor, 2),
            Op::Amp => (BinOp::BitAnd, 3),
            Op::LShift => (BinOp::LShift, 4),
            Op::RShift => (BinOp::RShift, 4),
            Op::Plus => (BinOp::Add, 5),
            Op::Minus => (BinOp::Sub, 5),
            Op::Star => (BinOp::Mul, 6),
            Op::Slash => (BinOp::Div, 6),
            Op::DoubleSlash => (BinOp::FloorDiv, 6),
            Op::Percent => (BinOp::Mod, 6),
            Op::At => (BinOp::MatMul, 6),
            _ => return None,
        })
    }

    /// Unary `+`, `-`, `~`, which bind less tightly than a `**` on their right.
    fn factor(&mut self) -> PResult<Expr> {
        let op = match self.tok.kind {
            Tok::Op(Op::Minus) => UnaryOp::USub,
            Tok::Op(Op::Plus) => UnaryOp::UAdd,
            Tok::Op(Op::Tilde) => UnaryOp::Invert,
            _ => return self.power(),
        };
        let line = self.tok.line;
        self.advance()?;
        let operand = Box::new(self.nested(Self::factor)?);
        Ok(mk(line, ExprKind::UnaryOp { op, operand }))
    }

    /// `[await] primary [** factor]`: `**` binds tighter than a unary operator on its left
    /// and looser than one on its right (`-2**-1` is `-(2**(-1))`).
    fn power(&mut self) -> PResult<Expr> {
        let base = if self.at_kw(Kw::Await) {
            let line = self.tok.line;
            self.advance()?;
            mk(line, ExprKind::Await(Box::new(self.primary()?)))
        } else {
            self.primary()?
        };
        if !self.eat_op(Op::DoubleStar)? {
            return Ok(base);
        }
        let right = Box::new(self.nested(Self::factor)?);
        Ok(mk(base.line, ExprKind::BinOp { left: Box::new(base), op: BinOp::Pow, right }))
    }

    /// An atom followed by attribute accesses, calls and subscripts.
    fn primary(&mut self) -> PResult<Expr> {
        let saved = self.depth;
        let mut e = self.atom()?;
        let line = e.line;
        loop {
            let kind = match self.tok.kind {
                Tok::Op(Op::Dot) => {
                    self.deepen()?;
                    self.advance()?;
                    ExprKind::Attribute { value: Box::new(e), attr: self.name()? }
                }
                Tok::Op(Op::LParen) => {
                    self.deepen()?;
                    self.advance()?;
                    let (args, keywords) = self.call_args()?;
                    ExprKind::Call { func: Box::new(e), args, keywords }
                }
                Tok::Op(Op::LBracket) => {
                    self.deepen()?;
                    self.advance()?;
                    ExprKind::Subscript { value: Box::new(e), index: Box::new(self.subscript()?) }
                }
                _ => break,
            };
            e = mk(line, kind);
        }
        self.depth = saved;
        Ok(e)
    }

    fn atom(&mut self) -> PResult<Expr> {
        let line = self.tok.line;
        let kind = match &mut self.tok.kind {
            Tok::Op(Op::LParen) => return self.paren(),
            Tok::Op(Op::LBracket) => return self.list(),
            Tok::Op(Op::LBrace) => return self.brace(),
            Tok::Str(_) | Tok::Bytes(_) | Tok::FStr { .. } => return self.strings(),
            Tok::Name(name) => ExprKind::Name(core::mem::take(name)),
            Tok::Num(value) => ExprKind::Const(core::mem::replace(value, Constant::None)),
            Tok::Kw(Kw::None) => ExprKind::Const(Constant::None),
            Tok::Kw(Kw::True) => ExprKind::Const(Constant::True),
            Tok::Kw(Kw::False) => ExprKind::Const(Constant::False),
            Tok::Op(Op::Ellipsis) => ExprKind::Const(Constant::Ellipsis),
            _ => return Err(self.error()),
        };
        self.advance()?;
        Ok(mk(line, kind))
    }

    /// `( ... )`: the empty tuple, a parenthesised expression or yield, a tuple, or a
    /// generator expression.
    fn paren(&mut self) -> PResult<Expr> {
        let line = self.tok.line;
        self.advance()?;
        if self.eat_op(Op::RParen)? {
            return Ok(mk(line, ExprKind::Tuple(Vec::new())));
        }
        if self.at_kw(Kw::Yield) {
            let value = self.yield_expr()?;
            self.expect_op(Op::RParen)?;
            return Ok(value);
        }
        let first = self.star_named()?;
        if self.at_comp_for() {
            let (elt, generators) = self.comprehension(first)?;
            self.expect_op(Op::RParen)?;
            return Ok(mk(line, ExprKind::GeneratorExp { elt, generators }));
        }
        if !self.at_op(Op::Comma) {
            self.expect_op(Op::RParen)?;
            no_bare_star(&first)?;
            return Ok(first);
        }
        let elts = self.display_tail(first, Op::RParen)?;
        Ok(mk(line, ExprKind::Tuple(elts)))
    }

    fn list(&mut self) -> PResult<Expr> {
        let line = self.tok.line;
        self.advance()?;
        if self.eat_op(Op::RBracket)? {
            return Ok(mk(line, ExprKind::List(Vec::new())));
        }
        let first = self.star_named()?;
        if self.at_comp_for() {
            let (elt, generators) = self.comprehension(first)?;
            self.expect_op(Op::RBracket)?;
            return Ok(mk(line, ExprKind::ListComp { elt, generators }));
        }
        let elts = self.display_tail(first, Op::RBracket)?;
        Ok(mk(line, ExprKind::List(elts)))
    }

    /// The rest of a display after its first element: `, element` up to `close`, consumed.
    fn display_tail(&mut self, first: Expr, close: Op) -> PResult<Vec<Expr>> {
        let mut elts = vec![first];
        while self.eat_op(Op::Comma)? && !self.at_op(close) {
            elts.push(self.star_named()?);
        }
        self.expect_op(close)?;
        Ok(elts)
    }

    /// `{ ... }`: a dict or set display or comprehension.
    fn brace(&mut self) -> PResult<Expr> {
        let line = self.tok.line;
        self.advance()?;
        if self.eat_op(Op::RBrace)? {
            return Ok(mk(line, ExprKind::Dict { keys: Vec::new(), values: Vec::new() }));
        }
        let (key, value) = if self.eat_op(Op::DoubleStar)? {
            (None, self.bitor()?)
        } else {
            let first = self.star_named()?;
            if !self.at_op(Op::Colon) {
                return self.set(line, first);
            }
            if matches!(first.kind, ExprKind::Starred(_)) {
                return Err(self.error());
            }
            self.advance()?;
            (Some(first), self.test()?)
        };
        if self.at_comp_for() {
            // `{**a for ...}` is not a comprehension.
            let Some(key) = key else {
                return Err(self.error());
            };
            let (key, value) = (Box::new(key), Box::new(value));
            let generators = self.comprehension_clauses()?;
            self.expect_op(Op::RBrace)?;
            return Ok(mk(line, ExprKind::DictComp { key, value, generators }));
        }
        let mut keys = vec![key];
        let mut values = vec![value];
        while self.eat_op(Op::Comma)? && !self.at_op(Op::RBrace) {
            if self.eat_op(Op::DoubleStar)? {
                keys.push(None);
                values.push(self.bitor()?);
                continue;
            }
            let key = self.test()?;
            if !self.eat_op(Op::Colon)? {
                return Err(SyntaxError::new("expecting key:value for dict", key.line, 0));
            }
            keys.push(Some(key));
            values.push(self.test()?);
        }
        self.expect_op(Op::RBrace)?;
        Ok(mk(line, ExprKind::Dict { keys, values }))
    }

    fn set(&mut self, line: u32, first: Expr) -> PResult<Expr> {
        if self.at_comp_for() {
            let (elt, generators) = self.comprehension(first)?;
            self.expect_op(Op::RBrace)?;
            return Ok(mk(line, ExprKind::SetComp { elt, generators }));
        }
        let mut elts = vec![first];
        while self.eat_op(Op::Comma)? && !self.at_op(Op::RBrace) {
            let elt = self.star_named()?;
            if self.at_op(Op::Colon) {
                return Err(SyntaxError::new("expecting just a value for set", elt.line, 0));
            }
            elts.push(elt);
        }
        self.expect_op(Op::RBrace)?;
        Ok(mk(line, ExprKind::Set(elts)))
    }

    fn at_comp_for(&self) -> bool {
        self.at_kw(Kw::For) || self.at_kw(Kw::Async)
    }

    /// The `for` clauses after a comprehension's element, which may not be starred.
    fn comprehension(&mut self, elt: Expr) -> PResult<(Box<Expr>, Vec<Comprehension>)> {
        no_bare_star(&elt)?;
        Ok((Box::new(elt), self.comprehension_clauses()?))
    }

    fn comprehension_clauses(&mut self) -> PResult<Vec<Comprehension>> {
        let mut generators = Vec::new();
        while self.at_comp_for() {
            let is_async = self.eat_kw(Kw::Async)?;
            self.expect_kw(Kw::For)?;
            let target = self.target_list()?;
            check_assign(&target)?;
            self.expect_kw(Kw::In)?;
            let iter = self.or_test()?;
            let mut ifs = Vec::new();
            while self.eat_kw(Kw::If)? {
                ifs.push(self.or_test()?);
            }
            generators.push(Comprehension { target, iter, ifs, is_async });
        }
        Ok(generators)
    }

    fn yield_expr(&mut self) -> PResult<Expr> {
        let line = self.tok.line;
        self.advance()?;
        let kind = if self.eat_kw(Kw::From)? {
            ExprKind::YieldFrom(Box::new(self.test()?))
        } else {
            ExprKind::Yield(self.optional_value()?.map(Box::new))
        };
        Ok(mk(line, kind))
    }

    /// A call's arguments after `(`, through the `)`. The order rules are MicroPython's: no
    /// positional argument after a keyword or `**`, no `*` after either.
    fn call_args(&mut self) -> PResult<(Vec<Expr>, Vec<Keyword>)> {
        let mut args = Vec::new();
        let mut keywords = Vec::new();
        let (mut seen_keyword, mut seen_mapping) = (false, false);
        while !self.at_op(Op::RParen) {
            let (line, col) = (self.tok.line, self.tok.col);
            let order_error = |msg| Err(SyntaxError::new(msg, line, col));
            if self.eat_op(Op::Star)? {
                if seen_mapping {
                    return order_error("* arg after **");
                }
                if seen_keyword {
                    return order_error("* arg after kwarg");
                }
                let value = self.test()?;
                args.push(mk(line, ExprKind::Starred(Box::new(value))));
            } else if self.eat_op(Op::DoubleStar)? {
                keywords.push(Keyword { arg: None, value: self.test()? });
                seen_mapping = true;
            } else {
                let e = self.named_expr()?;
                if self.eat_op(Op::Assign)? {
                    let ExprKind::Name(name) = e.kind else {
                        return order_error("LHS of keyword arg must be an id");
                    };
                    keywords.push(Keyword { arg: Some(name), value: self.test()? });
                    seen_keyword = true;
                } else {
                    if seen_mapping {
                        return order_error("positional arg after **");
                    }
                    if seen_keyword {
                        return order_error("positional arg after keyword arg");
                    }
                    let arg = if self.at_comp_for() {
                        let (elt, generators) = self.comprehension(e)?;
                        mk(line, ExprKind::GeneratorExp { elt, generators })
                    } else {
                        e
                    };
                    args.push(arg);
                }
            }
            if !self.eat_op(Op::Comma)? {
                break;
            }
        }
        self.expect_op(Op::RParen)?;
        Ok((args, keywords))
    }

    /// A subscript after `[`, through the `]`: an index, a slice, or a tuple of them.
    fn subscript(&mut self) -> PResult<Expr> {
        let line = self.tok.line;
        let first = self.slice_item()?;
        if !self.at_op(Op::Comma) {
            self.expect_op(Op::RBracket)?;
            return Ok(first);
        }
        let mut elts = vec![first];
        while self.eat_op(Op::Comma)? && !self.at_op(Op::RBracket) {
            elts.push(self.slice_item()?);
        }
        self.expect_op(Op::RBracket)?;
        Ok(mk(line, ExprKind::Tuple(elts)))
    }

    fn slice_item(&mut self) -> PResult<Expr> {
        let line = self.tok.line;
        if self.at_op(Op::Star) {
            return self.starred_or(Self::bitor);
        }
        let lower = if self.at_op(Op::Colon) {
            None
        } else {
            let index = self.named_expr()?;
            if !self.at_op(Op::Colon) {
                return Ok(index);
            }
            Some(Box::new(index))
        };
        self.advance()?;
        let upper = if self.at_slice_end() { None } else { Some(Box::new(self.test()?)) };
        let step = if self.eat_op(Op::Colon)? && !self.at_slice_end() {
            Some(Box::new(self.test()?))
        } else {
            None
        };
        Ok(mk(line, ExprKind::Slice { lower, upper, step }))
    }

    fn at_slice_end(&self) -> bool {
        self.at_op(Op::Colon) || self.at_op(Op::Comma) || self.at_op(Op::RBracket)
    }

    // ---- strings

    /// Adjacent string literals, concatenated. Any f-string makes the result a `JoinedStr`;
    /// mixing bytes with text is an error.
    fn strings(&mut self) -> PResult<Expr> {
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
                    self.fstring_parts(&body, raw, at_line, &mut joined, false)?;
                }
                _ => break,
            }
            self.advance()?;
        }
        match bytes {
            Some(_) if text_seen => Err(SyntaxError::new("invalid syntax", line, 0)),
            Some(bytes) => Ok(mk(line, ExprKind::Const(Constant::Bytes(bytes)))),
            None => Ok(joined.finish(line)),
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
    ) -> PResult<usize> {
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
                    flush_text(&mut text, raw, line, out)?;
                    i = self.nested(|p| p.field(body, i + 1, raw, line, out))?;
                    copied = i;
                }
                b'}' if in_spec => {
                    text.push_str(&body[copied..i]);
                    flush_text(&mut text, raw, line, out)?;
                    return Ok(i);
                }
                b'}' => return Err(malformed(line)),
                _ => i += 1,
            }
        }
        if in_spec {
            return Err(malformed(line));
        }
        text.push_str(&body[copied..]);
        flush_text(&mut text, raw, line, out)?;
        Ok(b.len())
    }

    /// A replacement field whose expression starts at `start`, just after its `{`: returns the
    /// index after its closing `}`.
    fn field(&mut self, body: &str, start: usize, raw: bool, line: u32, out: &mut Joined) -> PResult<usize> {
        let b = body.as_bytes();
        let mut i = field_expr_end(b, start).ok_or_else(|| malformed(line))?;
        let source = &body[start..i];
        if source.trim().is_empty() {
            return Err(malformed(line));
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
                _ => return Err(SyntaxError::new("invalid syntax", line, 0)),
            }
            i += 2;
        }
        let mut format_spec = None;
        if b.get(i) == Some(&b':') {
            let mut spec = Joined::default();
            i += 1 + self.fstring_parts(&body[i + 1..], raw, line, &mut spec, true)?;
            format_spec = Some(Box::new(spec.finish(line)));
        }
        if b.get(i) != Some(&b'}') {
            return Err(malformed(line));
        }
        let value = Box::new(self.field_value(source, line)?);
        if let Some(text) = self_documenting {
            out.text.push_str(text);
            if conversion.is_none() && format_spec.is_none() {
                conversion = Some('r');
            }
        }
        out.push_value(mk(line, ExprKind::FormattedValue { value, conversion, format_spec }));
        Ok(i + 1)
    }

    /// Parses a field's expression with a parser of its own over just that text.
    fn field_value(&mut self, source: &str, line: u32) -> PResult<Expr> {
        let mut sub = Parser::new(Lexer::for_field(source, line), self.depth)?;
        let value = sub.star_expressions_or_yield()?;
        no_bare_star(&value)?;
        if sub.tok.kind != Tok::Eof {
            return Err(sub.error());
        }
        Ok(value)
    }
}

fn malformed(line: u32) -> SyntaxError {
    SyntaxError::new("malformed f-string", line, 0)
}

/// Where a replacement field's expression ends: at the `}`, `!`, `:` or self-documenting `=`
/// outside brackets and strings. `!=`, `==`, `<=` and `>=` are operators.
fn field_expr_end(b: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0u32;
    let mut i = start;
    while let Some(&c) = b.get(i) {
        let next = b.get(i + 1).copied();
        match c {
            b'\'' | b'"' => {
                let (_, fstring) = lexer::prefix_before(b, i);
                i = lexer::scan_string(b, i, fstring).ok()?.end;
                continue;
            }
            b'!' | b'=' | b'<' | b'>' if next == Some(b'=') => i += 1,
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' => depth = depth.saturating_sub(1),
            b'}' if depth > 0 => depth -= 1,
            b'}' | b'!' | b':' if depth == 0 => return Some(i),
            b'=' if depth == 0 => {
                let after = b[i + 1..].iter().find(|c| !c.is_ascii_whitespace()).copied();
                if matches!(after, Some(b'}' | b'!' | b':')) {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
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

/// Decodes the pending literal text of an f-string into `out`.
fn flush_text(text: &mut String, raw: bool, line: u32, out: &mut Joined) -> PResult<()> {
    if !text.is_empty() {
        let decoded = lexer::decode_str(text, raw).map_err(|msg| SyntaxError::new(msg, line, 0))?;
        out.text.push_str(&decoded);
        text.clear();
    }
    Ok(())
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
    let mut names: Vec<&str> = args
        .posonlyargs
        .iter()
        .chain(&args.args)
        .chain(&args.vararg)
        .chain(&args.kwonlyargs)
        .chain(&args.kwarg)
        .map(|arg| arg.name.as_str())
        .collect();
    names.sort_unstable();
    if names.windows(2).any(|pair| pair[0] == pair[1]) {
        return Err(SyntaxError::new("argument name reused", line, 0));
    }
    Ok(())
}
