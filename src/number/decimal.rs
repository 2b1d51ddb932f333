//! An exact decimal: an integer mantissa and a power-of-ten scale. No binary floating point
//! is involved in building, scaling, comparing or printing it; `to_f64` is the only way out
//! to a float, and it goes through the canonical text (correctly rounded by the standard
//! library), so the REAL column is the nearest double to the exact value.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// Most significant digits a [`Decimal`] holds. `10^38` still fits an `u128`, so every
/// scale up to this bound can be used as a divisor; mantissas stay below `10^38 < i128::MAX`.
pub const MAX_DIGITS: u32 = 38;

/// An exact decimal number `mantissa × 10^-scale`, always normalised: no trailing zero
/// digits in the fraction (`1,00` and `1` are the same `Decimal`; the printed precision is
/// kept apart, in `Cell::decimals`) and no negative zero. Derived equality is therefore
/// numeric equality.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

/// `10^k` for `k <= MAX_DIGITS`.
fn pow10(k: u32) -> Option<u128> {
    if k > MAX_DIGITS {
        return None;
    }
    10u128.checked_pow(k)
}

impl Decimal {
    pub const ZERO: Decimal = Decimal {
        mantissa: 0,
        scale: 0,
    };

    /// `mantissa × 10^-scale`, normalised. `None` when, after dropping trailing fraction
    /// zeros, the scale is beyond [`MAX_DIGITS`] or the mantissa has more than
    /// [`MAX_DIGITS`] digits.
    pub fn new(mantissa: i128, scale: u32) -> Option<Decimal> {
        let (mut m, mut s) = (mantissa, scale);
        while s > 0 && m % 10 == 0 {
            m /= 10;
            s -= 1;
        }
        if m == 0 {
            s = 0;
        }
        if s > MAX_DIGITS || m.unsigned_abs() >= pow10(MAX_DIGITS)? {
            return None;
        }
        Some(Decimal {
            mantissa: m,
            scale: s,
        })
    }

    /// From ASCII digit strings: `int` (may be empty: `,5`) and `frac` (may be empty).
    /// `None` on any non-digit, no digits at all, more than [`MAX_DIGITS`] significant
    /// digits or more than [`MAX_DIGITS`] fraction digits.
    pub fn from_parts(negative: bool, int: &str, frac: &str) -> Option<Decimal> {
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        let scale = u32::try_from(frac.len())
            .ok()
            .filter(|&s| s <= MAX_DIGITS)?;
        let mut m: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            if !b.is_ascii_digit() {
                return None;
            }
            // checked: a long run of significant digits ends here, leading zeros cost nothing
            m = m.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
        }
        Decimal::new(if negative { -m } else { m }, scale)
    }

    /// The integer mantissa (normalised).
    pub fn mantissa(&self) -> i128 {
        self.mantissa
    }

    /// Digits after the decimal point in the canonical text (normalised, so not the printed
    /// precision).
    pub fn scale(&self) -> u32 {
        self.scale
    }

    pub fn is_zero(&self) -> bool {
        self.mantissa == 0
    }

    pub fn is_negative(&self) -> bool {
        self.mantissa < 0
    }

    /// Whether the value is a whole number.
    pub fn is_integer(&self) -> bool {
        self.scale == 0
    }

    /// `self × 10^k`, exactly; `None` when the result does not fit.
    pub fn checked_mul_pow10(self, k: u32) -> Option<Decimal> {
        if k <= self.scale {
            return Decimal::new(self.mantissa, self.scale - k);
        }
        let factor = i128::try_from(pow10(k - self.scale)?).ok()?;
        Decimal::new(self.mantissa.checked_mul(factor)?, 0)
    }

    /// The nearest `f64` (for the REAL column), from the canonical text.
    pub fn to_f64(&self) -> f64 {
        // The canonical text always parses; the fallback is never taken.
        self.to_string().parse().unwrap_or(f64::NAN)
    }

    /// Absolute value split into the integer part and the fraction as a numerator over
    /// `10^scale`.
    fn abs_parts(&self) -> (u128, u128) {
        let abs = self.mantissa.unsigned_abs();
        // scale <= MAX_DIGITS by construction, so pow10 is Some.
        let div = pow10(self.scale).unwrap_or(1);
        (abs / div, abs % div)
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let sign = |d: &Decimal| d.mantissa.signum();
        match sign(self).cmp(&sign(other)) {
            Ordering::Equal => {}
            unequal => return unequal,
        }
        let (ai, af) = self.abs_parts();
        let (bi, bf) = other.abs_parts();
        let top = self.scale.max(other.scale);
        // fractions below 10^scale, lifted to 10^top <= 10^38: fits u128.
        let lift = |f: u128, s: u32| f * pow10(top - s).unwrap_or(1);
        let abs_order = ai
            .cmp(&bi)
            .then_with(|| lift(af, self.scale).cmp(&lift(bf, other.scale)));
        if self.mantissa < 0 {
            abs_order.reverse()
        } else {
            abs_order
        }
    }
}

impl std::ops::Neg for Decimal {
    type Output = Decimal;

    fn neg(self) -> Decimal {
        // |mantissa| < 10^38, so the negation cannot overflow; zero stays zero.
        Decimal {
            mantissa: -self.mantissa,
            scale: self.scale,
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The canonical exact text: optional `-`, integer digits, and when there is a fraction a
/// `.` and its digits without trailing zeros: `4.35`, `4350000`, `-28`, `0.5`.
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (int, frac) = self.abs_parts();
        if self.mantissa < 0 {
            f.write_str("-")?;
        }
        write!(f, "{int}")?;
        if self.scale > 0 {
            write!(f, ".{frac:0width$}", width = self.scale as usize)?;
        }
        Ok(())
    }
}

/// Error of [`Decimal::from_str`]: the text is not in canonical form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotCanonical;

impl fmt::Display for NotCanonical {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a canonical decimal (expected e.g. -12.5)")
    }
}

impl std::error::Error for NotCanonical {}

/// Reads the canonical text back (as stored in `value_exact`): `-?digits(.digits)?`.
/// Trailing fraction zeros are accepted and dropped; anything else is an error.
impl FromStr for Decimal {
    type Err = NotCanonical;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (negative, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) if !f.is_empty() => (i, f),
            Some(_) => return Err(NotCanonical),
            None => (body, ""),
        };
        if int.is_empty() {
            return Err(NotCanonical);
        }
        Decimal::from_parts(negative, int, frac).ok_or(NotCanonical)
    }
}
