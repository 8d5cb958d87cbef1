//! The HTTP+JSON/REST binding: error bodies and statuses, content types, and the two
//! forms of the subscribe route.

use crate::conformance::check::{Applies, Binding, Check, Stop, Verdict, Version, check, ensure, fail};
use crate::conformance::cx::{Cap, Cx, content_type_is};
use crate::conformance::errors::{A2aError, WireError, compact, error_info};
use crate::conformance::http::{Method, Request};
use crate::conformance::ops::{Answer, CallOpts, Op, VersionHeader};
use crate::conformance::wire::{self, Dialect, Kind, SendOpts, State};
use serde_json::{Value, json};

pub(crate) fn checks() -> Vec<Check> {
    let rest = Applies::Binding(Binding::Rest);
    let rest_v1 = Applies::Only(Binding::Rest, Version::V1_0);
    vec![
        check!(
            "rest.error-format",
            "11.6, 5.4",
            Must,
            rest_v1,
            "A2A errors are google.rpc.Status JSON with the table's HTTP status and an ErrorInfo naming the error",
            error_format
        ),
        check!(
            "rest.error-status",
            "5.4",
            v03 = "3.2.3",
            Must,
            rest,
            "Each A2A error comes with its HTTP status (404 task not found, 400 not cancelable, …)",
            error_status
        ),
        check!(
            "rest.content-type",
            "11.1",
            v03 = "3.2.3",
            Must,
            rest,
            "REST results are JSON: Content-Type application/json or application/a2a+json",
            content_type
        ),
        check!(
            "rest.a2a-json-request",
            "11.1, 14.1",
            Must,
            rest_v1,
            "A request sent as application/a2a+json is served",
            a2a_json_request
        ),
        check!(
            "rest.subscribe-get",
            "11.3.2",
            Should,
            rest,
            "Subscribing also works through GET /tasks/{id}:subscribe, the proto's form of the route",
            subscribe_get
        ),
    ]
}

/// Produces each A2A error the conformance agent can be led into: the request that got it,
/// the error expected, and the error that came.
async fn errors(cx: &Cx) -> Result<Vec<(A2aError, WireError)>, Stop> {
    let mut out = Vec::new();
    let expect = |answer: Answer, e: A2aError| -> Result<(A2aError, WireError), Stop> {
        match answer {
            Answer::Err(w) => Ok((e, w)),
            Answer::Ok(r) => fail(format!(
                "{}: expected {}, got a result: {}",
                r.request,
                e.expected(Binding::Rest, cx.dialect() == Dialect::V1),
                compact(&r.result)
            )),
        }
    };
    out.push(expect(cx.get(&cx.unknown_task_id(), None).await?, A2aError::TaskNotFound)?);
    let task = cx.completed_task("tck-complete-task").await?;
    let id = cx.task_id(&task, "SendMessage")?;
    out.push(expect(cx.cancel(&id).await?, A2aError::TaskNotCancelable)?);
    let follow_up = cx.msg("tck-complete-task").in_task(&id);
    out.push(expect(cx.send(&follow_up, SendOpts::default()).await?, A2aError::UnsupportedOperation)?);
    if cx.version() == Version::V1_0 {
        let opts = CallOpts { version: VersionHeader::Send("99.0".into()), ..CallOpts::default() };
        out.push(expect(cx.call_with(Op::Get, json!({"id": id}), &opts).await?, A2aError::VersionNotSupported)?);
    }
    if !cx.has(Cap::PushNotifications) {
        let params = match cx.version() {
            Version::V1_0 => json!({"taskId": id, "url": "https://example.com/webhook"}),
            Version::V0_3 => json!({"taskId": id, "pushNotificationConfig": {"url": "https://example.com/webhook"}}),
        };
        out.push(expect(cx.call(Op::PushCreate, params).await?, A2aError::PushNotificationNotSupported)?);
    }
    Ok(out)
}

