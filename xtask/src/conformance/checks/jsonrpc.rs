//! The JSON-RPC binding: the envelope, the standard errors for malformed requests, ids,
//! content types, and the error details A2A adds.

use crate::conformance::check::{Applies, Binding, Check, Stop, Verdict, Version, check, ensure, fail};
use crate::conformance::cx::{Cx, content_type_is};
use crate::conformance::errors::{A2aError, WireError, compact, error_info};
use crate::conformance::http::{Method, Request};
use crate::conformance::ops::{Answer, Op};
use serde_json::{Value, json};

pub(crate) fn checks() -> Vec<Check> {
    let rpc = Applies::Binding(Binding::JsonRpc);
    let rpc_v1 = Applies::Only(Binding::JsonRpc, Version::V1_0);
    vec![
        check!(
            "jsonrpc.content-type",
            "9.1",
            v03 = "3.2.1",
            Must,
            rpc,
            "JSON-RPC responses, results and errors alike, have Content-Type application/json",
            content_type
        ),
        check!(
            "jsonrpc.parse-error",
            "9.5",
            v03 = "8.1",
            Must,
            rpc,
            "A body that is not JSON gets error -32700 with a null id",
            parse_error
        ),
        check!(
            "jsonrpc.invalid-request",
            "9.5",
            v03 = "8.1",
            Must,
            rpc,
            "JSON that is not a JSON-RPC 2.0 request (no method, wrong jsonrpc) gets error -32600",
            invalid_request
        ),
        check!(
            "jsonrpc.method-not-found",
            "9.5",
            v03 = "8.1",
            Must,
            rpc,
            "An unknown method gets error -32601, echoing the request's id",
            method_not_found
        ),
        check!(
            "jsonrpc.invalid-params",
            "9.5",
            v03 = "8.1",
            Must,
            rpc,
            "Parameters of the wrong type get error -32602",
            invalid_params
        ),
        check!(
            "jsonrpc.string-id",
            "9.3",
            v03 = "6.11.2",
            Must,
            rpc,
            "A string request id is echoed unchanged in the response",
            string_id
        ),
        check!(
            "jsonrpc.error-data",
            "9.5",
            Must,
            rpc_v1,
            "An A2A error's data, when present, is an array of objects each naming its @type",
            error_data
        ),
        check!(
            "jsonrpc.error-info",
            "9.5, 3.3.2",
            Should,
            rpc_v1,
            "An A2A error's data holds a google.rpc.ErrorInfo with the error's reason and the a2a-protocol.org domain",
            error_info_check
        ),
    ]
}

/// POSTs a raw body to the JSON-RPC endpoint; returns the response's status, Content-Type
/// and JSON body.
async fn raw(cx: &Cx, body: &str) -> Result<(u16, Option<String>, Value), Stop> {
    let body = &with_tenant(cx, body);
    let url = cx.interface()?.url.clone();
    let mut req =
        Request::new(Method::POST, &url).header("Content-Type", "application/json").body(body.as_bytes().to_vec());
    if cx.version() == Version::V1_0 {
        req = req.header("A2A-Version", "1.0");
    }
    let res = cx.http().send(req).await.map_err(Stop::Fail)?;
    let json = serde_json::from_slice(&res.body)
        .map_err(|e| Stop::Fail(format!("POST {url} with {body:?}: HTTP {} response is not JSON ({e})", res.status)))?;
    Ok((res.status, res.header("content-type").map(str::to_string), json))
}

/// Adds the interface's tenant to the `params` of a JSON request (v1.0 §8.3.2); anything
/// else, malformed bodies included, goes as it is.
fn with_tenant(cx: &Cx, body: &str) -> String {
    let tenant = cx.interface().ok().and_then(|i| i.tenant.clone()).filter(|_| cx.version() == Version::V1_0);
    match (tenant, serde_json::from_str::<Value>(body)) {
        (Some(t), Ok(mut json)) if json.get("params").is_some_and(Value::is_object) => {
            json["params"]["tenant"] = json!(t);
            json.to_string()
        }
        _ => body.to_string(),
    }
}

/// Sends a raw body and requires a JSON-RPC error with `expected`'s code.
async fn expect_code(cx: &Cx, body: &str, expected: A2aError) -> Result<Value, Stop> {
    let (status, _, json) = raw(cx, body).await?;
    let v = cx.schema().validate("JsonRpcErrorResponse", &json);
    let what = format!("POST {body:?}");
    ensure(v.is_valid(), || {
        format!("{what}: expected a JSON-RPC error response, got {} ({})", compact(&json), v.summary())
    })?;
    WireError::jsonrpc(&what, status, json.clone()).expect(&[expected]).map_err(Stop::Fail)?;
    Ok(json)
}

