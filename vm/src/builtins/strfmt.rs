//! String formatting: `%` on str/bytes, `str.format`, and format specs (`format()`, f-strings).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::intern::Sym;
use crate::value::Value;
use crate::vm::ops::Num;
use crate::vm::{PyResult, Vm};

/// A parsed format spec: `[[fill]align][sign][#][0][width][,][.precision][type]`.
#[derive(Default)]
struct Spec {
    fill: Option<char>,
    align: Option<char>,
    sign: Option<char>,
    alt: bool,
    zero: bool,
    width: usize,
    comma: bool,
    precision: Option<usize>,
    ty: Option<char>,
}

fn parse_spec(s: &str) -> Option<Spec> {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut spec = Spec::default();
    if chars.len() >= 2 && matches!(chars[1], '<' | '>' | '^' | '=') {
        spec.fill = Some(chars[0]);
        spec.align = Some(chars[1]);
        i = 2;
    } else if !chars.is_empty() && matches!(chars[0], '<' | '>' | '^' | '=') {
        spec.align = Some(chars[0]);
        i = 1;
    }
    if i < chars.len() && matches!(chars[i], '+' | '-' | ' ') {
        spec.sign = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() && chars[i] == '#' {
        spec.alt = true;
        i += 1;
    }
    if i < chars.len() && chars[i] == '0' {
        spec.zero = true;
        i += 1;
    }
    while i < chars.len() && chars[i].is_ascii_digit() {
        spec.width = spec.width * 10 + chars[i] as usize - '0' as usize;
        i += 1;
    }
    if i < chars.len() && chars[i] == ',' {
        spec.comma = true;
        i += 1;
    }
    if i < chars.len() && chars[i] == '.' {
        i += 1;
        let mut p = 0;
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            p = p * 10 + chars[i] as usize - '0' as usize;
            i += 1;
        }
        if i == start {
            return None;
        }
        spec.precision = Some(p);
    }
    if i < chars.len() {
        spec.ty = Some(chars[i]);
        i += 1;
    }
    if i != chars.len() {
        return None;
    }
    Some(spec)
}

fn pad(body: String, spec: &Spec, default_align: char) -> String {
    let len = body.chars().count();
    if len >= spec.width {
        return body;
    }
    let fill = spec.fill.unwrap_or(if spec.zero && spec.align.is_none() { '0' } else { ' ' });
    let align = spec.align.unwrap_or(if spec.zero && spec.fill.is_none() { '=' } else { default_align });
    let n = spec.width - len;
    let rep = |k: usize| -> String { core::iter::repeat(fill).take(k).collect() };
    match align {
        '<' => body + &rep(n),
        '^' => rep(n / 2) + &body + &rep(n - n / 2),
        '=' => {
            let (sign, rest) = match body.chars().next() {
                Some(c @ ('+' | '-' | ' ')) => (String::from(c), String::from(&body[1..])),
                _ => (String::new(), body.clone()),
            };
            let (prefix, rest) = if rest.len() > 1 && matches!(&rest[..2], "0x" | "0X" | "0o" | "0b") {
                (String::from(&rest[..2]), String::from(&rest[2..]))
            } else {
                (String::new(), rest)
            };
            sign + &prefix + &rep(n) + &rest
        }
        _ => rep(n) + &body,
    }
}

fn group_commas(digits: &str) -> String {
    let (int_part, frac) = match digits.find('.') {
        Some(i) => (&digits[..i], &digits[i..]),
        None => (digits, ""),
    };
    let mut out = String::new();
    let n = int_part.len();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out + frac
}

fn with_sign(neg: bool, body: String, sign: Option<char>) -> String {
    if neg {
        format!("-{}", body)
    } else {
        match sign {
            Some('+') => format!("+{}", body),
            Some(' ') => format!(" {}", body),
            _ => body,
        }
    }
}

