//! [`ClientBuilder`]: timeouts, headers and authentication, binding and version
//! preferences, stream limits and resubscription.

use crate::client::Shared;
use crate::hook::DynHook;
use crate::interface::{self, Binding, ProtocolVersion};
use crate::transport::{HttpClient, Transport};
use crate::{Client, Error, RequestHook, ResubscribePolicy};
use a2a_types::AgentCard;
use http::HeaderMap;
use http::header::{AUTHORIZATION, HeaderName, HeaderValue};
use reqwest::Url;
use std::sync::Arc;
use std::time::Duration;

/// The `A2A-Version` header (spec §3.6.1).
pub(crate) const VERSION_HEADER: &str = "a2a-version";
/// The `A2A-Extensions` header (spec §3.2.6).
const EXTENSIONS_HEADER: &str = "a2a-extensions";

/// The default maximum size of one stream event.
const DEFAULT_MAX_EVENT_SIZE: usize = 16 * 1024 * 1024;
/// The default connect timeout.
pub(crate) const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Configures and builds a [`Client`] for an agent card.
///
/// Made by [`Client::builder`] from a card you hold, or by
/// [`ClientBuilder::from_card_url`], which fetches it. `build` picks the interface:
///
/// ```no_run
/// # async fn run() -> Result<(), a2a_client::Error> {
/// use std::time::Duration;
///
/// let client = a2a_client::ClientBuilder::from_card_url("https://agent.example.com")
///     .await?
///     .bearer_auth("my-token")
///     .timeout(Duration::from_secs(30))
///     .idle_timeout(Duration::from_secs(120))
///     .resubscribe(a2a_client::ResubscribePolicy::new())
///     .build()?;
/// # Ok(()) }
/// ```
///
/// Invalid settings (a header value with a newline in it) are reported by `build`.
#[must_use = "a builder does nothing until `build` is called"]
pub struct ClientBuilder {
    card: AgentCard,
    /// Where the card came from; interface URLs relative to it are resolved.
    card_url: Option<Url>,
    connect_timeout: Option<Duration>,
    request_timeout: Option<Duration>,
    idle_timeout: Option<Duration>,
    max_event_size: usize,
    headers: HeaderMap,
    hook: Option<Arc<dyn DynHook>>,
    bindings: Vec<Binding>,
    versions: Vec<ProtocolVersion>,
    extensions: Vec<String>,
    resubscribe: Option<ResubscribePolicy>,
    error: Option<Error>,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("agent", &self.card.name)
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("idle_timeout", &self.idle_timeout)
            .field("max_event_size", &self.max_event_size)
            .field("headers", &self.headers)
            .field("hook", &self.hook.is_some())
            .field("bindings", &self.bindings)
            .field("versions", &self.versions)
            .field("extensions", &self.extensions)
            .field("resubscribe", &self.resubscribe)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    pub(crate) fn new(card: AgentCard) -> Self {
        Self {
            card,
            card_url: None,
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            request_timeout: None,
            idle_timeout: None,
            max_event_size: DEFAULT_MAX_EVENT_SIZE,
            headers: HeaderMap::new(),
            hook: None,
            bindings: Binding::ALL.to_vec(),
            versions: ProtocolVersion::ALL.to_vec(),
            extensions: Vec::new(),
            resubscribe: None,
            error: None,
        }
    }

    /// Fetches the agent card (see [`Client::from_card_url`] for how `url` is read) and
    /// returns a builder for it, to configure before [`build`](Self::build).
    ///
    /// The card is fetched with default settings: a 10 s connect timeout and a 30 s
    /// timeout, no credentials. For a card behind authentication, fetch it yourself and
    /// use [`Client::builder`].
    pub async fn from_card_url(url: impl AsRef<str>) -> Result<Self, Error> {
        let (card, card_url) = crate::discovery::fetch_card(url.as_ref()).await?;
        let mut builder = Self::new(card);
        builder.card_url = Some(card_url);
        Ok(builder)
    }

    fn fail(&mut self, e: Error) {
        if self.error.is_none() {
            self.error = Some(e);
        }
    }

