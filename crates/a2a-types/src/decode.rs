//! [`from_slice`] and [`from_value`]: serde_json decoding whose errors name the field.

/// Decoding failed; the message names the path of the offending field.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}", path = if self.path.is_empty() { "(root)" } else { &self.path })]
pub struct DecodeError {
    path: String,
    #[source]
    source: serde_json::Error,
}

impl DecodeError {
    /// The dotted path of the field that failed, such as `message.parts[0].text`;
    /// empty when the document itself is at fault.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Whether the input was not JSON at all (as opposed to JSON of the wrong shape).
    pub fn is_syntax(&self) -> bool {
        matches!(self.source.classify(), serde_json::error::Category::Syntax | serde_json::error::Category::Eof)
    }
}

fn wrap(e: serde_path_to_error::Error<serde_json::Error>) -> DecodeError {
    let path = e.path().to_string();
    let path = if path == "." { String::new() } else { path };
    DecodeError { path, source: e.into_inner() }
}

/// Decodes JSON bytes into `T`, reporting which field was wrong.
///
/// ```
/// let err = a2a_types::from_slice::<a2a_types::Message>(br#"{"messageId":"m","role":"ROLE_BOT","parts":[]}"#)
///     .unwrap_err();
/// assert_eq!(err.path(), "role");
/// ```
pub fn from_slice<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(wrap)?;
    de.end().map_err(|source| DecodeError { path: String::new(), source })?;
    Ok(value)
}

/// Decodes a parsed JSON value into `T`, reporting which field was wrong.
pub fn from_value<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, DecodeError> {
    serde_path_to_error::deserialize(value).map_err(wrap)
}
