//! A cursor over proto tokens: the small vocabulary the parser is written in.
//!
//! Every error names the line of the token that caused it, so a malformed proto can be
//! fixed without guessing.

use super::lexer::{Tok, Token};

pub(super) struct Cursor {
    toks: Vec<Token>,
    pos: usize,
}

impl Cursor {
    pub(super) fn new(toks: Vec<Token>) -> Self {
        Self { toks, pos: 0 }
    }

    pub(super) fn peek(&self) -> Option<&Tok> {
        self.peek_at(0)
    }

    pub(super) fn peek_at(&self, offset: usize) -> Option<&Tok> {
        self.toks.get(self.pos + offset).map(|t| &t.tok)
    }

    pub(super) fn at_end(&self) -> bool {
        self.pos >= self.toks.len()
    }

    /// An error located at the current token (or the last one, at end of input).
    pub(super) fn error(&self, msg: &str) -> String {
        let line = self.toks.get(self.pos).or(self.toks.last()).map_or(1, |t| t.line);
        format!("line {line}: {msg}")
    }

    pub(super) fn next(&mut self) -> Result<Tok, String> {
        let tok = self.peek().cloned().ok_or_else(|| self.error("unexpected end of file"))?;
        self.pos += 1;
        Ok(tok)
    }

    /// Whether the current token is the word `word` (a keyword, usually).
    pub(super) fn is_word(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Tok::Ident(w)) if w == word)
    }

    pub(super) fn eat_word(&mut self, word: &str) -> bool {
        let found = self.is_word(word);
        self.pos += usize::from(found);
        found
    }

    pub(super) fn eat_sym(&mut self, sym: char) -> bool {
        let found = self.peek() == Some(&Tok::Sym(sym));
        self.pos += usize::from(found);
        found
    }

    pub(super) fn expect_sym(&mut self, sym: char) -> Result<(), String> {
        match self.eat_sym(sym) {
            true => Ok(()),
            false => Err(self.unexpected(&format!("`{sym}`"))),
        }
    }

    pub(super) fn expect_word(&mut self, word: &str) -> Result<(), String> {
        match self.eat_word(word) {
            true => Ok(()),
            false => Err(self.unexpected(&format!("`{word}`"))),
        }
    }

    /// Takes a name; `what` says which name, for the error message.
    pub(super) fn expect_ident(&mut self, what: &str) -> Result<String, String> {
        match self.peek() {
            Some(Tok::Ident(name)) => {
                let name = name.clone();
                self.pos += 1;
                Ok(name)
            }
            _ => Err(self.unexpected(what)),
        }
    }

    pub(super) fn expect_number(&mut self, what: &str) -> Result<String, String> {
        let negative = self.eat_sym('-');
        match self.peek() {
            Some(Tok::Number(n)) => {
                let n = format!("{}{n}", if negative { "-" } else { "" });
                self.pos += 1;
                Ok(n)
            }
            _ => Err(self.unexpected(what)),
        }
    }

    pub(super) fn expect_string(&mut self, what: &str) -> Result<String, String> {
        match self.peek() {
            Some(Tok::Str(s)) => {
                let s = s.clone();
                self.pos += 1;
                Ok(s)
            }
            _ => Err(self.unexpected(what)),
        }
    }

    pub(super) fn unexpected(&self, expected: &str) -> String {
        let found = match self.peek() {
            None => "end of file".to_string(),
            Some(Tok::Ident(s) | Tok::Number(s)) => format!("`{s}`"),
            Some(Tok::Str(s)) => format!("\"{s}\""),
            Some(Tok::Sym(c)) => format!("`{c}`"),
        };
        self.error(&format!("expected {expected}, found {found}"))
    }

    /// Skips to just past the next `;` (for `reserved` and similar statements).
    pub(super) fn skip_statement(&mut self) -> Result<(), String> {
        while self.next()? != Tok::Sym(';') {}
        Ok(())
    }

    /// Skips a `{ ... }` block whose `{` was just consumed, nested blocks included.
    pub(super) fn skip_block(&mut self) -> Result<(), String> {
        let mut depth = 1usize;
        while depth > 0 {
            match self.next()? {
                Tok::Sym('{') => depth += 1,
                Tok::Sym('}') => depth -= 1,
                _ => {}
            }
        }
        Ok(())
    }

    /// Parses `name = value` of an option. The name keeps its parentheses, e.g.
    /// `(google.api.field_behavior)`; aggregate values `{ ... }` are skipped and read
    /// as `{...}`, since no check looks inside them.
    pub(super) fn option_assignment(&mut self) -> Result<(String, String), String> {
        let name = self.option_name()?;
        self.expect_sym('=')?;
        Ok((name, self.option_value()?))
    }

    fn option_name(&mut self) -> Result<String, String> {
        let mut name = match self.eat_sym('(') {
            true => {
                let inner = self.expect_ident("an option name")?;
                self.expect_sym(')')?;
                format!("({inner})")
            }
            false => self.expect_ident("an option name")?,
        };
        // `(google.api.http).post`: the lexer reads `.post` as one word.
        while let Some(Tok::Ident(sub)) = self.peek().filter(|t| is_dotted(t)) {
            name.push_str(sub);
            self.pos += 1;
        }
        Ok(name)
    }

    fn option_value(&mut self) -> Result<String, String> {
        match self.peek() {
            Some(Tok::Sym('{')) => {
                self.pos += 1;
                self.skip_block()?;
                Ok("{...}".into())
            }
            Some(Tok::Sym('-' | '+') | Tok::Number(_)) => {
                // `expect_number` keeps a `-`; a `+` changes nothing.
                self.eat_sym('+');
                self.expect_number("a number")
            }
            Some(Tok::Str(_)) => self.concatenated_strings(),
            Some(Tok::Ident(_)) => self.expect_ident("an option value"),
            _ => Err(self.unexpected("an option value")),
        }
    }

    /// Adjacent string literals form one value, as in C.
    fn concatenated_strings(&mut self) -> Result<String, String> {
        let mut out = self.expect_string("a string")?;
        while let Some(Tok::Str(more)) = self.peek() {
            out.push_str(more);
            self.pos += 1;
        }
        Ok(out)
    }
}

fn is_dotted(tok: &Tok) -> bool {
    matches!(tok, Tok::Ident(s) if s.starts_with('.'))
}
