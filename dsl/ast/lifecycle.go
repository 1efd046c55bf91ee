package ast

import "github.com/segc/segc/dsl/source"

// LifecycleDecl is a state machine with one state per entity:
//
//	lifecycle NAME {
//	  initial STATE
//	  terminal STATE, STATE          # optional, may repeat
//	  FROM -> TO when CONDITION
//	  FROM -> TO on LOG [where FILTER]
//	}
//
// Initial is required (the parser reports its absence). Terminal lists the
// states that need no way out, from every terminal line in source order.
// Transitions keep their source order: the first that holds fires.
type LifecycleDecl struct {
	Name        *Ident
	Initial     *Ident
	Terminal    []*Ident
	Transitions []*Transition
	Sp          source.Span
}

// Transition is `FROM -> TO when CONDITION` or `FROM -> TO on EVENTS`.
// Exactly one of When and On is set.
type Transition struct {
	From, To *Ident
	When     Expr
	On       *EventMatch
	Sp       source.Span
}

// EventMatch is `LOG [where FILTER]`: the events of a log, optionally
// filtered, in lifecycle transitions (`on ...`) and triggers (`on`,
// `unless`, `exit on`). Where is nil when absent.
type EventMatch struct {
	Log   *Ident
	Where Expr
	Sp    source.Span
}

// TriggerDecl is event-driven membership:
//
//	trigger NAME {
//	  on EVENTS                          # required
//	  wait DURATION [unless EVENTS]      # optional
//	  enter SEGMENT for DURATION         # required
//	  exit on EVENTS                     # optional
//	}
//
// Wait, Unless and ExitOn are nil when absent; Unless is only set with Wait.
// Enter names the segment the trigger defines.
type TriggerDecl struct {
	Name   *Ident
	On     *EventMatch
	Wait   Expr
	Unless *EventMatch
	Enter  *Ident
	For    Expr
	ExitOn *EventMatch
	Sp     source.Span
}

// Span implementations.
func (d *LifecycleDecl) Span() source.Span { return d.Sp }
func (t *Transition) Span() source.Span    { return t.Sp }
func (m *EventMatch) Span() source.Span    { return m.Sp }
func (d *TriggerDecl) Span() source.Span   { return d.Sp }

func (*LifecycleDecl) declNode() {}
func (*TriggerDecl) declNode()   {}
