package diag

// Code is a stable diagnostic code such as "E0201". Codes never change
// meaning; spec.md lists each with an example and what to do.
type Code string

// Syntax (E01xx): reported by the parser.
const (
	SyntaxError     Code = "E0101" // unexpected token
	BadToken        Code = "E0102" // a character or literal that cannot be lexed
	BadDuration     Code = "E0103" // malformed or overflowing duration literal
	BadNumber       Code = "E0104" // malformed or overflowing number literal
	DuplicateClause Code = "E0105" // a segment clause given twice
	UnsupportedDecl Code = "E0106" // a declaration kind this version does not evaluate
	BadString       Code = "E0107" // bad escape in a string literal
)

// Names (E02xx): reported by name resolution.
const (
	UndefinedName    Code = "E0201" // unknown identifier, with a did-you-mean
	DuplicateDecl    Code = "E0202" // two declarations with one name in a module
	UnknownColumn    Code = "E0203" // unknown column of a table or event log
	UnknownFunction  Code = "E0204" // unknown builtin
	UnknownParent    Code = "E0205" // nested segment whose parent is not declared
	BadKeyColumn     Code = "E0206" // key/time/id column missing or duplicated
	MultipleEntities Code = "E0207" // more than one entities declaration
	UnknownType      Code = "E0208" // unknown type name in a column declaration
	DuplicateColumn  Code = "E0209" // a column declared twice in one table
	ReservedName     Code = "E0210" // a declaration named with a reserved label
)

// Types (E03xx): reported by the type checker.
const (
	TypeMismatch Code = "E0301" // operand types do not fit the operator
	BadArguments Code = "E0302" // wrong number or types of builtin arguments
	NotBool      Code = "E0303" // where/require/filter is not bool
	BadAggregate Code = "E0304" // event columns used outside an aggregate, or an aggregate without events
	BadWindow    Code = "E0305" // within needs a duration
)

// Semantics (E04xx): reported by later checks.
const (
	Cycle             Code = "E0401" // a dependency cycle between features/segments
	BadPercentile     Code = "E0402" // percentile p not a constant in 0..100
	NonPositiveWindow Code = "E0403" // zero or negative duration
	BadRegex          Code = "E0404" // matches() with a regex that does not compile
	BadHoldout        Code = "E0405" // holdout outside (0, 100)
	BadGroupKey       Code = "E0406" // percentile by-key of a type that cannot group
	NestedAggregate   Code = "E0407" // an aggregate or percentile where it is not allowed
	UnknownState      Code = "E0408" // a lifecycle state that is not declared (initial, terminal or a transition target)
	BadTransition     Code = "E0409" // a transition without when/on, or a non-bool guard
	BadPastWindow     Code = "E0410" // between FROM and TO ago with FROM <= TO
	BadTrigger        Code = "E0411" // a trigger wait/for that is not a positive constant duration
	BadClusterArg     Code = "E0412" // cluster(...): unknown algorithm or parameter, or a bad or missing parameter value
	BadClusterFeature Code = "E0413" // a cluster feature or `name by` feature that is not a numeric entity-level value
	BadClusterNames   Code = "E0414" // cluster names: a count other than k, a repeat, a reserved label, or names for dbscan
	BadClusterRef     Code = "E0415" // a cluster used as a value, or a cluster label it cannot have
	BadDestinationURL Code = "E0416" // a destination url that is not an absolute http(s) URL, or holds credentials
	UnknownDestSeg    Code = "E0417" // a destination segment that no declaration stores, or a malformed glob
	DuplicateDest     Code = "E0418" // two destinations with one name in a module
	BadDestSetting    Code = "E0419" // a destination setting of the wrong kind or out of range, a bad name or secret_env
	LiteralSecret     Code = "E0420" // a destination secret written in the file instead of secret_env
)

// Schema and data (E05xx): reported against a database.
const (
	MissingTable       Code = "E0501" // declared table not in the database
	MissingColumn      Code = "E0502" // declared column not in the table
	ColumnTypeMismatch Code = "E0503" // the database column's type does not fit the declaration
	BadValue           Code = "E0504" // a value that cannot be read as its declared type
	DatabaseError      Code = "E0505" // the database could not be opened or read
)

// Warnings (W06xx).
const (
	EmptyPopulation    Code = "W0601" // a percentile over no values gives null
	EmptySegment       Code = "W0602" // a segment with no members
	UnreachableState   Code = "W0603" // a lifecycle state no transition leads to
	ShadowedTransition Code = "W0604" // a transition an earlier always-true guard out of the same state hides
	StuckState         Code = "W0605" // a non-terminal state with no way out
	ClusterDrift       Code = "W0606" // a cluster feature's distribution drifted from training (PSI above 0.25)
	ClusterUnstable    Code = "W0607" // more than 20% of clustered entities changed cluster since the previous run
	ClusterNaming      Code = "W0608" // a retrain's matched names disagree with a fresh ranking by the naming feature
	GlobMatchesNothing Code = "W0609" // a destination glob that matches no stored segment of the module
)

// Lint (W07xx, I07xx): reported by `segc check` (the compiler's lint stage,
// the suppression pass and, with --db, the dry run). Info codes use I.
const (
	UnusedFeature     Code = "W0701" // a feature no segment uses, directly or through features
	ShadowedName      Code = "W0702" // a feature named like a column declared in another file
	ConstantCondition Code = "W0703" // comparisons of one operand that are always false or always true
	DuplicateSegment  Code = "W0704" // a segment identical to another one
	NotRealTime       Code = "I0705" // a segment whose inputs need a batch recompute
	SmallSegment      Code = "W0706" // a segment smaller than --min-size
	BadSuppression    Code = "W0707" // a segc:ignore comment without reason, or naming an unknown or error code
	UnusedSuppression Code = "W0708" // a segc:ignore comment that silenced nothing
	WindowPastRetain  Code = "W0709" // a window longer than the log's declared retention
)

// Tests (E08xx): reported by `segc test` for fixtures in *_test.seg files.
const (
	BadTestFile Code = "E0801" // a non-test declaration in a test file, a duplicate test name, a missing or bad as_of
	BadGiven    Code = "E0802" // a given naming an unknown table or column, or omitting a column the module reads
	BadRow      Code = "E0803" // a fixture row of the wrong length, a literal of the wrong type, a duplicate key
	BadExpect   Code = "E0804" // an expect naming an unknown segment, or keys of the wrong type
)
