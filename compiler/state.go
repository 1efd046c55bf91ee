package compiler

import (
	"github.com/segc/segc/builtins"
	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
	"github.com/segc/segc/dsl/types"
)

// state is everything the stages share. Each stage reads what earlier
// stages wrote and adds its own part.
type state struct {
	reg   *builtins.Registry
	files []*ast.File
	diags diag.List
	// syntaxErrors: parsing the module reported errors (Module.SyntaxErrors)
	syntaxErrors bool

	// collect
	decls    map[string]declSite // every declared name: tables, logs, features, segments
	entities *tableSym
	tables   []*tableSym // entities first, then joined tables, in declaration order
	logs     []*tableSym
	features []*featureSym
	segments []*segmentSym
	byName   map[string]any       // name -> *tableSym, *featureSym or *segmentSym
	columns  map[string][]*colSym // entity-level column name -> its declarations
	keyType  types.Type
	// time-dependent declarations (timeseg.go)
	lifecycles []*lifecycleSym
	triggers   []*triggerSym
	matchLogs  map[*ast.EventMatch]*tableSym
	timeIns    map[*ast.CallExpr]*lifecycleSym
	// cluster segments (cluster.go)
	clusters []*clusterSym

	// resolve
	refs  map[ast.Expr]ref
	calls map[*ast.CallExpr]*callInfo

	// typecheck
	types    map[ast.Expr]types.Type
	operands map[ast.Expr]types.Kind // common operand kind of binary/in/call nodes

	// hoist
	usedColumns []*colSym
	aggregates  []*plan.Aggregate
	aggByKey    map[string]int
	thresholds  []*plan.Threshold
	thrByKey    map[string]int
	logFilters  []plan.Expr

	// order
	steps []plan.Step

	// destinations
	dests []*plan.Destination

	// plan
	planColumns map[*colSym]*plan.Column
	plan        *plan.Plan
}

// newState prepares an empty state for a module.
func newState(m *Module, reg *builtins.Registry) *state {
	return &state{
		reg:          reg,
		files:        m.Files,
		syntaxErrors: m.SyntaxErrors,
		decls:        map[string]declSite{},
		byName:       map[string]any{},
		columns:      map[string][]*colSym{},
		refs:         map[ast.Expr]ref{},
		matchLogs:    map[*ast.EventMatch]*tableSym{},
		timeIns:      map[*ast.CallExpr]*lifecycleSym{},
		calls:        map[*ast.CallExpr]*callInfo{},
		types:        map[ast.Expr]types.Type{},
		operands:     map[ast.Expr]types.Kind{},
		aggByKey:     map[string]int{},
		thrByKey:     map[string]int{},
	}
}

// hasErrors says whether parsing or a stage so far reported an error.
func (s *state) hasErrors() bool {
	return s.syntaxErrors || s.diags.HasErrors()
}

// declSite is where a name was first declared.
type declSite struct {
	file *source.File
	span source.Span
	what string // "feature", "segment", "table", ...
}

// tableSym is a declared entities table, joined table or event log.
type tableSym struct {
	decl     *ast.TableDecl
	file     *source.File
	index    int // position in tables or logs
	keyType  types.Type
	keyTyped bool // the key column is listed in the block
	keyPII   bool // the listed key column is declared pii
	cols     []*colSym
	colIndex map[string]*colSym
	timeCol  *colSym // event logs only
}

// name returns the declared name.
func (t *tableSym) name() string { return t.decl.Name.Name }

// colSym is one column of a table or event log.
type colSym struct {
	name     string
	typ      types.Type
	decl     *ast.Column // nil for an unlisted time column
	table    *tableSym
	index    int // position in the table's or log's column list
	used     bool
	planIdx  int    // position in plan.Columns (entity-level, used only)
	refName  string // the name expressions print: col, or table.col when ambiguous
	declSpan source.Span
}

// featureSym is a `feature NAME = EXPR` declaration.
type featureSym struct {
	decl   *ast.FeatureDecl
	file   *source.File
	index  int
	typ    types.Type
	typing uint8 // 0 not typed, 1 in progress, 2 done
	value  plan.Expr
}

// segmentSym is a segment declaration.
type segmentSym struct {
	decl    *ast.SegmentDecl
	file    *source.File
	index   int
	name    string
	parent  *segmentSym
	where   plan.Expr
	require plan.Expr
	holdout int
}

// refKind says what a name resolved to.
type refKind uint8

// The things a name can denote.
const (
	refFeature refKind = iota
	refSegment
	refColumn
	refEventColumn
	refState   // LIFECYCLE.STATE
	refTrigger // a trigger's segment
	refCluster // CLUSTER.LABEL
)

// ref is the resolution of an *ast.Ident or *ast.SelectorExpr.
type ref struct {
	kind    refKind
	feature *featureSym
	segment *segmentSym
	col     *colSym
	// lifecycle and state for refState; trigger for refTrigger.
	lifecycle *lifecycleSym
	state     int
	trigger   *triggerSym
	// cluster and label for refCluster.
	cluster *clusterSym
	label   *ast.Ident
}

// callInfo records how a call resolved.
type callInfo struct {
	b *builtins.Builtin
	// aggregates: the log, the aggregated column (nil for count), the
	// event filter and the window expression.
	log    *tableSym
	value  ast.Expr
	where  ast.Expr
	within ast.Expr
	// between is a past window, `between FROM and TO ago`.
	between *ast.Window
	// population builtins and scalars: the value arguments, and the by key.
	args []ast.Expr
	by   *ast.ByArg
}

// errorAt records an error.
func (s *state) errorAt(f *source.File, code diag.Code, span source.Span, msg string, related ...diag.Related) {
	s.diags = append(s.diags, diag.Diagnostic{Severity: diag.Error, Code: code, Message: msg, File: f, Span: span, Related: related})
}

// typeOf returns the checked type of e, invalid when unknown.
func (s *state) typeOf(e ast.Expr) types.Type { return s.types[e] }
