//! REST routing: from a request path (below the interface's base path) and HTTP method to
//! an operation, and from query strings to request fields. Pure functions, no I/O.

use a2a_types::{Method, TaskId};

/// An operation of the REST binding, with the ids its path carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Route {
    /// `POST /message:send`
    SendMessage,
    /// `POST /message:stream`
    SendStreamingMessage,
    /// `GET /tasks/{id}`
    GetTask(TaskId),
    /// `GET /tasks`
    ListTasks,
    /// `POST /tasks/{id}:cancel`
    CancelTask(TaskId),
    /// `GET` or `POST /tasks/{id}:subscribe`
    SubscribeToTask(TaskId),
    /// `POST` (create) or `GET` (list) `/tasks/{id}/pushNotificationConfigs`
    PushConfigs(TaskId),
    /// `GET` or `DELETE /tasks/{id}/pushNotificationConfigs/{configId}`
    PushConfig(TaskId, String),
    /// `GET /extendedAgentCard`
    ExtendedAgentCard,
}

/// A resolved request: the tenant of a `/{tenant}/...` path and the operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    pub(crate) tenant: Option<String>,
    pub(crate) route: Route,
}

/// Why a path or method does not name an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Miss {
    /// No operation lives at this path.
    NotFound,
    /// An operation lives here, but not for this method; `allow` lists the methods that work.
    Method { allow: &'static str },
    /// A path segment is not valid percent-encoded UTF-8.
    BadEncoding,
}

impl Route {
    /// The HTTP methods this route answers, as an `Allow` header value.
    pub(crate) fn allow(&self) -> &'static str {
        match self {
            Self::SendMessage | Self::SendStreamingMessage | Self::CancelTask(_) => "POST",
            Self::GetTask(_) | Self::ListTasks | Self::ExtendedAgentCard => "GET",
            Self::SubscribeToTask(_) | Self::PushConfigs(_) => "GET, POST",
            Self::PushConfig(..) => "GET, DELETE",
        }
    }

    /// The operation, for the version and capability checks shared with JSON-RPC.
    pub(crate) fn method(&self, http: &http::Method) -> Method {
        match self {
            Self::SendMessage => Method::SendMessage,
            Self::SendStreamingMessage => Method::SendStreamingMessage,
            Self::GetTask(_) => Method::GetTask,
            Self::ListTasks => Method::ListTasks,
            Self::CancelTask(_) => Method::CancelTask,
            Self::SubscribeToTask(_) => Method::SubscribeToTask,
            Self::PushConfigs(_) if http == http::Method::POST => Method::CreateTaskPushNotificationConfig,
            Self::PushConfigs(_) => Method::ListTaskPushNotificationConfigs,
            Self::PushConfig(..) if http == http::Method::DELETE => Method::DeleteTaskPushNotificationConfig,
            Self::PushConfig(..) => Method::GetTaskPushNotificationConfig,
            Self::ExtendedAgentCard => Method::GetExtendedAgentCard,
        }
    }

    /// Whether the route's operation answers with an event stream.
    pub(crate) fn streams(&self) -> bool {
        matches!(self, Self::SendStreamingMessage | Self::SubscribeToTask(_))
    }
}

/// Resolves `path` (what follows the interface's base path, starting with `/`) for `method`.
///
/// A first segment that is not one of the binding's own (`message:send`, `tasks`, ...)
/// and is followed by more segments is a tenant, as in `/{tenant}/tasks/{id}`.
pub(crate) fn resolve(method: &http::Method, path: &str) -> Result<Target, Miss> {
    let rest = path.strip_prefix('/').ok_or(Miss::NotFound)?;
    let segments: Vec<&str> = rest.split('/').collect();
    let (tenant, segments) = match segments.as_slice() {
        [first, more @ ..] if !more.is_empty() && !is_own(first) => (Some(decode(first)?), more),
        all => (None, all),
    };
    if tenant.as_deref() == Some("") {
        return Err(Miss::NotFound);
    }
    let route = match segments {
        ["message:send"] => Route::SendMessage,
        ["message:stream"] => Route::SendStreamingMessage,
        ["extendedAgentCard"] => Route::ExtendedAgentCard,
        ["tasks"] => Route::ListTasks,
        ["tasks", id] => match id.rsplit_once(':') {
            Some((id, "cancel")) => Route::CancelTask(task_id(id)?),
            Some((id, "subscribe")) => Route::SubscribeToTask(task_id(id)?),
            _ => Route::GetTask(task_id(id)?),
        },
        ["tasks", id, "pushNotificationConfigs"] => Route::PushConfigs(task_id(id)?),
        ["tasks", id, "pushNotificationConfigs", config] if !config.is_empty() => {
            Route::PushConfig(task_id(id)?, decode(config)?)
        }
        _ => return Err(Miss::NotFound),
    };
    let allowed = match &route {
        Route::SubscribeToTask(_) | Route::PushConfigs(_) => {
            method == http::Method::GET || method == http::Method::POST
        }
        Route::PushConfig(..) => method == http::Method::GET || method == http::Method::DELETE,
        other => other.allow() == method.as_str(),
    };
    if !allowed {
        return Err(Miss::Method { allow: route.allow() });
    }
    Ok(Target { tenant, route })
}

fn is_own(segment: &str) -> bool {
    matches!(segment, "message:send" | "message:stream" | "tasks" | "extendedAgentCard")
}

fn task_id(segment: &str) -> Result<TaskId, Miss> {
    let id = decode(segment)?;
    if id.is_empty() { Err(Miss::NotFound) } else { Ok(TaskId::from(id)) }
}

