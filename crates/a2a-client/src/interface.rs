//! Choosing the interface to talk to: the protocol bindings and versions this client
//! speaks, and the selection rule of spec §8.3.2.

use crate::Error;
use a2a_types::{AgentCard, AgentInterface};
use std::fmt;

/// A protocol binding: how operations travel over the wire.
///
/// The bindings this version of the client implements; more (`GRPC`) may be added as
/// variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Binding {
    /// JSON-RPC 2.0 over HTTP, with Server-Sent Events for streams (spec §9);
    /// `protocolBinding: "JSONRPC"` in the agent card.
    JsonRpc,
    /// HTTP+JSON, the REST binding (spec §11): one route per operation, bare JSON bodies,
    /// Server-Sent Events for streams; `protocolBinding: "HTTP+JSON"` in the agent card.
    HttpJson,
}

impl Binding {
    /// Every binding this client implements, in its default order of preference.
    pub const ALL: &'static [Binding] = &[Binding::JsonRpc, Binding::HttpJson];

    /// The binding's name in an agent card's `protocolBinding`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::JsonRpc => "JSONRPC",
            Self::HttpJson => "HTTP+JSON",
        }
    }

    /// The binding an agent card's `protocolBinding` names, if this client implements it.
    /// Names are compared without regard to ASCII case.
    pub fn from_card(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|b| b.as_str().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for Binding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A version of the A2A protocol, as `Major.Minor`.
///
/// The versions this client implements. Whatever the version, the client hands the
/// caller v1.0 types: a v0.3 agent's answers are translated as they arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProtocolVersion {
    /// Protocol v1.0.
    V1_0,
    /// Protocol v0.3, the JSON-RPC dialect of `message/send` and `kind`-tagged events.
    /// Over it, `ListTasks` is not available (v0.3 had no such operation) and `tenant` is
    /// not sent.
    V0_3,
}

impl ProtocolVersion {
    /// Every version this client implements, newest first.
    pub const ALL: &'static [ProtocolVersion] = &[ProtocolVersion::V1_0, ProtocolVersion::V0_3];

    /// The version as `Major.Minor`, as sent in the `A2A-Version` header.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::V1_0 => "1.0",
            Self::V0_3 => "0.3",
        }
    }

    /// The version an agent card's `protocolVersion` names, if this client implements
    /// it. A patch number (`1.0.1`) is ignored, as spec §3.6 says it must be.
    pub fn from_card(version: &str) -> Option<Self> {
        let mut parts = version.trim().split('.');
        let major = parts.next()?;
        let minor = parts.next().unwrap_or("0");
        Self::ALL.iter().copied().find(|v| {
            let (m, n) = v.as_str().split_once('.').unwrap_or((v.as_str(), "0"));
            m == major && n == minor
        })
    }
}

impl fmt::Display for ProtocolVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The interface chosen from a card, with what the client understood of it.
#[derive(Debug, Clone)]
pub(crate) struct Selected {
    pub(crate) interface: AgentInterface,
    pub(crate) binding: Binding,
    pub(crate) version: ProtocolVersion,
}

/// Picks the interface to use from `card.supportedInterfaces`.
///
/// Only interfaces whose binding is in `bindings` and whose version is in `versions` are
/// candidates. Among them the client's preference decides, version first (a newer
/// protocol is worth more than a preferred binding), then binding; the agent's order
/// breaks ties, so with the defaults this is the "first supported entry" of §8.3.2.
pub(crate) fn select(card: &AgentCard, bindings: &[Binding], versions: &[ProtocolVersion]) -> Result<Selected, Error> {
    let best = card
        .supported_interfaces
        .iter()
        .enumerate()
        .filter_map(|(i, iface)| {
            let binding = Binding::from_card(&iface.protocol_binding)?;
            let version = ProtocolVersion::from_card(&iface.protocol_version)?;
            // v0.3 is spoken over JSON-RPC only.
            if version == ProtocolVersion::V0_3 && binding != Binding::JsonRpc {
                return None;
            }
            let b = bindings.iter().position(|x| *x == binding)?;
            let v = versions.iter().position(|x| *x == version)?;
            Some(((v, b, i), Selected { interface: iface.clone(), binding, version }))
        })
        .min_by_key(|(rank, _)| *rank)
        .map(|(_, s)| s);
    best.ok_or_else(|| {
        let offered: Vec<String> = card
            .supported_interfaces
            .iter()
            .map(|i| format!("{} {} at {}", i.protocol_binding, i.protocol_version, i.url))
            .collect();
        let wanted: Vec<String> =
            bindings.iter().flat_map(|b| versions.iter().map(move |v| format!("{b} {v}"))).collect();
        Error::config(format!(
            "agent card offers no interface this client speaks: it offers [{}], the client accepts [{}]",
            offered.join(", "),
            wanted.join(", ")
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use a2a_types::AgentCapabilities;

    fn card(interfaces: Vec<AgentInterface>) -> AgentCard {
        AgentCard::new("a", "d", interfaces, "1", AgentCapabilities::new(), vec![], vec![], vec![])
    }

    #[test]
    fn first_supported_interface_wins() {
        let c = card(vec![
            AgentInterface::new("http://a/grpc", "GRPC", "1.0"),
            AgentInterface::new("http://a/old", "JSONRPC", "0.3"),
            AgentInterface::new("http://a/rpc", "JSONRPC", "1.0").with_tenant("t1"),
            AgentInterface::new("http://a/rpc2", "JSONRPC", "1.0"),
        ]);
        let s = select(&c, Binding::ALL, ProtocolVersion::ALL).unwrap();
        assert_eq!(s.interface.url, "http://a/rpc");
        assert_eq!(s.interface.tenant.as_deref(), Some("t1"));
        assert_eq!(s.binding, Binding::JsonRpc);
        assert_eq!(s.version, ProtocolVersion::V1_0);
    }

    #[test]
    fn versions_tolerate_a_patch_number_and_names_ignore_case() {
        assert_eq!(ProtocolVersion::from_card("1.0.1"), Some(ProtocolVersion::V1_0));
        assert_eq!(ProtocolVersion::from_card("1"), Some(ProtocolVersion::V1_0));
        assert_eq!(ProtocolVersion::from_card("1.1"), None);
        assert_eq!(ProtocolVersion::from_card("0.3"), Some(ProtocolVersion::V0_3));
        assert_eq!(ProtocolVersion::from_card("0.3.0"), Some(ProtocolVersion::V0_3));
        assert_eq!(ProtocolVersion::from_card("0.2.5"), None);
        assert_eq!(Binding::from_card("jsonrpc"), Some(Binding::JsonRpc));
        assert_eq!(Binding::from_card("http+json"), Some(Binding::HttpJson));
        assert_eq!(Binding::from_card("GRPC"), None);
    }

    #[test]
    fn no_supported_interface_is_a_config_error() {
        let c = card(vec![AgentInterface::new("http://a/grpc", "GRPC", "1.0")]);
        let e = select(&c, Binding::ALL, ProtocolVersion::ALL).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Config);
        assert!(e.to_string().contains("GRPC 1.0 at http://a/grpc"), "{e}");
    }

    #[test]
    fn an_empty_preference_list_matches_nothing() {
        let c = card(vec![AgentInterface::new("http://a/rpc", "JSONRPC", "1.0")]);
        assert!(select(&c, &[], ProtocolVersion::ALL).is_err());
    }
}
