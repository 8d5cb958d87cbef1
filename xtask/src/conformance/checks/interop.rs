//! Bindings side by side: one server answering over JSON-RPC and REST must give the same
//! results (v1.0 §5.1), since both write the same ProtoJSON.

use crate::conformance::check::{Applies, Binding, Check, Verdict, Version, check, fail, skip};
use crate::conformance::cx::Cx;
use serde_json::Value;

pub(crate) fn checks() -> Vec<Check> {
    vec![check!(
        "interop.same-task",
        "5.1",
        Must,
        Applies::Version(Version::V1_0),
        "A task made over one binding reads the same over the other: id, context, status, artifacts, history",
        same_task
    )]
}

async fn same_task(cx: Cx) -> Verdict {
    let other = match cx.binding() {
        Binding::JsonRpc => Binding::Rest,
        Binding::Rest => Binding::JsonRpc,
    };
    let peer = cx.with_binding(other);
    if !peer.has_interface() {
        return skip(format!("the card declares no {}, so there is nothing to compare with", peer.describe_target()));
    }
    let task = cx.completed_task("tck-artifact-text").await?;
    let id = cx.task_id(&task, "SendMessage")?;
    let (mine, _) = cx.get_task(&id, None).await?;
    let (theirs, reply) = peer.get_task(&id, None).await?;
    match first_difference(&mine, &theirs, "$") {
        None => Ok(()),
        Some((path, a, b)) => fail(format!(
            "{} over {}: the task differs from GetTask over {} at {path}: {a} there, {b} here",
            reply.request,
            other.name(),
            cx.binding().name()
        )),
    }
}

/// The first path at which two values differ, with both sides (`nothing` when absent).
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<(String, String, String)> {
    let show = |v: Option<&Value>| v.map_or_else(|| "nothing".to_string(), crate::conformance::errors::compact);
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys = x.keys().chain(y.keys().filter(|k| !x.contains_key(*k)));
            for k in keys {
                let here = format!("{path}.{k}");
                match (x.get(k), y.get(k)) {
                    (Some(u), Some(v)) => {
                        if let Some(d) = first_difference(u, v, &here) {
                            return Some(d);
                        }
                    }
                    (u, v) => return Some((here, show(u), show(v))),
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().find_map(|(i, (u, v))| first_difference(u, v, &format!("{path}[{i}]")))
        }
        _ if a == b => None,
        _ => Some((path.to_string(), show(Some(a)), show(Some(b)))),
    }
}

#[cfg(test)]
mod tests {
    use super::first_difference;
    use serde_json::json;

    #[test]
    fn the_first_difference_names_its_path() {
        let a = json!({"id": "t", "status": {"state": "A"}, "history": [1, 2]});
        assert_eq!(first_difference(&a, &a.clone(), "$"), None);
        let b = json!({"id": "t", "status": {"state": "B"}, "history": [1, 2]});
        assert_eq!(first_difference(&a, &b, "$"), Some(("$.status.state".into(), "\"A\"".into(), "\"B\"".into())));
        let c = json!({"id": "t", "status": {"state": "A"}});
        assert_eq!(first_difference(&a, &c, "$").unwrap().0, "$.history");
    }
}
