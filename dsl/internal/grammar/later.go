package grammar

import "github.com/alecthomas/participle/v2/lexer"

// LifecycleDecl is `lifecycle NAME { items }`.
type LifecycleDecl struct {
	Tokens  []lexer.Token
	Keyword string           `parser:"@\"lifecycle\""`
	Name    *Ident           `parser:"@@"`
	Items   []*LifecycleItem `parser:"\"{\" @@* \"}\""`
}

// TriggerDecl is `trigger NAME { clauses }`.
type TriggerDecl struct {
	Tokens  []lexer.Token
	Keyword string           `parser:"@\"trigger\""`
	Name    *Ident           `parser:"@@"`
	Clauses []*TriggerClause `parser:"\"{\" @@* \"}\""`
}

// TriggerClause is one line of a trigger.
type TriggerClause struct {
	Tokens []lexer.Token
	On     *EventMatch   `parser:"  \"on\" @@"`
	Wait   *TriggerWait  `parser:"| \"wait\" @@"`
	Enter  *TriggerEnter `parser:"| \"enter\" @@"`
	ExitOn *EventMatch   `parser:"| \"exit\" \"on\" @@"`
}

// TriggerWait is `DURATION [unless EVENTS]` after `wait`.
type TriggerWait struct {
	Tokens []lexer.Token
	Delay  *Expr       `parser:"@@"`
	Unless *EventMatch `parser:"(\"unless\" @@)?"`
}

// TriggerEnter is `SEGMENT for DURATION` after `enter`.
type TriggerEnter struct {
	Tokens  []lexer.Token
	Segment *Ident `parser:"@@"`
	For     *Expr  `parser:"\"for\" @@"`
}

// ClusterSpec is `cluster(ALGORITHM, NAME=VALUE, ...) [{ clauses }]` after
// `segment NAME =`.
type ClusterSpec struct {
	Tokens    []lexer.Token
	Keyword   string          `parser:"@\"cluster\""`
	Algorithm *Algorithm      `parser:"\"(\" @@"`
	Args      []*NamedArg     `parser:"(\",\" @@)* \")\""`
	Block     *ClusterClauses `parser:"@@?"`
}

// ClusterClauses is the optional block of a cluster segment.
type ClusterClauses struct {
	Tokens  []lexer.Token
	Clauses []*ClusterClause `parser:"\"{\" @@* \"}\""`
}

// ClusterClause is `name by ...` or `retrain every DURATION`.
type ClusterClause struct {
	Tokens  []lexer.Token
	NameBy  *ClusterNaming `parser:"  \"name\" \"by\" @@"`
	Retrain *Expr          `parser:"| \"retrain\" \"every\" @@"`
}

// ClusterNaming is `FEATURE [asc|desc]: NAME, ...` after `name by`.
type ClusterNaming struct {
	Tokens  []lexer.Token
	Feature *Expr    `parser:"@@"`
	Order   string   `parser:"@(\"asc\" | \"desc\")?"`
	Names   []*Ident `parser:"\":\" @@ (\",\" @@)*"`
}

// TestDecl is `test "NAME" { clauses }`.
type TestDecl struct {
	Tokens  []lexer.Token
	Keyword string        `parser:"@\"test\""`
	Name    *String       `parser:"@@"`
	Clauses []*TestClause `parser:"\"{\" @@* \"}\""`
}

// TestClause is one line (or given block) of a test.
type TestClause struct {
	Tokens []lexer.Token
	AsOf   *String     `parser:"  \"as_of\" @@"`
	Given  *Given      `parser:"| \"given\" @@"`
	Expect *TestExpect `parser:"| \"expect\" @@"`
}

// Given is `TABLE(COL, ...) { [row] ... }` after `given`.
type Given struct {
	Tokens  []lexer.Token
	Table   *Ident   `parser:"@@"`
	Columns []*Ident `parser:"\"(\" @@ (\",\" @@)* \")\""`
	Rows    []*List  `parser:"\"{\" @@* \"}\""`
}

// TestExpect is `SEGMENT.PATH OP [keys]` after `expect`.
type TestExpect struct {
	Tokens []lexer.Token
	Path   []*Ident `parser:"@@ (\".\" @@)*"`
	Op     string   `parser:"@(\"==\" | \"contains\" | \"excludes\")"`
	Keys   *List    `parser:"@@"`
}

// Duration is a duration literal token.
type Duration struct {
	Tokens []lexer.Token
	Text   string `parser:"@Duration"`
}

// Algorithm is the clustering algorithm, the first argument of cluster().
type Algorithm struct {
	Tokens []lexer.Token
	Name   string `parser:"@Ident"`
}
