//! What the fuzz targets share: the structured inputs they build (a spec with security
//! schemes, an overlay, a names file) and one way to run the generator on them.
//!
//! A target builds [`Inputs`] and calls [`generate`]: one document, or a tree of files
//! held in memory (`tree.rs`) read from its entry file.

pub mod names;
pub mod overlay;
pub mod security;
pub mod spec;
pub mod tree;

/// A small spec for the targets that fuzz an overlay's or a names file's text: something
/// for their targets and keys to hit (`fuzz/seeds/` holds overlays and names files
/// written against it).
pub const SMALL_SPEC: &str = include_str!("small_spec.yaml");

/// What one generation reads.
pub struct Inputs<'a> {
    pub spec: &'a str,
    pub overlay: Option<String>,
    pub names: Option<String>,
    /// A spec kept in several files: read from `tree::ENTRY` in this tree, `spec` unused.
    pub tree: Option<generator::source::InMemory>,
}

impl<'a> Inputs<'a> {
    pub fn spec(spec: &'a str) -> Self {
        Inputs {
            spec,
            overlay: None,
            names: None,
            tree: None,
        }
    }

    fn generate(
        &self,
        options: &generator::Options,
    ) -> Result<generator::Generated, Vec<generator::Diagnostic>> {
        match &self.tree {
            Some(tree) => generator::generate_files(tree, tree::ENTRY, options),
            None => generator::generate(self.spec, options),
        }
    }
}

/// Generates from `inputs`: the generator must answer with files or diagnostics, never
/// panic, overflow its stack or hang, and never with an internal error. When it answers
/// with files, every Rust file it wrote must parse, the names file it writes must be one
/// it reads back as it is, and generating with it must change nothing (a names file is a
/// lock file: regenerating with its own output is a fixed point).
pub fn generate(inputs: &Inputs<'_>) {
    let options = generator::Options {
        crate_name: "fuzz-client".into(),
        regenerate_with: "fuzz".into(),
        names: inputs.names.clone(),
        overlay: inputs.overlay.clone(),
        previous: None,
        package: Default::default(),
    };
    let generated = match inputs.generate(&options) {
        Ok(generated) => generated,
        Err(errors) => {
            // Bad input is refused with diagnostics; a file the generator cannot print is
            // its own bug.
            assert!(
                !errors
                    .iter()
                    .any(|error| error.message.starts_with("internal error")),
                "{errors:?}"
            );
            return;
        }
    };
    // Most of a crate is written out as text, not printed from syntax trees: it must be
    // Rust whatever names and descriptions the spec holds.
    for file in &generated.files {
        if file.path.ends_with(".rs") && !file.path.starts_with("src/runtime/") {
            if let Err(err) = syn::parse_file(&file.contents) {
                panic!("{} is not valid Rust: {err}\n{}", file.path, file.contents);
            }
        }
    }
    let written = generated.names.render("fuzz.yaml");
    let options = generator::Options {
        names: Some(written.clone()),
        ..options
    };
    let again = match inputs.generate(&options) {
        Ok(again) => again,
        Err(errors) => {
            panic!("the names file the generator wrote is refused: {errors:?}\n{written}")
        }
    };
    assert_eq!(
        again.names, generated.names,
        "the names file changed on regeneration"
    );
    let files = |generated: &generator::Generated| -> Vec<(String, String)> {
        generated
            .files
            .iter()
            .map(|file| (file.path.clone(), file.contents.clone()))
            .collect()
    };
    assert!(
        files(&again) == files(&generated),
        "regenerating with the names file the generator wrote changed the output"
    );
}
