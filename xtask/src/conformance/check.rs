//! What a check is: an id, the part of the specification it tests, the requirement in our
//! own words, where it applies, and the function that runs it.

use super::cx::Cx;
use futures::future::BoxFuture;
use std::fmt;

/// A protocol binding the suite speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Binding {
    JsonRpc,
    Rest,
}

impl Binding {
    pub(crate) const ALL: [Binding; 2] = [Binding::JsonRpc, Binding::Rest];

    /// The name on the command line and in reports.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Binding::JsonRpc => "jsonrpc",
            Binding::Rest => "rest",
        }
    }

    /// The `protocolBinding` (v1.0) or `transport` (v0.3) an agent card names it by.
    pub(crate) fn card_name(self) -> &'static str {
        match self {
            Binding::JsonRpc => "JSONRPC",
            Binding::Rest => "HTTP+JSON",
        }
    }
}

/// A protocol version the suite speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Version {
    V1_0,
    V0_3,
}

impl Version {
    pub(crate) const ALL: [Version; 2] = [Version::V1_0, Version::V0_3];

    /// `1.0` or `0.3`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Version::V1_0 => "1.0",
            Version::V0_3 => "0.3",
        }
    }
}

/// One binding at one protocol version: what a run of the suite is aimed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Target {
    pub(crate) binding: Binding,
    pub(crate) version: Version,
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.binding.name(), self.version.name())
    }
}

/// How strongly the specification asks for what a check tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    Must,
    Should,
}

impl Level {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Level::Must => "MUST",
            Level::Should => "SHOULD",
        }
    }
}

/// Where a check applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Applies {
    Everywhere,
    Binding(Binding),
    Version(Version),
    Only(Binding, Version),
}

impl Applies {
    pub(crate) fn to(self, target: Target) -> bool {
        match self {
            Applies::Everywhere => true,
            Applies::Binding(b) => target.binding == b,
            Applies::Version(v) => target.version == v,
            Applies::Only(b, v) => target.binding == b && target.version == v,
        }
    }
}

/// Why a check stopped before passing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Stop {
    /// The server broke the requirement: what was expected, what came, and where.
    Fail(String),
    /// The check could not run here, and why (a capability the card does not declare).
    Skip(String),
}

/// The result of a check's function: `Ok` is a pass.
pub(crate) type Verdict = Result<(), Stop>;

/// Fails with a message.
pub(crate) fn fail<T>(message: impl Into<String>) -> Result<T, Stop> {
    Err(Stop::Fail(message.into()))
}

/// Skips with a reason.
pub(crate) fn skip<T>(reason: impl Into<String>) -> Result<T, Stop> {
    Err(Stop::Skip(reason.into()))
}

/// Fails with `message` unless `condition` holds.
pub(crate) fn ensure(condition: bool, message: impl FnOnce() -> String) -> Verdict {
    if condition { Ok(()) } else { Err(Stop::Fail(message())) }
}

/// The function that runs a check.
pub(crate) type RunFn = fn(Cx) -> BoxFuture<'static, Verdict>;

/// One check of the suite.
#[derive(Clone, Copy)]
pub(crate) struct Check {
    /// A stable id, `area.topic[.detail]`, used by `--only` and the expected-failures file.
    pub(crate) id: &'static str,
    /// The section of the v1.0 specification tested, such as `3.1.3, 5.4`.
    pub(crate) section: &'static str,
    /// The section of the v0.3 specification, when the check runs on v0.3 and it differs.
    pub(crate) section_v03: Option<&'static str>,
    pub(crate) level: Level,
    /// The requirement, in our own words.
    pub(crate) requirement: &'static str,
    pub(crate) applies: Applies,
    pub(crate) run: RunFn,
}

impl fmt::Debug for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Check").field("id", &self.id).field("section", &self.section).finish_non_exhaustive()
    }
}

impl Check {
    /// The section reference for a run on `version`: `v1.0 §3.1.3` or `v0.3 §7.3`.
    pub(crate) fn reference(&self, version: Version) -> String {
        match (version, self.section_v03) {
            (Version::V0_3, Some(s)) => format!("v0.3 §{s}"),
            _ => format!("v1.0 §{}", self.section),
        }
    }
}

/// Declares a check: `check!(id, section, level, applies, "requirement", function)`, with
/// an optional `v03 = "section"` after the section. The function is an `async fn(Cx) ->
/// Verdict`.
macro_rules! check {
    ($id:literal, $section:literal, $level:ident, $applies:expr, $req:literal, $f:path) => {
        $crate::conformance::check::Check {
            id: $id,
            section: $section,
            section_v03: None,
            level: $crate::conformance::check::Level::$level,
            requirement: $req,
            applies: $applies,
            run: |cx| Box::pin($f(cx)),
        }
    };
    ($id:literal, $section:literal, v03 = $v03:literal, $level:ident, $applies:expr, $req:literal, $f:path) => {
        $crate::conformance::check::Check {
            id: $id,
            section: $section,
            section_v03: Some($v03),
            level: $crate::conformance::check::Level::$level,
            requirement: $req,
            applies: $applies,
            run: |cx| Box::pin($f(cx)),
        }
    };
}

pub(crate) use check;