async fn content_type(cx: Cx) -> Verdict {
    let (_, ok_type, _) = raw(&cx, &get_task_body(&cx, &cx.unknown_task_id(), 1)).await?;
    content_type_is(ok_type.as_deref(), &["application/json"], "an error response to GetTask")?;
    let task = cx.completed_task("tck-complete-task").await?;
    let id = cx.task_id(&task, "SendMessage")?;
    let (_, ok_type, _) = raw(&cx, &get_task_body(&cx, &id, 2)).await?;
    content_type_is(ok_type.as_deref(), &["application/json"], "a result response to GetTask")
}

fn get_task_body(cx: &Cx, id: &str, rpc_id: u64) -> String {
    let method = Op::Get.method(cx.version()).unwrap_or("GetTask");
    json!({"jsonrpc": "2.0", "id": rpc_id, "method": method, "params": {"id": id}}).to_string()
}

async fn parse_error(cx: Cx) -> Verdict {
    let json = expect_code(&cx, r#"{"jsonrpc": "2.0", "id": 1, "method": "#, A2aError::ParseError).await?;
    ensure(json.get("id") == Some(&Value::Null), || {
        format!("a parse error must answer with id null, got {}", compact(&json["id"]))
    })
}

async fn invalid_request(cx: Cx) -> Verdict {
    expect_code(&cx, r#"{"jsonrpc": "2.0", "id": 7, "params": {}}"#, A2aError::InvalidRequest).await?;
    let method = Op::Get.method(cx.version()).unwrap_or("GetTask");
    let wrong_version = json!({"jsonrpc": "1.0", "id": 8, "method": method, "params": {"id": "x"}}).to_string();
    expect_code(&cx, &wrong_version, A2aError::InvalidRequest).await.map(drop)
}

async fn method_not_found(cx: Cx) -> Verdict {
    let json = expect_code(
        &cx,
        r#"{"jsonrpc": "2.0", "id": 9, "method": "NoSuchMethod", "params": {}}"#,
        A2aError::MethodNotFound,
    )
    .await?;
    ensure(json.get("id") == Some(&json!(9)), || {
        format!("expected the error to echo id 9, got {}", compact(&json["id"]))
    })
}

async fn invalid_params(cx: Cx) -> Verdict {
    let method = Op::Get.method(cx.version()).unwrap_or("GetTask");
    let body = json!({"jsonrpc": "2.0", "id": 10, "method": method, "params": {"id": 42}}).to_string();
    expect_code(&cx, &body, A2aError::InvalidParams).await.map(drop)
}

async fn string_id(cx: Cx) -> Verdict {
    let id = format!("conformance-id-{}", cx.next_id());
    let msg = cx.msg("tck-message-response").to_json(cx.dialect());
    let method = Op::Send.method(cx.version()).unwrap_or("SendMessage");
    let body = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": {"message": msg}}).to_string();
    let (_, _, json) = raw(&cx, &body).await?;
    ensure(json.get("id") == Some(&json!(id)), || {
        format!("{method} with id {id:?}: the response's id is {}", compact(&json["id"]))
    })
}

/// The `error.data` of TaskNotFoundError from GetTask.
async fn not_found_data(cx: &Cx) -> Result<(String, Option<Value>), Stop> {
    match cx.get(&cx.unknown_task_id(), None).await? {
        Answer::Err(e) => {
            e.expect(&[A2aError::TaskNotFound]).map_err(Stop::Fail)?;
            Ok((e.request.clone(), e.body.pointer("/error/data").cloned()))
        }
        Answer::Ok(r) => fail(format!("{}: expected TaskNotFoundError, got a result", r.request)),
    }
}

async fn error_data(cx: Cx) -> Verdict {
    let (request, data) = not_found_data(&cx).await?;
    let Some(data) = data else { return Ok(()) };
    let Some(items) = data.as_array() else {
        return fail(format!("{request}: error.data must be an array of detail objects, got {}", compact(&data)));
    };
    for (i, item) in items.iter().enumerate() {
        ensure(item.get("@type").and_then(Value::as_str).is_some(), || {
            format!("{request}: error.data[{i}] has no string @type: {}", compact(item))
        })?;
    }
    Ok(())
}

async fn error_info_check(cx: Cx) -> Verdict {
    let (request, data) = not_found_data(&cx).await?;
    let Some(info) = error_info(data.as_ref()) else {
        return fail(format!(
            "{request}: expected a google.rpc.ErrorInfo in error.data, got {}",
            data.map_or("no data".into(), |d| compact(&d))
        ));
    };
    let (reason, domain) = (info.get("reason"), info.get("domain"));
    ensure(reason == Some(&json!("TASK_NOT_FOUND")) && domain == Some(&json!("a2a-protocol.org")), || {
        format!(
            "{request}: expected ErrorInfo reason \"TASK_NOT_FOUND\" and domain \"a2a-protocol.org\", got {reason:?} and {domain:?}"
        )
    })
}
