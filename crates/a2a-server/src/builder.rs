//! [`ServerBuilder`]: every setting of a [`Server`], with defaults that suit production.

use crate::card::CardSource;
use crate::executor::AgentExecutor;
use crate::manager::{Config, Shared};
use crate::service::{Server, ServerInner};
use crate::store::{DynTaskStore, InMemoryTaskStore, TaskStore};
use a2a_types::AgentCard;
use std::sync::Arc;
use std::time::Duration;

/// Configures a [`Server`]. Made by [`Server::builder`].
pub struct ServerBuilder {
    card: AgentCard,
    executor: Arc<dyn crate::executor::DynExecutor>,
    store: Option<Arc<dyn DynTaskStore>>,
    public_url: Option<String>,
    extended_card: Option<AgentCard>,
    rpc_path: String,
    rest_path: String,
    rest: bool,
    v0_3: bool,
    max_body: usize,
    keep_alive: Option<Duration>,
    subscriber_buffer: usize,
    streaming: bool,
    require_version: bool,
}

impl std::fmt::Debug for ServerBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerBuilder")
            .field("name", &self.card.name)
            .field("rpc_path", &self.rpc_path)
            .field("public_url", &self.public_url)
            .finish_non_exhaustive()
    }
}

impl Server {
    /// Starts configuring a server for `executor`, described to clients by `card`.
    ///
    /// The card's `supportedInterfaces` and the `streaming`, `pushNotifications` and
    /// `extendedAgentCard` capabilities are filled in from the configuration; whatever
    /// the given card says about them is replaced.
    pub fn builder(card: AgentCard, executor: impl AgentExecutor) -> ServerBuilder {
        ServerBuilder {
            card,
            executor: Arc::new(executor),
            store: None,
            public_url: None,
            extended_card: None,
            rpc_path: "/".to_string(),
            rest_path: String::new(),
            rest: true,
            v0_3: true,
            max_body: 8 * 1024 * 1024,
            keep_alive: Some(Duration::from_secs(15)),
            subscriber_buffer: 256,
            streaming: true,
            require_version: false,
        }
    }
}

impl ServerBuilder {
    /// Where tasks are kept. Defaults to an [`InMemoryTaskStore`].
    #[must_use]
    pub fn task_store(mut self, store: impl TaskStore) -> Self {
        self.store = Some(Arc::new(store));
        self
    }

    /// The URL clients reach the server at, such as `https://agents.example.com/billing`,
    /// used in the card's interfaces. Without it the card names the host each request
    /// came in through (`Host`, or `X-Forwarded-Host` and `X-Forwarded-Proto` behind a
    /// proxy).
    #[must_use]
    pub fn public_url(mut self, url: impl Into<String>) -> Self {
        self.public_url = Some(url.into());
        self
    }

    /// The path of the JSON-RPC endpoint. Defaults to `/`.
    #[must_use]
    pub fn rpc_path(mut self, path: impl Into<String>) -> Self {
        let path = path.into();
        self.rpc_path = if path.starts_with('/') { path } else { format!("/{path}") };
        self
    }

    /// The base path of the HTTP+JSON (REST) binding: its routes (`/message:send`,
    /// `/tasks/{id}`, ...) live below it, and the card declares it as the `HTTP+JSON`
    /// interface. Defaults to the root, so `POST /message:send` is a REST call while
    /// `POST /` is a JSON-RPC call. [`rest`](Self::rest) switches the binding off.
    ///
    /// ```
    /// # use a2a_server::{AgentExecutor, Error, RequestContext, Server, TaskUpdater};
    /// # struct Agent;
    /// # impl AgentExecutor for Agent {
    /// #     async fn execute(&self, _: RequestContext, task: TaskUpdater) -> Result<(), Error> { task.complete(None).await }
    /// # }
    /// let card = a2a_types::AgentCard::named("Agent", "Does things.", "1.0.0");
    /// // JSON-RPC at /rpc, REST below /rest: POST /rest/message:send, GET /rest/tasks/{id}.
    /// let server = Server::builder(card, Agent).rpc_path("/rpc").rest_path("/rest").build();
    /// # let _ = server;
    /// ```
    #[must_use]
    pub fn rest_path(mut self, path: impl Into<String>) -> Self {
        let path = path.into();
        let path = path.trim_end_matches('/');
        let path = if path.is_empty() || path.starts_with('/') { path.to_string() } else { format!("/{path}") };
        self.rest_path = path;
        self
    }

