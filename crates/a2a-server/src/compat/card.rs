//! The agent card for both generations: the v1.0 card with the v0.3 fields added, so that
//! v0.3 clients (which read `url`, `preferredTransport` and `protocolVersion`) and v1.0
//! clients (which read `supportedInterfaces`) find what they need in one document.

use a2a_types::AgentCard;
use a2a_types::v0_3::{self, ConversionError};
use serde_json::{Map, Value};

/// The card as v1.0 JSON, plus every v0.3 field whose name v1.0 does not use (`url`,
/// `preferredTransport`, `protocolVersion`, `additionalInterfaces`,
/// `supportsAuthenticatedExtendedCard`, and inside `capabilities` whatever v0.3 adds).
///
/// Where both generations use a name with different shapes (`securitySchemes`, the
/// security requirements of skills), the v1.0 form is kept: a v0.3 client that needs
/// those reads them from `/v1/card` or `agent/getAuthenticatedExtendedCard`, which
/// answer in v0.3 form.
pub(crate) fn both_generations(card: &AgentCard) -> Vec<u8> {
    let mut json = serde_json::to_value(card).expect("agent cards always serialize");
    match v0_3::AgentCard::try_from(card.clone()) {
        Ok(old) => {
            let old = serde_json::to_value(old).expect("agent cards always serialize");
            if let (Value::Object(new), Value::Object(old)) = (&mut json, old) {
                add_missing(new, old);
            }
        }
        Err(e) => tracing::warn!(error = %e, "the agent card has no v0.3 form; serving the v1.0 card only"),
    }
    serde_json::to_vec(&json).expect("JSON values always serialize")
}

/// Adds the members of `old` that `new` lacks, and merges `capabilities` member by member.
fn add_missing(new: &mut Map<String, Value>, old: Map<String, Value>) {
    for (key, value) in old {
        match (new.get_mut(&key), value) {
            (None, value) => {
                new.insert(key, value);
            }
            (Some(Value::Object(inner)), Value::Object(old_inner)) if key == "capabilities" => {
                for (k, v) in old_inner {
                    inner.entry(k).or_insert(v);
                }
            }
            _ => {}
        }
    }
}

/// The card in v0.3 form alone, for v0.3 operations that return a card.
pub(crate) fn v0_3_json(card: &AgentCard) -> Result<Vec<u8>, ConversionError> {
    let old = v0_3::AgentCard::try_from(card.clone())?;
    Ok(serde_json::to_vec(&old).expect("agent cards always serialize"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use a2a_types::AgentInterface;

    #[test]
    fn the_served_card_carries_both_generations() {
        let mut card = AgentCard::named("A", "B", "1.0.0");
        card.supported_interfaces = vec![
            AgentInterface::new("http://h/", "JSONRPC", "1.0"),
            AgentInterface::new("http://h", "HTTP+JSON", "1.0"),
            AgentInterface::new("http://h/", "JSONRPC", "0.3"),
        ];
        card.capabilities.streaming = Some(true);
        let json: Value = serde_json::from_slice(&both_generations(&card)).unwrap();
        assert_eq!(json["supportedInterfaces"].as_array().unwrap().len(), 3);
        assert_eq!(json["url"], "http://h/");
        assert_eq!(json["preferredTransport"], "JSONRPC");
        assert_eq!(json["protocolVersion"], "0.3.0");
        assert_eq!(json["capabilities"]["streaming"], true);
        assert!(json["additionalInterfaces"].as_array().unwrap().iter().any(|i| i["transport"] == "HTTP+JSON"));
        // Still a valid v1.0 card and a valid v0.3 card.
        a2a_types::from_value::<AgentCard>(json.clone()).unwrap();
        a2a_types::from_value::<v0_3::AgentCard>(json).unwrap();
    }
}
