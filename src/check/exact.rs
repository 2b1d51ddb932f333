//! Exact rational arithmetic for the checks: every verdict is decided on fractions of
//! integers, never on binary floating point. Every operation is checked: a result that
//! does not fit is `None`, and the check that needed it is not made (no verdict rather than
//! a wrong one).

use crate::number::Decimal;
use std::cmp::Ordering;

/// A fraction `n / d` in lowest terms with `d > 0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Q {
    n: i128,
    d: i128,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    // on magnitudes; i128::MIN never reaches here (mantissas stay below 10^38)
    a = a.checked_abs().unwrap_or(i128::MAX);
    b = b.checked_abs().unwrap_or(i128::MAX);
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

impl Q {
    pub const ZERO: Q = Q { n: 0, d: 1 };
    pub const HUNDRED: Q = Q { n: 100, d: 1 };

    pub fn new(n: i128, d: i128) -> Option<Q> {
        if d == 0 {
            return None;
        }
        let g = gcd(n, d).max(1);
        let (mut n, mut d) = (n / g, d / g);
        if d < 0 {
            n = n.checked_neg()?;
            d = d.checked_neg()?;
        }
        Some(Q { n, d })
    }

    pub fn int(n: i128) -> Q {
        Q { n, d: 1 }
    }

    /// `10^k` for `k` in -30..=30.
    pub fn pow10(k: i32) -> Option<Q> {
        if !(-30..=30).contains(&k) {
            return None;
        }
        let p = 10i128.checked_pow(k.unsigned_abs())?;
        if k >= 0 {
            Some(Q::int(p))
        } else {
            Q::new(1, p)
        }
    }

    pub fn from_decimal(v: Decimal) -> Option<Q> {
        let d = 10i128.checked_pow(v.scale())?;
        Q::new(v.mantissa(), d)
    }

    pub fn numer(&self) -> i128 {
        self.n
    }

    pub fn denom(&self) -> i128 {
        self.d
    }

    pub fn is_integer(&self) -> bool {
        self.d == 1
    }

    pub fn checked_add(self, o: Q) -> Option<Q> {
        let n = self
            .n
            .checked_mul(o.d)?
            .checked_add(o.n.checked_mul(self.d)?)?;
        Q::new(n, self.d.checked_mul(o.d)?)
    }

    pub fn checked_sub(self, o: Q) -> Option<Q> {
        self.checked_add(Q {
            n: o.n.checked_neg()?,
            d: o.d,
        })
    }

    pub fn checked_mul(self, o: Q) -> Option<Q> {
        // cross-reduce first to keep the products small
        let g1 = gcd(self.n, o.d).max(1);
        let g2 = gcd(o.n, self.d).max(1);
        Q::new(
            (self.n / g1).checked_mul(o.n / g2)?,
            (self.d / g2).checked_mul(o.d / g1)?,
        )
    }

    pub fn checked_div(self, o: Q) -> Option<Q> {
        if o.n == 0 {
            return None;
        }
        self.checked_mul(Q::new(o.d, o.n)?)
    }

    pub fn half(self) -> Option<Q> {
        self.checked_div(Q::int(2))
    }

    pub fn checked_neg(self) -> Option<Q> {
        Some(Q {
            n: self.n.checked_neg()?,
            d: self.d,
        })
    }

    pub fn abs(self) -> Option<Q> {
        if self.n < 0 {
            self.checked_neg()
        } else {
            Some(self)
        }
    }

    /// Exact comparison; `None` when the cross products do not fit.
    pub fn cmp_q(&self, o: &Q) -> Option<Ordering> {
        Some(self.n.checked_mul(o.d)?.cmp(&o.n.checked_mul(self.d)?))
    }

    pub fn le(&self, o: &Q) -> Option<bool> {
        Some(self.cmp_q(o)? != Ordering::Greater)
    }

    pub fn min(self, o: Q) -> Option<Q> {
        Some(if self.le(&o)? { self } else { o })
    }

    pub fn max(self, o: Q) -> Option<Q> {
        Some(if self.le(&o)? { o } else { self })
    }