    /// Whether to serve the HTTP+JSON (REST) binding. Defaults to `true`.
    #[must_use]
    pub fn rest(mut self, enabled: bool) -> Self {
        self.rest = enabled;
        self
    }

    /// Whether to serve clients of protocol v0.3 as well, with the same agent: the v0.3
    /// JSON-RPC methods (`message/send`, `message/stream`, `tasks/get`, ...), the v0.3 REST
    /// routes below `{rest_path}/v1/`, and the v0.3 fields of the agent card (`url`,
    /// `preferredTransport`, `protocolVersion`, ...). Defaults to `true`. Requests and
    /// results are translated at the edge; the agent only ever sees v1.0 types.
    #[must_use]
    pub fn v0_3(mut self, enabled: bool) -> Self {
        self.v0_3 = enabled;
        self
    }

    /// Serves this card to `GetExtendedAgentCard` (and declares the capability). Put
    /// authentication in front of the server to decide who may call it.
    #[must_use]
    pub fn extended_agent_card(mut self, card: AgentCard) -> Self {
        self.extended_card = Some(card);
        self
    }

    /// The largest request body accepted, in bytes; larger ones get 413 without being
    /// read. Defaults to 8 MiB.
    #[must_use]
    pub fn max_body_bytes(mut self, max: usize) -> Self {
        self.max_body = max;
        self
    }

    /// How often an idle event stream gets a keep-alive comment (`None` for never).
    /// Defaults to 15 seconds.
    #[must_use]
    pub fn keep_alive(mut self, interval: Option<Duration>) -> Self {
        self.keep_alive = interval.filter(|d| !d.is_zero());
        self
    }

    /// How many events a subscriber may fall behind by before its stream is closed, so a
    /// slow client never stalls the agent or other subscribers. Defaults to 256.
    #[must_use]
    pub fn subscriber_buffer(mut self, events: usize) -> Self {
        self.subscriber_buffer = events.max(1);
        self
    }

    /// Whether to offer streaming (`SendStreamingMessage`, `SubscribeToTask`). Defaults
    /// to `true`.
    #[must_use]
    pub fn streaming(mut self, enabled: bool) -> Self {
        self.streaming = enabled;
        self
    }

    /// Refuse requests that carry no `A2A-Version` header with `VersionNotSupportedError`,
    /// as a strict reading of the spec (a missing header means 0.3) demands. By default a
    /// v1.0 method called without the header is served as v1.0.
    #[must_use]
    pub fn require_version_header(mut self, require: bool) -> Self {
        self.require_version = require;
        self
    }

    /// Builds the server.
    pub fn build(self) -> Server {
        let store = self.store.unwrap_or_else(|| Arc::new(InMemoryTaskStore::new()));
        let manager = Shared::new(store, self.executor, Config { subscriber_buffer: self.subscriber_buffer });
        Server {
            inner: Arc::new(ServerInner {
                manager,
                card: CardSource {
                    template: self.card,
                    public_url: self.public_url,
                    last_modified: crate::card::http_date(a2a_types::Timestamp::now()),
                },
                extended_card: self.extended_card,
                rpc_path: self.rpc_path,
                rest_path: self.rest.then_some(self.rest_path),
                v0_3: self.v0_3,
                max_body: self.max_body,
                keep_alive: self.keep_alive,
                streaming: self.streaming,
                require_version: self.require_version,
                shutdown: tokio::sync::watch::channel(false).0,
            }),
        }
    }
}
