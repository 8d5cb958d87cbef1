//! Agent card: discovery, structure, declared interfaces, caching, the extended card.

use crate::conformance::check::{Applies, Binding, Check, Stop, Verdict, Version, check, ensure, fail, skip};
use crate::conformance::cx::{Cap, Cx, content_type_is, fetch_card};
use crate::conformance::errors::A2aError;
use crate::conformance::ops::{Answer, Op};
use serde_json::{Value, json};

/// Checks of the card itself, run once per protocol version.
pub(crate) fn per_version() -> Vec<Check> {
    vec![
        check!(
            "card.discovery",
            "8.2",
            v03 = "5.3",
            Must,
            Applies::Everywhere,
            "The agent card is served at /.well-known/agent-card.json as JSON",
            discovery
        ),
        check!(
            "card.schema",
            "4.4.1, 8.1",
            v03 = "5.5",
            Must,
            Applies::Everywhere,
            "The agent card matches the AgentCard schema (required fields present, types right)",
            schema
        ),
        check!(
            "card.required-lists",
            "5.7, 4.4.1",
            Must,
            Applies::Version(Version::V1_0),
            "Required lists of the card are not empty: interfaces, skills, input and output modes, skill tags",
            required_lists
        ),
        check!(
            "card.interfaces",
            "8.3.1, 5.8",
            Must,
            Applies::Version(Version::V1_0),
            "Every declared interface has an absolute http(s) URL, a binding and a Major.Minor protocol version",
            interfaces
        ),
        check!(
            "card.caching",
            "8.6.1",
            Should,
            Applies::Everywhere,
            "The card response carries Cache-Control with max-age, and an ETag",
            caching
        ),
    ]
}

/// Checks of the card that depend on the target.
pub(crate) fn per_target() -> Vec<Check> {
    vec![
        check!(
            "card.interface-declared",
            "5.2, 8.3.1",
            v03 = "5.6",
            Must,
            Applies::Everywhere,
            "The card declares the interface under test (binding and protocol version)",
            interface_declared
        ),
        check!(
            "card.extended.unsupported",
            "3.3.4, 3.1.11",
            Must,
            Applies::Version(Version::V1_0),
            "Without capabilities.extendedAgentCard, GetExtendedAgentCard fails with UnsupportedOperationError",
            extended_unsupported
        ),
        check!(
            "card.extended.get",
            "3.1.11",
            v03 = "7.10",
            Must,
            Applies::Everywhere,
            "With the extended card declared, GetExtendedAgentCard returns an AgentCard (or asks for credentials)",
            extended_get
        ),
    ]
}

async fn discovery(cx: Cx) -> Verdict {
    let (res, card) = fetch_card(cx.http(), cx.card_url()).await.map_err(Stop::Fail)?;
    let what = format!("GET {}", cx.card_url());
    content_type_is(res.header("content-type"), &["application/json", "application/a2a+json"], &what)?;
    ensure(card.is_object(), || format!("{what}: the card is not a JSON object"))
}

/// Whether the card is written in the v0.3 shape (top-level `protocolVersion` and `url`).
fn is_v03_card(card: &Value) -> bool {
    card.get("protocolVersion").is_some() && card.get("url").is_some()
}

async fn schema(cx: Cx) -> Verdict {
    let (_, card) = fetch_card(cx.http(), cx.card_url()).await.map_err(Stop::Fail)?;
    let version = match cx.version() {
        Version::V0_3 if !is_v03_card(&card) => {
            return skip("the card is a v1.0 card (no top-level protocolVersion and url); checked as v1.0");
        }
        v => v,
    };
    let schema = cx.schemas().of(version);
    let v = schema.validate("AgentCard", &card);
    ensure(v.is_valid(), || {
        format!("GET {}: the card does not match AgentCard of {}: {}", cx.card_url(), schema.name, v.summary())
    })
}

