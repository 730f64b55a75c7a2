//! Specs kept in several files: a small tree held in memory (`generator::source::InMemory`)
//! whose `$ref`s point between files (with and without fragments, from nested folders),
//! at the files themselves (cycles), out of the tree (`../`, absolute paths, URLs), at
//! files and pointers that are not there, and into files that are not YAML at all. The
//! loader must answer with files or located diagnostics, never panic or loop.

use arbitrary::Arbitrary;
use serde_json::{json, Map, Value};

/// The entry file's path in the tree.
pub const ENTRY: &str = "api.yaml";

#[derive(Arbitrary, Debug)]
pub struct Tree {
    /// Schemas of the entry file's `components.schemas`, each a reference (or an object
    /// holding references).
    pub components: Vec<Content>,
    /// Operations of the entry file, each answering with a reference.
    pub operations: Vec<Reference>,
    pub files: Vec<File>,
}

#[derive(Arbitrary, Debug)]
pub struct File {
    /// Which folder: the root, `models/` or `models/deep/`.
    pub folder: u8,
    pub content: Content,
    /// The text is written as JSON rather than YAML.
    pub json: bool,
}

#[derive(Arbitrary, Debug)]
pub enum Content {
    /// A schema that is only a reference.
    Ref(Reference),
    /// An object whose properties are references and scalars.
    Object(Vec<(u8, Option<Reference>)>),
    /// Schemas under a key, for fragments to point into (`#/schemas/N`).
    Schemas(Vec<Content>),
    /// Not a spec document at all.
    Garbage(String),
}

#[derive(Arbitrary, Debug)]
pub enum Reference {
    /// Another file of the tree (an index into `files`), whole or at a fragment.
    File(u8, Option<u8>),
    /// A file above the tree's root.
    Escaping(u8),
    Absolute,
    Url,
    /// A file the tree does not have.
    Missing,
    /// A pointer into the file the reference is written in.
    Local(u8),
    /// Anything at all.
    Text(String),
}

impl Tree {
    /// The tree's files, path and text, the entry file first.
    pub fn files(&self) -> Vec<(String, String)> {
        let paths: Vec<String> = (0..self.files.len()).map(|i| self.path(i)).collect();
        let mut files = vec![(ENTRY.to_owned(), self.entry(&paths))];
        for (index, file) in self.files.iter().enumerate() {
            let folder = folder_of(&paths[index]);
            let value = file.content.value(&paths, folder, 0);
            let text = match (&file.content, file.json) {
                (Content::Garbage(text), _) => text.clone(),
                (_, true) => value.to_string(),
                (_, false) => serde_yaml::to_string(&value).unwrap_or_default(),
            };
            files.push((paths[index].clone(), text));
        }
        files
    }

    fn path(&self, index: usize) -> String {
        let folder = match self.files[index].folder % 3 {
            0 => "",
            1 => "models/",
            _ => "models/deep/",
        };
        let extension = if self.files[index].json { "json" } else { "yaml" };
        format!("{folder}f{index}.{extension}")
    }

    fn entry(&self, paths: &[String]) -> String {
        let schemas: Map<String, Value> = self
            .components
            .iter()
            .enumerate()
            .map(|(i, content)| (format!("S{i}"), content.value(paths, "", 0)))
            .collect();
        let mut operations = Map::new();
        for (i, reference) in self.operations.iter().enumerate() {
            operations.insert(
                format!("/things{i}"),
                json!({"get": {"responses": {"200": {
                    "description": "ok",
                    "content": {"application/json": {"schema": reference.value(paths, "")}},
                }}}}),
            );
        }
        let document = json!({
            "openapi": "3.0.3",
            "info": {"title": "Tree", "version": "1"},
            "paths": operations,
            "components": {"schemas": schemas},
        });
        serde_yaml::to_string(&document).unwrap_or_default()
    }
}

impl Content {
    fn value(&self, paths: &[String], folder: &str, depth: usize) -> Value {
        match self {
            Content::Ref(reference) => reference.value(paths, folder),
            Content::Object(properties) => {
                let properties: Map<String, Value> = properties
                    .iter()
                    .map(|(name, reference)| {
                        let value = match reference {
                            Some(reference) => reference.value(paths, folder),
                            None => json!({"type": "string"}),
                        };
                        (format!("p{}", name % 6), value)
                    })
                    .collect();
                json!({"type": "object", "properties": properties})
            }
            // Nested a few levels at most: the shapes, not the depth, are what matter.
            Content::Schemas(schemas) if depth < 3 => {
                let schemas: Map<String, Value> = schemas
                    .iter()
                    .enumerate()
                    .map(|(i, content)| (i.to_string(), content.value(paths, folder, depth + 1)))
                    .collect();
                json!({"type": "object", "schemas": schemas})
            }
            Content::Schemas(_) | Content::Garbage(_) => json!({"type": "string"}),
        }
    }
}

impl Reference {
    fn value(&self, paths: &[String], folder: &str) -> Value {
        let target = match self {
            Reference::File(index, fragment) => {
                let Some(path) = paths.get(*index as usize % paths.len().max(1)) else {
                    return json!({"$ref": "missing.yaml"});
                };
                let fragment = fragment.map_or(String::new(), |n| format!("#/schemas/{}", n % 3));
                format!("{}{fragment}", relative(folder, path))
            }
            Reference::Escaping(ups) => format!("{}outside.yaml", "../".repeat(*ups as usize % 4 + 1)),
            Reference::Absolute => "/etc/passwd".to_owned(),
            Reference::Url => "https://example.com/schemas/pet.yaml".to_owned(),
            Reference::Missing => "models/nowhere.yaml#/Pet".to_owned(),
            Reference::Local(n) => format!("#/schemas/{}", n % 3),
            Reference::Text(text) => text.clone(),
        };
        json!({"$ref": target})
    }
}

fn folder_of(path: &str) -> &str {
    path.rfind('/').map_or("", |at| &path[..=at])
}

/// `path` as a reference written in a file of `folder`: up to the root, then down.
fn relative(folder: &str, path: &str) -> String {
    let ups = folder.matches('/').count();
    format!("{}{path}", "../".repeat(ups))
}
