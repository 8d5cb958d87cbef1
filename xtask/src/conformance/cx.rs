//! [`Cx`], what every check is given: the target, the agent card, the interface under
//! test, the HTTP client, the schemas and the time limits.

use super::check::{Binding, Stop, Target, Version, fail, skip};
use super::http::{Http, Method, Request, Response, media_type};
use super::schema::Schema;
use super::wire::{Dialect, Msg};
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Where agents publish their card (v1.0 §8.2).
pub(crate) const WELL_KNOWN: &str = "/.well-known/agent-card.json";

/// The suite's own schema of the v0.3 REST bodies (the JSON of the v0.3 proto), which
/// `schema/` does not describe.
const V0_3_REST: &str = include_str!("schema/a2a-v0.3-rest.schema.json");

/// Every schema the suite validates with, compiled.
#[derive(Debug)]
pub(crate) struct Schemas {
    pub(crate) v1_0: Schema,
    pub(crate) v0_3: Schema,
    pub(crate) v0_3_rest: Schema,
}

impl Schemas {
    /// Loads `schema/a2a-v1.0.schema.json` and `schema/a2a-v0.3.schema.json` below `root`,
    /// and the suite's schema of v0.3 REST.
    pub(crate) fn load(root: &Path) -> Result<Schemas, String> {
        let rest: Value = serde_json::from_str(V0_3_REST).map_err(|e| format!("the v0.3 REST schema: {e}"))?;
        Ok(Schemas {
            v1_0: Schema::load(&root.join("schema/a2a-v1.0.schema.json"))?,
            v0_3: Schema::load(&root.join("schema/a2a-v0.3.schema.json"))?,
            v0_3_rest: Schema::compile("a2a-v0.3-rest.schema.json", &rest)?,
        })
    }

    /// The schema of a version's JSON-RPC dialect (and its agent card).
    pub(crate) fn of(&self, version: Version) -> &Schema {
        match version {
            Version::V1_0 => &self.v1_0,
            Version::V0_3 => &self.v0_3,
        }
    }

    /// The schema of what a dialect's results and events look like.
    pub(crate) fn for_dialect(&self, dialect: Dialect) -> &Schema {
        match dialect {
            Dialect::V1 => &self.v1_0,
            Dialect::V03Rpc => &self.v0_3,
            Dialect::V03Proto => &self.v0_3_rest,
        }
    }
}

/// How long the suite waits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// A plain request, or the headers of a stream.
    pub(crate) request: Duration,
    /// The next event of a stream.
    pub(crate) event: Duration,
    /// A stream to close after its last event.
    pub(crate) close: Duration,
    /// A whole check.
    pub(crate) check: Duration,
}

impl Limits {
    /// Limits derived from one per-request timeout.
    pub(crate) fn from_request(request: Duration) -> Limits {
        Limits { request, event: request, close: request.min(Duration::from_secs(3)), check: request * 3 }
    }
}

/// The interface of the card that the target speaks to.
#[derive(Debug, Clone)]
pub(crate) struct Interface {
    pub(crate) url: String,
    pub(crate) tenant: Option<String>,
}

/// An optional agent capability.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cap {
    Streaming,
    PushNotifications,
    ExtendedCard,
}

impl Cap {
    /// The card field that declares it, in v1.0 and in v0.3.
    fn fields(self) -> (&'static str, &'static str) {
        match self {
            Cap::Streaming => ("/capabilities/streaming", "/capabilities/streaming"),
            Cap::PushNotifications => ("/capabilities/pushNotifications", "/capabilities/pushNotifications"),
            Cap::ExtendedCard => ("/capabilities/extendedAgentCard", "/supportsAuthenticatedExtendedCard"),
        }
    }

    /// The field's name for messages.
    pub(crate) fn name(self, version: Version) -> &'static str {
        match (self, version) {
            (Cap::Streaming, _) => "capabilities.streaming",
            (Cap::PushNotifications, _) => "capabilities.pushNotifications",
            (Cap::ExtendedCard, Version::V1_0) => "capabilities.extendedAgentCard",
            (Cap::ExtendedCard, Version::V0_3) => "supportsAuthenticatedExtendedCard",
        }
    }
}

/// What a check is given. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Cx {
    inner: Arc<Inner>,
}

struct Inner {
    target: Target,
    http: Http,
    card_url: String,
    card: Value,
    interface: Option<Interface>,
    schemas: Arc<Schemas>,
    limits: Limits,
    ids: AtomicU64,
    run: String,
}

impl std::fmt::Debug for Cx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cx").field("target", &self.inner.target).finish_non_exhaustive()
    }
}

/// What a [`Cx`] is made of.
#[derive(Debug)]
pub(crate) struct Setup {
    pub(crate) target: Target,
    pub(crate) http: Http,
    pub(crate) card_url: String,
    pub(crate) card: Value,
    pub(crate) schemas: Arc<Schemas>,
    pub(crate) limits: Limits,
}

