//! Syntax trees built without parsing, for the shapes the emitters repeat thousands of
//! times (an operation's method, marker and setters).
//!
//! Emitters write tokens with `quote!`, and formatting needs a syn tree. Parsing those
//! tokens was most of what a generation cost (the full Heron spec: 2.6G of its 4.8G
//! instructions), because syn clones an identifier, an allocation, for each keyword it
//! peeks at. A [`Template`] is a shape parsed once per thread, with holes: identifiers,
//! types and string literals spelled `__name`, and marker arguments where a list goes. A
//! copy is the template cloned with its holes filled, about a sixth of the cost of
//! parsing the same tokens. Trees with no fixed shape to speak of (an attribute, a type)
//! are built directly.

use std::thread::LocalKey;

use proc_macro2::{Ident, Span, TokenStream};
use syn::visit_mut::{self, VisitMut};

use super::types::ident;

/// A syntax tree parsed once per thread (`thread_local!`: syn trees cannot cross
/// threads) from the emitter's own tokens: `parse_quote!` can only fail on a bug in them.
pub(crate) type Template<T> = LocalKey<T>;

/// The syntax trees a template can be.
pub(crate) trait Fillable: Clone {
    fn visit(&mut self, holes: &mut Holes);
}

macro_rules! fillable {
    ($($node:ident => $visit:ident,)*) => {$(
        impl Fillable for syn::$node {
            fn visit(&mut self, holes: &mut Holes) {
                holes.$visit(self);
            }
        }
    )*};
}

fillable! {
    Expr => visit_expr_mut,
    Item => visit_item_mut,
    ItemEnum => visit_item_enum_mut,
    Type => visit_type_mut,
    ItemImpl => visit_item_impl_mut,
    ImplItemFn => visit_impl_item_fn_mut,
    FnArg => visit_fn_arg_mut,
}

