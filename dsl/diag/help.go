package diag

// Rule describes a code for machine-readable output: a short name, a one-line
// description and what to do about it (spec.md section 16.2, docs/lint.md).
type Rule struct {
	Code     Code
	Name     string
	Summary  string
	Help     string
	Severity Severity
}

// RuleFor returns the description of a code, with a generic one for codes
// it does not know.
func RuleFor(c Code) Rule {
	for _, r := range Rules() {
		if r.Code == c {
			return r
		}
	}
	return Rule{Code: c, Name: string(c), Summary: "segc finding " + string(c), Help: "See spec.md section 16.2.", Severity: severityOfCode(c)}
}

// severityOfCode reads the severity from a code's letter: E, W or I.
func severityOfCode(c Code) Severity {
	switch {
	case len(c) > 0 && c[0] == 'W':
		return Warning
	case len(c) > 0 && c[0] == 'I':
		return Info
	}
	return Error
}

// Rules lists every code with its description, in code order.
func Rules() []Rule {
	e, w, i := Error, Warning, Info
	return []Rule{
		{SyntaxError, "SyntaxError", "Syntax error.", "Add the missing =, brace, parenthesis or comma; split chained comparisons with and; start each declaration on a new line.", e},
		{BadToken, "BadToken", "A character that cannot start a token, or an unclosed string.", "Remove the character (there are no semicolons), use and/&&, or close the string on its line.", e},
		{BadDuration, "BadDuration", "A duration literal that overflows.", "Write a shorter duration: an integer and one unit of s m h d w.", e},
		{BadNumber, "BadNumber", "A number literal that does not fit its type.", "Use a smaller integer, or a decimal for an approximate value.", e},
		{DuplicateClause, "DuplicateClause", "A segment clause given twice.", "Combine them: where a and b.", e},
		{UnsupportedDecl, "UnsupportedDecl", "A declaration this version does not evaluate (no current construct reports it; the code keeps its meaning).", "Remove it or keep it outside the module until a version that supports it.", e},
		{BadString, "BadString", "A bad escape in a string literal.", `Use only \", \\, \n, \t.`, e},
		{UndefinedName, "UndefinedName", "An unknown or ambiguous name.", "Fix the spelling or declare the name; qualify an ambiguous column as table.column.", e},
		{DuplicateDecl, "DuplicateDecl", "Two declarations with one name in a module.", "Rename one of them; all files of a directory share names.", e},
		{UnknownColumn, "UnknownColumn", "An unknown column of an event log or table.", "Fix the column name or declare it in the block.", e},
		{UnknownFunction, "UnknownFunction", "An unknown function.", "Use a builtin from spec.md section 7.", e},
		{UnknownParent, "UnknownParent", "A nested segment whose parent is not declared.", "Declare the parent segment or fix the dotted name.", e},
		{BadKeyColumn, "BadKeyColumn", "A key, time or id column that cannot serve.", "Name distinct columns; the time column is time, the key int or string.", e},
		{MultipleEntities, "MultipleEntities", "More than one entities declaration.", "Keep one; declare the other as a joined table.", e},
		{UnknownType, "UnknownType", "An unknown column type.", "Use int, float, bool, string, time or duration, with ? for nullable.", e},
		{DuplicateColumn, "DuplicateColumn", "A column declared twice in one table.", "Remove one of them.", e},
		{ReservedName, "ReservedName", "A declaration named with a reserved label.", "holdout and noise are reserved; choose another name.", e},
		{TypeMismatch, "TypeMismatch", "Operand types do not fit the operator.", "Compare like with like.", e},
		{BadArguments, "BadArguments", "Wrong builtin arguments.", "Follow the signature the message quotes.", e},
		{NotBool, "NotBool", "A where, require or filter that is not bool.", "Write a condition: where monetary > 0.", e},
		{BadAggregate, "BadAggregate", "Event columns outside an aggregate, or an aggregate value that reads more than one event log.", "Wrap event columns in an aggregate, and aggregate each log in its own feature.", e},
		{BadWindow, "BadWindow", "within needs a duration.", "Add a unit: within 30d.", e},
		{Cycle, "Cycle", "A dependency cycle.", "Break the cycle the notes show.", e},
		{BadPercentile, "BadPercentile", "A percentile p outside 0..100 or not constant.", "Write a literal between 0 and 100.", e},
		{NonPositiveWindow, "NonPositiveWindow", "A zero or negative window.", "Use a positive duration.", e},
		{BadRegex, "BadRegex", "A matches() pattern that does not compile.", "Fix the RE2 regular expression; it must be a literal.", e},
		{BadHoldout, "BadHoldout", "A holdout outside (0, 100).", "Use a percentage strictly between 0 and 100.", e},
		{BadGroupKey, "BadGroupKey", "A percentile by key that cannot group.", "Group by an int, string or bool expression.", e},
		{NestedAggregate, "NestedAggregate", "An aggregate inside an event-level expression.", "Compute the value in a feature and compare at the entity level.", e},
		{BadClusterArg, "BadClusterArg", "An unknown clustering algorithm or parameter, or a bad or missing parameter value.", "Use kmeans or dbscan and the parameters spec.md section 9.6 lists, with the values it gives.", e},
		{BadClusterFeature, "BadClusterFeature", "A cluster feature that is not a number.", "Cluster on int or float entity-level values.", e},
		{BadClusterNames, "BadClusterNames", "Cluster names that do not fit the clusters.", "Give exactly k distinct names, with a fixed k and kmeans.", e},
		{BadClusterRef, "BadClusterRef", "A cluster used as a value, or a label it cannot have.", "Write CLUSTER.LABEL, such as rfm.champions or rfm.c1.", e},
		{BadDestinationURL, "BadDestinationURL", "A destination url that is not an absolute http(s) URL, or holds credentials.", "Write url \"https://host/path\"; sign with secret_env instead of a user:password.", e},
		{UnknownDestSeg, "UnknownDestSeg", "A destination segment no declaration stores, or a malformed glob.", "Name a segment, a lifecycle state (stage.x), a cluster (rfm.x), a NAME.holdout, or quote a glob with * and ?.", e},
		{DuplicateDest, "DuplicateDest", "Two destinations with one name.", "Rename one of them; destination names key the outbox.", e},
		{BadDestSetting, "BadDestSetting", "A destination setting of the wrong kind or out of range.", "Use the ranges of spec.md section 9.7: max_attempts 10, timeout 10s, concurrency 4, baseline false.", e},
		{LiteralSecret, "LiteralSecret", "A signing secret written in a .seg file.", "Keep secrets out of version control: secret_env \"VAR\" names the environment variable that holds it.", e},
		{MissingTable, "MissingTable", "A declared table is not in the database.", "Fix the from name or import the table.", e},
		{MissingColumn, "MissingColumn", "A declared column is not in the table.", "Fix the column name in the declaration.", e},
		{ColumnTypeMismatch, "ColumnTypeMismatch", "The database column's type does not fit.", "Fix the declared type or convert the column.", e},
		{BadValue, "BadValue", "A value that cannot be read as its type.", "Fix the data or declare the column nullable.", e},
		{DatabaseError, "DatabaseError", "The database could not be opened or read.", "Check the path and permissions.", e},
		{EmptyPopulation, "EmptyPopulation", "A statistic over no values gives null.", "Check the data and the parent or group.", w},
		{EmptySegment, "EmptySegment", "A segment with no members.", "Check the data, the as-of and the conditions; suppress it if expected.", w},
		{ClusterDrift, "ClusterDrift", "A cluster feature drifted from its training distribution (PSI above 0.25).", "Retrain the model: segc run --retrain.", w},
		{ClusterUnstable, "ClusterUnstable", "More than 20% of clustered entities changed cluster since the previous run.", "Check the data and the features; a retrain may be due.", w},
		{ClusterNaming, "ClusterNaming", "A retrain kept names that a fresh ranking would give differently.", "Check the profiles; rename the clusters if their meaning changed.", w},
		{GlobMatchesNothing, "GlobMatchesNothing", "A destination glob that matches no segment of the module.", "Fix the pattern, or remove it if the segments are gone.", w},
		{UnusedFeature, "UnusedFeature", "A feature no segment uses.", "Use it in a segment, or delete it.", w},
		{ShadowedName, "ShadowedName", "A feature named like a column declared in another file.", "Rename the feature, or write table.column where the column is meant.", w},
		{ConstantCondition, "ConstantCondition", "A condition that is always false or always true.", "Fix the constants or the operator; remove a clause that is always true.", w},
		{DuplicateSegment, "DuplicateSegment", "A segment identical to another one.", "Delete one of them, or make them differ.", w},
		{NotRealTime, "NotRealTime", "A segment that needs a batch recompute.", "Expected for percentile, median and zscore thresholds; use a constant threshold for a real-time segment.", i},
		{SmallSegment, "SmallSegment", "A segment smaller than --min-size.", "Merge it with a sibling, loosen it, or raise the limit with --min-size.", w},
		{BadSuppression, "BadSuppression", "A segc:ignore comment that cannot apply.", "Write # segc:ignore CODE reason, with a warning or info code and a reason.", w},
		{UnusedSuppression, "UnusedSuppression", "A segc:ignore comment that silenced nothing.", "Remove the comment.", w},
		{WindowPastRetain, "WindowPastRetain", "A window longer than the log's retention.", "Shorten the window or raise the log's retention.", w},
	}
}
