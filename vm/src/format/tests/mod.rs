//! Tests against the reference MicroPython: tables of anchor results, translations of the
//! conformance tests, and a no-panic fuzz of every parser.
//!
//! Left out on purpose, because a Rust `String` cannot hold what MicroPython produces there:
//! precision cutting a multi-byte character (`'{:.1}'.format('é')`), surrogate characters
//! (`'%c' % 0xd800`), and the lone lead byte MicroPython puts in
//! `unsupported format character` for a non-ASCII conversion character.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::bigint::BigInt;

use super::percent::Count;
use super::*;

mod conformance;
mod fuzz;
mod tables;

/// A Python value in a test case.
#[derive(Debug, Clone, Copy)]
pub(super) enum V {
    F(f64),
    I(i64),
    /// An int too big for `i64`, in decimal.
    B(&'static str),
    T(bool),
    S(&'static str),
    /// Any other object: type name and `str()`.
    O(&'static str, &'static str),
}

impl V {
    fn type_name(self) -> &'static str {
        match self {
            V::F(_) => "float",
            V::I(_) | V::B(_) => "int",
            V::T(_) => "bool",
            V::S(_) => "str",
            V::O(name, _) => name,
        }
    }

    /// `str(v)`.
    fn text(self) -> String {
        let mut s = String::new();
        match self {
            V::F(f) => float_repr(&mut s, f),
            V::I(i) => s.push_str(&i.to_string()),
            V::B(b) => s.push_str(b),
            V::T(t) => s.push_str(if t { "True" } else { "False" }),
            V::S(t) | V::O(_, t) => s.push_str(t),
        }
        s
    }

    /// `repr(v)`, for the values the tests use with `!r` (no quotes inside strings).
    fn repr(self) -> String {
        match self {
            V::S(t) => format!("'{}'", t),
            v => v.text(),
        }
    }

    fn big(self) -> Option<BigInt> {
        match self {
            V::B(b) => b.parse().ok(),
            _ => None,
        }
    }
}

/// `Kind: message`, as the tables write failures.
fn error_text(e: &FormatError) -> String {
    format!("{:?}: {}", e.kind, e.msg)
}

/// `('{:' + spec + '}').format(v)`.
fn with_spec(v: V, spec: &str) -> String {
    let big = v.big();
    let arg = match (v, &big) {
        (V::F(f), _) => FormatArg::Float(f),
        (V::I(i), _) => FormatArg::Int(IntRef::Small(i)),
        (V::T(t), _) => FormatArg::Int(IntRef::Small(t as i64)),
        (V::B(_), Some(b)) => FormatArg::Int(IntRef::Big(b)),
        (V::S(s), _) => FormatArg::Str(s),
        (V::O(..), _) | (V::B(_), None) => FormatArg::Other,
    };
    let mut out = String::new();
    match FormatSpec::parse(spec).and_then(|spec| format_with_spec(&mut out, arg, v.type_name(), &spec)) {
        Ok(()) => out,
        Err(e) => error_text(&e),
    }
}

/// `fmt % args`, following the recipe in the `percent` module docs (no dict operand).
fn percent(fmt: &str, args: &[V]) -> String {
    let mut out = String::new();
    let mut next = 0;
    let mut take = || {
        let v = args.get(next).copied();
        next += 1;
        v.ok_or_else(|| String::from("TypeError: format string needs more arguments"))
    };
    let star = |v: V| match v {
        V::I(n) => Ok(n as i32),
        v => Err(format!("TypeError: can't convert {} to int", v.type_name())),
    };
    for piece in PercentParser::new(fmt.as_bytes(), false) {
        let conv = match piece {
            Ok(Piece::Literal(text)) => {
                out.push_str(core::str::from_utf8(text).unwrap());
                continue;
            }
            Ok(Piece::Conversion(conv)) => conv,
            Err(e) => return error_text(&e),
        };
        let count = |c: Count, none: i32, take: &mut dyn FnMut() -> Result<V, String>| match c {
            Count::None => Ok(none),
            Count::Fixed(n) => Ok(n),
            Count::Star => take().and_then(star),
        };
        let width = match count(conv.width, 0, &mut take) {
            Ok(w) => w,
            Err(e) => return e,
        };
        let precision = match count(conv.precision, -1, &mut take) {
            Ok(p) => p,
            Err(e) => return e,
        };
        if let Err(e) = conv.ensure_complete() {
            return error_text(&e);
        }
        let v = match take() {
            Ok(v) => v,
            Err(e) => return e,
        };
        let big = v.big();
        let text = match conv.wants_text() {
            Some(percent::TextKind::Repr) => v.repr(),
            Some(percent::TextKind::Str) => v.text(),
            None => String::new(),
        };
        if conv.wants_text().is_some() {
            if let Err(e) = percent::check_width(width) {
                return error_text(&e);
            }
            let mut bytes = Vec::new();
            percent::pad_text(&mut bytes, text.as_bytes(), &conv, width, precision, true);
            out.push_str(core::str::from_utf8(&bytes).unwrap());
            continue;
        }
        let arg = match (v, &big) {
            (V::F(f), _) => PercentArg::Float(f),
            (V::I(i), _) => PercentArg::Int(IntRef::Small(i)),
            (V::T(t), _) => PercentArg::Int(IntRef::Small(t as i64)),
            (V::B(_), Some(b)) => PercentArg::Int(IntRef::Big(b)),
            (V::S(s), _) => PercentArg::Str(s),
            (V::O(name, _), _) | (V::B(name), None) => PercentArg::Other(name),
        };
        if let Err(e) = format_percent(&mut out, &conv, width, precision, arg) {
            return error_text(&e);
        }
    }
    if next != args.len() {
        return "TypeError: format string didn't convert all arguments".into();
    }
    out
}

/// `fmt.format(*args, **kwargs)`, following the recipe in the `brace` module docs.
fn brace(fmt: &str, args: &[V], kwargs: &[(&str, V)]) -> String {
    let mut out = String::new();
    match brace_into(&mut out, fmt, args, kwargs, &mut Numbering::new()) {
        Ok(()) => out,
        Err(e) => e,
    }
}

fn brace_into(
    out: &mut String,
    fmt: &str,
    args: &[V],
    kwargs: &[(&str, V)],
    numbering: &mut Numbering,
) -> Result<(), String> {
    for piece in BraceParser::new(fmt) {
        let field = match piece.map_err(|e| error_text(&e))? {
            BracePiece::Literal(text) => {
                out.push_str(text);
                continue;
            }
            BracePiece::Field(field) => field,
        };
        let v = match numbering.resolve(field.name, args.len()).map_err(|e| error_text(&e))? {
            FieldArg::Positional(i) => args[i],
            FieldArg::Keyword { name, attributes } => {
                let v = kwargs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| *v)
                    .ok_or_else(|| format!("KeyError: {}", name))?;
                if attributes {
                    return Err("NotImplementedError: attributes not supported".into());
                }
                v
            }
        };
        let converted = match (field.conversion, field.spec) {
            (Some('r'), _) => Some(v.repr()),
            (Some(_), _) | (None, None) => Some(v.text()),
            (None, Some(_)) => None,
        };
        match (field.spec, converted) {
            (None, Some(text)) => out.push_str(&text),
            (spec, converted) => {
                let mut spec_text = String::new();
                brace_into(&mut spec_text, spec.unwrap_or(""), args, kwargs, numbering)?;
                let formatted = match converted {
                    Some(text) => with_spec(V::S(leak(text)), &spec_text),
                    None => with_spec(v, &spec_text),
                };
                out.push_str(&formatted);
            }
        }
    }
    Ok(())
}