async fn error_format(cx: Cx) -> Verdict {
    for (expected, got) in errors(&cx).await? {
        let at = &got.request;
        got.expect(&[expected]).map_err(Stop::Fail)?;
        let Some(error) = got.body.get("error").filter(|e| e.is_object()) else {
            return fail(format!(
                "{at}: expected a body {{\"error\": {{…}}}} (google.rpc.Status), got {}",
                compact(&got.body)
            ));
        };
        ensure(error.get("code") == Some(&json!(got.http_status)), || {
            format!("{at}: error.code must repeat the HTTP status {}, got {}", got.http_status, compact(&error["code"]))
        })?;
        ensure(error.get("message").is_some_and(Value::is_string), || format!("{at}: error.message must be a string"))?;
        if let Some(status) = error.get("status") {
            ensure(status == &json!(expected.grpc_status()), || {
                format!("{at}: error.status must be {:?} for {}, got {status}", expected.grpc_status(), expected.name())
            })?;
        }
        let details = error.get("details").and_then(Value::as_array).cloned().unwrap_or_default();
        for (i, d) in details.iter().enumerate() {
            ensure(d.get("@type").and_then(Value::as_str).is_some(), || {
                format!("{at}: error.details[{i}] has no string @type")
            })?;
        }
        let info = error_info(error.get("details"));
        let domain = info.and_then(|i| i.get("domain"));
        ensure(domain == Some(&json!("a2a-protocol.org")), || {
            format!("{at}: the ErrorInfo's domain must be \"a2a-protocol.org\", got {domain:?}")
        })?;
    }
    Ok(())
}

async fn error_status(cx: Cx) -> Verdict {
    for (expected, got) in errors(&cx).await? {
        got.expect(&[expected]).map_err(Stop::Fail)?;
    }
    Ok(())
}

async fn content_type(cx: Cx) -> Verdict {
    let task = cx.completed_task("tck-complete-task").await?;
    let id = cx.task_id(&task, "SendMessage")?;
    let (_, reply) = cx.get_task(&id, None).await?;
    let ct = reply.headers.get("content-type").and_then(|v| v.to_str().ok());
    content_type_is(ct, &["application/json", "application/a2a+json"], &reply.request)
}

async fn a2a_json_request(cx: Cx) -> Verdict {
    let interface = cx.interface()?;
    let tenant =
        interface.tenant.as_ref().map(|t| format!("/{}", crate::conformance::http::encode(t))).unwrap_or_default();
    let base = format!("{}{tenant}", interface.url.trim_end_matches('/'));
    let msg = cx.msg("tck-complete-task");
    let body = wire::send_params(cx.dialect(), msg.to_json(cx.dialect()), SendOpts::default());
    let url = format!("{base}/message:send");
    let req = Request::new(Method::POST, &url)
        .header("Content-Type", "application/a2a+json")
        .header("A2A-Version", "1.0")
        .body(body.to_string().into_bytes());
    let res = cx.http().send(req).await.map_err(Stop::Fail)?;
    let what = format!("POST /message:send as application/a2a+json [messageId {}]", msg.id);
    ensure(res.status == 200, || {
        format!(
            "{what}: expected HTTP 200, got {} {}",
            res.status,
            String::from_utf8_lossy(&res.body).chars().take(160).collect::<String>()
        )
    })
}

async fn subscribe_get(cx: Cx) -> Verdict {
    cx.require(Cap::Streaming)?;
    let task = cx.running_task().await?;
    let id = cx.task_id(&task, "SendMessage")?;
    let opts = CallOpts { get_subscribe: true, ..CallOpts::default() };
    let mut stream = cx.subscribe_with(&id, &opts).await?.events()?;
    let first = stream.expect_next().await?;
    cx.cancel_quietly(&id).await;
    ensure(matches!(first.kind(cx.dialect()), Some((Kind::Task, _))), || {
        format!("{}: expected the first event to be the Task, got {}", stream.label(), stream.seen())
    })?;
    let rest = stream.until_final().await?;
    let ended = rest.last().and_then(|e| e.kind(cx.dialect())).and_then(|(_, v)| wire::state_of(cx.dialect(), v));
    ensure(ended == Some(State::Canceled), || {
        format!("{}: expected the stream to end canceled, got {}", stream.label(), stream.seen())
    })
}
