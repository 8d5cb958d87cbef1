//! Small helpers shared by the checks: reading schema keywords and comparing lists.

use serde_json::Value;

/// Reports unless `def` has `"type": ty`.
pub(crate) fn expect_type(at: &str, def: &Value, ty: &str, out: &mut Vec<String>) {
    match def.get("type") {
        Some(Value::String(found)) if found == ty => {}
        Some(found) => out.push(format!("{at}: schema has \"type\": {found}, expected \"{ty}\"")),
        None => out.push(format!("{at}: schema has no \"type\", expected \"{ty}\"")),
    }
}

/// Reports when `"deprecated": true` on `node` does not match the proto's marking.
pub(crate) fn check_deprecated(at: &str, proto: bool, node: &Value, out: &mut Vec<String>) {
    let schema = node.get("deprecated") == Some(&Value::Bool(true));
    match (proto, schema) {
        (true, false) => out.push(format!("{at}: proto marks deprecated, schema does not")),
        (false, true) => out.push(format!("{at}: schema marks deprecated, proto does not")),
        _ => {}
    }
}

/// The strings of `def`'s `required` keyword (none if absent); a malformed list is
/// reported and read as empty, so the other checks still run.
pub(crate) fn required_list<'a>(at: &str, def: &'a Value, out: &mut Vec<String>) -> Vec<&'a str> {
    let Some(value) = def.get("required") else {
        return Vec::new();
    };
    let list = value.as_array().and_then(|a| a.iter().map(Value::as_str).collect());
    list.unwrap_or_else(|| {
        out.push(format!("{at}: \"required\" is not a list of strings"));
        Vec::new()
    })
}

/// How an ordered list in the schema differs from the proto's.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct ListDiff<'a> {
    /// In the proto, not in the schema.
    pub(crate) missing: Vec<&'a str>,
    /// In the schema, not in the proto.
    pub(crate) extra: Vec<&'a str>,
    /// Listed more than once in the schema.
    pub(crate) repeated: Vec<&'a str>,
    /// Same items, other order.
    pub(crate) reordered: bool,
}

pub(crate) fn diff_lists<'a>(proto: &[&'a str], schema: &[&'a str]) -> ListDiff<'a> {
    let missing = proto.iter().filter(|p| !schema.contains(p)).copied().collect();
    let extra = schema.iter().filter(|s| !proto.contains(s)).copied().collect();
    let mut repeated: Vec<&str> = Vec::new();
    for (i, item) in schema.iter().enumerate() {
        if schema[..i].contains(item) && !repeated.contains(item) {
            repeated.push(item);
        }
    }
    let mut diff = ListDiff { missing, extra, repeated, reordered: false };
    diff.reordered = diff == ListDiff::default() && proto != schema;
    diff
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_diffs_separate_missing_extra_repeated_and_order() {
        assert_eq!(diff_lists(&["a", "b"], &["a", "b"]), ListDiff::default());
        let order = diff_lists(&["a", "b"], &["b", "a"]);
        assert!(order.reordered);
        let diff = diff_lists(&["a", "b"], &["a", "c", "a"]);
        assert_eq!((diff.missing, diff.extra, diff.repeated), (vec!["b"], vec!["c"], vec!["a"]));
        assert!(!diff.reordered);
    }
}
