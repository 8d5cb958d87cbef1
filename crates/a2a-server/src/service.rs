//! [`Server`]: the hyper service. Routes a request to the agent card or a binding,
//! enforces limits, and turns errors into responses.

use crate::body::Body;
use crate::card::CardSource;
use crate::jsonrpc::Dialect;
use crate::live::Subscription;
use crate::manager::{Incoming, Shared};
use crate::sse::{Framing, SseStream};
use crate::{Error, jsonrpc};
use a2a_types::{AgentCard, ErrorCode, Method, SendMessageRequest};
use bytes::Bytes;
use futures::future::BoxFuture;
use http::{HeaderValue, Request, Response, StatusCode, header};
use http_body_util::BodyExt;
use std::convert::Infallible;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::watch;
use tracing::Instrument;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// An A2A server: a [`hyper`] service (and a `tower` service) that serves the agent card,
/// the JSON-RPC binding and the HTTP+JSON (REST) binding.
///
/// Build it with [`Server::builder`], run it with [`serve`](crate::serve), or mount it in
/// your own hyper or tower stack: it has no type parameters and is cheap to clone.
#[derive(Clone)]
pub struct Server {
    pub(crate) inner: Arc<ServerInner>,
}

pub(crate) struct ServerInner {
    pub(crate) manager: Arc<Shared>,
    pub(crate) card: CardSource,
    pub(crate) extended_card: Option<AgentCard>,
    pub(crate) rpc_path: String,
    /// The base path of the REST binding, without a trailing `/` (`""` for the root);
    /// `None` when the binding is switched off.
    pub(crate) rest_path: Option<String>,
    /// Whether v0.3 clients are served too (JSON-RPC method names, `/v1/...` routes, card fields).
    pub(crate) v0_3: bool,
    pub(crate) max_body: usize,
    pub(crate) keep_alive: Option<Duration>,
    pub(crate) streaming: bool,
    pub(crate) require_version: bool,
    pub(crate) shutdown: watch::Sender<bool>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("rpc_path", &self.inner.rpc_path).finish_non_exhaustive()
    }
}

impl Server {
    /// Ends every open event stream, as a graceful shutdown needs: open streams would
    /// otherwise keep their connections busy forever. Running agents are not stopped.
    pub fn close_streams(&self) {
        self.inner.shutdown.send_replace(true);
    }

    /// Handles one request. This is what the `Service` impls call.
    pub async fn handle<B>(&self, req: Request<B>) -> Response<Body>
    where
        B: http_body::Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<BoxError>,
    {
        let span = tracing::info_span!("a2a.request", method = %req.method(), path = %req.uri().path());
        route(self.inner.clone(), req).instrument(span).await
    }
}

async fn route<B>(inner: Arc<ServerInner>, req: Request<B>) -> Response<Body>
where
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    let path = req.uri().path();
    if path == crate::card::WELL_KNOWN_PATH {
        return match *req.method() {
            http::Method::GET | http::Method::HEAD => inner.card.respond(&req, &inner),
            _ => method_not_allowed("GET"),
        };
    }
    if path == inner.rpc_path {
        return serve_jsonrpc(inner, req).await;
    }
    if let Some(below) = inner.rest_path.as_deref().and_then(|base| path.strip_prefix(base)) {
        if below.starts_with('/') {
            if inner.v0_3 {
                if let Some(old) = below.strip_prefix("/v1").filter(|p| p.starts_with('/')) {
                    let old = old.to_string();
                    return crate::rest::handle(inner, req, &old, Dialect::V0_3).await;
                }
            }
            let below = below.to_string();
            return crate::rest::handle(inner, req, &below, Dialect::V1_0).await;
        }
    }
    plain(StatusCode::NOT_FOUND, "no A2A endpoint at this path")
}

async fn serve_jsonrpc<B>(inner: Arc<ServerInner>, req: Request<B>) -> Response<Body>
where
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    if req.method() != http::Method::POST {
        return method_not_allowed("POST");
    }
    if let Some(bad) = unsupported_content_type(req.headers()) {
        let e = Error::protocol(
            ErrorCode::ContentTypeNotSupported,
            format!("Content-Type {bad} is not supported; send application/json"),
        );
        return json_response(StatusCode::UNSUPPORTED_MEDIA_TYPE, jsonrpc::error_body(b"null", &e));
    }
    let (parts, body) = req.into_parts();
    let bytes = match read_body(&inner, &parts, body).await {
        Ok(bytes) => bytes,
        Err((status, e)) => return json_response(status, jsonrpc::error_body(b"null", &e)),
    };
    let call = match jsonrpc::parse(&bytes) {
        Ok(call) => call,
        Err(rejected) => return json_response(StatusCode::OK, jsonrpc::error_body(&rejected.id, &rejected.error)),
    };
    tracing::Span::current().record("method", call.method.name());
    let ctx = Ctx { inner, parts };
    jsonrpc::dispatch(ctx, call).await
}

