package grammar

import "github.com/alecthomas/participle/v2/lexer"

// Every grammar struct records the tokens it consumed in Tokens; package dsl
// computes exact byte spans from the first and last of them.

// Decl is one top-level declaration; it is the root of the declaration
// parser, which package dsl runs once per declaration chunk.
type Decl struct {
	Tokens  []lexer.Token
	Segment *SegmentDecl `  @@`
	Feature *FeatureDecl `| @@`
	Table   *TableDecl   `| @@`
	Events  *EventsDecl  `| @@`
}

// TableDecl is `entities|table NAME key K [from "t"] { columns }`.
type TableDecl struct {
	Tokens  []lexer.Token
	Kind    string       `@("entities" | "table")`
	Name    *Ident       `@@`
	Key     *Ident       `"key" @@`
	From    *String      `("from" @@)?`
	Columns *ColumnBlock `@@`
}

// EventsDecl is `events NAME key K time T [id I] [from "t"] [where E] { columns }`.
type EventsDecl struct {
	Tokens  []lexer.Token
	Kind    string       `@"events"`
	Name    *Ident       `@@`
	Key     *Ident       `"key" @@`
	Time    *Ident       `"time" @@`
	ID      *Ident       `("id" @@)?`
	From    *String      `("from" @@)?`
	Where   *Expr        `("where" @@)?`
	Columns *ColumnBlock `@@`
}

// ColumnBlock is `{ columns }`.
type ColumnBlock struct {
	Tokens  []lexer.Token
	Columns []*Column `"{" @@* "}"`
}

// Column is `name type`.
type Column struct {
	Tokens []lexer.Token
	Name   *Ident   `@@`
	Type   *TypeRef `@@`
}

// TypeRef is a type name with an optional `?`.
type TypeRef struct {
	Tokens   []lexer.Token
	Name     *Ident `@@`
	Nullable bool   `@"?"?`
}

// FeatureDecl is `feature NAME = EXPR`.
type FeatureDecl struct {
	Tokens  []lexer.Token
	Keyword string `@"feature"`
	Name    *Ident `@@`
	Value   *Expr  `"=" @@`
}

// SegmentDecl is `segment a.b { clauses }`.
type SegmentDecl struct {
	Tokens  []lexer.Token
	Keyword string    `@"segment"`
	Path    []*Ident  `@@ ("." @@)*`
	Clauses []*Clause `"{" @@* "}"`
}

// Clause is one segment clause.
type Clause struct {
	Tokens      []lexer.Token
	Where       *Expr   `  "where" @@`
	Require     *Expr   `| "require" @@`
	Description *String `| "description" @@`
	Holdout     *Number `| "holdout" @@ "%"`
}

// Ident is a non-reserved identifier.
type Ident struct {
	Tokens []lexer.Token
	Name   string `@Ident`
}

// String is a string literal token, quotes and escapes included.
type String struct {
	Tokens []lexer.Token
	Raw    string `@String`
}

// Number is a number literal token.
type Number struct {
	Tokens []lexer.Token
	Text   string `@Number`
}
