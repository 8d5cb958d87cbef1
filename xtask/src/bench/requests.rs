//! The request bodies the bench sends, in protocol v1.0 JSON. `{seq}` marks where each
//! request gets its own `messageId` (see [`Template`](super::load::Template)).

/// The message every request carries.
const MESSAGE: &str =
    r#"{"messageId":"bench-{seq}","role":"ROLE_USER","parts":[{"text":"Summarize the quarterly numbers"}]}"#;

/// A JSON-RPC `SendMessage` or `SendStreamingMessage` request.
pub(crate) fn jsonrpc_send(method: &str) -> String {
    format!(r#"{{"jsonrpc":"2.0","id":1,"method":"{method}","params":{{"message":{MESSAGE}}}}}"#)
}

/// A REST `message:send` (or `message:stream`) body: the bare `SendMessageRequest`.
pub(crate) fn rest_send() -> String {
    format!(r#"{{"message":{MESSAGE}}}"#)
}

/// A JSON-RPC `SubscribeToTask` request.
pub(crate) fn jsonrpc_subscribe(task_id: &str) -> String {
    let id = serde_json::to_string(task_id).expect("strings always serialize");
    format!(r#"{{"jsonrpc":"2.0","id":1,"method":"SubscribeToTask","params":{{"id":{id}}}}}"#)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::load::Template;

    #[test]
    fn bodies_are_valid_v1_requests() {
        let send: serde_json::Value =
            serde_json::from_slice(&Template::new(&jsonrpc_send("SendMessage")).render(0, 1)).unwrap();
        assert_eq!(send["method"], "SendMessage");
        assert_eq!(send["params"]["message"]["messageId"], "bench-w0-1");
        assert_eq!(send["params"]["message"]["role"], "ROLE_USER");
        let request: a2a_types::SendMessageRequest = serde_json::from_value(send["params"].clone()).unwrap();
        assert_eq!(request.message.text(), "Summarize the quarterly numbers");

        let rest: serde_json::Value = serde_json::from_slice(&Template::new(&rest_send()).render(2, 3)).unwrap();
        assert_eq!(rest["message"]["messageId"], "bench-w2-3");
        assert!(rest.get("jsonrpc").is_none());

        let sub: serde_json::Value = serde_json::from_str(&jsonrpc_subscribe("t\"1")).unwrap();
        assert_eq!(sub["method"], "SubscribeToTask");
        assert_eq!(sub["params"]["id"], "t\"1");
    }
}
