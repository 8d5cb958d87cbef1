//! Raw HTTP for the suite: requests with explicit headers and bodies, responses as status,
//! headers and bytes, event streams as an [`SseReader`]. Nothing here knows A2A.

use super::sse::SseReader;
use bytes::Bytes;
use futures::StreamExt;
use reqwest::header::HeaderMap;
use std::time::Duration;

pub(crate) use reqwest::Method;

/// The suite's HTTP client.
#[derive(Debug, Clone)]
pub(crate) struct Http {
    client: reqwest::Client,
    /// The longest a plain request may take, headers and body.
    pub(crate) request_timeout: Duration,
}

/// A request: method, absolute URL, headers, and an optional body.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) method: Method,
    pub(crate) url: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Option<Vec<u8>>,
}

impl Request {
    pub(crate) fn new(method: Method, url: impl Into<String>) -> Request {
        Request { method, url: url.into(), headers: Vec::new(), body: None }
    }

    pub(crate) fn header(mut self, name: &str, value: impl Into<String>) -> Request {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    pub(crate) fn body(mut self, body: Vec<u8>) -> Request {
        self.body = Some(body);
        self
    }
}

/// A whole response.
#[derive(Debug, Clone)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Response {
    /// A header's value as text, if present and valid.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

/// A response whose body is still arriving.
pub(crate) enum Opened {
    /// `text/event-stream`: the events, read as they come.
    Events { status: u16, headers: HeaderMap, reader: SseReader },
    /// Anything else, read whole.
    Whole(Response),
}

impl std::fmt::Debug for Opened {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Opened::Events { status, .. } => write!(f, "Events({status})"),
            Opened::Whole(r) => write!(f, "Whole({})", r.status),
        }
    }
}

/// A header's value as text.
pub(crate) fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name)?.to_str().ok()
}

/// The media type of a `Content-Type` value, lowercase, without parameters.
pub(crate) fn media_type(content_type: Option<&str>) -> Option<String> {
    Some(content_type?.split(';').next()?.trim().to_ascii_lowercase())
}

impl Http {
    pub(crate) fn new(request_timeout: Duration) -> Result<Http, String> {
        let client = reqwest::Client::builder()
            .connect_timeout(request_timeout)
            .pool_idle_timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| format!("building the HTTP client: {e}"))?;
        Ok(Http { client, request_timeout })
    }

    fn build(&self, req: Request) -> reqwest::RequestBuilder {
        let mut builder = self.client.request(req.method, &req.url);
        for (name, value) in req.headers {
            builder = builder.header(name, value);
        }
        if let Some(body) = req.body {
            builder = builder.body(body);
        }
        builder
    }

    /// Sends a request and reads the whole response, within the request timeout.
    pub(crate) async fn send(&self, req: Request) -> Result<Response, String> {
        let what = format!("{} {}", req.method, req.url);
        let fut = async {
            let res = self.build(req).send().await.map_err(|e| error_chain(&e))?;
            let status = res.status().as_u16();
            let headers = res.headers().clone();
            let body = res.bytes().await.map_err(|e| error_chain(&e))?;
            Ok::<_, String>(Response { status, headers, body })
        };
        match tokio::time::timeout(self.request_timeout, fut).await {
            Ok(Ok(res)) => Ok(res),
            Ok(Err(e)) => Err(format!("{what} failed: {e}")),
            Err(_) => Err(format!("{what} got no complete response within {}s", self.request_timeout.as_secs())),
        }
    }

    /// Sends a request and returns as soon as the headers are in: an event stream stays
    /// open for reading, any other body is read whole.
    pub(crate) async fn open(&self, req: Request) -> Result<Opened, String> {
        let what = format!("{} {}", req.method, req.url);
        let res = match tokio::time::timeout(self.request_timeout, self.build(req).send()).await {
            Ok(Ok(res)) => res,
            Ok(Err(e)) => return Err(format!("{what} failed: {}", error_chain(&e))),
            Err(_) => return Err(format!("{what} got no response headers within {}s", self.request_timeout.as_secs())),
        };
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        if media_type(header(&headers, "content-type")).as_deref() == Some("text/event-stream") {
            let body = res.bytes_stream().map(|r| r.map_err(|e| error_chain(&e))).boxed();
            return Ok(Opened::Events { status, headers, reader: SseReader::new(body) });
        }
        match tokio::time::timeout(self.request_timeout, res.bytes()).await {
            Ok(Ok(body)) => Ok(Opened::Whole(Response { status, headers, body })),
            Ok(Err(e)) => Err(format!("{what}: reading the body failed: {}", error_chain(&e))),
            Err(_) => Err(format!("{what}: the body did not arrive within {}s", self.request_timeout.as_secs())),
        }
    }
}

/// An error and its sources on one line: reqwest's own message alone rarely says why.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// Percent-encodes a path segment or query value (everything but RFC 3986 unreserved).
pub(crate) fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn encoding_keeps_unreserved_characters_only() {
        assert_eq!(super::encode("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(super::encode("a b/c:d"), "a%20b%2Fc%3Ad");
        assert_eq!(super::media_type(Some("Application/JSON; charset=utf-8")).as_deref(), Some("application/json"));
    }
}
