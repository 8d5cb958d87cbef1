//! Parser for the proto3 subset of `a2a.proto`: top-level statements, messages (nested
//! ones too), enums, oneofs, maps, field options and the service's rpc signatures.
//!
//! Anything outside that subset is an error rather than silently skipped, so that a
//! new construct in the spec cannot slip past the checker unnoticed.

use super::cursor::Cursor;
use super::lexer::{Tok, tokenize};
use super::model::json_name;
use super::model::{Enum, EnumValue, Field, Label, Message, Oneof, ProtoFile, Rpc, Service};

/// Parses proto3 source into the model; errors say which line is at fault.
pub(crate) fn parse(src: &str) -> Result<ProtoFile, String> {
    let mut parser = Parser { cur: Cursor::new(tokenize(src)?), file: ProtoFile::default() };
    while !parser.cur.at_end() {
        parser.top_level_statement()?;
    }
    Ok(parser.file)
}

struct Parser {
    cur: Cursor,
    file: ProtoFile,
}

/// The options the checker cares about, gathered from `[...]` or `option` statements.
#[derive(Default)]
struct Options {
    required: bool,
    deprecated: bool,
    json_name: Option<String>,
}

impl Options {
    fn apply(&mut self, name: &str, value: String) {
        match (name, value.as_str()) {
            ("(google.api.field_behavior)", "REQUIRED") => self.required = true,
            ("deprecated", "true") => self.deprecated = true,
            ("json_name", _) => self.json_name = Some(value),
            _ => {}
        }
    }
}

fn scoped(scope: &str, name: &str) -> String {
    match scope.is_empty() {
        true => name.to_string(),
        false => format!("{scope}.{name}"),
    }
}

impl Parser {
    fn top_level_statement(&mut self) -> Result<(), String> {
        let cur = &mut self.cur;
        if cur.eat_word("syntax") {
            cur.expect_sym('=')?;
            let syntax = cur.expect_string("a syntax string")?;
            if syntax != "proto3" {
                return Err(cur.error(&format!("only proto3 is supported, not `{syntax}`")));
            }
            cur.expect_sym(';')
        } else if cur.eat_word("package") {
            self.file.package = cur.expect_ident("a package name")?;
            cur.expect_sym(';')
        } else if cur.eat_word("import") {
            let _ = cur.eat_word("public") || cur.eat_word("weak");
            cur.expect_string("an import path")?;
            cur.expect_sym(';')
        } else if cur.eat_word("option") {
            self.option_statement().map(drop)
        } else if cur.eat_word("message") {
            self.message("")
        } else if cur.eat_word("enum") {
            self.enumeration("")
        } else if cur.eat_word("service") {
            self.service()
        } else if cur.eat_sym(';') {
            Ok(())
        } else {
            Err(cur.unexpected("`syntax`, `package`, `import`, `option`, `message`, `enum` or `service`"))
        }
    }

    /// `option name = value;`, whose `option` keyword was just consumed.
    fn option_statement(&mut self) -> Result<Options, String> {
        let (name, value) = self.cur.option_assignment()?;
        self.cur.expect_sym(';')?;
        let mut options = Options::default();
        options.apply(&name, value);
        Ok(options)
    }

    /// `[a = 1, (b) = X]` after a field or enum value, if present.
    fn bracket_options(&mut self) -> Result<Options, String> {
        let mut options = Options::default();
        if !self.cur.eat_sym('[') {
            return Ok(options);
        }
        loop {
            let (name, value) = self.cur.option_assignment()?;
            options.apply(&name, value);
            if self.cur.eat_sym(']') {
                return Ok(options);
            }
            self.cur.expect_sym(',')?;
        }
    }

    /// A message whose `message` keyword was just consumed. Nested types are listed
    /// after their parent, so reports read top-down.
    fn message(&mut self, scope: &str) -> Result<(), String> {
        let name = scoped(scope, &self.cur.expect_ident("a message name")?);
        self.cur.expect_sym('{')?;
        let index = self.file.messages.len();
        let mut msg = Message { name, fields: vec![], oneofs: vec![], deprecated: false };
        while !self.cur.eat_sym('}') {
            self.message_item(&mut msg)?;
        }
        self.file.messages.insert(index, msg);
        Ok(())
    }

    fn message_item(&mut self, msg: &mut Message) -> Result<(), String> {
        let cur = &mut self.cur;
        if cur.eat_word("message") {
            self.message(&msg.name)
        } else if cur.eat_word("enum") {
            self.enumeration(&msg.name)
        } else if cur.eat_word("oneof") {
            self.oneof(msg)
        } else if cur.eat_word("option") {
            msg.deprecated |= self.option_statement()?.deprecated;
            Ok(())
        } else if cur.eat_word("reserved") || cur.eat_word("extensions") {
            cur.skip_statement()
        } else if cur.eat_sym(';') {
            Ok(())
        } else {
            let label = self.label()?;
            let field = self.field(label, None)?;
            msg.fields.push(field);
            Ok(())
        }
    }

    /// `repeated`, `optional` or none; `map<K, V>` is handled by [`Parser::field`].
    /// A label is only a label when a type follows it, so a field may be named `optional`.
    fn label(&mut self) -> Result<Label, String> {
        let type_follows = matches!(self.cur.peek_at(1), Some(Tok::Ident(_)));
        if type_follows && self.cur.eat_word("repeated") {
            Ok(Label::Repeated)
        } else if type_follows && self.cur.eat_word("optional") {
            Ok(Label::Optional)
        } else if type_follows && self.cur.is_word("required") {
            Err(self.cur.error("proto2 `required` is not supported"))
        } else {
            Ok(Label::Plain)
        }
    }

