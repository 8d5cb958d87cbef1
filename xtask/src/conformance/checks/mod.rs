//! Every check of the suite, by area. Each names the section of the specification it
//! tests and states the requirement in our own words; `docs/conformance.md` lists them.

mod card;
mod datamodel;
mod interop;
mod jsonrpc;
mod list;
mod messaging;
mod multiturn;
mod push;
mod rest;
mod streaming;
mod tasks;
mod versioning;

use super::check::Check;

/// Checks of the agent card alone, run once per protocol version.
pub(crate) fn per_version() -> Vec<Check> {
    card::per_version()
}

/// Checks run against each target (binding and version). The first is
/// `card.interface-declared`; the rest need the interface it looks for.
pub(crate) fn per_target() -> Vec<Check> {
    let mut all = card::per_target();
    all.extend(messaging::checks());
    all.extend(multiturn::checks());
    all.extend(tasks::checks());
    all.extend(list::checks());
    all.extend(streaming::checks());
    all.extend(push::checks());
    all.extend(versioning::checks());
    all.extend(jsonrpc::checks());
    all.extend(rest::checks());
    all.extend(datamodel::checks());
    all.extend(interop::checks());
    all
}

/// Every check, for listing.
pub(crate) fn all() -> Vec<Check> {
    let mut all = per_version();
    all.extend(per_target());
    all
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_unique_and_well_formed() {
        let all = super::all();
        let mut ids: Vec<&str> = all.iter().map(|c| c.id).collect();
        for id in &ids {
            assert!(
                id.split('.').count() >= 2
                    && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-.".contains(&b)),
                "{id}"
            );
        }
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len(), "duplicate check ids");
        assert_eq!(super::per_target()[0].id, "card.interface-declared");
    }

    #[test]
    fn docs_conformance_md_lists_every_check() {
        let path = crate::project_root().join("docs/conformance.md");
        let doc = std::fs::read_to_string(&path).expect("docs/conformance.md exists");
        let missing: Vec<&str> =
            super::all().iter().map(|c| c.id).filter(|id| !doc.contains(&format!("| `{id}` |"))).collect();
        assert!(missing.is_empty(), "docs/conformance.md does not list {missing:?}");
    }
}
