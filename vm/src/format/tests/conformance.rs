//! The formatting parts of the conformance tests (`/work/shared/conformance/tests`), rewritten
//! as calls into this module; expected text is copied from their `.exp` files.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::V::{self, *};
use super::*;

/// The scripts' `test(fmt, *args)`: `'{:8s}'.format(fmt) + '>' + fmt.format(*args) + '<'`.
fn test_line(fmt: &str, args: &[V]) -> String {
    format!("{}>{}<", with_spec(S(leak(fmt.into())), "8s"), brace(fmt, args, &[]))
}

fn assert_lines(name: &str, got: Vec<String>, exp: &str) {
    let want: Vec<&str> = exp.lines().collect();
    assert_eq!(got.len(), want.len(), "{}: line count", name);
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "{}: line {}", name, i + 1);
    }
}

const L45: V = O("list", "[4, 5]");

#[test]
fn basics_string_format() {
    let cases: &[(&str, &[V])] = &[
        ("}}{{", &[]),
        ("{}-{}", &[I(1), L45]),
        ("{0}-{1}", &[I(1), L45]),
        ("{1}-{0}", &[I(1), L45]),
        ("{:x}", &[I(1)]),
        ("{!r}", &[I(2)]),
        ("{:x}", &[I(0x10)]),
        ("{!r}", &[S("foo")]),
        ("{!s}", &[S("foo")]),
        ("{0!r:>10s} {0!s:>10s}", &[S("foo")]),
        ("{:4b}", &[I(10)]),
        ("{:4c}", &[I(48)]),
        ("{:4d}", &[I(123)]),
        ("{:4n}", &[I(123)]),
        ("{:4o}", &[I(123)]),
        ("{:4x}", &[I(123)]),
        ("{:4X}", &[I(123)]),
        ("{:4,d}", &[I(1)]),
        ("{:4_d}", &[I(1)]),
        ("{:4_o}", &[I(1)]),
        ("{:4_b}", &[I(1)]),
        ("{:4_x}", &[I(1)]),
        ("{:4,d}", &[I(12345678)]),
        ("{:4_d}", &[I(12345678)]),
        ("{:4_o}", &[I(12345678)]),
        ("{:4_b}", &[I(12345678)]),
        ("{:4_x}", &[I(12345678)]),
        ("{:#4b}", &[I(10)]),
        ("{:#4o}", &[I(123)]),
        ("{:#4x}", &[I(123)]),
        ("{:#4X}", &[I(123)]),
        ("{:#4d}", &[I(0)]),
        ("{:#4b}", &[I(0)]),
        ("{:#4o}", &[I(0)]),
        ("{:#4x}", &[I(0)]),
        ("{:#4X}", &[I(0)]),
        ("{:<6s}", &[S("ab")]),
        ("{:>6s}", &[S("ab")]),
        ("{:^6s}", &[S("ab")]),
        ("{:.1s}", &[S("ab")]),
        ("{: <6d}", &[I(123)]),
        ("{: <6d}", &[I(-123)]),
        ("{:0<6d}", &[I(123)]),
        ("{:0<6d}", &[I(-123)]),
        ("{:@<6d}", &[I(123)]),
        ("{:@<6d}", &[I(-123)]),
        ("{:@< 6d}", &[I(123)]),
        ("{:@< 6d}", &[I(-123)]),
        ("{:@<+6d}", &[I(123)]),
        ("{:@<+6d}", &[I(-123)]),
        ("{:@<-6d}", &[I(123)]),
        ("{:@<-6d}", &[I(-123)]),
        ("{:@>6d}", &[I(-123)]),
        ("{:@<6d}", &[I(-123)]),
        ("{:@=6d}", &[I(-123)]),
        ("{:06d}", &[I(-123)]),
        ("{:>20}", &[S("foo")]),
        ("{:^20}", &[S("foo")]),
        ("{:<20}", &[S("foo")]),
        ("{:d}", &[T(false)]),
        ("{:20}", &[T(false)]),
        ("{:d}", &[T(true)]),
        ("{:20}", &[T(true)]),
    ];
    let mut got: Vec<String> = cases.iter().map(|&(fmt, args)| test_line(fmt, args)).collect();
    got.push(brace("{:{}}", &[I(123), S("#>10")], &[]));
    got.push(brace("{:{}{}{}}", &[I(123), S("#"), S(">"), S("10")], &[]));
    got.push(brace("{0:{1}{2}}", &[I(123), S("#>"), S("10")], &[]));
    for (align, width) in [("<", 20), ("^", 10), (">", 30)] {
        let kw = [("text", S("foo")), ("align", S(align)), ("width", I(width))];
        got.push(brace("{text:{align}{width}}", &[], &kw));
    }
    got.push(brace("{foo}/foo", &[], &[("foo", S("bar"))]));
    got.push(brace("{}", &[I(123)], &[("foo", S("bar"))]));
    got.push(brace("{}-{foo}", &[I(123)], &[("foo", S("bar"))]));
    assert_lines("basics/string_format", got, BASICS_STRING_FORMAT_EXP);
}

