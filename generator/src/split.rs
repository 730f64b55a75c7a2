//! Stage 3: the readOnly/writeOnly split, a pure IR -> IR pass.
//!
//! OpenAPI 3.0 says a readOnly property is only sent by the server and a writeOnly one
//! only by the client, and `required` applies only on the side where the property exists.
//! One Rust struct cannot honour that: a response that omits a required writeOnly
//! `access_token` would fail to decode, and a request would serialize fields the server
//! rejects. So every type whose closure holds such a property becomes two:
//!
//! - the response variant keeps the schema's name and drops writeOnly properties;
//! - the request variant is named `<Name>Request` and drops readOnly properties.
//!
//! A variant refers to the same-side variants of the types it contains. Types without
//! readOnly/writeOnly in their closure stay one type used both ways. A variant that no
//! operation uses and that would have no fields is not emitted.

use std::collections::{BTreeSet, HashMap};

use crate::ir::{
    Access, Api, Direction, Origin, SplitVariant, SuccessResponse, TypeDef, TypeId, TypeKind,
    TypeRef, Usage,
};

/// One type of the output: an input type, and the side it was specialised for (`None`
/// for a type that needs no split).
type Variant = (TypeId, Option<Direction>);

pub fn split(mut api: Api) -> Api {
    let needs_split = api.types_holding_read_write();
    let variant_of = |id: TypeId, direction: Direction| -> Variant {
        if needs_split.contains(&id) {
            (id, Some(direction))
        } else {
            (id, None)
        }
    };

    // Variants the operations and webhooks reach are emitted even when empty: a call
    // needs its type.
    let mut used = Vec::new();
    for root in api.roots() {
        let direction = root.direction();
        root.ty
            .for_each_named(&mut |id| used.push(variant_of(id, direction)));
    }
    let mut emitted = closure(&api, used, &variant_of);

    // Component schemas are public API even when no operation uses them; their variants
    // are kept unless the split left them empty.
    let mut optional_roots = Vec::new();
    for (index, def) in api.types.iter().enumerate() {
        let id = TypeId(index as u32);
        if def.origin != Origin::Component {
            continue;
        }
        if !needs_split.contains(&id) {
            optional_roots.push((id, None));
            continue;
        }
        for direction in [Direction::Response, Direction::Request] {
            if def.usage.includes(direction) && !is_empty_on(def, direction) {
                optional_roots.push((id, Some(direction)));
            }
        }
    }
    emitted.extend(closure(&api, optional_roots, &variant_of));

    // Output order follows input order, and within one input type: shared, response,
    // request. Ids are positions in this order.
    let mut ordered: Vec<Variant> = emitted.into_iter().collect();
    ordered.sort_by_key(|&(id, direction)| (id, side_order(direction)));
    let new_ids: HashMap<Variant, TypeId> = ordered
        .iter()
        .enumerate()
        .map(|(index, variant)| (*variant, TypeId(index as u32)))
        .collect();
    let remap = |ty: &TypeRef, direction: Option<Direction>| -> TypeRef {
        ty.map_named(&mut |id| {
            let variant = match direction {
                Some(direction) => variant_of(id, direction),
                None => (id, None),
            };
            // Every variant `closure` reached was given an id above.
            #[allow(clippy::indexing_slicing)]
            new_ids[&variant]
        })
    };

    // Each input type is moved into its last variant and copied only for a second one.
    let mut inputs: Vec<Option<TypeDef>> = std::mem::take(&mut api.types)
        .into_iter()
        .map(Some)
        .collect();
    let operations = std::mem::take(&mut api.operations);
    let webhooks = api.webhooks.take();
    let types = ordered
        .iter()
        .enumerate()
        .filter_map(|(index, &(id, direction))| {
            let last_variant = ordered.get(index + 1).is_none_or(|next| next.0 != id);
            // Every id is an input's, and an input is taken only by its last variant, after
            // its others: the `?`s below never skip one.
            let input = inputs.get_mut(id.0 as usize)?;
            let mut def = if last_variant {
                input.take()?
            } else {
                input.clone()?
            };
            def.name = variant_name(&def, direction);
            def.split = direction.map(|direction| SplitVariant {
                counterpart: new_ids.get(&(id, Some(direction.other()))).copied(),
                left_out: left_out(&def, direction),
            });
            def.usage = direction.map_or(def.usage, Usage::Only);
            match &mut def.kind {
                TypeKind::Struct(s) => {
                    if let Some(direction) = direction {
                        s.fields.retain(|field| field.access.exists_in(direction));
                    }
                    for field in &mut s.fields {
                        field.ty = remap(&field.ty, direction);
                    }
                }
                TypeKind::Alias(target) => *target = remap(target, direction),
                TypeKind::Union(u) => {
                    for variant in &mut u.variants {
                        variant.ty = remap(&variant.ty, direction);
                    }
                }
                TypeKind::Enum(_) => {}
            }
            Some(def)
        })
        .collect();

    let operations = operations
        .into_iter()
        .map(|mut op| {
            for param in &mut op.params {
                param.ty = remap(&param.ty, Some(Direction::Request));
            }
            if let Some(body) = &mut op.body {
                body.ty = remap(&body.ty, Some(Direction::Request));
            }
            if let SuccessResponse::Json(ty) = &mut op.response {
                *ty = remap(ty, Some(Direction::Response));
            }
            // Page items are roots too: their variants are reached.
            if let Some(pagination) = &mut op.pagination {
                pagination.item = remap(&pagination.item, Some(Direction::Response));
            }
            for error in &mut op.errors {
                error.ty = error
                    .ty
                    .as_ref()
                    .map(|ty| remap(ty, Some(Direction::Response)));
            }
            op
        })
        .collect();

    let webhooks = webhooks.map(|mut webhooks| {
        for event in &mut webhooks.events {
            event.payload = event
                .payload
                .as_ref()
                .map(|ty| remap(ty, Some(Direction::Response)));
        }
        webhooks
    });

    Api {
        types,
        operations,
        webhooks,
        ..api
    }
}