/// Format a float in `e`, `f`, `g` or `%` style with a precision.
pub fn float_fmt(f: f64, ty: char, prec: usize, alt: bool) -> String {
    if f.is_nan() {
        return String::from(if ty.is_ascii_uppercase() { "NAN" } else { "nan" });
    }
    if f.is_infinite() {
        return String::from(if ty.is_ascii_uppercase() { "INF" } else { "inf" });
    }
    match ty {
        'f' | 'F' => format!("{:.*}", prec, f),
        '%' => format!("{:.*}%", prec, f * 100.0),
        'e' | 'E' => {
            let s = format!("{:.*e}", prec, f);
            let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
            let e: i32 = e.parse().unwrap_or(0);
            let out = format!("{}e{}{:02}", m, if e < 0 { '-' } else { '+' }, e.abs());
            if ty == 'E' {
                out.to_uppercase()
            } else {
                out
            }
        }
        _ => {
            let p = if prec == 0 { 1 } else { prec };
            if f == 0.0 {
                return String::from(if alt { "0.00000" } else { "0" });
            }
            let exp = libm::floor(libm::log10(f.abs())) as i32;
            let s = format!("{:.*e}", p - 1, f);
            let (_, e) = s.split_once('e').unwrap_or(("", "0"));
            let exp = e.parse::<i32>().unwrap_or(exp);
            let out = if exp < -4 || exp >= p as i32 {
                let s = float_fmt(f, 'e', p - 1, alt);
                if alt {
                    s
                } else {
                    let (m, e) = s.split_once('e').unwrap_or((&s, ""));
                    let m = if m.contains('.') { m.trim_end_matches('0').trim_end_matches('.') } else { m };
                    format!("{}e{}", m, e)
                }
            } else {
                let s = format!("{:.*}", (p as i32 - 1 - exp).max(0) as usize, f);
                if alt || !s.contains('.') {
                    s
                } else {
                    String::from(s.trim_end_matches('0').trim_end_matches('.'))
                }
            };
            if ty == 'G' {
                out.to_uppercase()
            } else {
                out
            }
        }
    }
}

/// `format(v, spec)`.
pub fn format_with_spec(vm: &mut Vm, v: Value, spec_text: &str) -> PyResult<String> {
    if spec_text.is_empty() {
        return vm.str_of(v);
    }
    if let Some(m) = vm.type_lookup(v, crate::intern::sym::__FORMAT__) {
        if !vm.is_native(m) {
            let s = vm.new_str(spec_text)?;
            let r = vm.call_value(m, &[v, s])?;
            return crate::builtins::args::string(vm, r);
        }
    }
    let Some(spec) = parse_spec(spec_text) else { return Err(vm.value_error("Invalid format specifier")) };
    let v = vm.native_base(v).unwrap_or(v);
    match vm.as_num(v) {
        Some(Num::Int(_)) | Some(Num::Big(_)) if !matches!(spec.ty, Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%')) => {
            let b = super::int::big_of(vm, v);
            let neg = b.sign() == num_bigint::Sign::Minus;
            let mag = b.magnitude();
            let body = match spec.ty {
                Some('x') => format!("{}{}", if spec.alt { "0x" } else { "" }, mag.to_str_radix(16)),
                Some('X') => format!("{}{}", if spec.alt { "0X" } else { "" }, mag.to_str_radix(16).to_uppercase()),
                Some('o') => format!("{}{}", if spec.alt { "0o" } else { "" }, mag.to_str_radix(8)),
                Some('b') => format!("{}{}", if spec.alt { "0b" } else { "" }, mag.to_str_radix(2)),
                Some('c') => {
                    let c = num_traits::ToPrimitive::to_u32(mag).and_then(char::from_u32).unwrap_or('?');
                    String::from(c)
                }
                Some('d') | Some('n') | None => {
                    let d = mag.to_str_radix(10);
                    if spec.comma {
                        group_commas(&d)
                    } else {
                        d
                    }
                }
                Some(t) => {
                    return Err(vm.value_error(format!("Unknown format code '{}' for object of type 'int'", t)));
                }
            };
            Ok(pad(with_sign(neg, body, spec.sign), &spec, '>'))
        }
        Some(Num::Complex(..)) => {
            let s = vm.str_of(v)?;
            Ok(pad(s, &spec, '>'))
        }
        Some(n) => {
            let f = match n {
                Num::Float(f) => f,
                Num::Int(i) => i as f64,
                Num::Big(b) => crate::vm::ops::bigint_to_f64(&b),
                Num::Complex(r, _) => r,
            };
            let neg = f.is_sign_negative() && !f.is_nan();
            let a = f.abs();
            let body = match spec.ty {
                None => match spec.precision {
                    Some(p) => {
                        let s = float_fmt(a, 'g', p, spec.alt);
                        if s.contains(['.', 'e', 'n', 'i']) {
                            s
                        } else {
                            s + ".0"
                        }
                    }
                    None => super::repr::float_repr(a),
                },
                Some(t @ ('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%')) => float_fmt(a, t, spec.precision.unwrap_or(6), spec.alt),
                Some('n') => float_fmt(a, 'g', spec.precision.unwrap_or(6), spec.alt),
                Some(t) => return Err(vm.value_error(format!("Unknown format code '{}' for object of type 'float'", t))),
            };
            let body = if spec.comma { group_commas(&body) } else { body };
            Ok(pad(with_sign(neg, body, spec.sign), &spec, '>'))
        }
        None => {
            if let Some(t) = spec.ty.filter(|&t| t != 's') {
                let tn = vm.type_name(v);
                return Err(vm.value_error(format!("Unknown format code '{}' for object of type '{}'", t, tn)));
            }
            if spec.sign.is_some() {
                return Err(vm.value_error("Sign not allowed in string format specifier"));
            }
            if spec.align == Some('=') {
                return Err(vm.value_error("'=' alignment not allowed in string format specifier"));
            }
            let mut s = vm.str_of(v)?;
            if let Some(p) = spec.precision {
                s = s.chars().take(p).collect();
            }
            Ok(pad(s, &spec, '<'))
        }
    }
}

