//! [`Client`]: the handle every operation goes through. The operations themselves live
//! in `ops/`, one file per group.

use crate::event_stream::EventStream;
use crate::interface::{Binding, ProtocolVersion, Selected};
use crate::request::Tenant;
use crate::transport::{EventSource, Transport};
use crate::{ClientBuilder, Error, ResubscribePolicy};
use a2a_types::jsonrpc::RpcMethod;
use a2a_types::{AgentCard, AgentInterface, StreamResponse, SubscribeToTaskRequest, TaskId, methods};
use std::sync::Arc;

/// A client of one A2A agent.
///
/// It is cheap to clone (the clones share one connection pool and configuration), and
/// every method takes `&self`, so one client can serve a whole program.
///
/// See the [crate documentation](crate) for the table of operations.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Shared>,
}

pub(crate) struct Shared {
    pub(crate) card: AgentCard,
    pub(crate) selected: Selected,
    pub(crate) transport: Transport,
    pub(crate) resubscribe: Option<ResubscribePolicy>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = &self.inner;
        f.debug_struct("Client")
            .field("agent", &s.card.name)
            .field("url", &s.selected.interface.url)
            .field("binding", &s.selected.binding)
            .field("version", &s.selected.version)
            .field("tenant", &s.selected.interface.tenant)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder for a client of the agent described by `card`, for callers who hold
    /// the card already (from a registry, a file, or an earlier fetch).
    pub fn builder(card: AgentCard) -> ClientBuilder {
        ClientBuilder::new(card)
    }

    /// Fetches the agent card and builds a client with default settings.
    ///
    /// `url` is the agent's base URL, such as `https://agent.example.com`, under which
    /// the card is looked up at `/.well-known/agent-card.json` (spec §8.2); a URL whose
    /// path ends in `.json` is taken as the card's own URL. The interface is then chosen
    /// from the card's `supportedInterfaces` as [`ClientBuilder::build`] does. To change
    /// settings, use [`ClientBuilder::from_card_url`].
    pub async fn from_card_url(url: impl AsRef<str>) -> Result<Self, Error> {
        ClientBuilder::from_card_url(url).await?.build()
    }

    pub(crate) fn from_shared(shared: Shared) -> Self {
        Self { inner: Arc::new(shared) }
    }

    /// The agent card the client was built from.
    pub fn card(&self) -> &AgentCard {
        &self.inner.card
    }

    /// The interface the client talks to, chosen from the card's `supportedInterfaces`:
    /// among those whose binding and protocol version the client accepts, the most
    /// preferred version, then binding, and the agent's order breaks ties. Its `tenant`
    /// is sent with every request whose `tenant` the caller left unset.
    pub fn interface(&self) -> &AgentInterface {
        &self.inner.selected.interface
    }

    /// The protocol binding of the chosen interface.
    pub fn binding(&self) -> Binding {
        self.inner.selected.binding
    }

    /// The protocol version spoken, sent as the `A2A-Version` header.
    pub fn protocol_version(&self) -> ProtocolVersion {
        self.inner.selected.version
    }

    pub(crate) fn resubscribe_policy(&self) -> Option<&ResubscribePolicy> {
        self.inner.resubscribe.as_ref()
    }

    /// Fills in the interface's tenant where the caller left it unset.
    fn with_tenant<P: Tenant>(&self, mut params: P) -> P {
        let slot = params.tenant_slot();
        if slot.is_none() {
            slot.clone_from(&self.inner.selected.interface.tenant);
        }
        params
    }

    /// Calls a unary operation.
    pub(crate) async fn call<M>(&self, params: M::Params) -> Result<M::Result, Error>
    where
        M: RpcMethod,
        M::Params: Tenant,
    {
        self.inner.transport.call::<M>(self.with_tenant(params)).await
    }

    /// Opens a streaming operation and reads its first event.
    pub(crate) async fn open_stream<M>(&self, params: M::Params, task_id: Option<TaskId>) -> Result<EventStream, Error>
    where
        M: RpcMethod<Result = StreamResponse>,
        M::Params: Tenant,
    {
        let source = self.inner.transport.open::<M>(self.with_tenant(params), None).await?;
        EventStream::start(self.clone(), source, task_id, M::NAME == methods::SubscribeToTask::NAME).await
    }

    /// Subscribes again to a task after a cut, for [`EventStream`].
    pub(crate) async fn open_subscription(
        &self,
        task_id: TaskId,
        last_event_id: Option<&str>,
    ) -> Result<EventSource, Error> {
        let params = self.with_tenant(SubscribeToTaskRequest::new(task_id));
        self.inner.transport.open::<methods::SubscribeToTask>(params, last_event_id).await
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn handles_cross_threads() {
        fn send_sync<T: Send + Sync + Clone + 'static>() {}
        fn send_unpin<T: Send + Unpin + 'static>() {}
        send_sync::<super::Client>();
        send_unpin::<crate::EventStream>();
    }
}
