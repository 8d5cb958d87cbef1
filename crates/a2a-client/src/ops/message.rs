//! Send Message (§3.1.1) and Send Streaming Message (§3.1.2).

use crate::{Client, Error, EventStream, IntoRequest};
use a2a_types::{SendMessageRequest, SendMessageResponse, methods};

impl Client {
    /// Sends a message and returns the agent's answer: a [`Task`](a2a_types::Task)
    /// tracking the work, or a direct [`Message`](a2a_types::Message). (`SendMessage`)
    ///
    /// Pass a [`Message`](a2a_types::Message) for the common case, or a
    /// [`SendMessageRequest`] to set its configuration (accepted output modes, history
    /// length, `returnImmediately`, a push notification config) or metadata.
    ///
    /// ```no_run
    /// # async fn run(client: a2a_client::Client) -> Result<(), a2a_client::Error> {
    /// use a2a_types::{Message, SendMessageConfiguration, SendMessageRequest};
    ///
    /// let reply = client.send(Message::user_text("hi")).await?;
    ///
    /// let request = SendMessageRequest::new(Message::user_text("long job"))
    ///     .with_configuration(SendMessageConfiguration::new().with_return_immediately(true));
    /// let task = client.send(request).await?;
    /// # Ok(()) }
    /// ```
    pub async fn send(&self, request: impl IntoRequest<SendMessageRequest>) -> Result<SendMessageResponse, Error> {
        self.call::<methods::SendMessage>(request.into_request()).await
    }

    /// Sends a message and streams the agent's answer: one `Message`, or a `Task`
    /// followed by its status and artifact updates. (`SendStreamingMessage`)
    ///
    /// This returns once the first event arrived, so an error the agent reports before
    /// any event (an HTTP error status, a JSON-RPC error) is returned here, not from the
    /// stream. See [`EventStream`] for how the stream ends.
    ///
    /// ```no_run
    /// # async fn run(client: a2a_client::Client) -> Result<(), a2a_client::Error> {
    /// use futures::StreamExt;
    ///
    /// let mut events = client.stream(a2a_types::Message::user_text("hi")).await?;
    /// while let Some(event) = events.next().await {
    ///     println!("{:?}", event?);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn stream(&self, request: impl IntoRequest<SendMessageRequest>) -> Result<EventStream, Error> {
        let request = request.into_request();
        // A message continuing a known task names it, so a cut before the first event
        // can be resumed by subscribing to it.
        let task_id = request.message.task_id.clone();
        self.open_stream::<methods::SendStreamingMessage>(request, task_id).await
    }
}
