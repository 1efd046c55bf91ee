package grammar

import "github.com/alecthomas/participle/v2/lexer"

// Expr is the lowest precedence layer: `a or b or c`.
type Expr struct {
	Tokens []lexer.Token
	Left   *AndExpr  `@@`
	Rest   []*OrTail `@@*`
}

// OrTail is one `or X` continuation.
type OrTail struct {
	Tokens []lexer.Token
	Op     string   `@("or" | "||")`
	Right  *AndExpr `@@`
}

// AndExpr is `a and b`.
type AndExpr struct {
	Tokens []lexer.Token
	Left   *NotExpr   `@@`
	Rest   []*AndTail `@@*`
}

// AndTail is one `and X` continuation.
type AndTail struct {
	Tokens []lexer.Token
	Op     string   `@("and" | "&&")`
	Right  *NotExpr `@@`
}

// NotExpr is `not X` or a comparison.
type NotExpr struct {
	Tokens []lexer.Token
	Op     string   `(  @("not" | "!")`
	X      *NotExpr `   @@ )`
	Cmp    *CmpExpr `| @@`
}

// CmpExpr is a single, non-associative comparison or `X in [list]`.
type CmpExpr struct {
	Tokens []lexer.Token
	Left   *CoalExpr `@@`
	Op     string    `( @("==" | "!=" | "<=" | ">=" | "<" | ">")`
	Right  *CoalExpr `  @@`
	In     string    `| @"in"`
	List   *List     `  @@ )?`
}

// CoalExpr is `a ?? b`.
type CoalExpr struct {
	Tokens []lexer.Token
	Left   *AddExpr    `@@`
	Rest   []*CoalTail `@@*`
}

// CoalTail is one `?? X` continuation.
type CoalTail struct {
	Tokens []lexer.Token
	Op     string   `@"??"`
	Right  *AddExpr `@@`
}

// AddExpr is `a + b - c`.
type AddExpr struct {
	Tokens []lexer.Token
	Left   *MulExpr   `@@`
	Rest   []*AddTail `@@*`
}

// AddTail is one `+ X` or `- X` continuation.
type AddTail struct {
	Tokens []lexer.Token
	Op     string   `@("+" | "-")`
	Right  *MulExpr `@@`
}

// MulExpr is `a * b / c % d`.
type MulExpr struct {
	Tokens []lexer.Token
	Left   *UnaryExpr `@@`
	Rest   []*MulTail `@@*`
}

// MulTail is one `* X`, `/ X` or `% X` continuation.
type MulTail struct {
	Tokens []lexer.Token
	Op     string     `@("*" | "/" | "%")`
	Right  *UnaryExpr `@@`
}

// UnaryExpr is `-X` or a postfix expression.
type UnaryExpr struct {
	Tokens  []lexer.Token
	Op      string     `(  @"-"`
	X       *UnaryExpr `   @@ )`
	Postfix *Postfix   `| @@`
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
	Duration *string  `  @Duration`
	Number   *string  `| @Number`
	String   *string  `| @String`
	Bool     *string  `| @("true" | "false")`
	Null     bool     `| @"null"`
	Name     *NameRef `| @@`
	Paren    *Expr    `| "(" @@ ")"`
	List     *List    `| @@`
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
