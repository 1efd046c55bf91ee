package grammar

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
	"github.com/segc/segc/dsl/ast"
)

// DestDecl is `destination NAME { clauses }`.
type DestDecl struct {
	Tokens  []lexer.Token
	Keyword string        `parser:"@\"destination\""`
	Name    *Ident        `parser:"@@"`
	Clauses []*DestClause `parser:"\"{\" @@* \"}\""`
}

// DestClause is one line of a destination.
type DestClause struct {
	Tokens    []lexer.Token
	URL       *String       `parser:"  \"url\" @@"`
	Segments  []*SegmentRef `parser:"| \"segments\" @@ (\",\" @@)*"`
	SecretEnv *String       `parser:"| \"secret_env\" @@"`
	Secret    *String       `parser:"| \"secret\" @@"`
	Setting   *Setting      `parser:"| @@"`
}

// SegmentRef is a dotted segment name or a quoted glob.
type SegmentRef struct {
	Tokens []lexer.Token
	Path   []*Ident `parser:"  @@ (\".\" @@)*"`
	Glob   *String  `parser:"| @@"`
}

// Setting is `KEYWORD VALUE` for a delivery setting.
type Setting struct {
	Tokens []lexer.Token
	Key    string `parser:"@(\"max_attempts\" | \"timeout\" | \"backoff\" | \"max_backoff\" | \"concurrency\" | \"baseline\")"`
	Value  *Expr  `parser:"@@"`
}

// Modifier is the `pii` modifier after a column's type. The word is the
// next column's name instead when a type name follows it, so a column
// may be called pii.
type Modifier struct {
	Ident *ast.Ident
}

// Parse implements participle.Parseable.
func (m *Modifier) Parse(lex *lexer.PeekingLexer) error {
	t := *lex.Peek()
	if t.Type != IdentType || t.Value != "pii" || typeNameFollows(lex) {
		return participle.NextMatch
	}
	lex.Next()
	m.Ident = &ast.Ident{Name: t.Value, Sp: tokenSpan(t)}
	return nil
}

// typeNameFollows reports whether the token after the current one is a
// type name.
func typeNameFollows(lex *lexer.PeekingLexer) bool {
	cp := lex.MakeCheckpoint()
	lex.Next()
	next := *lex.Peek()
	lex.LoadCheckpoint(cp)
	if next.Type != IdentType {
		return false
	}
	switch next.Value {
	case "int", "float", "bool", "string", "time", "duration":
		return true
	}
	return false
}