    /// `Type name = N [options];` with the label already read.
    fn field(&mut self, mut label: Label, oneof: Option<&str>) -> Result<Field, String> {
        let is_map = self.cur.is_word("map") && self.cur.peek_at(1) == Some(&Tok::Sym('<'));
        let ty = if is_map {
            let (key, value) = self.map_types()?;
            if label != Label::Plain {
                return Err(self.cur.error("map fields cannot have a label"));
            }
            label = Label::Map { key };
            value
        } else {
            self.cur.expect_ident("a field type")?
        };
        let name = self.cur.expect_ident("a field name")?;
        self.cur.expect_sym('=')?;
        self.cur.expect_number("a field number")?;
        let options = self.bracket_options()?;
        self.cur.expect_sym(';')?;
        Ok(Field {
            json_name: options.json_name.unwrap_or_else(|| json_name(&name)),
            name,
            ty,
            label,
            required: options.required,
            deprecated: options.deprecated,
            oneof: oneof.map(str::to_string),
        })
    }

    /// `map<K, V>`, returning `(K, V)`.
    fn map_types(&mut self) -> Result<(String, String), String> {
        self.cur.expect_word("map")?;
        self.cur.expect_sym('<')?;
        let key = self.cur.expect_ident("a map key type")?;
        self.cur.expect_sym(',')?;
        let value = self.cur.expect_ident("a map value type")?;
        self.cur.expect_sym('>')?;
        Ok((key, value))
    }

    /// A oneof whose keyword was just consumed; its fields join the message.
    fn oneof(&mut self, msg: &mut Message) -> Result<(), String> {
        let name = self.cur.expect_ident("a oneof name")?;
        self.cur.expect_sym('{')?;
        let mut members = Vec::new();
        while !self.cur.eat_sym('}') {
            if self.cur.eat_word("option") {
                self.option_statement()?;
            } else if !self.cur.eat_sym(';') {
                if self.label()? != Label::Plain {
                    return Err(self.cur.error("oneof members cannot have a label"));
                }
                let field = self.field(Label::Plain, Some(&name))?;
                members.push(field.name.clone());
                msg.fields.push(field);
            }
        }
        msg.oneofs.push(Oneof { name, members });
        Ok(())
    }

    /// An enum whose keyword was just consumed.
    fn enumeration(&mut self, scope: &str) -> Result<(), String> {
        let name = scoped(scope, &self.cur.expect_ident("an enum name")?);
        self.cur.expect_sym('{')?;
        let mut en = Enum { name, values: vec![], deprecated: false };
        while !self.cur.eat_sym('}') {
            if self.cur.eat_word("option") {
                en.deprecated |= self.option_statement()?.deprecated;
            } else if self.cur.eat_word("reserved") {
                self.cur.skip_statement()?;
            } else if !self.cur.eat_sym(';') {
                en.values.push(self.enum_value()?);
            }
        }
        self.file.enums.push(en);
        Ok(())
    }

    fn enum_value(&mut self) -> Result<EnumValue, String> {
        let name = self.cur.expect_ident("an enum value name")?;
        self.cur.expect_sym('=')?;
        self.cur.expect_number("an enum value number")?;
        let options = self.bracket_options()?;
        self.cur.expect_sym(';')?;
        Ok(EnumValue { name, deprecated: options.deprecated })
    }

    /// A service whose keyword was just consumed. Only rpc signatures are kept: HTTP
    /// bindings and other options do not appear in the JSON Schema.
    fn service(&mut self) -> Result<(), String> {
        let name = self.cur.expect_ident("a service name")?;
        self.cur.expect_sym('{')?;
        let mut rpcs = Vec::new();
        while !self.cur.eat_sym('}') {
            if self.cur.eat_word("option") {
                self.option_statement()?;
            } else if self.cur.eat_word("rpc") {
                rpcs.push(self.rpc()?);
            } else {
                self.cur.expect_sym(';')?;
            }
        }
        self.file.services.push(Service { name, rpcs });
        Ok(())
    }

    /// `rpc Name(In) returns (stream Out) { ... }` or `...;`.
    fn rpc(&mut self) -> Result<Rpc, String> {
        let name = self.cur.expect_ident("an rpc name")?;
        let (client_streaming, input) = self.rpc_type()?;
        self.cur.expect_word("returns")?;
        let (server_streaming, output) = self.rpc_type()?;
        if self.cur.eat_sym('{') {
            self.cur.skip_block()?;
        } else {
            self.cur.expect_sym(';')?;
        }
        Ok(Rpc { name, input, output, client_streaming, server_streaming })
    }

    /// `(Type)` or `(stream Type)`.
    fn rpc_type(&mut self) -> Result<(bool, String), String> {
        self.cur.expect_sym('(')?;
        let streaming = matches!(self.cur.peek_at(1), Some(Tok::Ident(_))) && self.cur.eat_word("stream");
        let ty = self.cur.expect_ident("a message type")?;
        self.cur.expect_sym(')')?;
        Ok((streaming, ty))
    }
}

#[cfg(test)]
mod tests;
