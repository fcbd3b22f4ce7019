//! Number formats of GDELT files: .NET `G15` floats and the Events `FractionDate`.
//!
//! GDELT's producers are .NET programs; a `double` printed with the default
//! `ToString()` of .NET Framework is the "G15" format: 15 significant digits,
//! trailing zeros stripped, no decimal point for exact integers, and scientific
//! notation (`1E-05`, `1.5E+15`) below 1e-4 and from 1e15 on. Every float
//! in the staged real rows reprints identically through [`g15`].

/// Formats `v` as .NET Framework's `Double.ToString()` does (the `G15` format).
///
/// Rust's `{:.14e}` gives the correctly rounded 15-digit mantissa; the rest is
/// layout. Negative zero prints `0` (as .NET Framework did), non-finite values
/// print .NET's words so that a bad value is visible rather than a panic.
pub fn g15(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    if v == 0.0 {
        return "0".into();
    }
    let sci = format!("{:.14e}", v.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    let mut out = String::with_capacity(24);
    if v < 0.0 {
        out.push('-');
    }
    // .NET: fixed-point when the exponent is greater than -5 and less than the precision.
    if (-4..15).contains(&exp) {
        if exp < 0 {
            out.push_str("0.");
            for _ in 0..(-exp - 1) {
                out.push('0');
            }
            out.push_str(digits);
        } else {
            let int_len = exp as usize + 1;
            if digits.len() <= int_len {
                out.push_str(digits);
                for _ in digits.len()..int_len {
                    out.push('0');
                }
            } else {
                out.push_str(&digits[..int_len]);
                out.push('.');
                out.push_str(&digits[int_len..]);
            }
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('E');
        out.push(if exp < 0 { '-' } else { '+' });
        let e = exp.unsigned_abs();
        if e < 10 {
            out.push('0');
        }
        out.push_str(&e.to_string());
    }
    out
}

/// True when `s` is spelled the way [`g15`] spells some finite number.
pub fn is_g15(s: &str) -> bool {
    s.parse::<f64>().is_ok_and(|v| v.is_finite() && g15(v) == s)
}

/// GDELT's `FractionDate` for a day, as printed: `YYYY.FFFF`.
///
/// Real rows use `YYYY + round(((month - 1) * 30 + day) / 365, 4)` (the codebook's
/// `month * 30` is wrong). Integer arithmetic avoids binary rounding; ties cannot
/// occur because `20000 * n` is even and `365 * odd` is odd.
pub fn fraction_date(year: i32, month: u32, day: u32) -> String {
    let n = (month.saturating_sub(1) * 30 + day) as u64;
    let frac = (n * 20_000 + 365) / 730;
    let (y, frac) = if frac >= 10_000 { (year + 1, frac - 10_000) } else { (year, frac) };
    format!("{y}.{frac:04}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g15_matches_dotnet_layout() {
        let cases: &[(f64, &str)] = &[
            (100.0 * 5.0 / 434.0, "1.15207373271889"),
            (2.0, "2"),
            (-2.0, "-2"),
            (0.0, "0"),
            (-0.0, "0"),
            (2.8, "2.8"),
            (-10.0, "-10"),
            (-114.51, "-114.51"),
            (0.1 + 0.2, "0.3"),
            (1.0 / 3.0, "0.333333333333333"),
            (2.0 / 3.0, "0.666666666666667"),
            (0.0001, "0.0001"),
            (0.00001, "1E-05"),
            (0.000015, "1.5E-05"),
            (123456789012345.0, "123456789012345"),
            (1e15, "1E+15"),
            (1234567890123456.0, "1.23456789012346E+15"),
            (-4.477611940298507, "-4.47761194029851"),
            (1530000.0, "1530000"),
        ];
        for &(v, want) in cases {
            assert_eq!(g15(v), want, "{v:e}");
            assert!(is_g15(want), "{want}");
        }
        assert!(!is_g15("2.0"));
        assert!(!is_g15("1.152073732718894"));
        assert!(!is_g15("NaN"));
    }

    #[test]
    fn fraction_date_formula() {
        assert_eq!(fraction_date(2014, 2, 18), "2014.1315");
        assert_eq!(fraction_date(2019, 3, 19), "2019.2164");
        assert_eq!(fraction_date(2020, 12, 31), "2020.9890");
        assert_eq!(fraction_date(2020, 1, 1), "2020.0027");
    }
}
