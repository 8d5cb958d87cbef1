//! The HTTP plumbing every HTTP-based binding shares: default headers, the request hook,
//! the per-request timeout, and reading bodies with a size limit.

use crate::hook::{DynHook, OutgoingRequest};
use crate::{Error, ErrorKind};
use bytes::{Bytes, BytesMut};
use http::header::{ACCEPT, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, Method};
use reqwest::Url;
use std::sync::Arc;
use std::time::Duration;

/// What the caller expects back, which decides the `Accept` header and the timeout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    /// One JSON response; the per-request timeout covers the whole exchange.
    Unary,
    /// A Server-Sent Events stream; the per-request timeout covers only the wait for the
    /// response head, since a stream may rightly last for hours.
    Stream,
}

/// An HTTP client with the headers and hook that go on every request.
pub(crate) struct HttpClient {
    client: reqwest::Client,
    headers: HeaderMap,
    hook: Option<Arc<dyn DynHook>>,
    request_timeout: Option<Duration>,
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient")
            .field("headers", &self.headers)
            .field("hook", &self.hook.is_some())
            .field("request_timeout", &self.request_timeout)
            .finish()
    }
}

impl HttpClient {
    pub(crate) fn new(
        client: reqwest::Client,
        headers: HeaderMap,
        hook: Option<Arc<dyn DynHook>>,
        request_timeout: Option<Duration>,
    ) -> Self {
        Self { client, headers, hook, request_timeout }
    }

    /// POSTs a JSON body. Returns the response whatever its status; the binding decides
    /// what an error status means.
    pub(crate) async fn post_json(
        &self,
        operation: &str,
        url: &Url,
        body: Vec<u8>,
        expect: Expect,
        last_event_id: Option<&str>,
    ) -> Result<reqwest::Response, Error> {
        self.send(Method::POST, operation, url, Some(body), expect, last_event_id).await
    }

    /// Sends a request, with a JSON body if there is one. Returns the response whatever
    /// its status; the binding decides what an error status means.
    pub(crate) async fn send(
        &self,
        method: Method,
        operation: &str,
        url: &Url,
        body: Option<Vec<u8>>,
        expect: Expect,
        last_event_id: Option<&str>,
    ) -> Result<reqwest::Response, Error> {
        let mut headers = self.headers.clone();
        if body.is_some() {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        let accept = match expect {
            Expect::Unary => "application/json",
            // A server may answer a stream request that fails at once with plain JSON.
            Expect::Stream => "text/event-stream, application/json;q=0.5",
        };
        headers.insert(ACCEPT, HeaderValue::from_static(accept));
        if let Some(id) = last_event_id {
            // An id that is not a valid header value is simply not sent.
            if let Ok(v) = HeaderValue::from_str(id) {
                headers.insert("last-event-id", v);
            }
        }
        if let Some(hook) = &self.hook {
            let mut request = OutgoingRequest { operation, url: url.as_str(), headers: &mut headers };
            hook.call(&mut request).await.map_err(|e| Error::new(ErrorKind::Hook).with_source(e))?;
        }
        let mut request = self.client.request(method, url.clone()).headers(headers);
        if let Some(body) = body {
            request = request.body(body);
        }
        tracing::debug!(operation, url = %url, "sending A2A request");
        match (expect, self.request_timeout) {
            (Expect::Unary, Some(t)) => {
                request = request.timeout(t);
                request.send().await.map_err(Error::http)
            }
            (Expect::Stream, Some(t)) => match tokio::time::timeout(t, request.send()).await {
                Ok(r) => r.map_err(Error::http),
                Err(elapsed) => Err(Error::new(ErrorKind::Timeout)
                    .with_message("no response to the stream request within the request timeout")
                    .with_source(elapsed)),
            },
            (_, None) => request.send().await.map_err(Error::http),
        }
    }
}

/// Whether a response says its body is JSON (`application/json`, `application/a2a+json`,
/// any `+json` type).
pub(crate) fn is_json(response: &reqwest::Response) -> bool {
    let Some(ct) = response.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Reads at most `limit` bytes of the body; the rest is dropped. For error bodies, which
/// are only worth reading for an A2A error inside.
pub(crate) async fn read_prefix(response: &mut reqwest::Response, limit: usize) -> Result<Bytes, Error> {
    let mut buf = BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(Error::http)? {
        let room = limit.saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if buf.len() >= limit {
            break;
        }
    }
    Ok(buf.freeze())
}
