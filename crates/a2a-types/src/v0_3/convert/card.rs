//! Agent cards, with their interfaces, capabilities, extensions and skills.

use super::super::{ConversionError, DEFAULT_TRANSPORT, INTERFACE_PROTOCOL_VERSION, PROTOCOL_VERSION};
use super::security::{requirement_to_v0_3, requirement_to_v1};
use crate::generated::{v0_3, v1};

impl TryFrom<v1::AgentCard> for v0_3::AgentCard {
    type Error = ConversionError;

    /// The first interface gives `url` and `preferredTransport`; `additionalInterfaces`
    /// lists every distinct (url, binding) pair, the first one included. Tenants,
    /// per-interface protocol versions and `signatures` are dropped.
    fn try_from(card: v1::AgentCard) -> Result<Self, Self::Error> {
        let v1::AgentCard {
            name,
            description,
            supported_interfaces,
            provider,
            version,
            documentation_url,
            capabilities,
            security_schemes,
            security_requirements,
            default_input_modes,
            default_output_modes,
            skills,
            signatures: _,
            icon_url,
        } = card;
        let main = supported_interfaces.first().ok_or(ConversionError::NoInterface)?;
        let (url, preferred_transport) = (main.url.clone(), main.protocol_binding.clone());
        let mut additional_interfaces: Vec<v0_3::AgentInterface> = Vec::new();
        for interface in supported_interfaces {
            let entry = v0_3::AgentInterface { url: interface.url, transport: interface.protocol_binding };
            if !additional_interfaces.contains(&entry) {
                additional_interfaces.push(entry);
            }
        }
        let v1::AgentCapabilities { streaming, push_notifications, extensions, extended_agent_card } = capabilities;
        Ok(v0_3::AgentCard {
            protocol_version: PROTOCOL_VERSION.to_string(),
            name,
            description,
            url,
            preferred_transport: Some(preferred_transport),
            additional_interfaces,
            icon_url,
            provider: provider.map(|v1::AgentProvider { url, organization }| v0_3::AgentProvider { organization, url }),
            version,
            documentation_url,
            capabilities: v0_3::AgentCapabilities {
                streaming,
                push_notifications,
                state_transition_history: None,
                extensions: extensions.into_iter().map(v0_3::AgentExtension::try_from).collect::<Result<_, _>>()?,
            },
            security_schemes: security_schemes.into_iter().map(|(name, s)| (name, s.into())).collect(),
            security: security_requirements.into_iter().map(requirement_to_v0_3).collect(),
            default_input_modes,
            default_output_modes,
            skills: skills.into_iter().map(v0_3::AgentSkill::from).collect(),
            supports_authenticated_extended_card: extended_agent_card,
            signatures: Vec::new(),
        })
    }
}

impl From<v0_3::AgentCard> for v1::AgentCard {
    /// `supportedInterfaces` starts with `url` and `preferredTransport`, followed by the
    /// `additionalInterfaces` not already listed, all with `protocolVersion` `0.3`. Security
    /// schemes that v1.0 cannot express (OAuth 2.0 without a flow), `stateTransitionHistory`
    /// and `signatures` are dropped.
    fn from(card: v0_3::AgentCard) -> Self {
        let v0_3::AgentCard {
            protocol_version: _,
            name,
            description,
            url,
            preferred_transport,
            additional_interfaces,
            icon_url,
            provider,
            version,
            documentation_url,
            capabilities,
            security_schemes,
            security,
            default_input_modes,
            default_output_modes,
            skills,
            supports_authenticated_extended_card,
            signatures: _,
        } = card;
        let main = v0_3::AgentInterface {
            url,
            transport: preferred_transport.unwrap_or_else(|| DEFAULT_TRANSPORT.to_string()),
        };
        let mut interfaces = vec![main];
        for interface in additional_interfaces {
            if !interfaces.contains(&interface) {
                interfaces.push(interface);
            }
        }
        let v0_3::AgentCapabilities { streaming, push_notifications, state_transition_history: _, extensions } =
            capabilities;
        v1::AgentCard {
            name,
            description,
            supported_interfaces: interfaces
                .into_iter()
                .map(|i| v1::AgentInterface {
                    url: i.url,
                    protocol_binding: i.transport,
                    tenant: None,
                    protocol_version: INTERFACE_PROTOCOL_VERSION.to_string(),
                })
                .collect(),
            provider: provider.map(|v0_3::AgentProvider { organization, url }| v1::AgentProvider { url, organization }),
            version,
            documentation_url,
            capabilities: v1::AgentCapabilities {
                streaming,
                push_notifications,
                extensions: extensions.into_iter().map(v1::AgentExtension::from).collect(),
                extended_agent_card: supports_authenticated_extended_card,
            },
            security_schemes: security_schemes
                .into_iter()
                .filter_map(|(name, s)| v1::SecurityScheme::try_from(s).ok().map(|s| (name, s)))
                .collect(),
            security_requirements: security.into_iter().map(requirement_to_v1).collect(),
            default_input_modes,
            default_output_modes,
            skills: skills.into_iter().map(v1::AgentSkill::from).collect(),
            signatures: Vec::new(),
            icon_url,
        }
    }
}

impl TryFrom<v1::AgentExtension> for v0_3::AgentExtension {
    type Error = ConversionError;

    /// `required: false` is written by leaving `required` out.
    fn try_from(extension: v1::AgentExtension) -> Result<Self, Self::Error> {
        let v1::AgentExtension { uri, description, required, params } = extension;
        Ok(v0_3::AgentExtension {
            uri: uri.ok_or(ConversionError::ExtensionWithoutUri)?,
            description,
            required: required.then_some(true),
            params,
        })
    }
}

impl From<v0_3::AgentExtension> for v1::AgentExtension {
    fn from(extension: v0_3::AgentExtension) -> Self {
        let v0_3::AgentExtension { uri, description, required, params } = extension;
        v1::AgentExtension { uri: Some(uri), description, required: required.unwrap_or(false), params }
    }
}

impl From<v1::AgentSkill> for v0_3::AgentSkill {
    fn from(skill: v1::AgentSkill) -> Self {
        let v1::AgentSkill { id, name, description, tags, examples, input_modes, output_modes, security_requirements } =
            skill;
        v0_3::AgentSkill {
            id,
            name,
            description,
            tags,
            examples,
            input_modes,
            output_modes,
            security: security_requirements.into_iter().map(requirement_to_v0_3).collect(),
        }
    }
}

impl From<v0_3::AgentSkill> for v1::AgentSkill {
    fn from(skill: v0_3::AgentSkill) -> Self {
        let v0_3::AgentSkill { id, name, description, tags, examples, input_modes, output_modes, security } = skill;
        v1::AgentSkill {
            id,
            name,
            description,
            tags,
            examples,
            input_modes,
            output_modes,
            security_requirements: security.into_iter().map(requirement_to_v1).collect(),
        }
    }
}
