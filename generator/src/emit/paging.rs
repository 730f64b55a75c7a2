//! The streams of a paginated operation: `pages()` and `items()` on its `Call`, each one
//! call of the runtime's `paginate` / `paginate_items` with the operation's `Pagination`.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use super::docs;
use super::request::arguments;
use super::types::{ident, rust_type, ModelPath};
use crate::ir::{Api, Operation, Pagination, PagingStyle};

/// `impl Call<'_, T, Marker>` with the two stream methods and the `Pagination` they share.
pub(crate) fn streams(
    api: &Api,
    op: &Operation,
    pagination: &Pagination,
    lib_name: &str,
) -> TokenStream {
    let marker = ident(&op.call_marker);
    let item = rust_type(api, &pagination.item, ModelPath::Qualified);
    let pages = ident(&pagination.pages_method);
    let items = ident(&pagination.items_method);
    let paging = match &pagination.style {
        PagingStyle::NextUrl { next_url } => quote!(Paging::NextUrl { next_url: #next_url }),
        PagingStyle::PageNumber {
            param,
            page,
            has_more,
        } => quote!(Paging::PageNumber { param: #param, page: #page, has_more: #has_more }),
        PagingStyle::Offset { param, has_more } => {
            quote!(Paging::Offset { param: #param, has_more: #has_more })
        }
    };
    let items_at = &pagination.items;
    let method = op.rust_name.trim_start_matches("r#");
    let setter = page_size_setter(op, pagination);
    let pages_docs = prose(&format!(
        "Every page of [`Client::{method}`], as [`Pages`]: the first as this call asks for it, \
         then {how}. Each page is one request, with the call's options, retries and hooks.\n\n\
         {safety} [`Pages::max_pages`] caps the number of requests.",
        how = how(pagination),
        safety = safety(pagination),
    ));
    let size = match (&pagination.page_size, setter) {
        (Some(size), Some(setter)) => {
            format!(" The page size is the `{size}` parameter ([`Self::{setter}`]).")
        }
        (Some(size), None) => format!(" The page size is the `{size}` parameter."),
        (None, _) => String::new(),
    };
    let mut items_docs = prose(&format!(
        "Every item (`{items_at}` of each page) of every page of [`Client::{method}`], as \
         [`Items`]; pages are requested as the stream is read, as for [`Self::{pages}`]. \
         [`Items::max_items`] and [`Items::max_pages`] cap it.{size}"
    ));
    // The example is Rust for rustdoc to compile, not spec text: neither sanitized nor wrapped.
    items_docs.push(String::new());
    items_docs.extend(
        example(api, op, pagination, setter, lib_name)
            .lines()
            .map(str::to_owned),
    );
    let pages_docs = docs::lines_to_attrs(&pages_docs);
    let items_docs = docs::lines_to_attrs(&items_docs);
    quote! {
        impl<'a, T: Send + 'a> Call<'a, T, #marker> {
            const PAGINATION: Pagination = Pagination {
                paging: #paging,
                items: #items_at,
            };

            #pages_docs
            pub fn #pages(self) -> Pages<'a, T> {
                self.paginate(Self::PAGINATION)
            }

            #items_docs
            pub fn #items(self) -> Items<'a, #item> {
                self.paginate_items(Self::PAGINATION)
            }
        }
    }
}

/// How one page leads to the next, for the docs.
fn how(pagination: &Pagination) -> String {
    match &pagination.style {
        PagingStyle::NextUrl { next_url } => {
            format!("the URL each page gives at `{next_url}`, until there is none")
        }
        PagingStyle::PageNumber {
            param,
            page,
            has_more,
        } => format!(
            "the next number in the `{param}` parameter (the page's own number at `{page}` \
             plus one) while `{has_more}` is true"
        ),
        PagingStyle::Offset { param, has_more } => format!(
            "the `{param}` parameter moved past each page's items while `{has_more}` is true"
        ),
    }
}

/// The optional parameter's setter that sets the page size, when there is one.
fn page_size_setter<'o>(op: &'o Operation, pagination: &Pagination) -> Option<&'o str> {
    let size = pagination.page_size.as_ref()?;
    op.params
        .iter()
        .find(|p| p.wire_name == *size && !p.required)
        .map(|p| p.setter.trim_start_matches("r#"))
}

/// What keeps a stream from leaving the API or going round in circles, for the docs.
fn safety(pagination: &Pagination) -> &'static str {
    match pagination.style {
        PagingStyle::NextUrl { .. } => {
            "A next page's URL is followed only on the client's own scheme, host, port and \
             base path (the API key goes with every page), and a page leading back to one \
             already read ends the stream with an error."
        }
        PagingStyle::PageNumber { .. } | PagingStyle::Offset { .. } => {
            "A page leading back to one already read ends the stream with an error."
        }
    }
}

/// Doc lines of our own text around spec names: sanitized, and wrapped at 90 columns
/// like hand-written docs.
fn prose(text: &str) -> Vec<String> {
    const WIDTH: usize = 90;
    let mut lines = Vec::new();
    for line in docs::sanitize(text) {
        let mut current = String::new();
        for word in line.split(' ') {
            if !current.is_empty() && current.len() + 1 + word.len() > WIDTH {
                lines.push(std::mem::take(&mut current));
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        lines.push(current);
    }
    lines
}

/// A short example. The operation's required arguments are the hidden function's, so
/// every operation's example reads the same.
fn example(
    api: &Api,
    op: &Operation,
    pagination: &Pagination,
    page_size_setter: Option<&str>,
    lib_name: &str,
) -> String {
    let arguments = arguments(api, op);
    let parameters: String = arguments
        .iter()
        .map(|(name, ty)| format!(", {name}: {}", ty.to_token_stream()))
        .collect();
    let names: Vec<&str> = arguments.iter().map(|(name, _)| name.as_str()).collect();
    format!(
        "```no_run\n\
         # use {lib_name}::models;\n\
         # async fn run(client: &{lib_name}::Client{parameters}) -> Result<(), {lib_name}::Error> {{\n\
         use futures_util::StreamExt;\n\n\
         let mut items = client.{method}({names}){size}.{items}().max_items(1_000);\n\
         while let Some(item) = items.next().await {{\n    \
             let item = item?;\n\
         }}\n\
         # Ok(())\n\
         # }}\n\
         ```",
        method = op.rust_name,
        names = names.join(", "),
        size = page_size_setter.map_or(String::new(), |setter| format!(".{setter}(100)")),
        items = pagination.items_method,
    )
}