impl Cx {
    pub(crate) fn new(setup: Setup) -> Cx {
        let interface = select_interface(&setup.card, &setup.card_url, setup.target);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let run = format!("{:x}", (nanos as u64) ^ (u64::from(std::process::id()) << 32));
        Cx {
            inner: Arc::new(Inner {
                target: setup.target,
                http: setup.http,
                card_url: setup.card_url,
                card: setup.card,
                interface,
                schemas: setup.schemas,
                limits: setup.limits,
                ids: AtomicU64::new(1),
                run,
            }),
        }
    }

    pub(crate) fn target(&self) -> Target {
        self.inner.target
    }

    pub(crate) fn version(&self) -> Version {
        self.inner.target.version
    }

    pub(crate) fn binding(&self) -> Binding {
        self.inner.target.binding
    }

    /// How the target writes its JSON.
    pub(crate) fn dialect(&self) -> Dialect {
        Dialect::of(self.inner.target)
    }

    pub(crate) fn http(&self) -> &Http {
        &self.inner.http
    }

    pub(crate) fn limits(&self) -> Limits {
        self.inner.limits
    }

    pub(crate) fn schemas(&self) -> &Arc<Schemas> {
        &self.inner.schemas
    }

    /// The schema of the target's results and events.
    pub(crate) fn schema(&self) -> &Schema {
        self.inner.schemas.for_dialect(self.dialect())
    }

    /// The card as fetched when the run started.
    pub(crate) fn card(&self) -> &Value {
        &self.inner.card
    }

    pub(crate) fn card_url(&self) -> &str {
        &self.inner.card_url
    }

    /// The interface under test, or a skip when the card declares none for the target.
    pub(crate) fn interface(&self) -> Result<&Interface, Stop> {
        match &self.inner.interface {
            Some(i) => Ok(i),
            None => skip(format!("the card declares no {}", self.describe_target())),
        }
    }

    /// The same run against another binding of the same version (for comparing bindings).
    pub(crate) fn with_binding(&self, binding: Binding) -> Cx {
        let i = &self.inner;
        Cx::new(Setup {
            target: Target { binding, version: i.target.version },
            http: i.http.clone(),
            card_url: i.card_url.clone(),
            card: i.card.clone(),
            schemas: i.schemas.clone(),
            limits: i.limits,
        })
    }

    /// Whether the card declares an interface for the target.
    pub(crate) fn has_interface(&self) -> bool {
        self.inner.interface.is_some()
    }

    /// `JSONRPC interface for protocol 1.0`, for messages.
    pub(crate) fn describe_target(&self) -> String {
        format!("{} interface for protocol {}", self.binding().card_name(), self.version().name())
    }

    /// A number unique within the run, for JSON-RPC ids and message ids.
    pub(crate) fn next_id(&self) -> u64 {
        self.inner.ids.fetch_add(1, Ordering::Relaxed)
    }

    /// A new user message whose `messageId` starts with `prefix`.
    pub(crate) fn msg(&self, prefix: &str) -> Msg {
        Msg {
            id: format!("{prefix}-{}{}", self.inner.run, self.next_id()),
            task_id: None,
            context_id: None,
            text: "A2A conformance check".to_string(),
        }
    }

    /// An id no task has.
    pub(crate) fn unknown_task_id(&self) -> String {
        format!("conformance-no-such-task-{}{}", self.inner.run, self.next_id())
    }

    /// Whether the card declares a capability (`true` in the v1.0 or the v0.3 place).
    pub(crate) fn has(&self, cap: Cap) -> bool {
        let (v1, v03) = cap.fields();
        let card = self.card();
        card.pointer(v1).and_then(Value::as_bool).unwrap_or(false)
            || card.pointer(v03).and_then(Value::as_bool).unwrap_or(false)
    }

    /// Skips unless the card declares `cap`.
    pub(crate) fn require(&self, cap: Cap) -> Result<(), Stop> {
        if self.has(cap) { Ok(()) } else { skip(format!("the card does not declare {}", cap.name(self.version()))) }
    }

    /// Skips when the card declares `cap` (for checks of what happens without it).
    pub(crate) fn require_not(&self, cap: Cap) -> Result<(), Stop> {
        if self.has(cap) {
            skip(format!("the card declares {}; this check is for agents without it", cap.name(self.version())))
        } else {
            Ok(())
        }
    }
}

/// Fetches the agent card: the response and its JSON.
pub(crate) async fn fetch_card(http: &Http, url: &str) -> Result<(Response, Value), String> {
    let res = http.send(Request::new(Method::GET, url).header("Accept", "application/json")).await?;
    if res.status != 200 {
        return Err(format!("GET {url}: expected HTTP 200, got {}", res.status));
    }
    let json = serde_json::from_slice(&res.body)
        .map_err(|e| format!("GET {url}: the body is not JSON ({e}); Content-Type {:?}", res.header("content-type")))?;
    Ok((res, json))
}

