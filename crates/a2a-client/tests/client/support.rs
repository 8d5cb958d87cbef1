//! A fake A2A server on loopback that writes hand-made HTTP/1.1 responses, so that tests
//! control every byte (including broken ones), and records each request it got.

use a2a_client::Client;
use a2a_types::AgentCard;
use serde_json::{Value, json};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A request as the server received it.
#[derive(Debug, Clone)]
pub(crate) struct Recorded {
    pub(crate) method: String,
    pub(crate) path: String,
    /// Header names are lowercase.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Recorded {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    /// The JSON-RPC method, or "" for a request that is not JSON-RPC.
    pub(crate) fn rpc_method(&self) -> String {
        self.json()["method"].as_str().unwrap_or("").to_string()
    }

    pub(crate) fn params(&self) -> Value {
        self.json()["params"].clone()
    }

    pub(crate) fn rpc_id(&self) -> Value {
        self.json()["id"].clone()
    }
}

/// What the server writes back.
pub(crate) enum Reply {
    /// A complete JSON response with this status.
    Json(u16, String),
    /// A `text/event-stream` response, written step by step, with no length: the body
    /// ends when the server closes the connection after the last step.
    Sse(Vec<Step>),
    /// Exactly these bytes, then close.
    Raw(Vec<u8>),
    /// Nothing at all: the connection stays open and silent.
    Silent,
}

pub(crate) enum Step {
    /// Write these bytes.
    Send(String),
    Sleep(Duration),
    /// Keep the connection open and send nothing more.
    Hang,
}

type Handler = Arc<dyn Fn(&Recorded, &str) -> Reply + Send + Sync>;

pub(crate) struct FakeServer {
    pub(crate) addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl FakeServer {
    /// Starts a server; `handler` gets each request and the server's base URL.
    pub(crate) async fn start(handler: impl Fn(&Recorded, &str) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Handler = Arc::new(handler);
        let recorded = requests.clone();
        tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else { return };
                let handler = handler.clone();
                let recorded = recorded.clone();
                tokio::spawn(async move {
                    let _ = serve(socket, addr, handler, recorded).await;
                });
            }
        });
        Self { addr, requests }
    }

    pub(crate) fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The requests received so far.
    pub(crate) fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    /// The JSON-RPC requests received so far (not the card fetches).
    pub(crate) fn rpc_requests(&self) -> Vec<Recorded> {
        self.requests().into_iter().filter(|r| r.method == "POST").collect()
    }

    /// The only JSON-RPC request received.
    pub(crate) fn only_rpc(&self) -> Recorded {
        let mut all = self.rpc_requests();
        assert_eq!(all.len(), 1, "expected exactly one JSON-RPC request, got {all:#?}");
        all.remove(0)
    }
}

async fn serve(
    mut socket: TcpStream,
    addr: SocketAddr,
    handler: Handler,
    recorded: Arc<Mutex<Vec<Recorded>>>,
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let head_end = loop {
        let mut chunk = [0u8; 4096];
        let n = socket.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or("").split(' ');
    let method = request_line.next().unwrap_or("").to_string();
    let path = request_line.next().unwrap_or("").to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers.iter().find(|(n, _)| n == "content-length").map_or(0, |(_, v)| v.parse().unwrap());
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let mut chunk = [0u8; 4096];
        let n = socket.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let request = Recorded { method, path, headers, body };
    recorded.lock().unwrap().push(request.clone());
    let reply = handler(&request, &format!("http://{addr}"));
    match reply {
        Reply::Json(status, body) => {
            let head = format!(
                "HTTP/1.1 {status} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                reason(status),
                body.len()
            );
            socket.write_all(head.as_bytes()).await?;
            socket.write_all(body.as_bytes()).await?;
        }
        Reply::Raw(bytes) => socket.write_all(&bytes).await?,
        Reply::Silent => tokio::time::sleep(Duration::from_secs(3600)).await,
        Reply::Sse(steps) => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\nconnection: close\r\n\r\n";
            socket.write_all(head.as_bytes()).await?;
            for step in steps {
                match step {
                    Step::Send(s) => {
                        socket.write_all(s.as_bytes()).await?;
                        socket.flush().await?;
                    }
                    Step::Sleep(d) => tokio::time::sleep(d).await,
                    Step::Hang => tokio::time::sleep(Duration::from_secs(3600)).await,
                }
            }
        }
    }
    socket.shutdown().await
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Whatever",
    }
}

/// Fails the test if `fut` takes more than 10 seconds, instead of hanging.
pub(crate) async fn within<T>(fut: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(10), fut).await.expect("test timed out")
}

/// An agent card whose one interface is JSON-RPC v1.0 at `{base}/rpc`, with tenant `t-1`.
pub(crate) fn card_json(base: &str) -> Value {
    card_with_interfaces(json!([
        {"url": format!("{base}/rpc"), "protocolBinding": "JSONRPC", "protocolVersion": "1.0", "tenant": "t-1"}
    ]))
}

pub(crate) fn card_with_interfaces(interfaces: Value) -> Value {
    json!({
        "name": "Fake agent",
        "description": "A test double",
        "supportedInterfaces": interfaces,
        "version": "1.0.0",
        "capabilities": {"streaming": true, "pushNotifications": true, "extendedAgentCard": true},
        "defaultInputModes": ["text/plain"],
        "defaultOutputModes": ["text/plain"],
        "skills": []
    })
}

pub(crate) fn card(base: &str) -> AgentCard {
    serde_json::from_value(card_json(base)).unwrap()
}

/// A client of the fake server's card, with default settings.
pub(crate) fn client(server: &FakeServer) -> Client {
    Client::builder(card(&server.base())).build().unwrap()
}

/// A JSON-RPC success response to `req`.
pub(crate) fn ok(req: &Recorded, result: Value) -> Reply {
    Reply::Json(200, json!({"jsonrpc": "2.0", "id": req.rpc_id(), "result": result}).to_string())
}

/// A JSON-RPC error response to `req`.
pub(crate) fn rpc_error(req: &Recorded, code: i64, message: &str) -> Reply {
    Reply::Json(
        200,
        json!({"jsonrpc": "2.0", "id": req.rpc_id(), "error": {"code": code, "message": message}}).to_string(),
    )
}

/// One SSE event carrying a JSON-RPC response with `result`, with an optional SSE id.
pub(crate) fn event(id: Option<u64>, result: Value) -> Step {
    let data = json!({"jsonrpc": "2.0", "id": 1, "result": result});
    Step::Send(match id {
        Some(id) => format!("id: {id}\ndata: {data}\n\n"),
        None => format!("data: {data}\n\n"),
    })
}

pub(crate) fn task(id: &str, state: &str) -> Value {
    json!({"id": id, "contextId": "ctx-1", "status": {"state": state}})
}

pub(crate) fn task_event(id: &str, state: &str) -> Value {
    json!({"task": task(id, state)})
}

pub(crate) fn status_event(task_id: &str, state: &str) -> Value {
    json!({"statusUpdate": {"taskId": task_id, "contextId": "ctx-1", "status": {"state": state}}})
}

pub(crate) fn artifact_event(task_id: &str, text: &str) -> Value {
    json!({"artifactUpdate": {"taskId": task_id, "contextId": "ctx-1",
        "artifact": {"artifactId": "a-1", "parts": [{"text": text}]}}})
}

pub(crate) fn message_event(text: &str) -> Value {
    json!({"message": {"messageId": "m-9", "role": "ROLE_AGENT", "parts": [{"text": text}]}})
}