/// Percent-decodes a path segment or query component (RFC 3986). `+` stays a `+`: only
/// HTML forms give it a meaning, and a timestamp offset such as `+01:00` must survive.
pub(crate) fn decode(text: &str) -> Result<String, Miss> {
    if !text.contains('%') {
        return Ok(text.to_string());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(Miss::BadEncoding)?;
            let hex = std::str::from_utf8(hex).map_err(|_| Miss::BadEncoding)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| Miss::BadEncoding)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| Miss::BadEncoding)
}

/// The kind of JSON value a query parameter becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    String,
    Integer,
    Bool,
}

/// Reads the query parameters named in `fields` into a JSON object, typed as `fields`
/// says, so that the request type's own decoding checks them (enum names, timestamps).
/// Parameters not in `fields` are ignored; a repeated one keeps its last value.
pub(crate) fn query_object(
    query: Option<&str>,
    fields: &[(&str, Kind)],
) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    let mut object = serde_json::Map::new();
    for pair in query.unwrap_or_default().split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = decode(key).map_err(|_| format!("query parameter {key:?} is not valid percent-encoding"))?;
        let Some(&(name, kind)) = fields.iter().find(|(name, _)| *name == key) else { continue };
        let value = decode(value).map_err(|_| format!("query parameter {name} is not valid percent-encoding"))?;
        let json = match kind {
            Kind::String => serde_json::Value::String(value),
            Kind::Integer => value
                .parse::<i64>()
                .map(serde_json::Value::from)
                .map_err(|_| format!("query parameter {name} must be an integer, got {value:?}"))?,
            Kind::Bool => match value.as_str() {
                "true" => serde_json::Value::Bool(true),
                "false" => serde_json::Value::Bool(false),
                _ => return Err(format!("query parameter {name} must be true or false, got {value:?}")),
            },
        };
        object.insert(name.to_string(), json);
    }
    Ok(object)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::Method as M;

    fn route(method: M, path: &str) -> Result<(Option<String>, Route), Miss> {
        resolve(&method, path).map(|t| (t.tenant, t.route))
    }

    #[test]
    fn every_route_resolves_with_and_without_a_tenant() {
        let id = || TaskId::from("t-1");
        let cases = [
            (M::POST, "/message:send", Route::SendMessage),
            (M::POST, "/message:stream", Route::SendStreamingMessage),
            (M::GET, "/tasks/t-1", Route::GetTask(id())),
            (M::GET, "/tasks", Route::ListTasks),
            (M::POST, "/tasks/t-1:cancel", Route::CancelTask(id())),
            (M::GET, "/tasks/t-1:subscribe", Route::SubscribeToTask(id())),
            (M::POST, "/tasks/t-1:subscribe", Route::SubscribeToTask(id())),
            (M::POST, "/tasks/t-1/pushNotificationConfigs", Route::PushConfigs(id())),
            (M::GET, "/tasks/t-1/pushNotificationConfigs", Route::PushConfigs(id())),
            (M::GET, "/tasks/t-1/pushNotificationConfigs/c-1", Route::PushConfig(id(), "c-1".into())),
            (M::DELETE, "/tasks/t-1/pushNotificationConfigs/c-1", Route::PushConfig(id(), "c-1".into())),
            (M::GET, "/extendedAgentCard", Route::ExtendedAgentCard),
        ];
        for (method, path, expected) in cases {
            assert_eq!(route(method.clone(), path), Ok((None, expected.clone())), "{method} {path}");
            let tenanted = format!("/acme{path}");
            assert_eq!(route(method.clone(), &tenanted), Ok((Some("acme".into()), expected)), "{method} {tenanted}");
        }
    }

    #[test]
    fn segments_are_percent_decoded() {
        assert_eq!(
            route(M::GET, "/team%20a/tasks/id%3Awith%2Fslash"),
            Ok((Some("team a".into()), Route::GetTask(TaskId::from("id:with/slash"))))
        );
        assert_eq!(route(M::GET, "/tasks/%zz"), Err(Miss::BadEncoding));
        assert_eq!(route(M::GET, "/tasks/%c3%28"), Err(Miss::BadEncoding));
    }

    #[test]
    fn unknown_paths_and_wrong_methods_are_told_apart() {
        assert_eq!(route(M::GET, "/message:send"), Err(Miss::Method { allow: "POST" }));
        assert_eq!(route(M::DELETE, "/tasks/t-1:subscribe"), Err(Miss::Method { allow: "GET, POST" }));
        assert_eq!(route(M::POST, "/tasks"), Err(Miss::Method { allow: "GET" }));
        for path in ["/", "/nope", "/tasks/", "/a/b/message:send", "//tasks", "/tasks/t/other", "message:send"] {
            assert_eq!(route(M::POST, path), Err(Miss::NotFound), "{path}");
        }
    }

    #[test]
    fn query_parameters_become_typed_json() {
        let fields = [("pageSize", Kind::Integer), ("status", Kind::String), ("includeArtifacts", Kind::Bool)];
        let q = "status=TASK_STATE_WORKING&pageSize=5&other=x&includeArtifacts=true&pageSize=7";
        let object = query_object(Some(q), &fields).unwrap();
        assert_eq!(
            serde_json::Value::Object(object),
            serde_json::json!({"status": "TASK_STATE_WORKING", "pageSize": 7, "includeArtifacts": true})
        );
        let stamp = query_object(Some("t=2026-11-21T10%3A00%3A00%2B01:00"), &[("t", Kind::String)]).unwrap();
        assert_eq!(stamp["t"], "2026-11-21T10:00:00+01:00");
        assert!(query_object(Some("pageSize=ten"), &fields).unwrap_err().contains("pageSize"));
        assert!(query_object(Some("includeArtifacts=1"), &fields).unwrap_err().contains("true or false"));
    }
}
