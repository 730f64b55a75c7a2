//! Schema keywords whose numbers Rust's integer types cannot hold.
//!
//! `openapiv3` reads an integer schema's `minimum`, `maximum` and `multipleOf` as `i64`
//! and the length and count keywords as `usize`; a value outside those ranges (a published
//! spec has `minimum: -9223372036854776000`) would fail the whole document. The client
//! never checks these bounds (the server does), so such a bound is dropped with a warning
//! and the schema keeps its type. Bounds of `number` schemas are floats and always fit.
//! A whole number written as a float (`maximum: 1.0`, `minItems: 0.0`) is that integer,
//! not an unusable bound: it is rewritten as the integer, silently.

use serde_json::{Map, Value};

use super::walk::SchemaVisitor;
use crate::diagnostics::{Diagnostic, Pointer};

const INTEGER_BOUNDS: &[&str] = &["minimum", "maximum", "multipleOf"];
const COUNTS: &[&str] = &[
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

/// Drops the bounds of `schema` that do not fit, with a warning at `at` for each.
pub(super) fn check(schema: &mut Map<String, Value>, at: &Pointer, warnings: &mut Vec<Diagnostic>) {
    let integer = schema.get("type").and_then(Value::as_str) == Some("integer");
    let mut unfit = Vec::new();
    for (key, value) in schema.iter_mut() {
        let bound =
            (INTEGER_BOUNDS.contains(&key.as_str()) && integer) || COUNTS.contains(&key.as_str());
        if bound {
            if let Some(whole) = whole_number(value) {
                *value = whole;
            }
        }
        let fits = if INTEGER_BOUNDS.contains(&key.as_str()) && integer {
            value.is_i64()
        } else if COUNTS.contains(&key.as_str()) {
            value.is_u64() && value.as_u64().is_some_and(|n| usize::try_from(n).is_ok())
        } else {
            true
        };
        if !fits {
            unfit.push(key.clone());
        }
    }
    for key in unfit {
        if let Some(value) = schema.shift_remove(&key) {
            warnings.push(Diagnostic::warning(
                at.join(&key).location(),
                format!("`{key}` is `{value}`, which no Rust integer of its kind holds; the bound is ignored"),
            ));
        }
    }
}

/// `1.0` as `1`: a float with no fractional part, below 2^53 in magnitude (beyond that a
/// float is not one exact integer: `-9223372036854776000` stays an unusable bound).
fn whole_number(value: &Value) -> Option<Value> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    let float = value.as_f64().filter(|_| value.is_f64())?;
    let exact = float.fract() == 0.0 && float.abs() < EXACT;
    exact.then(|| Value::from(float as i64))
}

/// The only schema rewrite an OpenAPI 3.0 document gets.
pub(super) struct Bounds {
    pub(super) warnings: Vec<Diagnostic>,
}

impl SchemaVisitor for Bounds {
    fn enter(&mut self, _schema: &mut Value, _at: &Pointer) -> bool {
        true
    }

    fn leave(&mut self, schema: &mut Value, at: &Pointer) {
        if let Value::Object(map) = schema {
            check(map, at, &mut self.warnings);
        }
    }
}
