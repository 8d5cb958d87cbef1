//! Security schemes and security requirements of agent cards and skills.

use super::super::ConversionError;
use crate::generated::{v0_3, v1};
use std::collections::BTreeMap;

/// A v0.3 security requirement: scheme name → scopes.
pub(crate) type Requirement = BTreeMap<String, Vec<String>>;

pub(crate) fn requirement_to_v0_3(requirement: v1::SecurityRequirement) -> Requirement {
    let v1::SecurityRequirement { schemes } = requirement;
    schemes.into_iter().map(|(name, scopes)| (name, scopes.list)).collect()
}

pub(crate) fn requirement_to_v1(requirement: Requirement) -> v1::SecurityRequirement {
    let schemes = requirement.into_iter().map(|(name, list)| (name, v1::StringList { list })).collect();
    v1::SecurityRequirement { schemes }
}

impl From<v1::SecurityScheme> for v0_3::SecurityScheme {
    /// OAuth 2.0 flows that v0.3 cannot express are left out of `flows`; see
    /// [`OAuthFlows`](v0_3::OAuthFlows).
    fn from(scheme: v1::SecurityScheme) -> Self {
        match scheme {
            v1::SecurityScheme::ApiKeySecurityScheme(v1::ApiKeySecurityScheme { description, location, name }) => {
                let mut s = v0_3::ApiKeySecurityScheme::new(location, name);
                s.description = description;
                Self::ApiKey(s)
            }
            v1::SecurityScheme::HttpAuthSecurityScheme(v1::HttpAuthSecurityScheme {
                description,
                scheme,
                bearer_format,
            }) => {
                let mut s = v0_3::HttpAuthSecurityScheme::new(scheme);
                s.description = description;
                s.bearer_format = bearer_format;
                Self::Http(s)
            }
            v1::SecurityScheme::Oauth2SecurityScheme(v1::OAuth2SecurityScheme {
                description,
                flows,
                oauth2_metadata_url,
            }) => {
                let mut s = v0_3::OAuth2SecurityScheme::new(flows_to_v0_3(flows));
                s.description = description;
                s.oauth2_metadata_url = oauth2_metadata_url;
                Self::Oauth2(s)
            }
            v1::SecurityScheme::OpenIdConnectSecurityScheme(v1::OpenIdConnectSecurityScheme {
                description,
                open_id_connect_url,
            }) => {
                let mut s = v0_3::OpenIdConnectSecurityScheme::new(open_id_connect_url);
                s.description = description;
                Self::OpenIdConnect(s)
            }
            v1::SecurityScheme::MtlsSecurityScheme(v1::MutualTlsSecurityScheme { description }) => {
                let mut s = v0_3::MutualTlsSecurityScheme::new();
                s.description = description;
                Self::MutualTls(s)
            }
        }
    }
}

impl TryFrom<v0_3::SecurityScheme> for v1::SecurityScheme {
    type Error = ConversionError;

    /// Fails only for an OAuth 2.0 scheme without any flow ([`ConversionError::NoOAuthFlow`]).
    fn try_from(scheme: v0_3::SecurityScheme) -> Result<Self, Self::Error> {
        Ok(match scheme {
            v0_3::SecurityScheme::ApiKey(s) => Self::ApiKeySecurityScheme(v1::ApiKeySecurityScheme {
                description: s.description,
                location: s.r#in,
                name: s.name,
            }),
            v0_3::SecurityScheme::Http(s) => Self::HttpAuthSecurityScheme(v1::HttpAuthSecurityScheme {
                description: s.description,
                scheme: s.scheme,
                bearer_format: s.bearer_format,
            }),
            v0_3::SecurityScheme::Oauth2(s) => Self::Oauth2SecurityScheme(v1::OAuth2SecurityScheme {
                description: s.description,
                flows: flows_to_v1(s.flows).ok_or(ConversionError::NoOAuthFlow)?,
                oauth2_metadata_url: s.oauth2_metadata_url,
            }),
            v0_3::SecurityScheme::OpenIdConnect(s) => {
                Self::OpenIdConnectSecurityScheme(v1::OpenIdConnectSecurityScheme {
                    description: s.description,
                    open_id_connect_url: s.open_id_connect_url,
                })
            }
            v0_3::SecurityScheme::MutualTls(s) => {
                Self::MtlsSecurityScheme(v1::MutualTlsSecurityScheme { description: s.description })
            }
        })
    }
}