/// Every variant reachable from `roots`, each field typed on its variant's side: the IR's
/// closure, over variants instead of types.
fn closure(
    api: &Api,
    roots: Vec<Variant>,
    variant_of: &impl Fn(TypeId, Direction) -> Variant,
) -> BTreeSet<Variant> {
    crate::ir::closure(roots, |(id, direction), next| {
        let def = api.type_def(id);
        let fields_and_targets: Vec<&TypeRef> = match &def.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .filter(|field| direction.is_none_or(|d| field.access.exists_in(d)))
                .map(|field| &field.ty)
                .collect(),
            other => other.type_refs(),
        };
        for ty in fields_and_targets {
            ty.for_each_named(&mut |child| {
                next.push(match direction {
                    Some(direction) => variant_of(child, direction),
                    None => (child, None),
                })
            });
        }
    })
}

/// The properties of `def` that do not exist on `direction`'s side but do on the other
/// (the docs of each side name them with the other side's type; a property on neither
/// side, both readOnly and writeOnly, was a warning instead).
fn left_out(def: &TypeDef, direction: Direction) -> Vec<String> {
    match &def.kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .filter(|f| !f.access.exists_in(direction) && f.access != Access::Neither)
            .map(|f| f.wire_name.clone())
            .collect(),
        TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::Alias(_) => Vec::new(),
    }
}

fn is_empty_on(def: &TypeDef, direction: Direction) -> bool {
    match &def.kind {
        TypeKind::Struct(s) => {
            s.tag.is_none() && !s.fields.iter().any(|f| f.access.exists_in(direction))
        }
        TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::Alias(_) => false,
    }
}

fn side_order(direction: Option<Direction>) -> u8 {
    match direction {
        None => 0,
        Some(Direction::Response) => 1,
        Some(Direction::Request) => 2,
    }
}

/// The response variant (and a one-sided type) keeps the schema's name; a request variant
/// of a two-sided type takes the name lowering chose for it.
fn variant_name(def: &TypeDef, direction: Option<Direction>) -> String {
    match (direction, def.usage, &def.request_name) {
        (Some(Direction::Request), Usage::Both, Some(name)) => name.clone(),
        _ => def.name.clone(),
    }
}
