//! Security schemes and the requirements that name them: every scheme type OpenAPI has
//! (apiKey in a header, query or cookie; http basic, bearer or another scheme; oauth2 with
//! its flows and scopes; openIdConnect; mutualTLS), `$ref` schemes, malformed ones, and
//! requirements that are empty (`[]`), anonymous (`[{}]`), AND-sets and alternatives,
//! naming schemes that exist or not.

use arbitrary::Arbitrary;
use serde_json::{json, Map, Value};

use crate::spec::Name;

#[derive(Arbitrary, Debug)]
pub enum Scheme {
    ApiKey {
        location: u8,
        name: String,
    },
    Http {
        scheme: u8,
        other: String,
        bearer_format: Option<String>,
    },
    OAuth2(Vec<Flow>),
    OpenIdConnect(String),
    MutualTls,
    /// `$ref` to another scheme of the components, or to anywhere.
    Ref(Name, bool),
    /// A `type` OpenAPI does not have, or none.
    Unknown(Option<String>),
}

#[derive(Arbitrary, Debug)]
pub struct Flow {
    kind: u8,
    scopes: Vec<(String, String)>,
    /// Leave out the URLs the flow's kind requires.
    without_urls: bool,
}

/// One alternative of a `security` list: every scheme named must be satisfied (an
/// AND-set); empty, it is `{}`, which makes the credentials optional.
#[derive(Arbitrary, Debug)]
pub struct Requirement(Vec<(Name, Vec<String>)>);

impl Scheme {
    pub fn document(&self) -> Value {
        match self {
            Scheme::ApiKey { location, name } => {
                let location = ["header", "query", "cookie", "body"][*location as usize % 4];
                json!({"type": "apiKey", "in": location, "name": name})
            }
            Scheme::Http {
                scheme,
                other,
                bearer_format,
            } => {
                let scheme =
                    ["basic", "bearer", "Bearer", "digest", other.as_str()][*scheme as usize % 5];
                let mut value = json!({"type": "http", "scheme": scheme});
                if let Some(format) = bearer_format {
                    value["bearerFormat"] = json!(format);
                }
                value
            }
            Scheme::OAuth2(flows) => {
                let mut map = Map::new();
                for flow in flows {
                    let (kind, urls) = flow.kind();
                    let scopes: Map<String, Value> = flow
                        .scopes
                        .iter()
                        .map(|(scope, description)| (scope.clone(), json!(description)))
                        .collect();
                    let mut value = json!({"scopes": scopes});
                    if !flow.without_urls {
                        for url in urls {
                            value[*url] = json!("https://auth.example.invalid/oauth");
                        }
                    }
                    map.insert(kind.to_owned(), value);
                }
                json!({"type": "oauth2", "flows": map})
            }
            Scheme::OpenIdConnect(url) => json!({"type": "openIdConnect", "openIdConnectUrl": url}),
            Scheme::MutualTls => json!({"type": "mutualTLS"}),
            Scheme::Ref(name, to_scheme) => {
                let reference = if *to_scheme {
                    format!("#/components/securitySchemes/{}", name.scheme())
                } else {
                    name.1.clone()
                };
                json!({"$ref": reference})
            }
            Scheme::Unknown(kind) => match kind {
                Some(kind) => json!({"type": kind, "name": "key", "in": "header"}),
                None => json!({"name": "key", "in": "header"}),
            },
        }
    }
}

impl Flow {
    /// The flow's key in `flows` and the URLs it requires.
    fn kind(&self) -> (&'static str, &'static [&'static str]) {
        match self.kind % 4 {
            0 => ("implicit", &["authorizationUrl"]),
            1 => ("password", &["tokenUrl"]),
            2 => ("clientCredentials", &["tokenUrl"]),
            _ => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
        }
    }
}

/// A `security` list: `[]` when `alternatives` is empty, `[{}]` for one empty requirement.
pub fn requirements(alternatives: &[Requirement]) -> Value {
    let alternatives: Vec<Value> = alternatives
        .iter()
        .map(|Requirement(schemes)| {
            let schemes: Map<String, Value> = schemes
                .iter()
                .map(|(name, scopes)| (name.scheme(), json!(scopes)))
                .collect();
            Value::Object(schemes)
        })
        .collect();
    Value::Array(alternatives)
}