    /// The timeout for establishing a connection. Default: 10 seconds.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The timeout of each unary operation, from sending the request to having read the
    /// whole response. For streams it bounds only the wait for the response to begin; it
    /// never cuts a stream that is delivering events (see
    /// [`idle_timeout`](Self::idle_timeout)). Default: none, since `SendMessage` may
    /// rightly wait for a task to finish.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = Some(timeout);
        self
    }

    /// The longest a stream may go without receiving any bytes (events or keep-alive
    /// comments) before it fails with [`ErrorKind::Timeout`](crate::ErrorKind::Timeout),
    /// or resubscribes if a [`resubscribe`](Self::resubscribe) policy is set. There is
    /// never a total timeout on a stream. Default: none.
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = Some(timeout);
        self
    }

    /// The largest stream event accepted, in bytes; a larger one fails the stream with
    /// [`ErrorKind::EventTooLarge`](crate::ErrorKind::EventTooLarge). Default: 16 MiB.
    pub fn max_event_size(mut self, bytes: usize) -> Self {
        self.max_event_size = bytes;
        self
    }

    /// Adds headers sent with every request. A name given here replaces the values set
    /// for it before; a name with several values in `headers` keeps them all.
    pub fn default_headers(mut self, headers: HeaderMap) -> Self {
        let mut current: Option<HeaderName> = None;
        for (name, value) in headers {
            match name {
                Some(name) => {
                    self.headers.insert(name.clone(), value);
                    current = Some(name);
                }
                // `None`: another value of the header named last.
                None => {
                    if let Some(name) = &current {
                        self.headers.append(name.clone(), value);
                    }
                }
            }
        }
        self
    }

    /// Adds one header sent with every request. An invalid name or value makes
    /// [`build`](Self::build) fail.
    pub fn header<K, V>(mut self, name: K, value: V) -> Self
    where
        HeaderName: TryFrom<K>,
        <HeaderName as TryFrom<K>>::Error: Into<http::Error>,
        HeaderValue: TryFrom<V>,
        <HeaderValue as TryFrom<V>>::Error: Into<http::Error>,
    {
        match (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            (Ok(n), Ok(v)) => {
                self.headers.insert(n, v);
            }
            (Err(e), _) => self.fail(Error::config("invalid header name").with_source(e.into())),
            (_, Err(e)) => self.fail(Error::config("invalid header value").with_source(e.into())),
        }
        self
    }

    /// Sends `Authorization: Bearer <token>` with every request. The value is marked
    /// sensitive, so that it is left out of debug output.
    pub fn bearer_auth(mut self, token: impl std::fmt::Display) -> Self {
        match HeaderValue::try_from(format!("Bearer {token}")) {
            Ok(mut v) => {
                v.set_sensitive(true);
                self.headers.insert(AUTHORIZATION, v);
            }
            Err(e) => self.fail(Error::config("invalid bearer token").with_source(e)),
        }
        self
    }

    /// Sends an API key in the header `name` (such as `X-API-Key`) with every request,
    /// for agents whose card declares an `apiKeySecurityScheme` in a header. The value is
    /// marked sensitive.
    pub fn api_key(mut self, name: impl AsRef<str>, key: impl AsRef<str>) -> Self {
        let name = match HeaderName::try_from(name.as_ref()) {
            Ok(n) => n,
            Err(e) => {
                self.fail(Error::config("invalid API key header name").with_source(e));
                return self;
            }
        };
        match HeaderValue::try_from(key.as_ref()) {
            Ok(mut v) => {
                v.set_sensitive(true);
                self.headers.insert(name, v);
            }
            Err(e) => self.fail(Error::config("invalid API key").with_source(e)),
        }
        self
    }

    /// Calls `hook` before every request, to add or change its headers (a refreshed
    /// token, a trace id). Replaces any hook set before.
    pub fn request_hook(mut self, hook: impl RequestHook) -> Self {
        self.hook = Some(Arc::new(hook));
        self
    }

    /// The protocol bindings the client may use, most preferred first. Default: every
    /// binding this client implements ([`Binding::ALL`]).
    pub fn preferred_bindings(mut self, bindings: impl IntoIterator<Item = Binding>) -> Self {
        self.bindings = bindings.into_iter().collect();
        self
    }

    /// Speaks only protocol version `version`: an agent that does not offer it is
    /// refused rather than spoken to in an older version.
    pub fn protocol_version(self, version: ProtocolVersion) -> Self {
        self.protocol_versions([version])
    }

    /// The protocol versions the client may speak, most preferred first. Default: every
    /// version this client implements, newest first ([`ProtocolVersion::ALL`]).
    pub fn protocol_versions(mut self, versions: impl IntoIterator<Item = ProtocolVersion>) -> Self {
        self.versions = versions.into_iter().collect();
        self
    }

    /// Extensions the client asks to use, sent as the `A2A-Extensions` header with every
    /// request (spec §3.2.6).
    pub fn extensions(mut self, uris: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.extensions = uris.into_iter().map(Into::into).collect();
        self
    }

    /// Resubscribes streams after a cut, as the policy says. Off by default: a cut ends
    /// the stream with an error. See [`EventStream`](crate::EventStream).
    pub fn resubscribe(mut self, policy: ResubscribePolicy) -> Self {
        self.resubscribe = Some(policy);
        self
    }

    /// Chooses the interface from the card's `supportedInterfaces` (see
    /// [`Client::interface`]) and builds the client.
    ///
    /// Fails with [`ErrorKind::Config`](crate::ErrorKind::Config) if a setting was invalid
    /// or the card offers no interface with an accepted binding and version.
    pub fn build(self) -> Result<Client, Error> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let selected = interface::select(&self.card, &self.bindings, &self.versions)?;
        let raw_url = &selected.interface.url;
        let url = match &self.card_url {
            Some(base) => base.join(raw_url),
            None => Url::parse(raw_url),
        }
        .map_err(|e| Error::config(format!("invalid interface URL {raw_url:?}")).with_source(e))?;

        let mut headers = self.headers;
        headers.insert(VERSION_HEADER, HeaderValue::from_static(selected.version.as_str()));
        if !self.extensions.is_empty() {
            let value = HeaderValue::try_from(self.extensions.join(", "))
                .map_err(|e| Error::config("invalid extension URI").with_source(e))?;
            if selected.version == ProtocolVersion::V0_3 {
                // v0.3 agents read the header under its older name.
                headers.insert("x-a2a-extensions", value.clone());
            }
            headers.insert(EXTENSIONS_HEADER, value);
        }

        let mut http = reqwest::Client::builder().user_agent(concat!("a2a-client/", env!("CARGO_PKG_VERSION")));
        if let Some(t) = self.connect_timeout {
            http = http.connect_timeout(t);
        }
        let http = http.build().map_err(|e| Error::config("could not set up the HTTP client").with_source(e))?;
        let http = HttpClient::new(http, headers, self.hook, self.request_timeout);
        let transport = Transport::new(&selected, url, http, self.max_event_size, self.idle_timeout);
        Ok(Client::from_shared(Shared { card: self.card, selected, transport, resubscribe: self.resubscribe }))
    }
}
