package grammar

import "github.com/alecthomas/participle/v2/lexer"

// Expr is an operator expression kept flat: operands joined by binary
// operators. Package dsl applies precedence and associativity when it
// builds the ast (a Pratt pass), which keeps the participle grammar shallow
// and fast; the levels are listed in dsl/precedence.go.
type Expr struct {
	Tokens []lexer.Token
	First  *Operand   `@@`
	Rest   []*BinTail `@@*`
}

// BinTail is one `OP operand` continuation.
type BinTail struct {
	Tokens []lexer.Token
	Op     string   `@("or" | "||" | "and" | "&&" | "==" | "!=" | "<=" | ">=" | "<" | ">" | "in" | "??" | "+" | "-" | "*" | "/" | "%")`
	Right  *Operand `@@`
}

// Operand is a postfix expression with prefix operators (`not`, `!`, `-`).
type Operand struct {
	Tokens []lexer.Token
	Prefix []string `@("not" | "!" | "-")*`
	X      *Postfix `@@`
}

// Postfix is a primary followed by `.name` selectors.
type Postfix struct {
	Tokens []lexer.Token
	X      *Primary `@@`
	Sels   []*Ident `("." @@)*`
}

// Primary is a literal, a name or call, a parenthesised expression or a list.
type Primary struct {
	Tokens   []lexer.Token
	Name     *NameRef `  @@`
	Number   *string  `| @Number`
	String   *string  `| @String`
	Paren    *Expr    `| "(" @@ ")"`
	Duration *string  `| @Duration`
	List     *List    `| @@`
	Bool     *string  `| @("true" | "false")`
	Null     bool     `| @"null"`
}

// NameRef is a name, optionally called: `x` or `f(args)`.
type NameRef struct {
	Tokens []lexer.Token
	Name   *Ident   `@@`
	Args   *ArgList `@@?`
}

// ArgList is `( args )`.
type ArgList struct {
	Tokens []lexer.Token
	Open   string `@"("`
	Args   []*Arg `(@@ ("," @@)*)? ")"`
}

// Arg is `by EXPR` or `EXPR [where EXPR] [within EXPR]`. `by` starts a
// ByArg only when an operand follows it, so `f(by)` and `f(by == 1)` use a
// column named by.
type Arg struct {
	Tokens []lexer.Token
	By     *Expr `  (?= "by" (Ident | Number | String | Duration | "(" | "[" | "-" | "not" | "!" | "true" | "false" | "null")) "by" @@`
	Value  *Expr `| @@`
	Where  *Expr `  ("where" @@)?`
	Within *Expr `  ("within" @@)?`
}

// List is `[a, b, c]`.
type List struct {
	Tokens []lexer.Token
	Open   string  `@"["`
	Elems  []*Expr `(@@ ("," @@)*)? "]"`
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