/// What goes into a template's holes, each named as the template spells it. Only the
/// template's own nodes are searched for holes, never what fills them, so a spec's name
/// that happens to look like a hole is left alone.
#[derive(Default)]
pub(crate) struct Holes {
    idents: Vec<(&'static str, Ident)>,
    /// A type or expression hole appears once in its template: its tree is moved in, not
    /// copied (a second `__name` would stay unfilled, and fail to compile).
    types: Vec<(&'static str, Option<syn::Type>)>,
    strings: Vec<(&'static str, String)>,
    exprs: Vec<(&'static str, Option<syn::Expr>)>,
    /// Replace a marker argument `__name: ()` of a function.
    args: Vec<(&'static str, Vec<syn::FnArg>)>,
}

impl Holes {
    pub(crate) fn new() -> Holes {
        Holes::default()
    }

    /// The identifier `hole` becomes `name` (a name chosen in lowering, raw or not).
    pub(crate) fn ident(mut self, hole: &'static str, name: &str) -> Holes {
        self.idents.push((hole, ident(name)));
        self
    }

    /// The type spelled `hole` becomes `ty`.
    pub(crate) fn ty(mut self, hole: &'static str, ty: syn::Type) -> Holes {
        self.types.push((hole, Some(ty)));
        self
    }

    /// The string literal `"hole"` becomes `text`.
    pub(crate) fn string(mut self, hole: &'static str, text: &str) -> Holes {
        self.strings.push((hole, text.to_owned()));
        self
    }

    /// The expression spelled `hole` becomes `expr`.
    pub(crate) fn expr(mut self, hole: &'static str, expr: syn::Expr) -> Holes {
        self.exprs.push((hole, Some(expr)));
        self
    }

    pub(crate) fn args(mut self, hole: &'static str, args: Vec<syn::FnArg>) -> Holes {
        self.args.push((hole, args));
        self
    }

    /// A copy of `template` with these holes filled.
    pub(crate) fn fill<T: Fillable>(mut self, template: &'static Template<T>) -> T {
        let mut copy = template.with(T::clone);
        copy.visit(&mut self);
        copy
    }
}

/// The tree for the hole `name`, taken out of `holes`.
fn fill<T>(holes: &mut [(&'static str, Option<T>)], name: &Ident) -> Option<T> {
    holes
        .iter_mut()
        .find(|(hole, _)| name == hole)
        .and_then(|(_, tree)| tree.take())
}

/// The items of a punctuated list, to splice a list into.
fn values<T, P>(list: syn::punctuated::Punctuated<T, P>) -> Vec<T> {
    list.into_pairs()
        .map(syn::punctuated::Pair::into_value)
        .collect()
}

/// The hole an expression or a list marker names: a bare identifier `__name`.
fn marker(expr: &syn::Expr) -> Option<&Ident> {
    match expr {
        syn::Expr::Path(path) if path.qself.is_none() => path.path.get_ident(),
        _ => None,
    }
}

/// Replaces the first item of `items` that `is_marker` names with the list `holes` holds
/// for it; the list is not visited again.
fn splice<T>(
    items: &mut Vec<T>,
    holes: &mut [(&'static str, Vec<T>)],
    is_marker: impl Fn(&T) -> Option<&Ident>,
) {
    let found = items.iter().enumerate().find_map(|(index, item)| {
        let name = is_marker(item)?;
        let hole = holes.iter().position(|(hole, _)| name == hole)?;
        Some((index, hole))
    });
    if let Some((index, hole)) = found {
        let list = holes
            .get_mut(hole)
            .map(|(_, list)| std::mem::take(list))
            .unwrap_or_default();
        items.splice(index..=index, list);
    }
}

impl VisitMut for Holes {
    fn visit_ident_mut(&mut self, node: &mut Ident) {
        if let Some((_, name)) = self.idents.iter().find(|(hole, _)| node == hole) {
            *node = name.clone();
        }
    }

    fn visit_type_mut(&mut self, node: &mut syn::Type) {
        let hole = match node {
            syn::Type::Path(path) if path.qself.is_none() => path.path.get_ident(),
            _ => None,
        };
        let filled = hole.and_then(|hole| fill(&mut self.types, hole));
        match filled {
            Some(ty) => *node = ty,
            None => visit_mut::visit_type_mut(self, node),
        }
    }

    fn visit_expr_mut(&mut self, node: &mut syn::Expr) {
        let filled = marker(node).and_then(|hole| fill(&mut self.exprs, hole));
        match filled {
            Some(expr) => *node = expr,
            None => visit_mut::visit_expr_mut(self, node),
        }
    }

    fn visit_lit_str_mut(&mut self, node: &mut syn::LitStr) {
        // Reading a literal's value unescapes it into a new string: only when a string
        // hole is to be filled.
        if self.strings.is_empty() {
            return;
        }
        let value = node.value();
        if let Some((_, text)) = self.strings.iter().find(|(hole, _)| *hole == value) {
            *node = syn::LitStr::new(text, Span::call_site());
        }
    }

    fn visit_signature_mut(&mut self, node: &mut syn::Signature) {
        visit_mut::visit_signature_mut(self, node);
        let mut args = values(std::mem::take(&mut node.inputs));
        splice(&mut args, &mut self.args, |arg| match arg {
            syn::FnArg::Typed(arg) => match &*arg.pat {
                syn::Pat::Ident(pat) => Some(&pat.ident),
                _ => None,
            },
            syn::FnArg::Receiver(_) => None,
        });
        node.inputs = args.into_iter().collect();
    }
}

/// The items `tokens` spell, parsed: what an emitter writes with `quote!` joins the
/// items built from templates.
pub(crate) fn items(tokens: TokenStream) -> syn::Result<Vec<syn::Item>> {
    syn::parse2::<syn::File>(tokens).map(|file| file.items)
}

/// `"text"`.
pub(crate) fn string(text: &str) -> syn::Expr {
    literal(syn::Lit::Str(syn::LitStr::new(text, Span::call_site())))
}

/// `true` or `false`.
pub(crate) fn boolean(value: bool) -> syn::Expr {
    literal(syn::Lit::Bool(syn::LitBool::new(value, Span::call_site())))
}

fn literal(lit: syn::Lit) -> syn::Expr {
    syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit,
    })
}

/// `a::b::c` as an expression (a variable when it is one segment).
pub(crate) fn path_expr(segments: &[&str]) -> syn::Expr {
    syn::Expr::Path(syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path: super::types::path(segments),
    })
}

/// `function(args)`, the function named by its path.
pub(crate) fn call(function: &[&str], args: Vec<syn::Expr>) -> syn::Expr {
    syn::Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func: Box::new(path_expr(function)),
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `receiver.method(args)`.
pub(crate) fn method_call(receiver: syn::Expr, method: &str, args: Vec<syn::Expr>) -> syn::Expr {
    syn::Expr::MethodCall(syn::ExprMethodCall {
        attrs: Vec::new(),
        receiver: Box::new(receiver),
        dot_token: Default::default(),
        method: ident(method),
        turbofish: None,
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `base.member`.
pub(crate) fn field(base: syn::Expr, member: &str) -> syn::Expr {
    syn::Expr::Field(syn::ExprField {
        attrs: Vec::new(),
        base: Box::new(base),
        dot_token: Default::default(),
        member: syn::Member::Named(ident(member)),
    })
}

/// `&expr`.
pub(crate) fn reference(expr: syn::Expr) -> syn::Expr {
    syn::Expr::Reference(syn::ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: None,
        expr: Box::new(expr),
    })
}

/// `#[doc = "text"]`.
pub(crate) fn doc(text: &str) -> syn::Attribute {
    attribute(syn::Meta::NameValue(syn::MetaNameValue {
        path: ident("doc").into(),
        eq_token: Default::default(),
        value: syn::Expr::Lit(syn::ExprLit {
            attrs: Vec::new(),
            lit: doc_literal(text),
        }),
    }))
}

/// A doc line as a raw string literal (`r"text"`, `r#"text"#` when the text holds a
/// quote). prettyplease prints a doc attribute's value, not its literal, so the output is
/// the same as with an escaped one; a raw one is cheaper both to make (no escaping char
/// by char) and to read back. Docs are the largest part of most generated files.
fn doc_literal(text: &str) -> syn::Lit {
    let mut hashes = String::new();
    if text.contains('"') {
        while text.contains(&format!("\"{hashes}")) {
            hashes.push('#');
        }
    }
    let mut raw = String::with_capacity(text.len() + 2 * hashes.len() + 3);
    for part in ["r", &hashes, "\"", text, "\"", &hashes] {
        raw.push_str(part);
    }
    match (text.contains('\r'), raw.parse::<proc_macro2::Literal>()) {
        (false, Ok(literal)) => syn::Lit::new(literal),
        _ => syn::Lit::Str(syn::LitStr::new(text, Span::call_site())),
    }
}

/// `#[name]`.
pub(crate) fn path_attribute(name: &str) -> syn::Attribute {
    attribute(syn::Path::from(ident(name)).into())
}

/// `#[deprecated]`.
pub(crate) fn deprecated() -> syn::Attribute {
    path_attribute("deprecated")
}

/// `#[name(tokens)]`: the tokens stay as they are (syn does not parse an attribute's
/// arguments either).
pub(crate) fn list_attribute(name: &str, tokens: TokenStream) -> syn::Attribute {
    attribute(syn::Meta::List(syn::MetaList {
        path: ident(name).into(),
        delimiter: syn::MacroDelimiter::Paren(Default::default()),
        tokens,
    }))
}

/// `#[meta]`.
fn attribute(meta: syn::Meta) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta,
    }
}

#[cfg(test)]
mod tests {
    use super::doc_literal;

    /// A string literal's value, and whether it is raw.
    fn read_back(literal: syn::Lit) -> Option<(String, bool)> {
        match literal {
            syn::Lit::Str(literal) => Some((
                literal.value(),
                literal.token().to_string().starts_with('r'),
            )),
            _ => None,
        }
    }

    #[test]
    fn doc_lines_become_raw_literals_that_read_back_as_written() {
        for text in [
            " plain",
            " say \"hi\"",
            " \"# and \"## in a row",
            "",
            " a\\b{c}",
        ] {
            assert_eq!(read_back(doc_literal(text)), Some((text.to_owned(), true)));
        }
        // A carriage return cannot stand in a raw string: escaped instead.
        assert_eq!(
            read_back(doc_literal(" a\rb")),
            Some((" a\rb".to_owned(), false))
        );
    }
}
