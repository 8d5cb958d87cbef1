//! The JSON-RPC binding (spec §9): every operation is a POST of a JSON-RPC request to the
//! interface URL; streaming operations answer with SSE whose events are JSON-RPC responses.

use super::events::{EventSource, Framing};
use super::http::{Expect, HttpClient, is_json, read_prefix};
use crate::Error;
use crate::ProtocolVersion;
use a2a_types::jsonrpc::{JsonRpcRequest, RpcMethod};
use a2a_types::{JsonRpcError, JsonRpcId, StreamResponse};
use reqwest::Url;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

/// How much of an error response's body is read in search of a JSON-RPC error.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

#[derive(Debug)]
pub(crate) struct JsonRpcTransport {
    /// Which method names and shapes to use: v1.0, or v0.3 translated at the edge.
    version: ProtocolVersion,
    url: Url,
    http: HttpClient,
    next_id: AtomicI64,
    max_event_size: usize,
    idle_timeout: Option<Duration>,
}

/// A JSON-RPC response as read off the wire. Unlike `a2a_types::jsonrpc::JsonRpcResponse`
/// it tolerates a missing `jsonrpc` member, and decoding errors name the path of the bad
/// field inside `result`.
#[derive(Deserialize)]
struct Envelope<R> {
    id: Option<JsonRpcId>,
    result: Option<R>,
    error: Option<JsonRpcError>,
}

impl JsonRpcTransport {
    pub(crate) fn new(
        version: ProtocolVersion,
        url: Url,
        http: HttpClient,
        max_event_size: usize,
        idle_timeout: Option<Duration>,
    ) -> Self {
        Self { version, url, http, next_id: AtomicI64::new(1), max_event_size, idle_timeout }
    }

    fn request<P: Serialize>(&self, method: &str, params: P) -> Result<(JsonRpcId, Vec<u8>), Error> {
        let id = JsonRpcId::Number(self.next_id.fetch_add(1, Ordering::Relaxed));
        let body = serde_json::to_vec(&JsonRpcRequest::new(id.clone(), method, params))
            .map_err(|e| Error::decode("could not encode the request").with_source(e))?;
        Ok((id, body))
    }

    pub(crate) async fn call<M: RpcMethod>(&self, params: M::Params) -> Result<M::Result, Error> {
        match self.version {
            ProtocolVersion::V0_3 => super::jsonrpc_v0_3::call::<M>(self, params).await,
            _ => self.rpc(M::NAME, params).await,
        }
    }

    /// A unary call of `method` by name, with any parameter and result types.
    pub(super) async fn rpc<P: Serialize, R: DeserializeOwned>(&self, method: &str, params: P) -> Result<R, Error> {
        let (id, body) = self.request(method, params)?;
        let mut response = self.http.post_json(method, &self.url, body, Expect::Unary, None).await?;
        if !response.status().is_success() {
            return Err(error_from_status(&mut response).await);
        }
        let bytes = response.bytes().await.map_err(Error::http)?;
        decode_response::<R>(&bytes, Some(&id))
    }

    pub(crate) async fn open<M: RpcMethod<Result = StreamResponse>>(
        &self,
        params: M::Params,
        last_event_id: Option<&str>,
    ) -> Result<EventSource, Error> {
        match self.version {
            ProtocolVersion::V0_3 => super::jsonrpc_v0_3::open::<M>(self, params, last_event_id).await,
            _ => self.open_stream(M::NAME, params, Framing::JsonRpc, last_event_id).await,
        }
    }

    /// Opens a streaming call of `method` by name, whose events `framing` decodes.
    pub(super) async fn open_stream<P: Serialize>(
        &self,
        method: &str,
        params: P,
        framing: Framing,
        last_event_id: Option<&str>,
    ) -> Result<EventSource, Error> {
        let (id, body) = self.request(method, params)?;
        let mut response = self.http.post_json(method, &self.url, body, Expect::Stream, last_event_id).await?;
        if !response.status().is_success() {
            return Err(error_from_status(&mut response).await);
        }
        if is_json(&response) {
            // A server that fails the call before streaming answers with one JSON-RPC error.
            let bytes = read_prefix(&mut response, self.max_event_size).await?;
            decode_response::<serde::de::IgnoredAny>(&bytes, Some(&id))?;
            return Err(Error::decode("expected an event stream, got a single JSON response"));
        }
        Ok(EventSource::new(response, framing, self.max_event_size, self.idle_timeout))
    }
}

/// Decodes one JSON-RPC response: its result, or its error as [`ErrorKind::Protocol`](crate::ErrorKind::Protocol).
pub(crate) fn decode_response<R: DeserializeOwned>(bytes: &[u8], expected_id: Option<&JsonRpcId>) -> Result<R, Error> {
    let envelope: Envelope<R> = a2a_types::from_slice(bytes)
        .map_err(|e| Error::decode("the response is not a valid JSON-RPC response").with_source(e))?;
    if let Some(error) = envelope.error {
        return Err(Error::protocol(error));
    }
    let Some(result) = envelope.result else {
        return Err(Error::decode("the JSON-RPC response has neither `result` nor `error`"));
    };
    if let (Some(expected), Some(got)) = (expected_id, &envelope.id) {
        if expected != got {
            tracing::warn!(%expected, %got, "JSON-RPC response id does not match the request");
        }
    }
    Ok(result)
}

/// The error for a non-2xx response: the JSON-RPC error in its body if there is one
/// (kind `Protocol`, with the status), or else the bare status (kind `HttpStatus`).
pub(crate) async fn error_from_status(response: &mut reqwest::Response) -> Error {
    let status = response.status().as_u16();
    if let Ok(bytes) = read_prefix(response, ERROR_BODY_LIMIT).await {
        if let Ok(envelope) = serde_json::from_slice::<Envelope<serde::de::IgnoredAny>>(&bytes) {
            if let Some(error) = envelope.error {
                return Error::protocol(error).with_status(status);
            }
        }
    }
    Error::new(crate::ErrorKind::HttpStatus).with_status(status)
}
