//! Checks each proto enum against its `$defs` entry: a string whose `oneOf` lists one
//! `const` per proto value, in proto order.

use serde_json::{Map, Value};

use super::common::{check_deprecated, diff_lists, expect_type};
use super::model::Enum;

pub(crate) fn check_enums(enums: &[Enum], defs: &Map<String, Value>, out: &mut Vec<String>) {
    for en in enums {
        match defs.get(&en.name) {
            Some(def) => check_enum(en, def, out),
            None => out.push(format!("{}: proto enum has no $defs entry", en.name)),
        }
    }
}

fn check_enum(en: &Enum, def: &Value, out: &mut Vec<String>) {
    let name = &en.name;
    expect_type(name, def, "string", out);
    check_deprecated(name, en.deprecated, def, out);
    let Some(entries) = def.get("oneOf").and_then(Value::as_array) else {
        out.push(format!("{name}: no \"oneOf\" list of const values"));
        return;
    };
    let consts = const_entries(name, entries, out);
    let listed: Vec<&str> = consts.iter().map(|(c, _)| *c).collect();
    let values: Vec<&str> = en.values.iter().map(|v| v.name.as_str()).collect();
    let diff = diff_lists(&values, &listed);
    for value in diff.missing {
        out.push(format!("{name}: value {value} missing from oneOf"));
    }
    for value in diff.extra {
        out.push(format!("{name}: oneOf lists {value}, which is not a proto value"));
    }
    for value in diff.repeated {
        out.push(format!("{name}: oneOf lists {value} more than once"));
    }
    if diff.reordered {
        out.push(format!("{name}: value order differs"));
    }
    for value in &en.values {
        if let Some((_, entry)) = consts.iter().find(|(c, _)| *c == value.name) {
            check_deprecated(&format!("{name}.{}", value.name), value.deprecated, entry, out);
        }
    }
}

/// `(const, entry)` for each `oneOf` entry; entries without a string `const` are reported.
fn const_entries<'a>(at: &str, entries: &'a [Value], out: &mut Vec<String>) -> Vec<(&'a str, &'a Value)> {
    let mut consts = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        match entry.get("const").and_then(Value::as_str) {
            Some(value) => consts.push((value, entry)),
            None => out.push(format!("{at}: oneOf entry {i} has no string \"const\"")),
        }
    }
    consts
}