/// Reads a request body up to the configured limit. A body over the limit is refused
/// with 413 without being read, when its `Content-Length` says so up front.
pub(crate) async fn read_body<B>(
    inner: &ServerInner,
    parts: &http::request::Parts,
    body: B,
) -> Result<Bytes, (StatusCode, Error)>
where
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    let too_large = || {
        let e = Error::protocol(
            ErrorCode::InvalidRequest,
            format!("the request body is larger than {} bytes", inner.max_body),
        );
        (StatusCode::PAYLOAD_TOO_LARGE, e)
    };
    let declared = parts.headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > inner.max_body as u64) {
        return Err(too_large());
    }
    match http_body_util::Limited::new(body, inner.max_body).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => Err(too_large()),
        Err(e) => {
            tracing::debug!(error = %e, "could not read the request body");
            Err((
                StatusCode::BAD_REQUEST,
                Error::protocol(ErrorCode::InvalidRequest, "could not read the request body"),
            ))
        }
    }
}

/// The request's Content-Type if it is present and not JSON. A missing one is accepted:
/// many JSON-RPC clients do not send it.
pub(crate) fn unsupported_content_type(headers: &http::HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?;
    let Ok(text) = value.to_str() else { return Some("(not text)".into()) };
    let essence = text.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let json = essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"));
    (!json).then(|| text.to_string())
}

/// What a binding needs to know about the request it handles.
pub(crate) struct Ctx {
    inner: Arc<ServerInner>,
    parts: http::request::Parts,
}

impl Ctx {
    pub(crate) fn new(inner: Arc<ServerInner>, parts: http::request::Parts) -> Self {
        Self { inner, parts }
    }

    /// The request's HTTP method.
    pub(crate) fn http_method(&self) -> &http::Method {
        &self.parts.method
    }

    /// The request's query string, if any.
    pub(crate) fn query(&self) -> Option<&str> {
        self.parts.uri.query()
    }

    pub(crate) fn manager(&self) -> &Arc<Shared> {
        &self.inner.manager
    }

    /// The protocol version the request asks for (`A2A-Version` header or query
    /// parameter), as (major, minor); `None` when it names none.
    fn version(&self) -> Result<Option<(u32, u32)>, Error> {
        let from_header = self.parts.headers.get("a2a-version").map(|v| v.to_str().unwrap_or("?").to_string());
        let from_query = || {
            self.parts.uri.query()?.split('&').find_map(|pair| {
                let (k, v) = pair.split_once('=')?;
                k.eq_ignore_ascii_case("a2a-version").then(|| v.to_string())
            })
        };
        let Some(raw) = from_header.or_else(from_query) else { return Ok(None) };
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        let mut it = raw.split('.');
        let parse = |s: Option<&str>| s.and_then(|s| s.parse::<u32>().ok());
        match (parse(it.next()), it.next().map_or(Some(0), |m| m.parse().ok())) {
            (Some(major), Some(minor)) => Ok(Some((major, minor))),
            _ => Err(unsupported_version(raw)),
        }
    }

    /// Whether the v0.3 dialect is served.
    pub(crate) fn v0_3(&self) -> bool {
        self.inner.v0_3
    }