const BASICS_STRING_FORMAT_EXP: &str = "\
}}{{    >}{<
{}-{}   >1-[4, 5]<
{0}-{1} >1-[4, 5]<
{1}-{0} >[4, 5]-1<
{:x}    >1<
{!r}    >2<
{:x}    >10<
{!r}    >'foo'<
{!s}    >foo<
{0!r:>10s} {0!s:>10s}>     'foo'        foo<
{:4b}   >1010<
{:4c}   >   0<
{:4d}   > 123<
{:4n}   > 123<
{:4o}   > 173<
{:4x}   >  7b<
{:4X}   >  7B<
{:4,d}  >   1<
{:4_d}  >   1<
{:4_o}  >   1<
{:4_b}  >   1<
{:4_x}  >   1<
{:4,d}  >12,345,678<
{:4_d}  >12_345_678<
{:4_o}  >5706_0516<
{:4_b}  >1011_1100_0110_0001_0100_1110<
{:4_x}  >bc_614e<
{:#4b}  >0b1010<
{:#4o}  >0o173<
{:#4x}  >0x7b<
{:#4X}  >0X7B<
{:#4d}  >   0<
{:#4b}  > 0b0<
{:#4o}  > 0o0<
{:#4x}  > 0x0<
{:#4X}  > 0X0<
{:<6s}  >ab    <
{:>6s}  >    ab<
{:^6s}  >  ab  <
{:.1s}  >a<
{: <6d} >123   <
{: <6d} >-123  <
{:0<6d} >123000<
{:0<6d} >-12300<
{:@<6d} >123@@@<
{:@<6d} >-123@@<
{:@< 6d}> 123@@<
{:@< 6d}>-123@@<
{:@<+6d}>+123@@<
{:@<+6d}>-123@@<
{:@<-6d}>123@@@<
{:@<-6d}>-123@@<
{:@>6d} >@@-123<
{:@<6d} >-123@@<
{:@=6d} >-@@123<
{:06d}  >-00123<
{:>20}  >                 foo<
{:^20}  >        foo         <
{:<20}  >foo                 <
{:d}    >0<
{:20}   >                   0<
{:d}    >1<
{:20}   >                   1<
#######123
#######123
#######123
foo                 
   foo    
                           foo
bar/foo
123
123-bar
";

#[test]
fn float_string_format() {
    let cases: &[(&str, V)] = &[
        ("{:10.4}", F(123.456)),
        ("{:10.4e}", F(123.456)),
        ("{:10.4e}", F(-123.456)),
        ("{:10.4f}", F(123.456)),
        ("{:10.4f}", F(-123.456)),
        ("{:10.4g}", F(123.456)),
        ("{:10.4g}", F(-123.456)),
        ("{:10.4n}", F(123.456)),
        ("{:e}", I(100)),
        ("{:f}", I(200)),
        ("{:g}", I(300)),
        ("{:10.4E}", F(123.456)),
        ("{:10.4E}", F(-123.456)),
        ("{:10.4F}", F(123.456)),
        ("{:10.4F}", F(-123.456)),
        ("{:10.4G}", F(123.456)),
        ("{:10.4G}", F(-123.456)),
        ("{:06e}", F(f64::INFINITY)),
        ("{:06e}", F(f64::NEG_INFINITY)),
        ("{:06e}", F(f64::NAN)),
        ("{:f}", T(false)),
        ("{:f}", T(true)),
    ];
    let mut got: Vec<String> = cases.iter().map(|&(fmt, v)| test_line(fmt, &[v])).collect();
    let m = float_mod(1.75, 0.08333333333).unwrap_or(f64::NAN);
    got.push(percent("%.0f", &[F(m)]));
    got.push(brace("{:10.1b}", &[F(0.0)], &[]).split(':').next().unwrap_or("").into());
    assert_lines("float/string_format", got, FLOAT_STRING_FORMAT_EXP);
}

const FLOAT_STRING_FORMAT_EXP: &str = "\
{:10.4} >     123.5<
{:10.4e}>1.2346e+02<
{:10.4e}>-1.2346e+02<
{:10.4f}>  123.4560<
{:10.4f}> -123.4560<
{:10.4g}>     123.5<
{:10.4g}>    -123.5<
{:10.4n}>     123.5<
{:e}    >1.000000e+02<
{:f}    >200.000000<
{:g}    >300<
{:10.4E}>1.2346E+02<
{:10.4E}>-1.2346E+02<
{:10.4F}>  123.4560<
{:10.4F}> -123.4560<
{:10.4G}>     123.5<
{:10.4G}>    -123.5<
{:06e}  >000inf<
{:06e}  >-00inf<
{:06e}  >000nan<
{:f}    >0.000000<
{:f}    >1.000000<
0
ValueError
";

#[test]
fn basics_string_format_modulo_int() {
    let mut got = Vec::new();
    for (fmt, v) in [
        ("%d", I(10)),
        ("%+d", I(10)),
        ("% d", I(10)),
        ("%d", I(-10)),
        ("%d", T(true)),
        ("%i", I(-10)),
        ("%i", T(true)),
        ("%u", I(-10)),
        ("%u", T(true)),
        ("%x", I(18)),
        ("%o", I(18)),
        ("%X", I(18)),
        ("%#x", I(18)),
        ("%#X", I(18)),
        ("%#6o", I(18)),
        ("%#6x", I(18)),
        ("%#06x", I(18)),
    ] {
        got.push(percent(fmt, &[v]));
    }
    got.push(percent("%*d", &[I(5), I(10)]));
    got.push(percent("%*.*d", &[I(2), I(2), I(20)]));
    got.push(percent("%*.*d", &[I(5), I(8), I(20)]));
    for val in [-12, 12] {
        for fmt in [">%8.4d<", ">% 8.4d<", ">%+8.4d<", ">%08.4d<", ">%-8.4d<", ">%-08.4d<", ">%-+08.4d<"] {
            got.push(percent(fmt, &[I(val)]));
        }
    }
    for pad in ["", " ", "0"] {
        for n in 1..=3 {
            for val in -1..=1 {
                got.push(percent(&format!("%+{}{}d", pad, n), &[I(val)]));
            }
        }
    }
    assert_lines("basics/string_format_modulo_int", got, MODULO_INT_EXP);
}

const MODULO_INT_EXP: &str = "\
10
+10
 10
-10
1
-10
1
-10
1
12
22
12
0x12
0X12
  0o22
  0x12
0x0012
   10
20
00000020
>   -0012<
>   -0012<
>   -0012<
>-0000012<
>-0012   <
>-0012   <
>-0012   <
>    0012<
>    0012<
>   +0012<
>00000012<
>0012    <
>0012    <
>+0012   <
-1
+0
+1
-1
+0
+1
 -1
 +0
 +1
-1
+0
+1
-1
+0
+1
 -1
 +0
 +1
-1
+0
+1
-1
+0
+1
-01
+00
+01
";

#[test]
fn float_string_format_modulo() {
    let mut got = Vec::new();
    got.push(percent("%s", &[F(1.0)]));
    got.push(percent("%r", &[F(1.0)]));
    for fmt in ["%d", "%i", "%u"] {
        got.push(percent(fmt, &[F(1.0)]));
    }
    for fmt in ["%e", "%E", "%f", "%F", "%g", "%G"] {
        got.push(percent(fmt, &[F(1.23456)]));
    }
    for v in [f64::INFINITY, f64::NEG_INFINITY, f64::NAN] {
        got.push(percent("%06e", &[F(v)]));
    }
    got.push(percent("%02.3d", &[I(123)]));
    got.push(percent("%+f %+f", &[F(1.23), F(-1.23)]));
    got.push(percent("% f % f", &[F(1.23), F(-1.23)]));
    got.push(percent("%0f", &[F(-1.23)]));
    for v in [1e-10, 1e-20, 1e-50, 1e-100, 1e-300] {
        got.push(percent("%f", &[F(v)]));
    }
    for (fmt, v) in [("%.40f", 1e-300), ("%.40g", 1e-1), ("%.40g", 1e-2), ("%.40g", 1e-3), ("%.40g", 1.1e-4)] {
        got.push(percent(fmt, &[F(v)]).chars().take(2).collect());
    }
    got.push(percent("%.0g", &[I(1)]));
    got.push(percent("%.1e", &[F(9.99)]));
    got.push(percent("%.1e", &[F(0.999)]));
    assert_lines("float/string_format_modulo", got, FLOAT_MODULO_EXP);
}

const FLOAT_MODULO_EXP: &str = "\
1.0
1.0
1
1
1
1.234560e+00
1.234560E+00
1.234560
1.234560
1.23456
1.23456
000inf
-00inf
000nan
123
+1.230000 -1.230000
 1.230000 -1.230000
-1.230000
0.000000
0.000000
0.000000
0.000000
0.000000
0.
0.
0.
0.
0.
1
1.0e+01
1.0e+00
";

#[test]
fn basics_string_format_intbig() {
    let got = [
        "123456789012345678901234567",
        "23456789012345678901234567",
        "3456789012345678901234567",
        "-123456789012345678901234567",
        "-23456789012345678901234567",
        "-3456789012345678901234567",
    ]
    .iter()
    .map(|&digits| test_line("{:,}", &[B(digits)]))
    .collect();
    assert_lines("basics/string_format_intbig", got, INTBIG_EXP);
}

const INTBIG_EXP: &str = "\
{:,}    >123,456,789,012,345,678,901,234,567<
{:,}    >23,456,789,012,345,678,901,234,567<
{:,}    >3,456,789,012,345,678,901,234,567<
{:,}    >-123,456,789,012,345,678,901,234,567<
{:,}    >-23,456,789,012,345,678,901,234,567<
{:,}    >-3,456,789,012,345,678,901,234,567<
";

/// `float("1e" + str(i))` printed for i in 0..300 (float/float_format_ints_doubleprec.exp):
/// integral values up to 1e15, exponent form after.
#[test]
fn float_format_ints_doubleprec() {
    let parse = |s: &str| parse_float(s.as_bytes()).unwrap_or(f64::NAN);
    let nines = |exp: &str| {
        let mut s: String = core::iter::repeat_n('9', 400).collect();
        s.push_str(exp);
        s
    };
    let mut got = alloc::vec![
        with_spec(F(parse(&nines("e-200"))), ".12e"),
        with_spec(F(parse(&nines("e-300"))), ".12e"),
        with_spec(F(f64::from_bits(0x54B2_49AD_2594_C37D)), ".12e"),
        with_spec(F(f64::from_bits(0x6974_E718_D7D7_625A)), ".12e"),
    ];
    for i in 0..300 {
        got.push(repr_of(parse(&format!("1e{}", i))));
    }
    let mut want = String::from("1.000000000000e+200\n1.000000000000e+100\n1.000000000000e+100\n1.000000000000e+200\n");
    for i in 0..300 {
        if i < 16 {
            want.push('1');
            want.extend(core::iter::repeat_n('0', i));
            want.push_str(".0\n");
        } else {
            want.push_str(&format!("1e+{:02}\n", i));
        }
    }
    assert_lines("float/float_format_ints_doubleprec", got, &want);
}

#[test]
fn float_format_ints_power10_and_ftoe() {
    let got: Vec<String> = (0..31)
        .map(|i| format!("{} {}", i, with_spec(F(parse_float(format!("1e{}", i).as_bytes()).unwrap_or(0.0)), ".7g")))
        .collect();
    let want: String = (0..31)
        .map(|i| if i < 7 { format!("{} 1{}\n", i, "0".repeat(i)) } else { format!("{} 1e+{:02}\n", i, i) })
        .collect();
    assert_lines("float/float_format_ints_power10", got, &want);
    assert_eq!(percent("%.2f", &[F(8.888e32)]), "8.89e+32");
}

#[test]
fn builtin_float_round() {
    let mut got = Vec::new();
    for f in [0.0, 1.0, 0.1, -0.1, 123.4, 123.6, -123.4, -123.6] {
        got.push(int_text(round_to_int(f)));
    }
    for (f, n) in [(1.234567, 5), (1.23456, 1), (1.23456, 0), (1234.56, -2)] {
        got.push(repr_of(float_round(f, n)));
    }
    for i in 0..11 {
        got.push(int_text(round_to_int((i - 5) as f64 / 2.0)));
    }
    for i in -1..3 {
        got.push(repr_of(float_round(1.47, i)));
    }
    for f in [f64::INFINITY, f64::NAN] {
        let kind = round_to_int(f).err().map(|e| e.kind);
        got.push(format!("<class '{:?}'>", kind.unwrap_or(crate::types::TypeId::TypeError)));
    }
    assert_lines("float/builtin_float_round", got, ROUND_EXP);
}

const ROUND_EXP: &str = "\
0
1
0
0
123
124
-123
-124
1.23457
1.2
1.0
1200.0
-2
-2
-2
-1
0
0
0
1
2
2
2
0.0
1.0
1.5
1.47
<class 'OverflowError'>
<class 'ValueError'>
";

#[test]
fn builtin_float_hash_and_float2int() {
    for (text, want) in [("0.0", 0), ("-0.0", 0), ("1.0", 1), ("2.0", 2), ("-12.0", -12), ("12345.0", 12345)] {
        assert_eq!(float_hash(parse_float(text.as_bytes()).unwrap_or(f64::NAN)), want, "{}", text);
    }
    // float/float2int_intbig.py
    assert_eq!(int_text(float_to_int(14187745.0)), "14187745");
    assert_eq!(percent("%d", &[F(14187745.0)]), "14187745");
    assert_eq!(int_text(float_to_int(libm::pow(2.0, 100.0))), "1267650600228229401496703205376");
    assert_eq!(percent("%d", &[F(libm::pow(2.0, 100.0))]), "1267650600228229401496703205376");
    for i in 0..127 {
        let mut bits = String::new();
        if let Ok(v) = float_to_int(libm::pow(2.0, i as f64)) {
            int_to_str_radix(&mut bits, v.as_ref(), 2, true);
        }
        assert_eq!(bits.len() - 3, i, "2.**{}", i);
    }
    for i in 0..11 {
        assert_eq!(int_text(float_to_int(libm::pow(10.0, i as f64))).len() - 1, i, "10.**{}", i);
    }
}

#[test]
fn basics_string_format_sep() {
    let mut got = Vec::new();
    for v in [0, 0x10, 0x1000, -0x10, -0x1000] {
        for grouping in [",d", "_x"] {
            for size in 1..12 {
                got.push(with_spec(I(v), &format!("0{}{}", size, grouping)));
            }
        }
    }
    assert_lines("basics/string_format_sep", got, SEP_EXP);
}

const SEP_EXP: &str = "\
0
00
000
0,000
0,000
00,000
000,000
0,000,000
0,000,000
00,000,000
000,000,000
0
00
000
0000
0_0000
0_0000
00_0000
000_0000
0000_0000
0_0000_0000
0_0000_0000
16
16
016
0,016
0,016
00,016
000,016
0,000,016
0,000,016
00,000,016
000,000,016
10
10
010
0010
0_0010
0_0010
00_0010
000_0010
0000_0010
0_0000_0010
0_0000_0010
4,096
4,096
4,096
4,096
4,096
04,096
004,096
0,004,096
0,004,096
00,004,096
000,004,096
1000
1000
1000
1000
0_1000
0_1000
00_1000
000_1000
0000_1000
0_0000_1000
0_0000_1000
-16
-16
-16
-016
-0,016
-0,016
-00,016
-000,016
-0,000,016
-0,000,016
-00,000,016
-10
-10
-10
-010
-0010
-0_0010
-0_0010
-00_0010
-000_0010
-0000_0010
-0_0000_0010
-4,096
-4,096
-4,096
-4,096
-4,096
-4,096
-04,096
-004,096
-0,004,096
-0,004,096
-00,004,096
-1000
-1000
-1000
-1000
-1000
-0_1000
-0_1000
-00_1000
-000_1000
-0000_1000
-0_0000_1000
";

#[test]
fn basics_string_format_cp310() {
    let got = ["{:0s}", "{:06s}", "{:<06s}", "{:>06s}"].iter().map(|fmt| test_line(fmt, &[S("ab")])).collect();
    assert_lines(
        "basics/string_format_cp310",
        got,
        "{:0s}   >ab<\n{:06s}  >ab0000<\n{:<06s} >ab0000<\n{:>06s} >0000ab<\n",
    );
}

#[test]
fn basics_bytes_format_modulo() {
    // The VM passes the bytes' content for %s and their repr for %r.
    assert_eq!(percent("%%", &[]), "%");
    assert_eq!(percent("=%d=", &[I(1)]), "=1=");
    assert_eq!(percent("=%d=%d=", &[I(1), I(2)]), "=1=2=");
    assert_eq!(percent("=%s=", &[S("str")]), "=str=");
    assert_eq!(percent("=%s=", &[O("bytes", "b'str'")]), "=b'str'=");
}

#[test]
fn float_string_format2_percent() {
    let got = [0.1, 0.58, 0.99, -0.1, -0.58, -0.99].iter().map(|&v| test_line("{:.1%}", &[F(v)])).collect();
    let exp =
        "{:.1%}  >10.0%<\n{:.1%}  >58.0%<\n{:.1%}  >99.0%<\n{:.1%}  >-10.0%<\n{:.1%}  >-58.0%<\n{:.1%}  >-99.0%<\n";
    assert_lines("float/string_format2", got, exp);
}

/// float/string_format_modulo2(_intbig).py: precisions either side of the buffer size never
/// overflow it and still read back close to the value.
#[test]
fn float_string_format_modulo2() {
    for e in -101..102 {
        let num = if e >= 0 {
            let big = BigInt::from(10).pow(e as u32);
            int_to_f64(IntRef::Big(&big))
        } else {
            libm::pow(10.0, e as f64)
        };
        for kind in ['e', 'f', 'g'] {
            for prec in (23..36).step_by(2) {
                let s = percent(&format!("%.{}{}", prec, kind), &[F(num)]);
                let back = parse_float(s.as_bytes()).unwrap_or(f64::NAN);
                let mut check = (back - num).abs();
                if num > 1.0 {
                    check /= num;
                }
                assert!(check <= 1e-6, "FAIL 1e{} %.{}{} {} {}", e, prec, kind, s, check);
            }
        }
    }
    assert_eq!(percent("%.35e", &[F(1.0)]).len(), 30);
}