/// Whether a declared version (`1.0`, `0.3.0`) is `version` (major and minor).
fn same_version(declared: &str, version: Version) -> bool {
    let mut parts = declared.trim().split('.');
    let major_minor = format!("{}.{}", parts.next().unwrap_or(""), parts.next().unwrap_or("0"));
    major_minor == version.name()
}

/// The card's interface for `target`: a v1.0 `supportedInterfaces` entry, or for v0.3 the
/// `url`/`preferredTransport`/`additionalInterfaces` of a v0.3 card.
pub(crate) fn select_interface(card: &Value, card_url: &str, target: Target) -> Option<Interface> {
    let binding = target.binding.card_name();
    let resolve = |url: &str| resolve_url(card_url, url);
    let entries = card.get("supportedInterfaces").and_then(Value::as_array).into_iter().flatten();
    for entry in entries {
        let b = entry.get("protocolBinding").and_then(Value::as_str).unwrap_or("");
        let v = entry.get("protocolVersion").and_then(Value::as_str).unwrap_or("");
        if b.eq_ignore_ascii_case(binding) && same_version(v, target.version) {
            let url = entry.get("url").and_then(Value::as_str)?;
            let tenant = entry.get("tenant").and_then(Value::as_str).filter(|t| !t.is_empty()).map(str::to_string);
            return Some(Interface { url: resolve(url), tenant });
        }
    }
    if target.version != Version::V0_3 {
        return None;
    }
    let declared = card.get("protocolVersion").and_then(Value::as_str)?;
    if !same_version(declared, Version::V0_3) {
        return None;
    }
    let preferred = card.get("preferredTransport").and_then(Value::as_str).unwrap_or("JSONRPC");
    if preferred.eq_ignore_ascii_case(binding) {
        if let Some(url) = card.get("url").and_then(Value::as_str) {
            return Some(Interface { url: resolve(url), tenant: None });
        }
    }
    let extra = card.get("additionalInterfaces").and_then(Value::as_array).into_iter().flatten();
    extra
        .filter(|i| i.get("transport").and_then(Value::as_str).is_some_and(|t| t.eq_ignore_ascii_case(binding)))
        .find_map(|i| i.get("url").and_then(Value::as_str))
        .map(|url| Interface { url: resolve(url), tenant: None })
}

/// A card URL made absolute against the card's own URL (a relative one is unusual but
/// harmless to follow).
fn resolve_url(card_url: &str, url: &str) -> String {
    if url.contains("://") {
        return url.to_string();
    }
    let origin_end = card_url.find("://").map(|i| i + 3).and_then(|s| card_url[s..].find('/').map(|p| s + p));
    let origin = origin_end.map_or(card_url, |end| &card_url[..end]);
    format!("{origin}/{}", url.trim_start_matches('/'))
}

/// Fails unless a response's Content-Type is one of `allowed` media types.
pub(crate) fn content_type_is(res_type: Option<&str>, allowed: &[&str], what: &str) -> Result<(), Stop> {
    match media_type(res_type) {
        Some(t) if allowed.contains(&t.as_str()) => Ok(()),
        other => fail(format!(
            "{what}: expected Content-Type {}, got {}",
            allowed.join(" or "),
            other.map_or_else(|| "none".to_string(), |t| format!("{t:?}"))
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn target(binding: Binding, version: Version) -> Target {
        Target { binding, version }
    }

    #[test]
    fn a_v1_card_names_each_interface_with_binding_and_version() {
        let card = json!({"supportedInterfaces": [
            {"url": "http://h/rpc", "protocolBinding": "JSONRPC", "protocolVersion": "1.0"},
            {"url": "http://h/rest", "protocolBinding": "HTTP+JSON", "protocolVersion": "1.0", "tenant": "t1"},
            {"url": "http://h/old", "protocolBinding": "JSONRPC", "protocolVersion": "0.3"},
        ]});
        let url = "http://h/.well-known/agent-card.json";
        let rest = select_interface(&card, url, target(Binding::Rest, Version::V1_0)).unwrap();
        assert_eq!((rest.url.as_str(), rest.tenant.as_deref()), ("http://h/rest", Some("t1")));
        let old = select_interface(&card, url, target(Binding::JsonRpc, Version::V0_3)).unwrap();
        assert_eq!(old.url, "http://h/old");
        assert!(select_interface(&card, url, target(Binding::Rest, Version::V0_3)).is_none());
    }

    #[test]
    fn a_v03_card_names_its_preferred_and_additional_transports() {
        let card = json!({"protocolVersion": "0.3.0", "url": "http://h/a2a", "preferredTransport": "JSONRPC",
            "additionalInterfaces": [{"url": "http://h/rest", "transport": "HTTP+JSON"}]});
        let url = "http://h/.well-known/agent-card.json";
        assert_eq!(select_interface(&card, url, target(Binding::JsonRpc, Version::V0_3)).unwrap().url, "http://h/a2a");
        assert_eq!(select_interface(&card, url, target(Binding::Rest, Version::V0_3)).unwrap().url, "http://h/rest");
        assert!(select_interface(&card, url, target(Binding::JsonRpc, Version::V1_0)).is_none());
    }
}
