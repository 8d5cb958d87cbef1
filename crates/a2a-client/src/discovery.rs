//! Fetching an agent card from its well-known URL (spec §8.2).

use crate::builder::{DEFAULT_CONNECT_TIMEOUT, VERSION_HEADER};
use crate::interface::ProtocolVersion;
use crate::{Error, ErrorKind};
use a2a_types::AgentCard;
use http::header::ACCEPT;
use reqwest::Url;
use std::time::Duration;

/// Where agents publish their card, relative to their base URL.
pub(crate) const WELL_KNOWN_PATH: &str = ".well-known/agent-card.json";

/// The timeout of the whole card fetch.
const CARD_TIMEOUT: Duration = Duration::from_secs(30);

/// The URL of the card: `url` itself if its path ends in `.json`, or else the well-known
/// path under it.
pub(crate) fn card_url(url: &str) -> Result<Url, Error> {
    let mut parsed = Url::parse(url).map_err(|e| Error::config(format!("invalid agent URL {url:?}")).with_source(e))?;
    if parsed.cannot_be_a_base() || !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::config(format!("the agent URL {url:?} is not an http(s) URL")));
    }
    if !parsed.path().ends_with(".json") {
        let path = format!("{}/{WELL_KNOWN_PATH}", parsed.path().trim_end_matches('/'));
        parsed.set_path(&path);
    }
    Ok(parsed)
}

/// Fetches and decodes the card; returns it with the URL it came from.
pub(crate) async fn fetch_card(url: &str) -> Result<(AgentCard, Url), Error> {
    let url = card_url(url)?;
    let http = reqwest::Client::builder()
        .user_agent(concat!("a2a-client/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
        .timeout(CARD_TIMEOUT)
        .build()
        .map_err(|e| Error::config("could not set up the HTTP client").with_source(e))?;
    tracing::debug!(url = %url, "fetching agent card");
    let response = http
        .get(url.clone())
        .header(ACCEPT, "application/json")
        .header(VERSION_HEADER, ProtocolVersion::ALL[0].as_str())
        .send()
        .await
        .map_err(Error::http)?;
    let status = response.status();
    if !status.is_success() {
        return Err(Error::new(ErrorKind::HttpStatus)
            .with_status(status.as_u16())
            .with_message(format!("fetching the agent card from {url}")));
    }
    let bytes = response.bytes().await.map_err(Error::http)?;
    let card = decode_card(&bytes)
        .map_err(|e| Error::decode(format!("the document at {url} is not a valid agent card")).with_source(e))?;
    Ok((card, url))
}

/// Reads a v1.0 card, or a v0.3 card (one with a `url` but no `supportedInterfaces`),
/// which is converted: its interfaces become `supportedInterfaces` with version 0.3.
pub(crate) fn decode_card(bytes: &[u8]) -> Result<AgentCard, a2a_types::DecodeError> {
    let value: serde_json::Value = a2a_types::from_slice(bytes)?;
    let is_v0_3 = value.get("supportedInterfaces").is_none() && value.get("url").is_some();
    if is_v0_3 {
        let old: a2a_types::v0_3::AgentCard = a2a_types::from_value(value)?;
        return Ok(old.into());
    }
    a2a_types::from_value(value)
}

#[cfg(test)]
mod tests {
    use super::card_url;

    #[test]
    fn card_url_appends_the_well_known_path() {
        let cases = [
            ("http://a.example", "http://a.example/.well-known/agent-card.json"),
            ("http://a.example/", "http://a.example/.well-known/agent-card.json"),
            ("https://a.example/agents/x/", "https://a.example/agents/x/.well-known/agent-card.json"),
            ("https://a.example/cards/x.json", "https://a.example/cards/x.json"),
            ("http://127.0.0.1:8080/.well-known/agent-card.json", "http://127.0.0.1:8080/.well-known/agent-card.json"),
        ];
        for (input, want) in cases {
            assert_eq!(card_url(input).unwrap().as_str(), want, "{input}");
        }
    }

    #[test]
    fn card_url_rejects_other_schemes() {
        assert!(card_url("ftp://a.example").is_err());
        assert!(card_url("not a url").is_err());
    }
}
