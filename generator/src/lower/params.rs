//! Parameters -> `Param`s: path-level and operation-level parameters merged, `$ref`s
//! resolved, and each one's location, serialization style and type.

use std::borrow::Cow;

use openapiv3::{Parameter, ParameterData, ParameterSchemaOrContent, QueryStyle, ReferenceOr};

use super::operation::OperationSite;
use super::schema::{self, Context};
use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::ir::{Docs, Param, ParamLocation, ParamStyle, TypeRef};
use crate::names::{self, Namer};

/// The parameters of one operation, in spec order: the path item's first, then the
/// operation's own (which replace a path-level one of the same name and location).
/// `ctx` gives the inline type of a parameter its name and place. A `{name}` of `template`
/// that no path parameter declares is added as a required string.
pub(crate) fn lower_params<'a>(
    lw: &mut Lowerer<'a>,
    site: &OperationSite<'a>,
    operation_params: &'a [ReferenceOr<Parameter>],
    template: &str,
    ctx: &dyn Fn(&str, Pointer) -> Context,
) -> Vec<Param> {
    let path_level_pointer = Pointer::root()
        .join("paths")
        .join(site.path)
        .join("parameters");
    let path_level =
        (site.item.parameters.iter().enumerate()).map(|(i, p)| (p, path_level_pointer.join(i)));
    let op_level = operation_params
        .iter()
        .enumerate()
        .map(|(i, p)| (p, site.pointer.join("parameters").join(i)));
    let mut resolved: Vec<(Cow<'a, Parameter>, Pointer)> = Vec::new();
    for (param, pointer) in path_level.chain(op_level) {
        let Some(param) = lw.resolve_item(param, "a parameter", &pointer) else {
            continue;
        };
        let data = param.parameter_data_ref();
        resolved.retain(|(p, _)| {
            let other = p.parameter_data_ref();
            !(other.name == data.name
                && std::mem::discriminant(p.as_ref()) == std::mem::discriminant(param.as_ref()))
        });
        resolved.push((param, pointer));
    }
    let mut param_names = Namer::with_reserved(&["body", "self_"]);
    let mut params: Vec<Param> = resolved
        .into_iter()
        .filter_map(|(param, pointer)| lower_param(lw, &param, &pointer, ctx, &mut param_names))
        .collect();
    // Hand-written specs often leave a path parameter undeclared; its name in the
    // template is all the client needs to fill it in.
    for name in template
        .split('{')
        .skip(1)
        .filter_map(|piece| piece.split_once('}'))
        .map(|(name, _)| name)
    {
        let declared = params
            .iter()
            .any(|p| p.location == ParamLocation::Path && p.wire_name == name);
        if declared || name.is_empty() {
            continue;
        }
        lw.warning(
            &site.pointer,
            format!(
                "path template names `{{{name}}}` but no path parameter `{name}` is declared; \
                 it is generated as a required string"
            ),
        );
        params.push(Param {
            wire_name: name.to_owned(),
            rust_name: param_names.claim(&names::snake(name, "param"), "_"),
            location: ParamLocation::Path,
            ty: TypeRef::String,
            required: true,
            style: ParamStyle::Simple,
            docs: Docs::default(),
            deprecated: false,
            setter: String::new(),
        });
    }
    params
}

/// One parameter; `None` for one the client cannot send (cookies).
fn lower_param(
    lw: &mut Lowerer,
    param: &Parameter,
    pointer: &Pointer,
    ctx: &dyn Fn(&str, Pointer) -> Context,
    param_names: &mut Namer,
) -> Option<Param> {
    let (location, style) = match param {
        Parameter::Path { .. } => (ParamLocation::Path, ParamStyle::Simple),
        Parameter::Query {
            style,
            parameter_data,
            ..
        } => {
            let explode = parameter_data.explode.unwrap_or(true);
            let style = match style {
                QueryStyle::Form => ParamStyle::Form { explode },
                QueryStyle::DeepObject => ParamStyle::DeepObject,
                QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited => {
                    lw.warning(
                        pointer,
                        format!("query style `{style:?}` is not supported; sending it as `form`"),
                    );
                    ParamStyle::Form { explode }
                }
            };
            (ParamLocation::Query, style)
        }
        Parameter::Header { .. } => (ParamLocation::Header, ParamStyle::Simple),
        Parameter::Cookie { .. } => {
            lw.warning(
                pointer,
                "cookie parameters are not supported; the parameter is not sent",
            );
            return None;
        }
    };
    let ParameterData {
        name,
        description,
        required,
        deprecated,
        format,
        example,
        ..
    } = param.parameter_data_ref();
    let ty = match format {
        ParameterSchemaOrContent::Schema(schema) => {
            let schema_ctx = ctx(&names::upper_camel(name, "Param"), pointer.join("schema"));
            // A parameter cannot carry `null`: nullability of items means nothing here.
            strip_nullable(schema::lower_ref(lw, schema.into(), &schema_ctx))
        }
        ParameterSchemaOrContent::Content(_) => {
            lw.warning(
                pointer,
                "parameters with `content` are not supported; sending the value as a string",
            );
            TypeRef::String
        }
    };
    Some(Param {
        wire_name: name.clone(),
        rust_name: param_names.claim(&names::snake(name, "param"), "_"),
        location,
        ty,
        required: *required || location == ParamLocation::Path,
        style,
        docs: super::docs(None, description.as_ref(), example.as_ref()),
        deprecated: deprecated.unwrap_or(false),
        // Named with the other members of the operation's `Call`.
        setter: String::new(),
    })
}

fn strip_nullable(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Nullable(inner) => strip_nullable(*inner),
        TypeRef::List(inner) => TypeRef::List(Box::new(strip_nullable(*inner))),
        other => other,
    }
}
