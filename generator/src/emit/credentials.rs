//! `src/credentials.rs`: the security schemes the runtime reads (`SCHEMES`, and `SECURITY`,
//! what operations need unless they say otherwise), one credential setter per scheme on
//! `ClientBuilder` and on `Credentials`, and `Client::new` when the API takes one
//! credential (or none).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::types::ident;
use crate::ir::{Api, KeyLocation, Operation, Requirement, SchemeKind, Security, SecurityScheme};
use crate::names::{self, Namer};

pub(crate) fn module(api: &Api) -> TokenStream {
    let security = &api.security;
    let indices = index_names(security);
    let schemes = security.schemes.iter().map(|scheme| {
        let setter = scheme.setter.trim_start_matches("r#");
        let kind = kind(&scheme.kind);
        quote!(Scheme { setter: #setter, kind: #kind },)
    });
    let index_consts =
        security
            .schemes
            .iter()
            .zip(&indices)
            .enumerate()
            .map(|(index, (scheme, name))| {
                let name = ident(name);
                let index = proc_macro2::Literal::usize_unsuffixed(index);
                // The scheme's name is spec text: a control character in it (a CR is
                // an error inside a doc comment) is written as a space.
                let doc = format!(
                    " The index of `{}` in [`SCHEMES`].",
                    docs::one_line(&scheme.name)
                );
                quote! {
                    #[doc = #doc]
                    pub(crate) const #name: usize = #index;
                }
            });
    let default = requirement(security, &security.default, &indices, false);
    let setters: Vec<Setter> = security
        .schemes
        .iter()
        .zip(&indices)
        .filter_map(|(scheme, index)| Setter::of(scheme, index))
        .collect();
    let new = client_new(security, &setters);
    let impls = (!setters.is_empty()).then(|| {
        let builder_setters = setters
            .iter()
            .map(|setter| setter.method(quote!(credential)));
        let credentials_setters = setters.iter().map(|setter| setter.method(quote!(set)));
        quote! {
            impl ClientBuilder {
                #(#builder_setters)*
            }

            impl Credentials {
                #(#credentials_setters)*
            }
        }
    });
    // Only what this spec's schemes use is imported: the file must compile warning-free.
    let mut runtime_names = Vec::new();
    let mut root_names = Vec::new();
    if new.is_some() {
        root_names.push("Client");
    }
    if !setters.is_empty() {
        runtime_names.push("Credential");
        root_names.extend(["ClientBuilder", "Credentials"]);
    }
    if new.is_some() {
        root_names.push("Error");
    }
    if security
        .schemes
        .iter()
        .any(|scheme| matches!(scheme.kind, SchemeKind::ApiKey { .. }))
    {
        runtime_names.push("KeyLocation");
    }
    // Operations with requirements of their own name `Need` through this module.
    let need_export = overrides_with_needs(api);
    if has_needs(&security.default) && !need_export {
        runtime_names.push("Need");
    }
    runtime_names.extend(["Requirement", "Scheme"]);
    if !security.schemes.is_empty() {
        runtime_names.push("SchemeKind");
    }
    if setters.iter().any(|setter| setter.tokens) {
        root_names.push("Tokens");
    }
    let runtime_names = runtime_names.into_iter().map(ident);
    let root_names: Vec<_> = root_names.into_iter().map(ident).collect();
    let root_import = (!root_names.is_empty()).then(|| quote!(use crate::{#(#root_names),*};));
    let need_export = need_export.then(|| {
        quote!(
            pub(crate) use crate::runtime::security::Need;
        )
    });
    quote! {
        #![doc = " The API's security schemes, and the setters of their credentials."]

        #need_export
        use crate::runtime::security::{#(#runtime_names),*};
        #root_import

        /// The security schemes some operation needs, sorted by name.
        pub(crate) const SCHEMES: &[Scheme] = &[#(#schemes)*];

        #(#index_consts)*

        /// What an operation needs unless it says otherwise: the spec's top-level
        /// `security`.
        pub(crate) const SECURITY: Requirement = #default;

        #new

        #impls
    }
}

/// The `Need` list of a requirement; `qualified` names the index constants through the
/// `credentials` module, as operations do.
pub(crate) fn requirement(
    security: &Security,
    requirement: &Requirement,
    indices: &[String],
    qualified: bool,
) -> TokenStream {
    let alternatives = requirement.iter().map(|alternative| {
        let needs = alternative.schemes.iter().filter_map(|used| {
            let name = ident(indices.get(used.scheme.0 as usize)?);
            security.scheme(used.scheme)?;
            let scheme = match qualified {
                true => quote!(credentials::#name),
                false => quote!(#name),
            };
            let scopes = &used.scopes;
            Some(quote!(Need { scheme: #scheme, scopes: &[#(#scopes),*] }))
        });
        quote!(&[#(#needs),*])
    });
    quote!(&[#(#alternatives),*])
}

/// Whether some operation states a requirement of its own that names a scheme.
fn overrides_with_needs(api: &Api) -> bool {
    api.operations.iter().any(|op| names_schemes(api, op))
}

/// Whether `op` states a requirement of its own (not the API's) that names a scheme: its
/// module then imports `Need`.
pub(crate) fn names_schemes(api: &Api, op: &Operation) -> bool {
    op.security != api.security.default && has_needs(&op.security)
}

fn has_needs(requirement: &Requirement) -> bool {
    requirement
        .iter()
        .any(|alternative| !alternative.schemes.is_empty())
}

/// The constant naming each scheme's index: its setter in upper case (the scheme's name
/// for mutual TLS, which has no setter), unique in the module.
pub(crate) fn index_names(security: &Security) -> Vec<String> {
    let mut namer = Namer::with_reserved(&["SCHEMES", "SECURITY"]);
    security
        .schemes
        .iter()
        .map(|scheme| {
            let stem = match scheme.setter.is_empty() {
                true => names::snake(&scheme.name, "scheme"),
                false => scheme.setter.clone(),
            };
            let upper = stem.trim_start_matches("r#").to_ascii_uppercase();
            namer.claim(&upper, "_")
        })
        .collect()
}

fn kind(kind: &SchemeKind) -> TokenStream {
    match kind {
        SchemeKind::ApiKey { location, name } => {
            let location = match location {
                KeyLocation::Header => quote!(Header),
                KeyLocation::Query => quote!(Query),
                KeyLocation::Cookie => quote!(Cookie),
            };
            quote!(SchemeKind::ApiKey(KeyLocation::#location, #name))
        }
        SchemeKind::Basic => quote!(SchemeKind::Basic),
        SchemeKind::HttpToken { scheme } => quote!(SchemeKind::Token(#scheme)),
        SchemeKind::OAuth2 { token_url } => {
            let token_url = match token_url {
                Some(url) => quote!(Some(#url)),
                None => quote!(None),
            };
            quote!(SchemeKind::OAuth2 { token_url: #token_url })
        }
        SchemeKind::OpenIdConnect { .. } => quote!(SchemeKind::OpenIdConnect),
        SchemeKind::MutualTls => quote!(SchemeKind::MutualTls),
    }
}

/// One scheme's setter: its name, what it takes, and its docs.
struct Setter {
    name: String,
    index: String,
    /// The parameters, as `(name, type)`.
    params: Vec<(&'static str, TokenStream)>,
    /// How the parameters become a `Credential`.
    credential: TokenStream,
    docs: Vec<String>,
    /// Whether it takes `Tokens` (the crate root then exports the token types).
    tokens: bool,
}

impl Setter {
    fn of(scheme: &SecurityScheme, index: &str) -> Option<Setter> {
        let name = scheme.setter.trim_start_matches("r#").to_owned();
        let string = quote!(impl Into<String>);
        let (params, credential, what, tokens) = match &scheme.kind {
            SchemeKind::ApiKey { location, name: key } => {
                let place = match location {
                    KeyLocation::Header => format!("the `{key}` header"),
                    KeyLocation::Query => format!("the `{key}` query parameter"),
                    KeyLocation::Cookie => format!("the `{key}` cookie"),
                };
                let param = value_param(&name);
                let param_ident = ident(param);
                (
                    vec![(param, string)],
                    quote!(Credential::value(#param_ident.into())),
                    format!("The API key of `{}`, sent in {place}.", scheme.name),
                    false,
                )
            }
            SchemeKind::Basic => (
                vec![("username", string.clone()), ("password", string)],
                quote!(Credential::basic(username.into(), password.into())),
                format!(
                    "The user name and password of `{}`, sent as HTTP basic authentication.",
                    scheme.name
                ),
                false,
            ),
            SchemeKind::HttpToken { scheme: prefix } => (
                vec![("token", string)],
                quote!(Credential::value(token.into())),
                format!(
                    "The token of `{}`, sent as `Authorization: {prefix} <token>`.",
                    scheme.name
                ),
                false,
            ),
            SchemeKind::OAuth2 { token_url } => (
                vec![("tokens", quote!(impl Into<Tokens>))],
                quote!(Credential::tokens(tokens.into())),
                match token_url {
                    Some(url) => format!(
                        "Where the OAuth2 tokens of `{}` come from: a fixed token, your own [`TokenProvider`](crate::TokenProvider), or [`ClientCredentials`](crate::ClientCredentials), which fetch them from `{url}`.",
                        scheme.name
                    ),
                    None => format!(
                        "Where the OAuth2 tokens of `{}` come from: a fixed token or your own [`TokenProvider`](crate::TokenProvider) (the spec declares no client credentials flow).",
                        scheme.name
                    ),
                },
                true,
            ),
            SchemeKind::OpenIdConnect { discovery_url } => (
                vec![("tokens", quote!(impl Into<Tokens>))],
                quote!(Credential::tokens(tokens.into())),
                format!(
                    "Where the OpenID Connect tokens of `{}` come from (discovery: `{discovery_url}`): a fixed token or your own [`TokenProvider`](crate::TokenProvider).",
                    scheme.name
                ),
                true,
            ),
            SchemeKind::MutualTls => return None,
        };
        let mut docs = docs::sanitize(&what);
        if let Some(description) = &scheme.description {
            docs.push(String::new());
            docs.extend(docs::sanitize(description));
        }
        Some(Setter {
            name: scheme.setter.clone(),
            index: index.to_owned(),
            params,
            credential,
            docs,
            tokens,
        })
    }

    /// `name: type` for each parameter.
    fn parameters(&self) -> Vec<TokenStream> {
        self.params
            .iter()
            .map(|(param, ty)| {
                let param = ident(param);
                quote!(#param: #ty)
            })
            .collect()
    }

    /// The setter as a method that hands the credential to `put` (`credential` on the
    /// builder, `set` on `Credentials`).
    fn method(&self, put: TokenStream) -> TokenStream {
        let docs = docs::lines_to_attrs(&self.docs);
        let name = ident(&self.name);
        let index = ident(&self.index);
        let params = self.parameters();
        let credential = &self.credential;
        quote! {
            #docs
            pub fn #name(self, #(#params),*) -> Self {
                self.#put(#index, #credential)
            }
        }
    }
}

/// An API key's parameter: the setter's own name reads best (`api_key(api_key)`), unless
/// it is a keyword.
fn value_param(setter: &str) -> &'static str {
    match setter {
        "api_key" => "api_key",
        _ => "key",
    }
}

/// `Client::new`, taking the credential the top-level requirement asks for first, or
/// nothing when it asks for none (`Security::client_new`).
fn client_new(security: &Security, setters: &[Setter]) -> Option<TokenStream> {
    let setter = match security.client_new()? {
        None => {
            return Some(quote! {
                impl Client {
                    /// A client for the default server.
                    pub fn new() -> Result<Client, Error> {
                        Client::builder().build()
                    }
                }
            });
        }
        Some(id) => {
            let scheme = security.scheme(id)?;
            setters.iter().find(|setter| setter.name == scheme.setter)?
        }
    };
    let name = ident(&setter.name);
    let params = setter.parameters();
    let args = setter.params.iter().map(|(param, _)| ident(param));
    let doc = format!(
        " A client for the default server with the credential of [`ClientBuilder::{}`].",
        setter.name.trim_start_matches("r#")
    );
    Some(quote! {
        impl Client {
            #[doc = #doc]
            ///
            /// Fails only when the credential cannot be sent as its scheme says.
            pub fn new(#(#params),*) -> Result<Client, Error> {
                Client::builder().#name(#(#args),*).build()
            }
        }
    })
}
