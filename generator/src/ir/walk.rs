//! The one walk over the IR: where the API names types (its roots: an operation's
//! parameters, body, response, error bodies and page items, and the webhooks' payloads,
//! each travelling one way), and the closure of what those types reach. The split, the
//! features gates and the diff all start from these; none lists roots of its own.

use std::collections::{BTreeSet, HashMap};

use super::{Access, Api, Direction, Operation, SuccessResponse, TypeId, TypeKind, TypeRef};

/// Where a root names its type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RootKind {
    Parameter,
    Body,
    Response,
    Error,
    /// The type of one item of a paginated operation's pages.
    PageItem,
    WebhookPayload,
}

/// A place where the API names a type.
#[derive(Clone, Copy, Debug)]
pub struct Root<'a> {
    pub ty: &'a TypeRef,
    pub kind: RootKind,
    /// The operation it is part of; `None` for a webhook's payload.
    pub operation: Option<&'a Operation>,
}

impl Root<'_> {
    /// Which way its values travel: parameters and bodies are sent, everything else is
    /// received.
    pub fn direction(&self) -> Direction {
        match self.kind {
            RootKind::Parameter | RootKind::Body => Direction::Request,
            RootKind::Response
            | RootKind::Error
            | RootKind::PageItem
            | RootKind::WebhookPayload => Direction::Response,
        }
    }
}

impl Operation {
    /// The types this operation names, in order: parameters, body, response, error
    /// bodies, page items.
    pub fn roots(&self) -> impl Iterator<Item = Root<'_>> {
        let root = move |ty, kind| Root {
            ty,
            kind,
            operation: Some(self),
        };
        let response = match &self.response {
            SuccessResponse::Json(ty) => Some(ty),
            SuccessResponse::Empty | SuccessResponse::Bytes | SuccessResponse::Text => None,
        };
        self.params
            .iter()
            .map(move |param| root(&param.ty, RootKind::Parameter))
            .chain(
                self.body
                    .iter()
                    .map(move |body| root(&body.ty, RootKind::Body)),
            )
            .chain(response.map(move |ty| root(ty, RootKind::Response)))
            .chain(
                self.errors
                    .iter()
                    .filter_map(|error| error.ty.as_ref())
                    .map(move |ty| root(ty, RootKind::Error)),
            )
            .chain(
                self.pagination
                    .iter()
                    .map(move |pagination| root(&pagination.item, RootKind::PageItem)),
            )
    }
}

impl Api {
    /// Every place the API names a type: the operations' roots, then the webhooks'
    /// payloads.
    pub fn roots(&self) -> impl Iterator<Item = Root<'_>> {
        let payloads = self
            .webhooks
            .iter()
            .flat_map(|webhooks| &webhooks.events)
            .filter_map(|event| event.payload.as_ref())
            .map(|ty| Root {
                ty,
                kind: RootKind::WebhookPayload,
                operation: None,
            });
        self.operations
            .iter()
            .flat_map(Operation::roots)
            .chain(payloads)
    }

    /// The types `start` reaches, themselves included: through fields, list items, map
    /// values, union members and alias targets.
    pub fn reachable(&self, start: impl IntoIterator<Item = TypeId>) -> BTreeSet<TypeId> {
        closure(start, |id, next| {
            for ty in self.type_def(id).kind.type_refs() {
                ty.for_each_named(&mut |child| next.push(child));
            }
        })
    }

    /// The types whose closure holds a readOnly or writeOnly property: the ones the split
    /// makes two of. The closure is walked backwards, from the types that hold one
    /// directly to the types that name them.
    pub fn types_holding_read_write(&self) -> BTreeSet<TypeId> {
        let mut named_by: HashMap<TypeId, Vec<TypeId>> = HashMap::new();
        let mut direct = Vec::new();
        for (index, def) in self.types.iter().enumerate() {
            let id = TypeId(index as u32);
            for ty in def.kind.type_refs() {
                ty.for_each_named(&mut |child| named_by.entry(child).or_default().push(id));
            }
            if let TypeKind::Struct(s) = &def.kind {
                if s.fields.iter().any(|f| f.access != Access::ReadWrite) {
                    direct.push(id);
                }
            }
        }
        closure(direct, |id, next| {
            next.extend(named_by.get(&id).into_iter().flatten().copied())
        })
    }
}

/// Every node reached from `start`, each once: `children` pushes the nodes one node
/// leads to. The one graph walk of the IR's passes (types, or types on one side of the
/// split).
pub fn closure<N: Ord + Copy>(
    start: impl IntoIterator<Item = N>,
    mut children: impl FnMut(N, &mut Vec<N>),
) -> BTreeSet<N> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<N> = start.into_iter().collect();
    while let Some(node) = stack.pop() {
        if seen.insert(node) {
            children(node, &mut stack);
        }
    }
    seen
}