/// `str.format(*args, **kwargs)`.
pub fn str_format(vm: &mut Vm, fmt: &str, args: &[Value], kw: &[(Sym, Value)]) -> PyResult<String> {
    let mut out = String::new();
    let chars: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    let mut auto = 0usize;
    let mut manual = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '}' {
            if chars.get(i + 1) == Some(&'}') {
                out.push('}');
                i += 2;
                continue;
            }
            return Err(vm.value_error("single '}' encountered in format string"));
        }
        if c != '{' {
            out.push(c);
            i += 1;
            continue;
        }
        if chars.get(i + 1) == Some(&'{') {
            out.push('{');
            i += 2;
            continue;
        }
        // A field: {name[.attr|[key]]*[!conv][:spec]}, spec may nest one level of fields.
        let mut depth = 1;
        let mut j = i + 1;
        while j < chars.len() && depth > 0 {
            match chars[j] {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            if depth > 0 {
                j += 1;
            }
        }
        if j >= chars.len() {
            return Err(vm.value_error("expected '}' before end of string"));
        }
        let field: String = chars[i + 1..j].iter().collect();
        i = j + 1;
        let (head, spec) = match field.find(':') {
            Some(p) => (&field[..p], &field[p + 1..]),
            None => (field.as_str(), ""),
        };
        let (name, conv) = match head.find('!') {
            Some(p) => (&head[..p], Some(&head[p + 1..])),
            None => (head, None),
        };
        let first_end = name.find(['.', '[']).unwrap_or(name.len());
        let first = &name[..first_end];
        let mut v = if first.is_empty() {
            if manual {
                return Err(vm.value_error("can't switch from manual field specification to automatic field numbering"));
            }
            let v = args.get(auto).copied();
            auto += 1;
            match v {
                Some(v) => v,
                None => return Err(vm.index_error("tuple index out of range")),
            }
        } else if let Ok(n) = first.parse::<usize>() {
            if auto > 0 {
                return Err(vm.value_error("can't switch from automatic field numbering to manual field specification"));
            }
            manual = true;
            match args.get(n) {
                Some(v) => *v,
                None => return Err(vm.index_error("tuple index out of range")),
            }
        } else {
            let s = vm.intern(first);
            match kw.iter().find(|(k, _)| *k == s) {
                Some((_, v)) => *v,
                None => {
                    let k = vm.new_str(first)?;
                    return Err(vm.key_error(k));
                }
            }
        };
        let mut rest = &name[first_end..];
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix('.') {
                let end = r.find(['.', '[']).unwrap_or(r.len());
                let attr = vm.intern(&r[..end]);
                v = vm.getattr(v, attr)?;
                rest = &r[end..];
            } else if let Some(r) = rest.strip_prefix('[') {
                let end = r.find(']').unwrap_or(r.len());
                let key = &r[..end];
                let k = match key.parse::<i64>() {
                    Ok(n) => Value::Int(n),
                    Err(_) => vm.new_str(key)?,
                };
                v = vm.getitem(v, k)?;
                rest = r.get(end + 1..).unwrap_or("");
            } else {
                break;
            }
        }
        let v = match conv {
            Some("r") => {
                let s = vm.repr_of(v)?;
                vm.new_string(s)?
            }
            Some("s") => {
                let s = vm.str_of(v)?;
                vm.new_string(s)?
            }
            Some(c) if !c.is_empty() => return Err(vm.value_error("invalid conversion specifier")),
            _ => v,
        };
        vm.roots.push(v);
        let spec = if spec.contains('{') {
            let r = str_format(vm, spec, args, kw);
            match r {
                Ok(s) => s,
                Err(e) => {
                    vm.roots.pop();
                    return Err(e);
                }
            }
        } else {
            String::from(spec)
        };
        let s = format_with_spec(vm, v, &spec);
        vm.roots.pop();
        out.push_str(&s?);
    }
    Ok(out)
}

