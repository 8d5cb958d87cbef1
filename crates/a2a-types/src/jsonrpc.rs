//! The JSON-RPC 2.0 envelope shared by every method: requests, responses, ids and errors.
//!
//! Which methods exist, and their parameter and result types, is generated from the
//! schema ([`crate::Method`], [`crate::methods`]); this module holds the generic frame.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A JSON-RPC method: its wire name and the types of its parameters and result.
///
/// Implemented by the marker types in [`crate::methods`] (and [`crate::v0_3::methods`]),
/// so that a client can write `call::<methods::GetTask>(params)` and get a `Task` back.
pub trait RpcMethod {
    /// The method's name on the wire, such as `"SendMessage"`.
    const NAME: &'static str;
    /// Whether the method answers with a Server-Sent Events stream.
    const STREAMING: bool;
    /// The type of `params`.
    type Params: Serialize + DeserializeOwned;
    /// The type of `result` (of each event, for streaming methods).
    type Result: Serialize + DeserializeOwned;
}

/// The `id` of a request, echoed in its response.
///
/// JSON-RPC allows a string, a number or `null`; notifications (no id at all) are not
/// part of A2A.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum JsonRpcId {
    /// A numeric id.
    Number(i64),
    /// A string id.
    String(String),
    /// `null`: the id of a response to a request whose id could not be read.
    Null,
}

impl fmt::Display for JsonRpcId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(n) => write!(f, "{n}"),
            Self::String(s) => write!(f, "{s:?}"),
            Self::Null => f.write_str("null"),
        }
    }
}

impl From<i64> for JsonRpcId {
    fn from(n: i64) -> Self {
        Self::Number(n)
    }
}

impl From<String> for JsonRpcId {
    fn from(s: String) -> Self {
        Self::String(s)
    }
}

impl From<&str> for JsonRpcId {
    fn from(s: &str) -> Self {
        Self::String(s.to_string())
    }
}

/// A JSON-RPC request with typed parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct JsonRpcRequest<P> {
    /// Always `"2.0"`.
    pub jsonrpc: JsonRpcVersion,
    /// The id the response will echo.
    pub id: JsonRpcId,
    /// The method name.
    pub method: String,
    /// The parameters, absent for methods that take none.
    // No `default` here: a missing `Option` is already `None`, and `default` would make
    // serde demand `P: Default` before the request can be deserialized.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub params: Option<P>,
}

impl<P> JsonRpcRequest<P> {
    /// A request for `method` with `params`.
    pub fn new(id: impl Into<JsonRpcId>, method: impl Into<String>, params: P) -> Self {
        Self { jsonrpc: JsonRpcVersion, id: id.into(), method: method.into(), params: Some(params) }
    }
}

/// The constant `"2.0"`: reading anything else is an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct JsonRpcVersion;

impl Serialize for JsonRpcVersion {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str("2.0")
    }
}

impl<'de> Deserialize<'de> for JsonRpcVersion {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        if v == "2.0" {
            Ok(JsonRpcVersion)
        } else {
            Err(serde::de::Error::custom(format_args!("`jsonrpc` must be \"2.0\", not {v:?}")))
        }
    }
}

/// A JSON-RPC response: a result or an error, never both.
///
/// Reading rejects a response with both `result` and `error`, or with neither.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct JsonRpcResponse<R> {
    /// Always `"2.0"`.
    pub jsonrpc: JsonRpcVersion,
    /// The id of the request this answers.
    pub id: JsonRpcId,
    /// The outcome.
    #[serde(flatten)]
    pub payload: JsonRpcPayload<R>,
}

// Written by hand rather than derived: the derived `#[serde(flatten)]` reading took whichever
// of `result` and `error` came first and silently ignored the other.
impl<'de, R: Deserialize<'de>> Deserialize<'de> for JsonRpcResponse<R> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{Error, IgnoredAny, MapAccess};

        struct Visitor<R>(std::marker::PhantomData<R>);

        impl<'de, R: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<R> {
            type Value = JsonRpcResponse<R>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON-RPC 2.0 response object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut jsonrpc = None;
                let mut id = None;
                let mut payload = None;
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match &*key {
                        "jsonrpc" if jsonrpc.is_some() => return Err(A::Error::duplicate_field("jsonrpc")),
                        "jsonrpc" => jsonrpc = Some(map.next_value::<JsonRpcVersion>()?),
                        "id" if id.is_some() => return Err(A::Error::duplicate_field("id")),
                        "id" => id = Some(map.next_value::<JsonRpcId>()?),
                        "result" | "error" if payload.is_some() => {
                            return Err(A::Error::custom(
                                "a JSON-RPC response has exactly one of `result` and `error`, found both",
                            ));
                        }
                        "result" => payload = Some(JsonRpcPayload::Result(map.next_value()?)),
                        "error" => payload = Some(JsonRpcPayload::Error(map.next_value()?)),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(JsonRpcResponse {
                    jsonrpc: jsonrpc.ok_or_else(|| A::Error::missing_field("jsonrpc"))?,
                    id: id.ok_or_else(|| A::Error::missing_field("id"))?,
                    payload: payload.ok_or_else(|| {
                        A::Error::custom("a JSON-RPC response has exactly one of `result` and `error`, found neither")
                    })?,
                })
            }
        }

        d.deserialize_map(Visitor(std::marker::PhantomData))
    }
}

/// The outcome of a JSON-RPC call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum JsonRpcPayload<R> {
    /// The call succeeded.
    #[serde(rename = "result")]
    Result(R),
    /// The call failed.
    #[serde(rename = "error")]
    Error(JsonRpcError),
}

impl<R> JsonRpcResponse<R> {
    /// A success response.
    pub fn success(id: JsonRpcId, result: R) -> Self {
        Self { jsonrpc: JsonRpcVersion, id, payload: JsonRpcPayload::Result(result) }
    }

    /// An error response.
    pub fn error(id: JsonRpcId, error: JsonRpcError) -> Self {
        Self { jsonrpc: JsonRpcVersion, id, payload: JsonRpcPayload::Error(error) }
    }

    /// The result, or the error as `Err`.
    pub fn into_result(self) -> Result<R, JsonRpcError> {
        match self.payload {
            JsonRpcPayload::Result(r) => Ok(r),
            JsonRpcPayload::Error(e) => Err(e),
        }
    }
}

/// The `error` member of a failed JSON-RPC response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct JsonRpcError {
    /// The error code: see [`ErrorCode`](crate::ErrorCode) for the codes A2A defines.
    pub code: i64,
    /// A human-readable description.
    pub message: String,
    /// Structured details. A2A puts an array of `google.rpc` detail objects here, each
    /// with an `@type`, such as an `ErrorInfo` naming the A2A error.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::wire::present")]
    pub data: Option<serde_json::Value>,
}

impl JsonRpcError {
    /// An error with a code and message and no details.
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), data: None }
    }

    /// Adds structured details.
    #[must_use]
    pub fn with_data(mut self, data: serde_json::Value) -> Self {
        self.data = Some(data);
        self
    }

    /// The A2A or JSON-RPC error this code stands for, if it is one we know.
    pub fn error_code(&self) -> Option<crate::ErrorCode> {
        crate::ErrorCode::from_jsonrpc(self.code)
    }
}

impl fmt::Display for JsonRpcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (code {})", self.message, self.code)
    }
}

impl std::error::Error for JsonRpcError {}
