package grammar

import "github.com/alecthomas/participle/v2/lexer"

// Every grammar struct records the tokens it consumed in Tokens; package dsl
// computes exact byte spans from the first and last of them.

// Decl is one top-level declaration; it is the root of the declaration
// parser, which package dsl runs once per declaration chunk.
type Decl struct {
	Tokens    []lexer.Token
	Segment   *SegmentDecl   `parser:"  @@"`
	Feature   *FeatureDecl   `parser:"| @@"`
	Table     *TableDecl     `parser:"| @@"`
	Events    *EventsDecl    `parser:"| @@"`
	Lifecycle *LifecycleDecl `parser:"| @@"`
	Trigger   *TriggerDecl   `parser:"| @@"`
	Test      *TestDecl      `parser:"| @@"`
	Dest      *DestDecl      `parser:"| @@"`
}

// TableDecl is `entities|table NAME key K [from "t"] { columns }`.
type TableDecl struct {
	Tokens  []lexer.Token
	Kind    string       `parser:"@(\"entities\" | \"table\")"`
	Name    *Ident       `parser:"@@"`
	Key     *Ident       `parser:"\"key\" @@"`
	From    *String      `parser:"(\"from\" @@)?"`
	Columns *ColumnBlock `parser:"@@"`
}

// EventsDecl is `events NAME key K time T [id I] [retention D] [from "t"]
// [where E] { columns }`.
type EventsDecl struct {
	Tokens    []lexer.Token
	Kind      string       `parser:"@\"events\""`
	Name      *Ident       `parser:"@@"`
	Key       *Ident       `parser:"\"key\" @@"`
	Time      *Ident       `parser:"\"time\" @@"`
	ID        *Ident       `parser:"(\"id\" @@)?"`
	Retention *Duration    `parser:"(\"retention\" @@)?"`
	From      *String      `parser:"(\"from\" @@)?"`
	Where     *Expr        `parser:"(\"where\" @@)?"`
	Columns   *ColumnBlock `parser:"@@"`
}

// ColumnBlock is `{ columns }`.
type ColumnBlock struct {
	Tokens  []lexer.Token
	Columns []*Column `parser:"\"{\" @@* \"}\""`
}

// Column is `name type [pii]`.
type Column struct {
	Tokens []lexer.Token
	Name   *Ident    `parser:"@@"`
	Type   *TypeRef  `parser:"@@"`
	PII    *Modifier `parser:"@@?"`
}

// TypeRef is a type name with an optional `?`.
type TypeRef struct {
	Tokens   []lexer.Token
	Name     *Ident `parser:"@@"`
	Nullable bool   `parser:"@\"?\"?"`
}

// FeatureDecl is `feature NAME = EXPR`.
type FeatureDecl struct {
	Tokens  []lexer.Token
	Keyword string `parser:"@\"feature\""`
	Name    *Ident `parser:"@@"`
	Value   *Expr  `parser:"\"=\" @@"`
}

// SegmentDecl is `segment a.b { clauses }`, or a cluster segment
// `segment NAME = cluster(...)` when Cluster is set.
type SegmentDecl struct {
	Tokens  []lexer.Token
	Keyword string       `parser:"@\"segment\""`
	Path    []*Ident     `parser:"@@ (\".\" @@)*"`
	Clauses []*Clause    `parser:"(  \"{\" @@* \"}\""`
	Cluster *ClusterSpec `parser:"  | \"=\" @@ )"`
}

// Clause is one segment clause.
type Clause struct {
	Tokens      []lexer.Token
	Where       *Expr   `parser:"  \"where\" @@"`
	Require     *Expr   `parser:"| \"require\" @@"`
	Description *String `parser:"| \"description\" @@"`
	Holdout     *Number `parser:"| \"holdout\" @@ \"%\""`
}

// Ident is a non-reserved identifier.
type Ident struct {
	Tokens []lexer.Token
	Name   string `parser:"@Ident"`
}

// String is a string literal token, quotes and escapes included.
type String struct {
	Tokens []lexer.Token
	Raw    string `parser:"@String"`
}

// Number is a number literal token.
type Number struct {
	Tokens []lexer.Token
	Text   string `parser:"@Number"`
}
