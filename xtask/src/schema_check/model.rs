//! What the checker needs to know about a proto file, and how proto names resolve.
//!
//! Nested messages and enums are flattened into one list each, named by their dotted
//! path inside the package (`Outer.Inner`), because that is also their `$defs` name.

/// A parsed `.proto` file, reduced to what the schema must agree with.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct ProtoFile {
    pub(crate) package: String,
    pub(crate) messages: Vec<Message>,
    pub(crate) enums: Vec<Enum>,
    pub(crate) services: Vec<Service>,
}

#[derive(Debug, PartialEq)]
pub(crate) struct Message {
    /// Dotted path inside the package, e.g. `Task` or `Outer.Inner`.
    pub(crate) name: String,
    pub(crate) fields: Vec<Field>,
    /// Each oneof with its members' proto field names, in declaration order.
    pub(crate) oneofs: Vec<Oneof>,
    pub(crate) deprecated: bool,
}

#[derive(Debug, PartialEq)]
pub(crate) struct Oneof {
    pub(crate) name: String,
    pub(crate) members: Vec<String>,
}

#[derive(Debug, PartialEq)]
pub(crate) struct Field {
    pub(crate) name: String,
    /// The ProtoJSON property name: `json_name` if given, else lowerCamelCase of `name`.
    pub(crate) json_name: String,
    /// The type as written; for maps, the value type.
    pub(crate) ty: String,
    pub(crate) label: Label,
    /// Marked `(google.api.field_behavior) = REQUIRED`.
    pub(crate) required: bool,
    pub(crate) deprecated: bool,
    /// The oneof this field belongs to, if any.
    pub(crate) oneof: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Label {
    /// No label: proto3 implicit presence.
    Plain,
    Optional,
    Repeated,
    /// `map<key, ty>`.
    Map {
        key: String,
    },
}

#[derive(Debug, PartialEq)]
pub(crate) struct Enum {
    pub(crate) name: String,
    pub(crate) values: Vec<EnumValue>,
    pub(crate) deprecated: bool,
}

#[derive(Debug, PartialEq)]
pub(crate) struct EnumValue {
    pub(crate) name: String,
    pub(crate) deprecated: bool,
}

#[derive(Debug, PartialEq)]
pub(crate) struct Service {
    pub(crate) name: String,
    pub(crate) rpcs: Vec<Rpc>,
}

#[derive(Debug, PartialEq)]
pub(crate) struct Rpc {
    pub(crate) name: String,
    pub(crate) input: String,
    pub(crate) output: String,
    pub(crate) client_streaming: bool,
    pub(crate) server_streaming: bool,
}

/// What a type name written in the proto refers to.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Resolved<'a> {
    /// A scalar such as `string` or `int32`.
    Scalar(&'a str),
    /// A message or enum of this file, by its `$defs` name.
    Local(String),
    /// A `google.protobuf` well-known type, by its `$defs` name (`Timestamp`, ...).
    WellKnown(String),
    /// Neither: a typo or an import the checker does not know.
    Unknown,
}

/// The proto3 scalar type names.
pub(crate) const SCALARS: &[&str] = &[
    "double", "float", "int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32", "fixed64", "sfixed32",
    "sfixed64", "bool", "string", "bytes",
];

/// Well-known types the schema models as their own `$defs` entries.
const WELL_KNOWN: &[&str] = &["Timestamp", "Struct", "Value", "Empty"];

impl ProtoFile {
    /// Resolves `ty`, written inside the message `scope` (empty for top level), the way
    /// protoc does: innermost enclosing scope first, then outwards.
    pub(crate) fn resolve<'a>(&self, scope: &str, ty: &'a str) -> Resolved<'a> {
        if let Some(&scalar) = SCALARS.iter().find(|&&s| s == ty) {
            return Resolved::Scalar(scalar);
        }
        let bare = ty.strip_prefix('.').unwrap_or(ty);
        if let Some(wkt) = bare.strip_prefix("google.protobuf.") {
            return match WELL_KNOWN.contains(&wkt) {
                true => Resolved::WellKnown(wkt.to_string()),
                false => Resolved::Unknown,
            };
        }
        if ty.starts_with('.') {
            return self.resolve_absolute(bare);
        }
        self.resolve_relative(scope, ty)
    }

    fn resolve_absolute(&self, full: &str) -> Resolved<'static> {
        let local = match self.package.is_empty() {
            true => Some(full),
            false => full.strip_prefix(&self.package).and_then(|rest| rest.strip_prefix('.')),
        };
        match local {
            Some(name) if self.defines(name) => Resolved::Local(name.to_string()),
            _ => Resolved::Unknown,
        }
    }

    fn resolve_relative(&self, scope: &str, ty: &str) -> Resolved<'static> {
        let mut scope = scope.to_string();
        loop {
            let candidate = match scope.is_empty() {
                true => ty.to_string(),
                false => format!("{scope}.{ty}"),
            };
            if self.defines(&candidate) {
                return Resolved::Local(candidate);
            }
            if scope.is_empty() {
                // A name qualified with our own package is still ours.
                return self.resolve_absolute(ty);
            }
            scope.truncate(scope.rfind('.').unwrap_or(0));
        }
    }

    pub(crate) fn defines(&self, name: &str) -> bool {
        self.messages.iter().any(|m| m.name == name) || self.enums.iter().any(|e| e.name == name)
    }

    pub(crate) fn field_count(&self) -> usize {
        self.messages.iter().map(|m| m.fields.len()).sum()
    }

    pub(crate) fn rpcs(&self) -> impl Iterator<Item = &Rpc> {
        self.services.iter().flat_map(|s| &s.rpcs)
    }
}

/// protoc's default JSON name: drop each `_` and upper-case the letter after it.
pub(crate) fn json_name(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut upper_next = false;
    for c in field.chars() {
        match c {
            '_' => upper_next = true,
            c if upper_next => {
                out.push(c.to_ascii_uppercase());
                upper_next = false;
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(name: &str) -> Message {
        Message { name: name.into(), fields: vec![], oneofs: vec![], deprecated: false }
    }

    #[test]
    fn json_names_follow_protoc() {
        assert_eq!(json_name("context_id"), "contextId");
        assert_eq!(json_name("oauth2_metadata_url"), "oauth2MetadataUrl");
        assert_eq!(json_name("id"), "id");
    }

    #[test]
    fn resolves_innermost_scope_first() {
        let file = ProtoFile {
            package: "lf.a2a.v1".into(),
            messages: vec![message("Inner"), message("Outer"), message("Outer.Inner")],
            ..ProtoFile::default()
        };
        assert_eq!(file.resolve("Outer", "Inner"), Resolved::Local("Outer.Inner".into()));
        assert_eq!(file.resolve("", "Inner"), Resolved::Local("Inner".into()));
        assert_eq!(file.resolve("Outer", ".lf.a2a.v1.Inner"), Resolved::Local("Inner".into()));
        assert_eq!(file.resolve("", "lf.a2a.v1.Outer.Inner"), Resolved::Local("Outer.Inner".into()));
        assert_eq!(file.resolve("", "int32"), Resolved::Scalar("int32"));
        let ts = Resolved::WellKnown("Timestamp".into());
        assert_eq!(file.resolve("", "google.protobuf.Timestamp"), ts);
        assert_eq!(file.resolve("", "google.protobuf.Any"), Resolved::Unknown);
        assert_eq!(file.resolve("", "Missing"), Resolved::Unknown);
    }
}