/// The one v1.0 flow in v0.3's list of flows: `pkceRequired` is dropped, the device code
/// flow has no v0.3 form, and the deprecated flows need the URL v1.0 made optional.
fn flows_to_v0_3(flows: v1::OAuthFlows) -> v0_3::OAuthFlows {
    let mut out = v0_3::OAuthFlows::new();
    match flows {
        v1::OAuthFlows::AuthorizationCode(v1::AuthorizationCodeOAuthFlow {
            authorization_url,
            token_url,
            refresh_url,
            scopes,
            pkce_required: _,
        }) => {
            let mut f = v0_3::AuthorizationCodeOAuthFlow::new(authorization_url, token_url, scopes);
            f.refresh_url = refresh_url;
            out.authorization_code = Some(f);
        }
        v1::OAuthFlows::ClientCredentials(v1::ClientCredentialsOAuthFlow { token_url, refresh_url, scopes }) => {
            let mut f = v0_3::ClientCredentialsOAuthFlow::new(token_url, scopes);
            f.refresh_url = refresh_url;
            out.client_credentials = Some(f);
        }
        v1::OAuthFlows::Implicit(v1::ImplicitOAuthFlow { authorization_url, refresh_url, scopes }) => {
            out.implicit = authorization_url.map(|url| {
                let mut f = v0_3::ImplicitOAuthFlow::new(url, scopes);
                f.refresh_url = refresh_url;
                f
            });
        }
        v1::OAuthFlows::Password(v1::PasswordOAuthFlow { token_url, refresh_url, scopes }) => {
            out.password = token_url.map(|url| {
                let mut f = v0_3::PasswordOAuthFlow::new(url, scopes);
                f.refresh_url = refresh_url;
                f
            });
        }
        v1::OAuthFlows::DeviceCode(_) => {}
    }
    out
}

/// The first flow v0.3 lists, in the order authorization code, client credentials,
/// implicit, password; `None` when there is none.
fn flows_to_v1(flows: v0_3::OAuthFlows) -> Option<v1::OAuthFlows> {
    let v0_3::OAuthFlows { authorization_code, client_credentials, implicit, password } = flows;
    if let Some(v0_3::AuthorizationCodeOAuthFlow { authorization_url, token_url, refresh_url, scopes }) =
        authorization_code
    {
        return Some(v1::OAuthFlows::AuthorizationCode(v1::AuthorizationCodeOAuthFlow {
            authorization_url,
            token_url,
            refresh_url,
            scopes,
            pkce_required: false,
        }));
    }
    if let Some(v0_3::ClientCredentialsOAuthFlow { token_url, refresh_url, scopes }) = client_credentials {
        return Some(v1::OAuthFlows::ClientCredentials(v1::ClientCredentialsOAuthFlow {
            token_url,
            refresh_url,
            scopes,
        }));
    }
    if let Some(v0_3::ImplicitOAuthFlow { authorization_url, refresh_url, scopes }) = implicit {
        return Some(v1::OAuthFlows::Implicit(v1::ImplicitOAuthFlow {
            authorization_url: Some(authorization_url),
            refresh_url,
            scopes,
        }));
    }
    password.map(|v0_3::PasswordOAuthFlow { token_url, refresh_url, scopes }| {
        v1::OAuthFlows::Password(v1::PasswordOAuthFlow { token_url: Some(token_url), refresh_url, scopes })
    })
}
