package grammar

import (
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alecthomas/participle/v2/lexer"
)

// regexpLexer is the regular-expression lexer the hand-written scanner
// replaced; it is the specification the scanner must match token for token.
func regexpLexer() *lexer.StatefulDefinition {
	return lexer.MustSimple([]lexer.SimpleRule{
		{Name: WhitespaceToken, Pattern: `[ \t\r\n\f\v]+`},
		{Name: IdentToken, Pattern: `[\p{L}_][\p{L}\p{N}_]*`},
		{Name: PunctToken, Pattern: `\?\?|==|!=|<=|>=|&&|\|\||->|\.\.|[-+*/%<>!=(){}\[\],.?:]`},
		{Name: DurationToken, Pattern: `\d+[smhdw]\b`},
		{Name: NumberToken, Pattern: `\d+(?:\.\d+)?(?:[eE][+-]?\d+)?`},
		{Name: StringToken, Pattern: `"(?:\\[^\n]|[^"\\\n])*"?`},
		{Name: CommentToken, Pattern: `#[^\n]*`},
		{Name: BadToken, Pattern: `(?s).`},
	})
}

// TestScannerMatchesRegexpLexer lexes the test files, the fuzz corpus and
// many random inputs with both lexers and compares the token streams:
// types, values and positions.
func TestScannerMatchesRegexpLexer(t *testing.T) {
	ref := regexpLexer()
	for name, src := range lexInputs(t) {
		want := lexAll(t, ref, src)
		got := lexAll(t, NewLexer(), src)
		if msg := diffTokens(ref.Symbols(), want, got); msg != "" {
			t.Fatalf("input %s %q: %s", name, src, msg)
		}
	}
}

// TestSymbolsMatchRegexpLexer checks that token type numbers are unchanged.
func TestSymbolsMatchRegexpLexer(t *testing.T) {
	want, got := regexpLexer().Symbols(), NewLexer().Symbols()
	if len(want) != len(got) {
		t.Fatalf("symbols %v, want %v", got, want)
	}
	for name, typ := range want {
		if got[name] != typ {
			t.Errorf("symbol %s is %d, want %d", name, got[name], typ)
		}
	}
}

// lexInputs collects the inputs: files, tricky fragments, random strings.
func lexInputs(t *testing.T) map[string]string {
	out := map[string]string{}
	for _, glob := range []string{"../../testdata/*/*.seg", "../../testdata/fuzz/FuzzParse/*", "../../format/testdata/*.seg"} {
		paths, _ := filepath.Glob(glob)
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			out[p] = string(b)
		}
	}
	if len(out) < 10 {
		t.Fatalf("found only %d input files", len(out))
	}
	for i, frag := range trickyFragments {
		out["fragment "+string(rune('A'+i%26))+strings.Repeat("'", i/26)] = frag
	}
	r := rand.New(rand.NewSource(1))
	for i := range 20000 {
		out["random "+strings.Repeat("#", 1+i%3)+string(rune(i))] = randomInput(r)
	}
	return out
}

// trickyFragments exercise the edges of each rule.
var trickyFragments = []string{
	"", "30d", "30dx", "30d_", "30dé", "30d5", "30d.5", "1.", "1.5", "1.5e", "1.5e+", "1e-3", "1E3x",
	"12s4", "3w", "3w\n", `"a\"b"`, `"a\`, "\"a\\\n", `"a\\"`, "\"open\n", "\"\xff\"", "\"\\\xff\"",
	"# c\r\nx", "#", "a&b|c", "&&||", "??=", "?.?", "é日本 résumé ٣x x٣ ²a a²", "\u00a0x",
	"\xff\xfe", "\xef\xbf\xbd", "a->b", "2..8", "1...2", "1.5..2", "->>", "-->", "x:y", "3d..7d", "a\v\fb", "_", "__1", "ªº", "x\u0301y", "\t\n\t\nx", "\r\n\r\n",
}

// randomInput builds a short string from characters that matter to the
// lexer.
func randomInput(r *rand.Rand) string {
	alphabet := []string{"a", "Z", "_", "0", "7", "s", "m", "d", "w", "e", "E", ".", "+", "-", "\"", "\\",
		"\n", " ", "\t", "\r", "#", "?", "=", "!", "<", ">", "&", "|", "(", "]", ",", "é", "日", "٣", "²",
		"\xff", "\xc3", "@", "€", "\u00a0", "%", "*", "/", ":", ".."}
	var b strings.Builder
	for range r.Intn(24) {
		b.WriteString(alphabet[r.Intn(len(alphabet))])
	}
	return b.String()
}

// lexAll runs a lexer to EOF.
func lexAll(t *testing.T, def lexer.StringDefinition, src string) []lexer.Token {
	lx, err := def.LexString("in.seg", src)
	if err != nil {
		t.Fatal(err)
	}
	var out []lexer.Token
	for {
		tok, err := lx.Next()
		if err != nil {
			t.Fatalf("lexing %q: %v", src, err)
		}
		out = append(out, tok)
		if tok.EOF() {
			return out
		}
	}
}

// diffTokens describes the first difference between two token streams.
func diffTokens(symbols map[string]lexer.TokenType, want, got []lexer.Token) string {
	names := map[lexer.TokenType]string{}
	for n, typ := range symbols {
		names[typ] = n
	}
	for i := range max(len(want), len(got)) {
		if i >= len(want) || i >= len(got) {
			return "token counts differ"
		}
		if want[i] != got[i] {
			return "token " + names[got[i].Type] + " " + got[i].String() + " at " + got[i].Pos.String() +
				", want " + names[want[i].Type] + " " + want[i].String() + " at " + want[i].Pos.String()
		}
	}
	return ""
}