    /// `self` rounded to `digits` decimals (half away from zero), as text with exactly that
    /// many decimals (none when `digits` <= 0): `-28.38`, `6110`.
    pub fn to_text(self, digits: i32) -> String {
        let digits = digits.clamp(0, 12);
        let Some(scale) = 10i128.checked_pow(digits as u32) else {
            return format!("{}/{}", self.n, self.d);
        };
        let Some(scaled) = self.n.checked_mul(scale) else {
            return format!("{}/{}", self.n, self.d);
        };
        let neg = scaled < 0;
        let a = scaled.unsigned_abs();
        let d = self.d.unsigned_abs();
        let mut q = a / d;
        if (a % d) * 2 >= d {
            q += 1;
        }
        let s = q.to_string();
        let digits = digits as usize;
        let body = if digits == 0 {
            s
        } else {
            let padded = format!("{s:0>width$}", width = digits + 1);
            let (i, f) = padded.split_at(padded.len() - digits);
            format!("{i}.{f}")
        };
        if neg && q != 0 {
            format!("-{body}")
        } else {
            body
        }
    }

    /// As [`Q::to_text`] with the trailing fraction zeros taken off (`40.00` → `40`).
    pub fn to_short_text(self, digits: i32) -> String {
        let t = self.to_text(digits);
        if t.contains('.') {
            t.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            t
        }
    }
}

/// A closed interval `[lo, hi]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub lo: Q,
    pub hi: Q,
}

impl Span {
    pub fn point(v: Q) -> Span {
        Span { lo: v, hi: v }
    }

    /// `v ± h`.
    pub fn around(v: Q, h: Q) -> Option<Span> {
        Some(Span {
            lo: v.checked_sub(h)?,
            hi: v.checked_add(h)?,
        })
    }

    pub fn checked_add(self, o: Span) -> Option<Span> {
        Some(Span {
            lo: self.lo.checked_add(o.lo)?,
            hi: self.hi.checked_add(o.hi)?,
        })
    }

    /// Whether the two intervals share a point.
    pub fn meets(&self, o: &Span) -> Option<bool> {
        Some(self.lo.le(&o.hi)? && o.lo.le(&self.hi)?)
    }

    pub fn contains(&self, v: &Q) -> Option<bool> {
        Some(self.lo.le(v)? && v.le(&self.hi)?)
    }

    /// `{ f(a, b) : a in self, b in o }` for an `f` that is monotone in each argument on the
    /// box (a quotient whose divisor does not cross zero): the extremes are at the corners.
    pub fn corners(self, o: Span, f: impl Fn(Q, Q) -> Option<Q>) -> Option<Span> {
        let vals = [
            f(self.lo, o.lo)?,
            f(self.lo, o.hi)?,
            f(self.hi, o.lo)?,
            f(self.hi, o.hi)?,
        ];
        let mut lo = vals[0];
        let mut hi = vals[0];
        for v in &vals[1..] {
            lo = lo.min(*v)?;
            hi = hi.max(*v)?;
        }
        Some(Span { lo, hi })
    }

    pub fn to_text(&self, digits: i32) -> String {
        format!(
            "[{}, {}]",
            self.lo.to_short_text(digits),
            self.hi.to_short_text(digits)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i128, d: i128) -> Q {
        Q::new(n, d).expect("q")
    }

    #[test]
    fn arithmetic_is_exact() {
        assert_eq!(q(1, 10).checked_add(q(2, 10)), Some(q(3, 10)));
        assert_eq!(q(3, 4).checked_mul(q(8, 3)), Some(Q::int(2)));
        assert_eq!(q(1, 3).checked_div(q(0, 1)), None);
        assert_eq!(q(-6, -4), q(3, 2));
        assert_eq!(q(1, 3).cmp_q(&q(333, 1000)), Some(Ordering::Greater));
    }

    #[test]
    fn text_rounds_half_away_from_zero() {
        assert_eq!(q(-2838, 100).to_text(2), "-28.38");
        assert_eq!(q(-10, 3).to_text(2), "-3.33");
        assert_eq!(q(1, 2).to_text(0), "1");
        assert_eq!(q(-1, 2).to_text(0), "-1");
        assert_eq!(q(-1, 1000).to_text(2), "0.00");
        assert_eq!(q(40, 1).to_short_text(2), "40");
        assert_eq!(q(1, 200).to_text(3), "0.005");
    }

    #[test]
    fn overflow_is_none_not_a_panic() {
        let big = Q::int(i128::MAX / 2);
        assert_eq!(big.checked_mul(big), None);
        assert_eq!(big.checked_add(big).and_then(|x| x.checked_add(big)), None);
        assert!(big.cmp_q(&q(1, 3)).is_some() || big.cmp_q(&q(1, 3)).is_none());
    }
}
