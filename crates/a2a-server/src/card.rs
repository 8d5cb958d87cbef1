//! The public agent card: the configured card, completed from how the server is set up.
//!
//! Interfaces and capabilities are never hand-kept: the server writes the interfaces it
//! serves and the capabilities it has into whatever card it was given.

use crate::body::Body;
use crate::service::{ServerInner, empty, json_response};
use a2a_types::{AgentCard, AgentInterface};
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Request, Response, StatusCode, header};
use std::hash::{Hash, Hasher};

/// Where clients look for the card (RFC 8615 well-known URI).
pub(crate) const WELL_KNOWN_PATH: &str = "/.well-known/agent-card.json";

/// How long clients may cache the card.
const MAX_AGE: &str = "public, max-age=300";

pub(crate) struct CardSource {
    pub(crate) template: AgentCard,
    pub(crate) public_url: Option<String>,
    /// When the card was configured, as an HTTP date for `Last-Modified`.
    pub(crate) last_modified: String,
}

/// An HTTP date (RFC 9110 IMF-fixdate) such as `Sat, 21 Nov 2026 13:50:10 GMT`.
pub(crate) fn http_date(t: a2a_types::Timestamp) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    // `Timestamp` prints `YYYY-MM-DDTHH:MM:SS.mmmZ`; reuse its calendar arithmetic.
    let text = t.to_string();
    let (year, month, day) = (&text[0..4], &text[5..7], &text[8..10]);
    let month = MONTHS[month.parse::<usize>().unwrap_or(1) - 1];
    let weekday = DAYS[t.unix_seconds().div_euclid(86_400).rem_euclid(7) as usize];
    format!("{weekday}, {day} {month} {year} {} GMT", &text[11..19])
}

/// Whether an input mode covers a media type: `*/*` or `*` covers all, `type/*` a whole
/// type, a bare name such as `text` (the short form many cards use) the type of that name,
/// and anything else the same media type, without regard to case or parameters.
pub(crate) fn mode_matches(mode: &str, media_type: &str) -> bool {
    let essence = |s: &str| s.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let (mode, media_type) = (essence(mode), essence(media_type));
    let top = media_type.split('/').next().unwrap_or_default();
    match mode.split_once('/') {
        _ if mode == "*" || mode == "*/*" => true,
        None => mode == top,
        Some((kind, "*")) => kind == top,
        Some(_) => mode == media_type,
    }
}

impl CardSource {
    /// Whether a part of `media_type` fits the input modes of the card (its
    /// `defaultInputModes` and its skills' `inputModes`). No modes at all accepts
    /// everything; see [`mode_matches`] for how a mode matches.
    pub(crate) fn accepts(&self, media_type: &str) -> bool {
        let card = &self.template;
        let mut modes = card.default_input_modes.iter().chain(card.skills.iter().flat_map(|s| s.input_modes.iter()));
        let mut any = false;
        let accepted = modes.any(|mode| {
            any = true;
            mode_matches(mode, media_type)
        });
        accepted || !any
    }

    /// Extension URIs the agent marks as required.
    pub(crate) fn required_extensions(&self) -> impl Iterator<Item = &str> {
        self.template.capabilities.extensions.iter().filter(|e| e.required).filter_map(|e| e.uri.as_deref())
    }

    /// The base URL clients reach this server at: the configured one, or the one the
    /// request came in through (honouring `X-Forwarded-Proto` and `X-Forwarded-Host`).
    fn base_url(&self, headers: &HeaderMap) -> String {
        if let Some(url) = &self.public_url {
            return url.trim_end_matches('/').to_string();
        }
        let get = |name: &str| {
            headers.get(name).and_then(|v| v.to_str().ok()).map(|v| v.split(',').next().unwrap_or(v).trim())
        };
        let proto = get("x-forwarded-proto").unwrap_or("http");
        let host = get("x-forwarded-host").or_else(|| get("host")).unwrap_or("localhost");
        format!("{proto}://{host}")
    }

    /// `card` with the interfaces and capabilities of this server.
    pub(crate) fn complete(&self, mut card: AgentCard, headers: &HeaderMap, inner: &ServerInner) -> AgentCard {
        let base = self.base_url(headers);
        let path = if inner.rpc_path == "/" { "" } else { inner.rpc_path.as_str() };
        card.supported_interfaces = vec![AgentInterface::new(format!("{base}{path}"), "JSONRPC", "1.0")];
        if let Some(rest) = &inner.rest_path {
            card.supported_interfaces.push(AgentInterface::new(format!("{base}{rest}"), "HTTP+JSON", "1.0"));
        }
        if inner.v0_3 {
            // v0.3 clients call the same JSON-RPC endpoint with v0.3 method names, and put
            // `/v1/...` after a REST interface's URL themselves.
            card.supported_interfaces.push(AgentInterface::new(format!("{base}{path}"), "JSONRPC", "0.3"));
            if let Some(rest) = &inner.rest_path {
                card.supported_interfaces.push(AgentInterface::new(format!("{base}{rest}"), "HTTP+JSON", "0.3"));
            }
        }
        card.capabilities.streaming = Some(inner.streaming);
        card.capabilities.push_notifications = Some(false);
        card.capabilities.extended_agent_card = Some(inner.extended_card.is_some());
        card
    }

    /// Answers `GET /.well-known/agent-card.json`, with an `ETag` and caching headers.
    pub(crate) fn respond<B>(&self, req: &Request<B>, inner: &ServerInner) -> Response<Body> {
        let card = self.complete(self.template.clone(), req.headers(), inner);
        let json = if inner.v0_3 {
            crate::compat::card::both_generations(&card)
        } else {
            serde_json::to_vec(&card).expect("agent cards always serialize")
        };
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        json.hash(&mut hasher);
        let etag = format!("\"{:016x}\"", hasher.finish());
        let matches = req
            .headers()
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|tag| tag.trim() == etag || tag.trim() == "*");
        let mut res = if matches {
            empty(StatusCode::NOT_MODIFIED)
        } else if req.method() == http::Method::HEAD {
            let mut res = json_response(StatusCode::OK, Bytes::new());
            res.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(json.len()));
            res
        } else {
            json_response(StatusCode::OK, Bytes::from(json))
        };
        let h = res.headers_mut();
        h.insert(header::ETAG, HeaderValue::from_str(&etag).expect("hex is a valid header value"));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(MAX_AGE));
        if let Ok(v) = HeaderValue::from_str(&self.last_modified) {
            h.insert(header::LAST_MODIFIED, v);
        }
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        if self.public_url.is_none() {
            // The interface URLs come from these headers, so a shared cache must key on them.
            h.insert(header::VARY, HeaderValue::from_static("host, x-forwarded-host, x-forwarded-proto"));
        }
        res
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn input_modes_cover_media_types() {
        use super::mode_matches as m;
        assert!(m("text", "text/plain") && m("text", "text/markdown; charset=utf-8"));
        assert!(m("*/*", "application/x-odd") && m("*", "image/png") && m("image/*", "image/png"));
        assert!(m("application/json", "Application/JSON"));
        assert!(!m("text", "application/x-odd") && !m("image/*", "text/plain") && !m("application/json", "text/json"));
    }

    #[test]
    fn http_dates_are_imf_fixdate() {
        let t = a2a_types::Timestamp::parse("2026-11-21T13:50:10.123Z").unwrap();
        assert_eq!(super::http_date(t), "Sat, 21 Nov 2026 13:50:10 GMT");
        let epoch = a2a_types::Timestamp::from_unix(0, 0);
        assert_eq!(super::http_date(epoch), "Thu, 01 Jan 1970 00:00:00 GMT");
    }
}
