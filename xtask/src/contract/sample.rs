//! Example values for a JSON schema: the spec's own `example` where it gives one, else the
//! simplest value the schema accepts (first enum value, a well-formed value for the
//! format, the minimum, one array item).

use serde_json::{json, Map, Value};

/// How deep nested objects are filled in; below that, only required properties.
const FULL_DEPTH: usize = 3;
/// Past this depth a schema is recursive; stop.
const MAX_DEPTH: usize = 8;

pub(crate) struct Sampler<'a> {
    spec: &'a Value,
    /// For multipart bodies: arrays of two parts.
    pub(crate) multipart: bool,
    /// Use the spec's `example`s where it gives them (some do not fit their own schema,
    /// so a second sample without them is the fallback).
    pub(crate) examples: bool,
}

impl<'a> Sampler<'a> {
    pub(crate) fn new(spec: &'a Value) -> Sampler<'a> {
        Sampler {
            spec,
            multipart: false,
            examples: true,
        }
    }

    /// Follows `$ref`s to the schema they name.
    pub(crate) fn resolve(&self, mut value: &'a Value) -> &'a Value {
        for _ in 0..16 {
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
                return value;
            };
            match reference
                .strip_prefix('#')
                .and_then(|pointer| self.spec.pointer(pointer))
            {
                Some(target) => value = target,
                None => return value,
            }
        }
        value
    }

    pub(crate) fn sample(&self, schema: &Value) -> Value {
        self.sample_at(schema, 0)
    }

    fn sample_at(&self, schema: &Value, depth: usize) -> Value {
        let schema = self.resolve(schema);
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        if let Some(example) = schema.get("example").filter(|_| self.examples) {
            return example.clone();
        }
        if let Some(first) = schema
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|values| values.iter().find(|v| !v.is_null()))
        {
            // A string enum written with YAML numbers (`enum: [3]`) holds strings.
            return match (schema.get("type").and_then(Value::as_str), first) {
                (Some("string"), Value::Number(number)) => Value::String(number.to_string()),
                _ => first.clone(),
            };
        }
        if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
            // Objects merge. Without one, the first scalar is the value: a `$ref` to a
            // string enum next to a description-only member, say.
            let mut merged: Option<Map<String, Value>> = None;
            let mut scalar = None;
            for member in members {
                match self.sample_at(member, depth) {
                    Value::Object(fields) => merged.get_or_insert_with(Map::new).extend(fields),
                    Value::Null => {}
                    other => {
                        scalar.get_or_insert(other);
                    }
                }
            }
            return match (merged, scalar) {
                (Some(fields), _) => Value::Object(fields),
                (None, Some(scalar)) => scalar,
                (None, None) => Value::Object(Map::new()),
            };
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(first) = schema
                .get(keyword)
                .and_then(Value::as_array)
                .and_then(|m| m.first())
            {
                return self.sample_at(first, depth);
            }
        }
        let kind = schema.get("type").and_then(Value::as_str);
        match kind {
            Some("object") | None if schema.get("properties").is_some() => {
                self.object(schema, depth)
            }
            Some("object") => json!({}),
            Some("array") => {
                let item = schema
                    .get("items")
                    .map(|items| self.sample_at(items, depth + 1))
                    .unwrap_or(Value::Null);
                // In a multipart body a one-element array is one part, which a server (and
                // Prism) cannot tell from a single value: send two.
                if self.multipart {
                    json!([item.clone(), item])
                } else {
                    json!([item])
                }
            }
            Some("integer") => json!(schema
                .get("minimum")
                .and_then(Value::as_i64)
                .unwrap_or(1)
                .max(1)),
            Some("number") => json!(schema
                .get("minimum")
                .and_then(Value::as_f64)
                .unwrap_or(1.0)
                .max(1.0)),
            Some("boolean") => json!(true),
            Some("string") => self.string(schema),
            _ => json!("sample"),
        }
    }

    fn object(&self, schema: &Value, depth: usize) -> Value {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut fields = Map::new();
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            return Value::Object(fields);
        };
        for (name, property) in properties {
            if depth >= FULL_DEPTH && !required.contains(&name.as_str()) {
                continue;
            }
            let value = self.sample_at(property, depth + 1);
            if !value.is_null() || required.contains(&name.as_str()) {
                fields.insert(name.clone(), value);
            }
        }
        Value::Object(fields)
    }

    fn string(&self, schema: &Value) -> Value {
        let format = schema
            .get("format")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let text = match format {
            "date-time" => "2026-01-02T03:04:05Z",
            "date" => "2026-01-02",
            "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "email" => "user@example.com",
            "uri" | "url" => "https://example.com/",
            // `format: binary` is a `File` wherever it is, JSON bodies included.
            "binary" => {
                return json!({"file_name": "sample.pdf", "content_type": "application/pdf", "bytes": [37, 80, 68, 70]});
            }
            _ => "sample",
        };
        if let Some(digits) = schema
            .get("pattern")
            .and_then(Value::as_str)
            .and_then(fixed_digits)
        {
            return json!("1".repeat(digits));
        }
        let min_length = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
        if text.len() >= min_length {
            json!(text)
        } else {
            json!(text.repeat(min_length / text.len() + 1))
        }
    }
}

/// `^\d{4}$` or `^[0-9]{4}$`: a fixed number of digits, the one kind of `pattern` that
/// needs a value of its own here.
fn fixed_digits(pattern: &str) -> Option<usize> {
    let inner = pattern.strip_prefix('^')?.strip_suffix('$')?;
    let count = inner
        .strip_prefix("\\d{")
        .or_else(|| inner.strip_prefix("[0-9]{"))?
        .strip_suffix('}')?;
    count.parse().ok()
}
