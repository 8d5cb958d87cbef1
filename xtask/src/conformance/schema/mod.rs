//! A small JSON Schema validator for exactly the keywords `schema/` uses.
//!
//! The schema is compiled once into [`Node`]s; compiling refuses any keyword it does not
//! implement, any `$ref` outside `#/$defs/`, and any `format` or `contentEncoding` it cannot
//! check, so a schema change can never make the suite pass silently by being ignored.
//! Annotation keywords (`description`, `default`, `deprecated`, our `x-…` ones) are known
//! and read where they help: `x-discriminator` picks the branch whose errors a failed
//! `oneOf` reports, and `x-jsonrpc-result-of` finds each method's response definition.

mod compile;
pub(crate) mod validate;

#[cfg(test)]
mod tests;

use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

pub(crate) use validate::Validation;

/// A JSON type named by the `type` keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Type {
    Null,
    Boolean,
    Integer,
    Number,
    String,
    Array,
    Object,
}

/// A `format` the validator checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// An integer in the range of a signed 32-bit number.
    Int32,
    /// An RFC 3339 date-time.
    DateTime,
}

/// One compiled schema object. Absent keywords are `None` or empty.
#[derive(Debug, Default, Clone)]
pub(crate) struct Node {
    pub(crate) types: Option<Vec<Type>>,
    pub(crate) properties: Vec<(String, Node)>,
    /// Whether the schema has a `properties` keyword: its objects are described ones,
    /// whose unknown members are worth reporting (they are allowed, but a snake_case
    /// twin of a known field is a naming bug).
    pub(crate) described: bool,
    pub(crate) required: Vec<String>,
    pub(crate) additional: Option<Box<Node>>,
    /// `"additionalProperties": false`: members not in `properties` are errors.
    pub(crate) closed: bool,
    pub(crate) items: Option<Box<Node>>,
    /// A `$ref`, resolved to an index into [`Schema::defs`].
    pub(crate) reference: Option<usize>,
    pub(crate) constant: Option<Value>,
    pub(crate) one_of: Vec<Node>,
    pub(crate) format: Option<Format>,
    pub(crate) base64: bool,
    /// `x-discriminator` and `x-discriminator-values`: the tag property and its value per
    /// `oneOf` branch.
    pub(crate) discriminator: Option<(String, Vec<String>)>,
}

/// A JSON-RPC method as the schema describes it.
#[derive(Debug, Clone)]
pub(crate) struct MethodDefs {
    /// The definition of the success envelope.
    pub(crate) response: String,
    /// The definition of `result` in that envelope.
    pub(crate) result: String,
    /// Whether responses arrive as a Server-Sent Events stream.
    pub(crate) sse: bool,
}

/// A compiled schema file: its `$defs` and the JSON-RPC methods they describe.
#[derive(Debug)]
pub(crate) struct Schema {
    pub(crate) name: String,
    pub(crate) defs: Vec<(String, Node)>,
    by_name: HashMap<String, usize>,
    methods: HashMap<String, MethodDefs>,
}

impl Schema {
    /// Reads and compiles a schema file.
    pub(crate) fn load(path: &Path) -> Result<Schema, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
        let json: Value = serde_json::from_str(&text).map_err(|e| format!("parsing {}: {e}", path.display()))?;
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        Schema::compile(&name, &json).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Compiles a schema document.
    pub(crate) fn compile(name: &str, json: &Value) -> Result<Schema, String> {
        let (defs, methods) = compile::compile(json)?;
        let by_name = defs.iter().enumerate().map(|(i, (n, _))| (n.clone(), i)).collect();
        Ok(Schema { name: name.to_string(), defs, by_name, methods })
    }

    /// The definitions of a JSON-RPC method, found through `x-jsonrpc-result-of`.
    pub(crate) fn method(&self, method: &str) -> Option<&MethodDefs> {
        self.methods.get(method)
    }

    /// Validates `value` against the definition `def`.
    ///
    /// # Panics
    /// When `def` is not a definition of this schema: that is a bug in the suite.
    pub(crate) fn validate(&self, def: &str, value: &Value) -> Validation {
        let index = *self.by_name.get(def).unwrap_or_else(|| panic!("{} has no definition {def}", self.name));
        validate::run(self, index, value)
    }
}
