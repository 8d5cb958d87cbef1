//! Serde helpers the generated code calls: base64 bytes, oneof checks, `false` skipping.
//!
//! Public only so that generated code in this crate can name it; not part of the API.

use ::base64::Engine as _;
use ::base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde::{Deserialize, Deserializer, Serializer};
use std::fmt;

/// Writes standard base64 with padding; reads standard or URL-safe, padded or not,
/// because ProtoJSON readers must accept both alphabets.
const WRITE: GeneralPurpose = ::base64::engine::general_purpose::STANDARD;
const READ_CONFIG: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const READ_STANDARD: GeneralPurpose = GeneralPurpose::new(&::base64::alphabet::STANDARD, READ_CONFIG);
const READ_URL_SAFE: GeneralPurpose = GeneralPurpose::new(&::base64::alphabet::URL_SAFE, READ_CONFIG);

/// Decodes base64 in either alphabet.
pub(crate) fn decode_base64(s: &str) -> Result<Vec<u8>, ::base64::DecodeError> {
    READ_STANDARD.decode(s).or_else(|_| READ_URL_SAFE.decode(s))
}

/// Encodes bytes as standard, padded base64.
pub(crate) fn encode_base64(bytes: &[u8]) -> String {
    WRITE.encode(bytes)
}

/// `#[serde(with)]` for `Vec<u8>` as a base64 string.
pub mod base64 {
    use super::*;

    /// Writes the bytes as base64.
    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&encode_base64(bytes))
    }

    /// Reads base64 in either alphabet.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        decode_base64(&s).map_err(|e| serde::de::Error::custom(format_args!("invalid base64: {e}")))
    }
}

/// `#[serde(with)]` for `Option<Vec<u8>>` as an optional base64 string.
pub mod base64_option {
    use super::*;

    /// Writes the bytes as base64, or nothing.
    pub fn serialize<S: Serializer>(bytes: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        match bytes {
            Some(b) => s.serialize_str(&encode_base64(b)),
            None => s.serialize_none(),
        }
    }

    /// Reads base64 in either alphabet; `null` is `None`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
        match <Option<std::borrow::Cow<'de, str>>>::deserialize(d)? {
            None => Ok(None),
            Some(s) => {
                decode_base64(&s).map(Some).map_err(|e| serde::de::Error::custom(format_args!("invalid base64: {e}")))
            }
        }
    }
}

/// `skip_serializing_if` for proto3 `bool`s, which ProtoJSON omits when `false`.
pub fn is_false(b: &bool) -> bool {
    !*b
}

/// Reads a JSON value that is present, keeping an explicit `null` as `Some(Value::Null)`,
/// where plain `Option<Value>` would turn it into `None`.
pub fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<serde_json::Value>, D::Error> {
    serde_json::Value::deserialize(d).map(Some)
}

/// A oneof that arrived with none or several of its members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneofError {
    owner: &'static str,
    expected: Vec<&'static str>,
    found: Vec<&'static str>,
}

impl fmt::Display for OneofError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |names: &[&str]| names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
        if self.found.is_empty() {
            write!(f, "{} needs exactly one of {}, found none", self.owner, list(&self.expected))
        } else {
            write!(f, "{} needs exactly one of {}, found {}", self.owner, list(&self.expected), list(&self.found))
        }
    }
}

impl std::error::Error for OneofError {}

/// Returns the one present candidate, or an error naming what was expected and found.
pub fn pick_one<T, const N: usize>(
    owner: &'static str,
    candidates: [(&'static str, Option<T>); N],
) -> Result<T, OneofError> {
    let expected = candidates.iter().map(|(name, _)| *name).collect();
    let mut found = Vec::new();
    let mut picked = None;
    for (name, value) in candidates {
        if let Some(v) = value {
            found.push(name);
            picked = Some(v);
        }
    }
    match (picked, found.len()) {
        (Some(v), 1) => Ok(v),
        _ => Err(OneofError { owner, expected, found }),
    }
}
