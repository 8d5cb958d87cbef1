//! Transports: how operations reach the agent, one per protocol binding (and, later,
//! protocol dialect). Private: the [`Client`](crate::Client) API is the same whichever
//! transport the agent card led to.
//!
//! Adding a binding means a new variant here, a module that implements `call` and `open`
//! for it, and a [`Binding`](crate::Binding) variant that `interface::select` can pick.
//! Operations are named by the JSON-RPC method marker types of `a2a_types::methods`; a
//! binding that routes differently (REST paths) maps from those.

mod events;
mod http;
mod jsonrpc;
mod jsonrpc_v0_3;
mod rest;

pub(crate) use events::{EventSource, RawEvent};
pub(crate) use http::HttpClient;

use crate::Error;
use crate::interface::{Binding, Selected};
use a2a_types::StreamResponse;
use a2a_types::jsonrpc::RpcMethod;
use reqwest::Url;
use std::time::Duration;

/// The transport chosen at build time from the selected interface.
#[derive(Debug)]
pub(crate) enum Transport {
    JsonRpc(jsonrpc::JsonRpcTransport),
    Rest(rest::RestTransport),
}

impl Transport {
    pub(crate) fn new(
        selected: &Selected,
        url: Url,
        http: HttpClient,
        max_event_size: usize,
        idle_timeout: Option<Duration>,
    ) -> Self {
        match selected.binding {
            Binding::JsonRpc => {
                Self::JsonRpc(jsonrpc::JsonRpcTransport::new(selected.version, url, http, max_event_size, idle_timeout))
            }
            Binding::HttpJson => Self::Rest(rest::RestTransport::new(url, http, max_event_size, idle_timeout)),
        }
    }

    /// A unary operation.
    pub(crate) async fn call<M: RpcMethod>(&self, params: M::Params) -> Result<M::Result, Error> {
        match self {
            Self::JsonRpc(t) => t.call::<M>(params).await,
            Self::Rest(t) => t.call::<M>(params).await,
        }
    }

    /// Opens a streaming operation. Errors the server reports before the stream starts
    /// (an error status, a JSON error instead of a stream) are returned here.
    pub(crate) async fn open<M: RpcMethod<Result = StreamResponse>>(
        &self,
        params: M::Params,
        last_event_id: Option<&str>,
    ) -> Result<EventSource, Error> {
        match self {
            Self::JsonRpc(t) => t.open::<M>(params, last_event_id).await,
            Self::Rest(t) => t.open::<M>(params, last_event_id).await,
        }
    }
}
