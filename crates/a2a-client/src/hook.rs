//! [`RequestHook`]: a caller's chance to add headers to each request, such as a freshly
//! refreshed access token.

use crate::error::BoxError;
use futures::future::BoxFuture;
use http::HeaderMap;
use std::future::Future;

/// A request about to be sent, as a [`RequestHook`] sees it.
#[derive(Debug)]
pub struct OutgoingRequest<'a> {
    pub(crate) operation: &'a str,
    pub(crate) url: &'a str,
    pub(crate) headers: &'a mut HeaderMap,
}

impl OutgoingRequest<'_> {
    /// The operation, by its JSON-RPC method name (`SendMessage`, `GetTask`, ...).
    pub fn operation(&self) -> &str {
        self.operation
    }

    /// The URL the request goes to.
    pub fn url(&self) -> &str {
        self.url
    }

    /// The request's headers: the client's default headers are already in place, and
    /// what the hook sets here overrides them.
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// The request's headers, to add to or change.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.headers
    }
}

/// Called before every request the client sends, to add or change headers.
///
/// Use it for credentials that change over time (an OAuth access token refreshed when it
/// expires), for tracing headers, or for per-operation headers. Static credentials are
/// simpler with [`ClientBuilder::bearer_auth`](crate::ClientBuilder::bearer_auth) and
/// [`ClientBuilder::api_key`](crate::ClientBuilder::api_key).
///
/// Implement it with a plain `async fn`:
///
/// ```
/// use a2a_client::{OutgoingRequest, RequestHook};
///
/// struct Tokens;
///
/// impl Tokens {
///     async fn current(&self) -> Result<String, std::io::Error> {
///         Ok("fresh-token".to_string())
///     }
/// }
///
/// impl RequestHook for Tokens {
///     async fn on_request(
///         &self,
///         request: &mut OutgoingRequest<'_>,
///     ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
///         let token = self.current().await?;
///         request.headers_mut().insert("authorization", format!("Bearer {token}").parse()?);
///         Ok(())
///     }
/// }
/// ```
///
/// A synchronous closure taking `&mut OutgoingRequest` is a hook too:
///
/// ```
/// use a2a_client::{ClientBuilder, OutgoingRequest};
///
/// fn with_tracing(builder: ClientBuilder) -> ClientBuilder {
///     builder.request_hook(|req: &mut OutgoingRequest<'_>| {
///         req.headers_mut().insert("x-trace", http::HeaderValue::from_static("on"));
///     })
/// }
/// ```
///
/// An error the hook returns fails the request with [`ErrorKind::Hook`](crate::ErrorKind::Hook),
/// keeping the hook's error as its source.
pub trait RequestHook: Send + Sync + 'static {
    /// Adds or changes headers of `request` before it is sent.
    fn on_request(
        &self,
        request: &mut OutgoingRequest<'_>,
    ) -> impl Future<Output = Result<(), Box<dyn std::error::Error + Send + Sync>>> + Send;
}

impl<F> RequestHook for F
where
    F: Fn(&mut OutgoingRequest<'_>) + Send + Sync + 'static,
{
    fn on_request(
        &self,
        request: &mut OutgoingRequest<'_>,
    ) -> impl Future<Output = Result<(), Box<dyn std::error::Error + Send + Sync>>> + Send {
        self(request);
        std::future::ready(Ok(()))
    }
}

/// The object-safe form of [`RequestHook`] the client stores.
pub(crate) trait DynHook: Send + Sync + 'static {
    fn call<'a>(&'a self, request: &'a mut OutgoingRequest<'_>) -> BoxFuture<'a, Result<(), BoxError>>;
}

impl<H: RequestHook> DynHook for H {
    fn call<'a>(&'a self, request: &'a mut OutgoingRequest<'_>) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(self.on_request(request))
    }
}
