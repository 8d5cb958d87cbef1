//! Tokenizer for the proto3 subset that `a2a.proto` uses.
//!
//! Comments are dropped here, so the parser only ever sees meaningful tokens, each
//! tagged with its line so that parse errors can point at the source.

/// One meaningful piece of proto source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Tok {
    /// A word or a dotted name: `message`, `google.protobuf.Timestamp`, `.lf.a2a.v1.Task`.
    Ident(String),
    /// A numeric literal, kept as written (field numbers, option values).
    Number(String),
    /// A string literal with its escapes resolved.
    Str(String),
    /// Any single punctuation character: `{ } [ ] ( ) < > = ; , : -` and so on.
    Sym(char),
}

/// A token and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token {
    pub(super) tok: Tok,
    pub(super) line: usize,
}

/// Splits proto source into tokens, or says on which line it could not.
pub(super) fn tokenize(src: &str) -> Result<Vec<Token>, String> {
    let mut lexer = Lexer { chars: src.chars().collect(), pos: 0, line: 1 };
    let mut out = Vec::new();
    while let Some(token) = lexer.next_token()? {
        out.push(token);
    }
    Ok(out)
}

struct Lexer {
    chars: Vec<char>,
    pos: usize,
    line: usize,
}

impl Lexer {
    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    /// Consumes one character, counting lines as it goes.
    fn bump(&mut self) -> Option<char> {
        let c = self.peek_at(0)?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn next_token(&mut self) -> Result<Option<Token>, String> {
        self.skip_space_and_comments()?;
        let line = self.line;
        let Some(c) = self.peek_at(0) else {
            return Ok(None);
        };
        let next_is_word = self.peek_at(1).is_some_and(is_word_start);
        let tok = if is_word_start(c) || (c == '.' && next_is_word) {
            Tok::Ident(self.take_while(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        } else if c.is_ascii_digit() {
            Tok::Number(self.take_number())
        } else if c == '"' || c == '\'' {
            Tok::Str(self.take_string(line)?)
        } else {
            self.bump();
            Tok::Sym(c)
        };
        Ok(Some(Token { tok, line }))
    }

    fn skip_space_and_comments(&mut self) -> Result<(), String> {
        loop {
            match (self.peek_at(0), self.peek_at(1)) {
                (Some(c), _) if c.is_whitespace() => {
                    self.bump();
                }
                (Some('/'), Some('/')) => {
                    self.take_while(|c| c != '\n');
                }
                (Some('/'), Some('*')) => self.skip_block_comment()?,
                _ => return Ok(()),
            }
        }
    }

    fn skip_block_comment(&mut self) -> Result<(), String> {
        let start = self.line;
        self.pos += 2;
        loop {
            match (self.peek_at(0), self.peek_at(1)) {
                (Some('*'), Some('/')) => {
                    self.pos += 2;
                    return Ok(());
                }
                (Some(_), _) => {
                    self.bump();
                }
                (None, _) => return Err(format!("line {start}: unterminated /* comment")),
            }
        }
    }

    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek_at(0).filter(|&c| keep(c)) {
            out.push(c);
            self.bump();
        }
        out
    }

    /// Integers, hex and floats such as `1e-5`: the parser only needs the text.
    fn take_number(&mut self) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek_at(0) {
            let exponent_sign = (c == '-' || c == '+') && out.ends_with(['e', 'E']);
            if !(c.is_ascii_alphanumeric() || c == '.' || exponent_sign) {
                break;
            }
            out.push(c);
            self.bump();
        }
        out
    }

    fn take_string(&mut self, line: usize) -> Result<String, String> {
        let quote = self.bump();
        let mut out = String::new();
        loop {
            match self.bump() {
                None | Some('\n') => return Err(format!("line {line}: unterminated string")),
                Some(c) if Some(c) == quote => return Ok(out),
                Some('\\') => out.push(unescape(self.bump())),
                Some(c) => out.push(c),
            }
        }
    }
}

fn is_word_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

/// Resolves the common one-character escapes; the checker never needs the exact bytes
/// of octal or hex escapes, so those keep their letter.
fn unescape(c: Option<char>) -> char {
    match c {
        Some('n') => '\n',
        Some('t') => '\t',
        Some('r') => '\r',
        Some('0') => '\0',
        Some(other) => other,
        None => '\\',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        tokenize(src).expect("tokenizes").into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn splits_words_symbols_numbers_and_strings() {
        let got = toks(r#"string id = 1 [json_name = "i\"d"];"#);
        let want = vec![
            Tok::Ident("string".into()),
            Tok::Ident("id".into()),
            Tok::Sym('='),
            Tok::Number("1".into()),
            Tok::Sym('['),
            Tok::Ident("json_name".into()),
            Tok::Sym('='),
            Tok::Str("i\"d".into()),
            Tok::Sym(']'),
            Tok::Sym(';'),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn keeps_dotted_names_whole_and_drops_comments() {
        let got = toks("// a\n.lf.v1.Task /* b\n c */ (google.api.x)");
        let want =
            vec![Tok::Ident(".lf.v1.Task".into()), Tok::Sym('('), Tok::Ident("google.api.x".into()), Tok::Sym(')')];
        assert_eq!(got, want);
    }

    #[test]
    fn counts_lines_and_reports_unterminated_input() {
        let tokens = tokenize("a\n/* x\n*/ b").expect("tokenizes");
        assert_eq!(tokens[1].line, 3);
        assert_eq!(tokenize("a\n/* x").unwrap_err(), "line 2: unterminated /* comment");
        assert_eq!(tokenize("\"abc").unwrap_err(), "line 1: unterminated string");
    }
}