async fn required_lists(cx: Cx) -> Verdict {
    let card = cx.card();
    for field in ["supportedInterfaces", "skills", "defaultInputModes", "defaultOutputModes"] {
        let empty = card.get(field).and_then(Value::as_array).is_none_or(Vec::is_empty);
        if empty {
            return fail(format!("card: {field} must hold at least one entry"));
        }
    }
    for (i, skill) in card["skills"].as_array().into_iter().flatten().enumerate() {
        if skill.get("tags").and_then(Value::as_array).is_none_or(Vec::is_empty) {
            return fail(format!("card: skills[{i}].tags must hold at least one tag"));
        }
    }
    Ok(())
}

async fn interfaces(cx: Cx) -> Verdict {
    let list = cx.card().get("supportedInterfaces").and_then(Value::as_array).cloned().unwrap_or_default();
    for (i, entry) in list.iter().enumerate() {
        let at = format!("card: supportedInterfaces[{i}]");
        let url = entry.get("url").and_then(Value::as_str).unwrap_or("");
        let binding = entry.get("protocolBinding").and_then(Value::as_str).unwrap_or("");
        let version = entry.get("protocolVersion").and_then(Value::as_str).unwrap_or("");
        if binding == "GRPC" {
            ensure(!url.is_empty(), || format!("{at}.url is empty"))?;
        } else {
            let absolute = (url.starts_with("http://") || url.starts_with("https://")) && url.len() > "https://".len();
            ensure(absolute, || format!("{at}.url {url:?} is not an absolute http(s) URL"))?;
        }
        let known = ["JSONRPC", "HTTP+JSON", "GRPC"].contains(&binding) || binding.contains("://");
        ensure(known, || format!("{at}.protocolBinding {binding:?} is neither JSONRPC, HTTP+JSON, GRPC nor a URI"))?;
        let parts: Vec<&str> = version.split('.').collect();
        let major_minor =
            parts.len() == 2 && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        ensure(major_minor, || format!("{at}.protocolVersion {version:?} is not Major.Minor (such as \"1.0\")"))?;
    }
    Ok(())
}

async fn caching(cx: Cx) -> Verdict {
    let (res, _) = fetch_card(cx.http(), cx.card_url()).await.map_err(Stop::Fail)?;
    let what = format!("GET {}", cx.card_url());
    let cache = res.header("cache-control").unwrap_or("");
    ensure(cache.to_ascii_lowercase().contains("max-age"), || {
        format!("{what}: expected Cache-Control with max-age, got {:?}", res.header("cache-control"))
    })?;
    ensure(res.header("etag").is_some_and(|e| !e.is_empty()), || format!("{what}: expected an ETag header, got none"))
}

async fn interface_declared(cx: Cx) -> Verdict {
    if cx.has_interface() {
        return Ok(());
    }
    fail(format!("the card declares no {}", cx.describe_target()))
}

async fn extended_unsupported(cx: Cx) -> Verdict {
    cx.require_not(Cap::ExtendedCard)?;
    cx.call(Op::ExtendedCard, json!({})).await?.err(&[A2aError::UnsupportedOperation])?;
    Ok(())
}

async fn extended_get(cx: Cx) -> Verdict {
    cx.require(Cap::ExtendedCard)?;
    match cx.call(Op::ExtendedCard, json!({})).await? {
        Answer::Ok(_) => Ok(()),
        Answer::Err(e) if matches!(e.http_status, 401 | 403) => {
            skip(format!("{}: the extended card needs credentials (HTTP {})", e.request, e.http_status))
        }
        Answer::Err(e) if e.binding == Binding::JsonRpc && e.is(A2aError::ExtendedAgentCardNotConfigured) => {
            fail(format!("{}: the card declares an extended card, but the server has none configured", e.request))
        }
        Answer::Err(e) => fail(format!("{}: expected an AgentCard, got {}", e.request, e.actual())),
    }
}
