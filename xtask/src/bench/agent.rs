//! The server under test as the load generator sees it: where each binding is reached,
//! found from the agent card, and which process serves it.

use super::load::{Conn, Endpoint, read_all};
use http::StatusCode;

/// One binding of an agent: an endpoint and the path of its interface.
#[derive(Debug, Clone)]
pub(crate) struct Binding {
    /// Where to connect.
    pub(crate) ep: Endpoint,
    /// The interface's path: the JSON-RPC endpoint, or the REST base (no trailing `/`).
    pub(crate) path: String,
}

impl Binding {
    /// The path of a REST route below the interface, such as `/message:send`.
    pub(crate) fn rest_route(&self, route: &str) -> String {
        format!("{}{route}", self.path.trim_end_matches('/'))
    }
}

/// A server to measure.
#[derive(Debug, Clone)]
pub(crate) struct Agent {
    /// How reports name it.
    pub(crate) label: String,
    /// The JSON-RPC interface.
    pub(crate) jsonrpc: Binding,
    /// The HTTP+JSON (REST) interface, if the card offers one.
    pub(crate) rest: Option<Binding>,
    /// The serving process, for memory figures.
    pub(crate) pid: Option<u32>,
}

/// An `http://` URL taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HttpUrl {
    pub(crate) host: String,
    pub(crate) port: u16,
    /// The path, `/` at least, without query.
    pub(crate) path: String,
}

/// Parses a plain `http://host[:port][/path]` URL; the bench speaks no TLS.
pub(crate) fn parse_http_url(url: &str) -> Result<HttpUrl, String> {
    let rest = url.strip_prefix("http://").ok_or_else(|| format!("{url:?} is not an http:// URL"))?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let bad_port = || format!("bad port in {url:?}");
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (host, after) = v6.split_once(']').ok_or_else(|| format!("unclosed [ in {url:?}"))?;
        match after.strip_prefix(':') {
            Some(p) => (host, p.parse::<u16>().map_err(|_| bad_port())?),
            None if after.is_empty() => (host, 80),
            None => return Err(bad_port()),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((host, p)) => (host, p.parse::<u16>().map_err(|_| bad_port())?),
            None => (authority, 80),
        }
    };
    if host.is_empty() {
        return Err(format!("no host in {url:?}"));
    }
    Ok(HttpUrl { host: host.to_string(), port, path: if path.is_empty() { "/".into() } else { path.to_string() } })
}

async fn endpoint(url: &HttpUrl) -> Result<Endpoint, String> {
    let addr = tokio::net::lookup_host((url.host.as_str(), url.port))
        .await
        .map_err(|e| format!("could not resolve {}: {e}", url.host))?
        .next()
        .ok_or_else(|| format!("{} resolves to no address", url.host))?;
    let authority = if url.host.contains(':') {
        format!("[{}]:{}", url.host, url.port)
    } else {
        format!("{}:{}", url.host, url.port)
    };
    Ok(Endpoint { addr, authority })
}

/// Fetches the agent card at `base_url` and finds its JSON-RPC and HTTP+JSON interfaces
/// (preferring those of protocol version 1.0).
pub(crate) async fn discover(label: &str, base_url: &str, pid: Option<u32>) -> Result<Agent, String> {
    let base = parse_http_url(base_url)?;
    let ep = endpoint(&base).await?;
    let mut conn = Conn::open(&ep).await?;
    let card_path = format!("{}/.well-known/agent-card.json", base.path.trim_end_matches('/'));
    let (status, body) = read_all(conn.get(&card_path).await?).await?;
    if status != StatusCode::OK {
        return Err(format!("GET {base_url}{card_path} answered {status}"));
    }
    let card: serde_json::Value =
        serde_json::from_slice(&body).map_err(|e| format!("the agent card at {base_url} is not JSON: {e}"))?;
    let (jsonrpc, rest) = interfaces(&card)?;
    let jsonrpc = jsonrpc.ok_or_else(|| format!("the agent card at {base_url} offers no JSONRPC interface"))?;
    let jsonrpc_url = parse_http_url(&jsonrpc)?;
    let jsonrpc = Binding { ep: endpoint(&jsonrpc_url).await?, path: jsonrpc_url.path };
    let rest = match rest {
        Some(url) => {
            let url = parse_http_url(&url)?;
            Some(Binding { ep: endpoint(&url).await?, path: url.path.trim_end_matches('/').to_string() })
        }
        None => None,
    };
    Ok(Agent { label: label.to_string(), jsonrpc, rest, pid })
}

/// The URLs of the JSON-RPC and HTTP+JSON interfaces of a card.
fn interfaces(card: &serde_json::Value) -> Result<(Option<String>, Option<String>), String> {
    let list = card
        .get("supportedInterfaces")
        .and_then(|v| v.as_array())
        .ok_or("the agent card has no supportedInterfaces")?;
    let pick = |binding: &str| {
        let matching: Vec<&serde_json::Value> =
            list.iter().filter(|i| i.get("protocolBinding").and_then(|b| b.as_str()) == Some(binding)).collect();
        let v1 = matching.iter().find(|i| i.get("protocolVersion").and_then(|v| v.as_str()) == Some("1.0"));
        v1.or(matching.first()).and_then(|i| i.get("url")?.as_str()).map(str::to_string)
    };
    Ok((pick("JSONRPC"), pick("HTTP+JSON")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_http_urls() {
        let u = parse_http_url("http://127.0.0.1:8080").unwrap();
        assert_eq!(u, HttpUrl { host: "127.0.0.1".into(), port: 8080, path: "/".into() });
        let u = parse_http_url("http://localhost/a2a/v1?x=1").unwrap();
        assert_eq!(u, HttpUrl { host: "localhost".into(), port: 80, path: "/a2a/v1".into() });
        let u = parse_http_url("http://[::1]:9000/rpc").unwrap();
        assert_eq!(u, HttpUrl { host: "::1".into(), port: 9000, path: "/rpc".into() });
        assert!(parse_http_url("https://example.com").unwrap_err().contains("not an http:// URL"));
        assert!(parse_http_url("http://h:port").unwrap_err().contains("bad port"));
        assert!(parse_http_url("http:///x").unwrap_err().contains("no host"));
    }

    #[test]
    fn finds_interfaces_preferring_v1() {
        let card = serde_json::json!({"supportedInterfaces": [
            {"url": "http://h/old", "protocolBinding": "JSONRPC", "protocolVersion": "0.3"},
            {"url": "http://h/rpc", "protocolBinding": "JSONRPC", "protocolVersion": "1.0"},
            {"url": "http://h/rest", "protocolBinding": "HTTP+JSON", "protocolVersion": "1.0"},
        ]});
        assert_eq!(interfaces(&card).unwrap(), (Some("http://h/rpc".into()), Some("http://h/rest".into())));
        let only_rpc = serde_json::json!({"supportedInterfaces": [{"url": "u", "protocolBinding": "JSONRPC"}]});
        assert_eq!(interfaces(&only_rpc).unwrap(), (Some("u".into()), None));
        assert!(interfaces(&serde_json::json!({})).is_err());
    }

    #[test]
    fn rest_routes_join_the_base() {
        let ep = Endpoint::from_addr("127.0.0.1:1".parse().unwrap());
        assert_eq!(Binding { ep: ep.clone(), path: String::new() }.rest_route("/message:send"), "/message:send");
        assert_eq!(Binding { ep, path: "/v1/".into() }.rest_route("/message:send"), "/v1/message:send");
    }
}