/// Test values are `'static`; converted text lives for the rest of the test run.
fn leak(s: String) -> &'static str {
    alloc::boxed::Box::leak(s.into_boxed_str())
}

fn int_text(r: Result<Int, FormatError>) -> String {
    match r {
        Ok(Int::Small(v)) => v.to_string(),
        Ok(Int::Big(v)) => v.to_string(),
        Err(e) => error_text(&e),
    }
}

fn repr_of(f: f64) -> String {
    let mut s = String::new();
    float_repr(&mut s, f);
    s
}

/// Collects every mismatch so one run shows them all.
fn check<I: core::fmt::Debug>(table: &str, rows: impl IntoIterator<Item = (I, String, &'static str)>) {
    let bad: Vec<String> = rows
        .into_iter()
        .filter(|(_, got, want)| got != want)
        .map(|(input, got, want)| format!("{:?}: got {:?}, want {:?}", input, got, want))
        .collect();
    assert!(bad.is_empty(), "{}: {} mismatches:\n{}", table, bad.len(), bad.join("\n"));
}

#[test]
fn float_repr_matches_anchor() {
    check("REPR", tables::REPR.iter().map(|&(f, want)| (f, repr_of(f), want)));
}

#[test]
fn complex_repr_matches_anchor() {
    check(
        "COMPLEX",
        tables::COMPLEX.iter().map(|&(re, im, want)| {
            let mut s = String::new();
            complex_repr(&mut s, re, im);
            ((re, im), s, want)
        }),
    );
}

#[test]
fn format_spec_matches_anchor() {
    check("SPEC", tables::SPEC.iter().map(|&(v, spec, want)| ((v, spec), with_spec(v, spec), want)));
}

#[test]
fn percent_matches_anchor() {
    check("PERCENT", tables::PERCENT.iter().map(|&(fmt, v, want)| ((fmt, v), percent(fmt, &[v]), want)));
}

#[test]
fn brace_format_matches_anchor() {
    check("BRACE", tables::BRACE.iter().map(|&(fmt, args, want)| (fmt, brace(fmt, args, &[]), want)));
}

#[test]
fn parsing_matches_anchor() {
    check(
        "PARSE_FLOAT",
        tables::PARSE_FLOAT.iter().map(|&(text, want)| {
            let got = parse_float(text.as_bytes()).map(repr_of).unwrap_or_else(|e| error_text(&e));
            (text, got, want)
        }),
    );
    check(
        "PARSE_COMPLEX",
        tables::PARSE_COMPLEX.iter().map(|&(text, want)| {
            let got = match parse_complex(text.as_bytes()) {
                Ok((re, im)) => {
                    let mut s = String::new();
                    complex_repr(&mut s, re, im);
                    s
                }
                Err(e) => error_text(&e),
            };
            (text, got, want)
        }),
    );
    check(
        "PARSE_INT",
        tables::PARSE_INT
            .iter()
            .map(|&(text, base, want)| ((text, base), int_text(parse_int(text.as_bytes(), base)), want)),
    );
}

#[test]
fn number_helpers_match_anchor() {
    check("ROUND", tables::ROUND.iter().map(|&(f, n, want)| ((f, n), repr_of(float_round(f, n)), want)));
    check("ROUND_TO_INT", tables::ROUND_TO_INT.iter().map(|&(f, want)| (f, int_text(round_to_int(f)), want)));
    check("FLOAT_TO_INT", tables::FLOAT_TO_INT.iter().map(|&(f, want)| (f, int_text(float_to_int(f)), want)));
    check(
        "INT_TO_FLOAT",
        tables::INT_TO_FLOAT.iter().map(|&(text, want)| {
            let big: BigInt = text.parse().unwrap_or_default();
            (text, repr_of(int_to_f64(IntRef::Big(&big))), want)
        }),
    );
    check("HASH", tables::HASH.iter().map(|&(f, want)| (f, float_hash(f).to_string(), leak(want.to_string()))));
    check(
        "DIVMOD",
        tables::DIVMOD.iter().flat_map(|&(x, y, want_divmod, want_mod)| {
            let zero = || String::from("ZeroDivisionError: divide by zero");
            let dm = float_divmod(x, y).map_or_else(zero, |(q, r)| format!("({}, {})", repr_of(q), repr_of(r)));
            let m = float_mod(x, y).map_or_else(zero, repr_of);
            [((x, y, "divmod"), dm, want_divmod), ((x, y, "%"), m, want_mod)]
        }),
    );
}

#[test]
fn int_round_matches_anchor() {
    let cases: &[(&str, i64, &str)] = &[
        ("1250", -2, "1200"),
        ("1350", -2, "1400"),
        ("-1250", -2, "-1200"),
        ("-1350", -2, "-1400"),
        ("1249", -2, "1200"),
        ("15", -1, "20"),
        ("25", -1, "20"),
        ("-25", -1, "-20"),
        ("5", 0, "5"),
        ("5", 2, "5"),
        ("1000000000000000000005000000000", -10, "1000000000000000000000000000000"),
        ("1000000000000000000015000000000", -10, "1000000000000000000020000000000"),
        ("123", -5, "0"),
        ("-123", -3, "0"),
        ("500", -3, "0"),
        ("-500", -3, "0"),
        ("1500", -3, "2000"),
        ("1267650600228229401496703205376", -20, "1267650600200000000000000000000"),
        ("-1267650600228229401496703205376", -29, "-1300000000000000000000000000000"),
        ("1267650600228229401496703205376", -31, "0"),
        ("999", -3, "1000"),
        ("-999", -3, "-1000"),
        ("7", i64::MIN, "0"),
    ];
    check(
        "INT_ROUND",
        cases.iter().map(|&(v, n, want)| {
            let big: BigInt = v.parse().unwrap_or_default();
            ((v, n), int_text(Ok(int_round(IntRef::Big(&big), n))), want)
        }),
    );
}

#[test]
fn floor_division_is_divmods_quotient() {
    assert_eq!(float_floordiv(7.0, -2.0), Some(-4.0));
    assert_eq!(float_floordiv(5.0, 0.1), Some(49.0));
    assert_eq!(float_floordiv(1.0, 0.0), None);
}

#[test]
fn fmod_is_the_libm_crates() {
    // Bit for bit, signs of zero included: edge values (subnormals, extremes, signed zeros,
    // infinities, NaN) and a fixed xorshift sequence of bit patterns.
    let edges = [0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-300, 0.1, 1.0, -1.5, 3.0, 1e22, 1.7976931348623157e308, f64::INFINITY, f64::NEG_INFINITY, f64::NAN];
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut bits = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut pairs: Vec<(f64, f64)> = edges.iter().flat_map(|&a| edges.iter().map(move |&b| (a, b))).collect();
    pairs.extend((0..20_000).map(|_| (f64::from_bits(bits()), f64::from_bits(bits()))));
    pairs.extend((0..20_000).map(|i| (f64::from_bits(bits()) % 1e6, [0.1, -7.0, 1e-310, 2.5e300][i % 4])));
    for (a, b) in pairs {
        let (ours, theirs) = (super::num::fmod(a, b), libm::fmod(a, b));
        assert!(ours.to_bits() == theirs.to_bits() || (ours.is_nan() && theirs.is_nan()), "fmod({a:e}, {b:e}) = {ours:e}, libm {theirs:e}");
    }
}

#[test]
fn int_text_in_any_radix() {
    let big: BigInt = "-1000000000000000000000000000000".parse().unwrap_or_default();
    let cases: [(IntRef, u32, bool, &str); 8] = [
        (IntRef::Small(-31), 16, true, "-0x1f"),
        (IntRef::Small(5), 2, true, "0b101"),
        (IntRef::Small(8), 8, true, "0o10"),
        (IntRef::Small(0), 2, true, "0b0"),
        (IntRef::Small(35), 36, true, "z"),
        (IntRef::Small(i64::MIN), 10, false, "-9223372036854775808"),
        (IntRef::Big(&big), 16, true, "-0xc9f2c9cd04674edea40000000"),
        (IntRef::Big(&big), 8, true, "-0o1447626234640431647336510000000000"),
    ];
    for (v, radix, prefix, want) in cases {
        let mut s = String::new();
        int_to_str_radix(&mut s, v, radix, prefix);
        assert_eq!(s, want);
    }
    let mut s = String::new();
    int_to_str(&mut s, IntRef::Big(&big));
    assert_eq!(s, "-1000000000000000000000000000000");
}

#[test]
fn percent_parser_reports_keys_and_stars() {
    let pieces: Vec<Piece> = PercentParser::new(b"a%(x)-*.*f%%b", true).filter_map(Result::ok).collect();
    let Some(Piece::Conversion(conv)) = pieces.get(1).copied() else { panic!("{:?}", pieces) };
    assert_eq!(conv.key, Some(&b"x"[..]));
    assert!(conv.left);
    assert_eq!((conv.width, conv.precision, conv.conv, conv.index), (Count::Star, Count::Star, Some('f'), 9));
    assert_eq!(pieces[0], Piece::Literal(b"a"));
    assert_eq!(&pieces[2..], &[Piece::Literal(b"%"), Piece::Literal(b"b")]);
    let err = PercentParser::new(b"%(x)s", false).next();
    assert_eq!(err.and_then(|r| r.err()).map(|e| e.msg.clone()), Some("format needs a dict".into()));
    let err = PercentParser::new(b"%(x", true).next();
    assert_eq!(err.and_then(|r| r.err()).map(|e| e.msg.clone()), Some("incomplete format key".into()));
}

#[test]
fn brace_keywords_and_nested_specs() {
    let kw = [("text", V::S("foo")), ("align", V::S("^")), ("width", V::I(10))];
    assert_eq!(brace("{text:{align}{width}}", &[], &kw), "   foo    ");
    assert_eq!(brace("{a.b}", &[], &[("a", V::I(1))]), "NotImplementedError: attributes not supported");
    assert_eq!(brace("{}-{foo}", &[V::I(123)], &[("foo", V::S("bar"))]), "123-bar");
}
