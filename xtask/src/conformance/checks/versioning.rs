//! Versioning: the `A2A-Version` service parameter, given, missing, unsupported, with a
//! patch number, as a query parameter, and contradicting the method called.

use crate::conformance::check::{Applies, Check, Stop, Verdict, Version, check, fail};
use crate::conformance::cx::Cx;
use crate::conformance::errors::{A2aError, compact};
use crate::conformance::ops::{Answer, CallOpts, Op, VersionHeader};
use crate::conformance::wire::{self, SendOpts, Sent, State};

pub(crate) fn checks() -> Vec<Check> {
    let v1 = Applies::Version(Version::V1_0);
    let v03 = Applies::Version(Version::V0_3);
    vec![
        check!(
            "version.supported",
            "3.6.2",
            Must,
            Applies::Everywhere,
            "A request naming the interface's version in A2A-Version is served with that version's semantics",
            supported
        ),
        check!(
            "version.unsupported",
            "3.6.2, 5.4",
            Must,
            v1,
            "A request naming a version the agent does not support fails with VersionNotSupportedError",
            unsupported
        ),
        check!(
            "version.patch-ignored",
            "3.6",
            Must,
            v1,
            "A patch number in A2A-Version (1.0.1) is not considered: the request is served as 1.0",
            patch_ignored
        ),
        check!(
            "version.query-parameter",
            "3.6.1",
            Must,
            v1,
            "A2A-Version given as a query parameter is honoured like the header",
            query_parameter
        ),
        check!(
            "version.missing",
            "3.6.2",
            Must,
            v1,
            "Without A2A-Version a request is taken as 0.3: a 1.0 method is refused as such, or served (a \
             documented leniency), never answered with anything else",
            missing_v1
        ),
        check!(
            "version.missing-is-0.3",
            "3.6.2",
            Must,
            v03,
            "A request without A2A-Version is served as protocol 0.3",
            missing_v03
        ),
        check!(
            "version.mismatch",
            "3.6.2",
            Must,
            v03,
            "A 0.3 method called with A2A-Version 1.0 is refused as an unsupported version or an unknown method",
            mismatch
        ),
    ]
}

/// Sends `tck-complete-task` with `opts`.
async fn send(cx: &Cx, opts: CallOpts) -> Result<Answer, Stop> {
    let msg = cx.msg("tck-complete-task");
    let params = wire::send_params(cx.dialect(), msg.to_json(cx.dialect()), SendOpts::default());
    cx.call_with(Op::Send, params, &opts).await
}

/// Requires a completed task as the answer.
fn completed(cx: &Cx, answer: Answer, how: &str) -> Verdict {
    let reply = answer.ok()?;
    match wire::sent(cx.dialect(), &reply.result) {
        Some(Sent::Task(t)) => cx.expect_state(&format!("{} ({how})", reply.request), t, State::Completed),
        _ => fail(format!("{} ({how}): expected a Task, got {}", reply.request, compact(&reply.result))),
    }
}

fn header(v: &str) -> CallOpts {
    CallOpts { version: VersionHeader::Send(v.to_string()), ..CallOpts::default() }
}

async fn supported(cx: Cx) -> Verdict {
    let v = cx.version().name();
    completed(&cx, send(&cx, header(v)).await?, &format!("A2A-Version: {v}"))
}

async fn unsupported(cx: Cx) -> Verdict {
    send(&cx, header("99.0"))
        .await?
        .err(&[A2aError::VersionNotSupported])
        .map_err(|e| with_note(e, "A2A-Version: 99.0"))?;
    Ok(())
}

async fn patch_ignored(cx: Cx) -> Verdict {
    completed(&cx, send(&cx, header("1.0.1")).await?, "A2A-Version: 1.0.1")
}

async fn query_parameter(cx: Cx) -> Verdict {
    let opts = CallOpts {
        version: VersionHeader::Omit,
        query: vec![("A2A-Version".to_string(), "99.0".to_string())],
        ..CallOpts::default()
    };
    send(&cx, opts).await?.err(&[A2aError::VersionNotSupported]).map_err(|e| with_note(e, "?A2A-Version=99.0"))?;
    Ok(())
}

async fn missing_v1(cx: Cx) -> Verdict {
    let answer = send(&cx, CallOpts { version: VersionHeader::Omit, ..CallOpts::default() }).await?;
    match &answer {
        Answer::Err(e) => e
            .expect(&[A2aError::VersionNotSupported, A2aError::MethodNotFound])
            .map_err(|m| with_note(Stop::Fail(m), "no A2A-Version")),
        Answer::Ok(_) => completed(&cx, answer, "no A2A-Version"),
    }
}

async fn missing_v03(cx: Cx) -> Verdict {
    let opts = CallOpts { version: VersionHeader::Omit, ..CallOpts::default() };
    completed(&cx, send(&cx, opts).await?, "no A2A-Version")
}

async fn mismatch(cx: Cx) -> Verdict {
    let answer = send(&cx, header("1.0")).await?;
    // v0.3 has no code for VersionNotSupportedError: a server answering in the v0.3 dialect
    // may send -32600 (invalid request), with an ErrorInfo naming the real error.
    if let Answer::Err(e) = &answer {
        if e.is(A2aError::InvalidRequest) && e.reason.as_deref() == Some(A2aError::VersionNotSupported.reason()) {
            return Ok(());
        }
    }
    answer.err(&[A2aError::VersionNotSupported, A2aError::MethodNotFound]).map_err(|e| {
        with_note(e, "A2A-Version: 1.0; -32600 with ErrorInfo reason VERSION_NOT_SUPPORTED would also do")
    })?;
    Ok(())
}

/// Adds how the request was sent to a failure message.
fn with_note(stop: Stop, note: &str) -> Stop {
    match stop {
        Stop::Fail(m) => Stop::Fail(format!("({note}) {m}")),
        other => other,
    }
}
