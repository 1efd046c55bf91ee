package builtins

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/types"
)

// stringBuiltins returns lower, upper, contains, starts_with, ends_with and
// matches.
func stringBuiltins() []*Builtin {
	return []*Builtin{
		stringMap("lower", "s in lower case", strings.ToLower),
		stringMap("upper", "s in upper case", strings.ToUpper),
		stringTest("contains", "whether s contains sub", strings.Contains),
		stringTest("starts_with", "whether s starts with prefix", strings.HasPrefix),
		stringTest("ends_with", "whether s ends with suffix", strings.HasSuffix),
		matchesBuiltin(),
	}
}

// stringMap builds a string -> string builtin.
func stringMap(name, doc string, f func(string) string) *Builtin {
	sig := name + "(s: string) string"
	return &Builtin{
		Name: name, Class: Scalar, Signature: sig,
		Doc:   strings.ToUpper(doc[:1]) + doc[1:] + "; null when s is null.",
		Check: stringArgs(name, sig, 1, types.String),
		Row: func(_ Env, args []any) any {
			s, ok := args[0].(string)
			if !ok {
				return nil
			}
			return f(s)
		},
	}
}

// stringTest builds a (string, string) -> bool builtin.
func stringTest(name, doc string, f func(s, sub string) bool) *Builtin {
	second := map[string]string{"contains": "sub", "starts_with": "prefix", "ends_with": "suffix"}[name]
	sig := name + "(s, " + second + ": string) bool"
	return &Builtin{
		Name: name, Class: Scalar, Signature: sig,
		Doc:   strings.ToUpper(doc[:1]) + doc[1:] + " (case-sensitive); null if an argument is null.",
		Check: stringArgs(name, sig, 2, types.Bool),
		Row: func(_ Env, args []any) any {
			s, ok1 := args[0].(string)
			sub, ok2 := args[1].(string)
			if !ok1 || !ok2 {
				return nil
			}
			return f(s, sub)
		},
	}
}

// stringArgs checks n string arguments and returns the result kind.
func stringArgs(name, sig string, n int, result types.Kind) func([]types.Type) (types.Type, error) {
	return func(args []types.Type) (types.Type, error) {
		if err := checkArity(sig, args, n, n); err != nil {
			return types.Type{}, err
		}
		for i, a := range args {
			if err := checkKind(name, i, a, kindSet{types.String}); err != nil {
				return types.Type{}, err
			}
		}
		return withNull(types.Of(result), args), nil
	}
}

func matchesBuiltin() *Builtin {
	sig := `matches(s: string, re: constant string) bool`
	return &Builtin{
		Name: "matches", Class: Scalar, Signature: sig,
		Doc:   "Whether s contains a match of the RE2 regular expression re (anchor it with ^...$ to match all of s); null when s is null.",
		Check: stringArgs("matches", sig, 2, types.Bool),
		Consts: []ConstArg{{Index: 1, Code: diag.BadRegex, What: "a string literal holding an RE2 regular expression",
			Check: func(v any) error {
				s, ok := v.(string)
				if !ok {
					return fmt.Errorf("the pattern must be a string")
				}
				if _, err := regexp.Compile(s); err != nil {
					return fmt.Errorf("%q is not a valid RE2 regular expression: %v", s, strings.TrimPrefix(err.Error(), "error parsing regexp: "))
				}
				return nil
			}}},
		Row: func(_ Env, args []any) any {
			s, ok1 := args[0].(string)
			re, ok2 := args[1].(string)
			if !ok1 || !ok2 {
				return nil
			}
			rx, err := regexp.Compile(re)
			if err != nil {
				return nil
			}
			return rx.MatchString(s)
		},
		Prepare: func(consts []any) (func(Env, []any) any, error) {
			re, _ := consts[1].(string)
			rx, err := regexp.Compile(re)
			if err != nil {
				return nil, err
			}
			return func(_ Env, args []any) any {
				s, ok := args[0].(string)
				if !ok {
					return nil
				}
				return rx.MatchString(s)
			}, nil
		},
	}
}