    /// Checks the version and the agent's capabilities for `method`, called in `dialect`.
    ///
    /// A v1.0 method needs `A2A-Version: 1.0`, or no header unless the server requires
    /// one; a v0.3 method needs `0.3` or no header (which means 0.3).
    pub(crate) fn check_method(&self, method: Method, dialect: Dialect) -> Result<(), Error> {
        match (dialect, self.version()?) {
            (Dialect::V1_0, Some((1, 0))) | (Dialect::V0_3, Some((0, 3)) | None) => {}
            (Dialect::V1_0, None) if !self.inner.require_version => {}
            (Dialect::V1_0, None) => return Err(unsupported_version("0.3 (no A2A-Version header)")),
            (Dialect::V1_0, Some((major, minor))) => {
                return Err(unsupported_version(&format!("{major}.{minor}")));
            }
            (Dialect::V0_3, Some((major, minor))) => {
                return Err(Error::protocol(
                    ErrorCode::VersionNotSupported,
                    format!("A2A-Version {major}.{minor} does not match the v0.3 method or path it calls"),
                ));
            }
        }
        if method.is_streaming() && !self.inner.streaming {
            return Err(Error::protocol(ErrorCode::UnsupportedOperation, "this agent does not stream"));
        }
        if matches!(method, Method::SendMessage | Method::SendStreamingMessage) {
            let requested = self.extensions();
            if let Some(missing) = self.inner.card.required_extensions().find(|uri| !requested.iter().any(|r| r == uri))
            {
                return Err(Error::protocol(
                    ErrorCode::ExtensionSupportRequired,
                    format!("this agent requires the extension {missing}; declare it in the A2A-Extensions header"),
                ));
            }
        }
        Ok(())
    }

    /// The extension URIs of the `A2A-Extensions` header (and v0.3's `X-A2A-Extensions`).
    fn extensions(&self) -> Vec<String> {
        let h = &self.parts.headers;
        h.get_all("a2a-extensions")
            .iter()
            .chain(h.get_all("x-a2a-extensions").iter())
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    pub(crate) fn incoming(&self, request: SendMessageRequest) -> Result<Incoming, Error> {
        if let Some(media_type) =
            request.message.parts.iter().filter_map(|p| p.media_type.as_deref()).find(|m| !self.inner.card.accepts(m))
        {
            return Err(Error::protocol(
                ErrorCode::ContentTypeNotSupported,
                format!("this agent does not accept parts of media type {media_type}; see its input modes"),
            ));
        }
        Ok(Incoming {
            tenant: request.tenant.clone().unwrap_or_default(),
            extensions: self.extensions(),
            http: self.parts.clone(),
            request,
        })
    }

    pub(crate) fn sse(&self, sub: Subscription, framing: Framing) -> SseStream {
        let mut shutdown = self.inner.shutdown.subscribe();
        let shutdown: BoxFuture<'static, ()> = Box::pin(async move {
            let _ = shutdown.wait_for(|closed| *closed).await;
        });
        SseStream::new(sub, framing, self.inner.keep_alive, shutdown)
    }

    /// The public agent card, as `/.well-known/agent-card.json` serves it to this request.
    pub(crate) fn public_card(&self) -> AgentCard {
        self.inner.card.complete(self.inner.card.template.clone(), &self.parts.headers, &self.inner)
    }

    pub(crate) fn extended_card(&self) -> Result<AgentCard, Error> {
        match &self.inner.extended_card {
            Some(card) => Ok(self.inner.card.complete(card.clone(), &self.parts.headers, &self.inner)),
            None => Err(Error::protocol(ErrorCode::UnsupportedOperation, "this agent has no extended agent card")),
        }
    }
}

fn unsupported_version(v: &str) -> Error {
    Error::protocol(
        ErrorCode::VersionNotSupported,
        format!("A2A-Version {v} is not supported; this endpoint speaks 1.0"),
    )
}

pub(crate) fn json_response(status: StatusCode, body: Bytes) -> Response<Body> {
    let mut res = Response::new(Body::full(body));
    *res.status_mut() = status;
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    res
}

pub(crate) fn sse_response(stream: SseStream) -> Response<Body> {
    let mut res = Response::new(Body::sse(stream));
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert("x-accel-buffering", HeaderValue::from_static("no"));
    res
}

fn plain(status: StatusCode, message: &'static str) -> Response<Body> {
    let mut res = Response::new(Body::full(Bytes::from_static(message.as_bytes())));
    *res.status_mut() = status;
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    res
}

fn method_not_allowed(allow: &'static str) -> Response<Body> {
    let mut res = plain(StatusCode::METHOD_NOT_ALLOWED, "method not allowed");
    res.headers_mut().insert(header::ALLOW, HeaderValue::from_static(allow));
    res
}

pub(crate) fn empty(status: StatusCode) -> Response<Body> {
    let mut res = Response::new(Body::empty());
    *res.status_mut() = status;
    res
}

impl<B> hyper::service::Service<Request<B>> for Server
where
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Response<Body>, Infallible>>;

    fn call(&self, req: Request<B>) -> Self::Future {
        let server = self.clone();
        Box::pin(async move { Ok(server.handle(req).await) })
    }
}

impl<B> tower_service::Service<Request<B>> for Server
where
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Response<Body>, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        hyper::service::Service::call(self, req)
    }
}
