// Package types defines the value types of the segc language.
package types

// Kind is the base kind of a value type.
type Kind uint8

// The kinds. Null is the type of the literal null, which converts to any
// nullable type. Invalid marks an expression whose type could not be
// determined; it never produces a second diagnostic.
const (
	Invalid Kind = iota
	Null
	Int
	Float
	Bool
	String
	Time
	Duration
)

var kindNames = [...]string{"invalid", "null", "int", "float", "bool", "string", "time", "duration"}

// String returns the kind's name as written in .seg files.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// ParseKind maps a type name written in a declaration to its kind.
func ParseKind(name string) (Kind, bool) {
	for k, n := range kindNames {
		if n == name && Kind(k) >= Int {
			return Kind(k), true
		}
	}
	return Invalid, false
}

// Type is a kind plus nullability.
type Type struct {
	Kind     Kind `json:"kind"`
	Nullable bool `json:"nullable,omitempty"`
}

// Of returns a non-nullable type of kind k.
func Of(k Kind) Type { return Type{Kind: k} }

// OrNull returns t made nullable.
func (t Type) OrNull() Type { t.Nullable = true; return t }

// NonNull returns t without nullability.
func (t Type) NonNull() Type { t.Nullable = false; return t }

// IsNumeric reports whether t is int or float.
func (t Type) IsNumeric() bool { return t.Kind == Int || t.Kind == Float }

// IsValid reports whether t is a known type.
func (t Type) IsValid() bool { return t.Kind != Invalid }

// String renders the type as written in .seg files, e.g. "float?".
func (t Type) String() string {
	if t.Nullable && t.Kind != Null {
		return t.Kind.String() + "?"
	}
	return t.Kind.String()
}