/// `fmt % args` for str.
pub fn percent_format(vm: &mut Vm, fmt: Value, args: Value) -> PyResult<Value> {
    let f = String::from(vm.as_str(fmt).unwrap_or(""));
    let s = percent_core(vm, &f, args, false)?;
    vm.new_string(s)
}

/// `fmt % args` for bytes.
pub fn percent_format_bytes(vm: &mut Vm, fmt: Value, args: Value) -> PyResult<Value> {
    let f = vm.bytes_like(fmt).unwrap_or_default();
    let f = String::from_utf8_lossy(&f).into_owned();
    let s = percent_core(vm, &f, args, true)?;
    vm.new_bytes(s.into_bytes())
}

fn percent_core(vm: &mut Vm, f: &str, args: Value, bytes: bool) -> PyResult<String> {
    let is_tuple = matches!(args, Value::Obj(r) if matches!(vm.heap.get(r), crate::obj::Obj::Tuple(_)));
    let items = if is_tuple { vm.tuple_items(args).unwrap_or_default() } else { alloc::vec![args] };
    let is_map = !is_tuple && matches!(args, Value::Obj(r) if matches!(vm.heap.get(r), crate::obj::Obj::Dict(_)));
    let mut next = 0;
    let mut out = String::new();
    let chars: Vec<char> = f.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut key: Option<String> = None;
        if chars.get(i) == Some(&'(') {
            let end = chars[i..].iter().position(|&c| c == ')').map(|p| p + i);
            let Some(end) = end else { return Err(vm.value_error("incomplete format key")) };
            key = Some(chars[i + 1..end].iter().collect());
            i = end + 1;
        }
        let mut flags = String::new();
        while i < chars.len() && matches!(chars[i], '-' | '+' | ' ' | '#' | '0') {
            flags.push(chars[i]);
            i += 1;
        }
        let mut width = String::new();
        if chars.get(i) == Some(&'*') {
            let w = items.get(next).copied().unwrap_or(Value::None);
            next += 1;
            width = format!("{}", super::args::int(vm, w)?);
            i += 1;
        }
        while i < chars.len() && chars[i].is_ascii_digit() {
            width.push(chars[i]);
            i += 1;
        }
        let mut prec: Option<String> = None;
        if chars.get(i) == Some(&'.') {
            i += 1;
            let mut p = String::new();
            if chars.get(i) == Some(&'*') {
                let w = items.get(next).copied().unwrap_or(Value::None);
                next += 1;
                p = format!("{}", super::args::int(vm, w)?);
                i += 1;
            }
            while i < chars.len() && chars[i].is_ascii_digit() {
                p.push(chars[i]);
                i += 1;
            }
            prec = Some(p);
        }
        let Some(&conv) = chars.get(i) else { return Err(vm.value_error("incomplete format")) };
        i += 1;
        if conv == '%' {
            out.push('%');
            continue;
        }
        let v = if let Some(k) = key {
            if !is_map {
                return Err(vm.type_error("format requires a dict"));
            }
            let kv = vm.new_string(k)?;
            vm.getitem(args, kv)?
        } else {
            let v = items.get(next).copied();
            next += 1;
            match v {
                Some(v) => v,
                None => return Err(vm.type_error("format string needs more arguments")),
            }
        };
        let mut spec = String::new();
        let left = flags.contains('-');
        if left {
            spec.push('<');
        } else if !matches!(conv, 'd' | 'i' | 'u' | 'x' | 'X' | 'o' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G') {
            spec.push('>');
        }
        if flags.contains('+') {
            spec.push('+');
        } else if flags.contains(' ') {
            spec.push(' ');
        }
        if flags.contains('#') {
            spec.push('#');
        }
        if flags.contains('0') && !left {
            spec.push('0');
        }
        spec.push_str(&width);
        let piece = match conv {
            's' | 'r' | 'a' => {
                let s = if conv == 's' {
                    if bytes {
                        match vm.bytes_like(v) {
                            Some(b) => String::from_utf8_lossy(&b).into_owned(),
                            None => vm.str_of(v)?,
                        }
                    } else {
                        vm.str_of(v)?
                    }
                } else {
                    vm.repr_of(v)?
                };
                let s: String = match &prec {
                    Some(p) => s.chars().take(p.parse().unwrap_or(0)).collect(),
                    None => s,
                };
                let sv = vm.new_string(s)?;
                format_with_spec(vm, sv, &spec)?
            }
            'c' => {
                let s = match v {
                    Value::Int(i) => String::from(char::from_u32(i as u32).unwrap_or('?')),
                    _ => match vm.as_str(v) {
                        Some(s) if s.chars().count() == 1 => String::from(s),
                        _ => return Err(vm.type_error("%c requires int or char")),
                    },
                };
                let sv = vm.new_string(s)?;
                format_with_spec(vm, sv, &spec)?
            }
            'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                let n = match vm.as_num(v) {
                    Some(Num::Float(fl)) => super::int::float_to_int(vm, fl)?,
                    Some(_) => super::int::to_int(vm, v, false)?,
                    None => {
                        let t = vm.type_name(v);
                        return Err(vm.type_error(format!("%{} format: a number is required, not {}", conv, t)));
                    }
                };
                if let Some(p) = &prec {
                    let _ = p;
                }
                let t = match conv {
                    'x' => "x",
                    'X' => "X",
                    'o' => "o",
                    _ => "d",
                };
                spec.push_str(t);
                format_with_spec(vm, n, &spec)?
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let fl = super::args::float(vm, v)?;
                spec.push('.');
                spec.push_str(prec.as_deref().filter(|p| !p.is_empty()).unwrap_or("6"));
                spec.push(conv);
                format_with_spec(vm, Value::Float(fl), &spec)?
            }
            other => return Err(vm.value_error(format!("unsupported format character '{}' (0x{:x}) at index {}", other, other as u32, i - 1))),
        };
        out.push_str(&piece);
    }
    if next < items.len() && !is_map {
        return Err(vm.type_error("format string didn't convert all arguments"));
    }
    Ok(out)
}
