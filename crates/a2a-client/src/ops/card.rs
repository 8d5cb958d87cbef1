//! Get Extended Agent Card (§3.1.11).

use crate::{Client, Error};
use a2a_types::{AgentCard, GetExtendedAgentCardRequest, methods};

impl Client {
    /// Fetches the extended agent card, which an agent may show only to authenticated
    /// clients; configure credentials on the builder first. (`GetExtendedAgentCard`)
    ///
    /// Available when the public card sets `capabilities.extendedAgentCard`; otherwise
    /// the agent answers [`ErrorCode::UnsupportedOperation`](a2a_types::ErrorCode::UnsupportedOperation).
    /// The client keeps using the card it was built from; to use the extended one (it
    /// may list other interfaces), build a new client with [`Client::builder`].
    pub async fn extended_card(&self) -> Result<AgentCard, Error> {
        self.call::<methods::GetExtendedAgentCard>(GetExtendedAgentCardRequest::new()).await
    }
}
