//! Every bound on a walk that lowering can be made to repeat without end.
//!
//! A spec is data, and data can loop: `$ref`s that lead back to themselves, `allOf`s that
//! merge a schema into itself. Each walk below stops at its bound and reports (or falls
//! back) instead of overflowing the stack or spinning. The values are far above anything
//! a real spec needs (real chains are one to three steps long) and low enough that the
//! deepest recursion stays within a default thread stack; the fuzz targets check the latter.

/// `$ref`s one resolution through `components/schemas` may follow
/// (`Lowerer::resolve_schema`, `Lowerer::resolve_pointer`). A budget shared by the whole
/// resolution, since a pointer into a schema can pass through references at every step.
pub(crate) const REFERENCES_FOLLOWED: usize = 32;

/// `$ref`s followed to reach a value anywhere else in the document (a parameter, a
/// response, a request body: `Lowerer::deserialize_at`). Such chains are a loop without
/// recursion, so the bound is only about loops; real specs use one step.
pub(crate) const REFERENCE_CHAIN: usize = 16;

/// Single-member `allOf` wrappers whose facts (`nullable`, `readOnly`, docs) are merged
/// into the value they wrap (`facts`). Real specs wrap once; `A: {allOf: [{$ref: A}]}`
/// wraps itself forever.
pub(crate) const FACT_WRAPPERS: usize = 16;

/// Nested `allOf`s whose object members are merged into one struct (`all_of`). Deeper
/// than this is a cycle; lowering reports cycles elsewhere.
pub(crate) const ALL_OF_DEPTH: usize = 64;

/// Pointer `$ref`s (`#/components/schemas/A/properties/b`) lowered inside each other
/// (`Lowerer::enter_reference`). Each one is a recursion of the schema lowering, so this
/// bounds stack use where the parsers' own depth limit does not apply.
pub(crate) const REFERENCE_DEPTH: usize = 64;

/// Inline schemas lowered inside each other (`Lowerer::enter_inline`). The parsers stop
/// documents at 128 levels, which a real document never approaches, so this is only
/// reached when `allOf` merges a schema's properties into itself.
pub(crate) const INLINE_DEPTH: usize = 96;
