package plan

// Lifecycle is a state machine with one state per entity, persisted between
// evaluations in segc_states. Each state is a stored segment named
// Name+"."+States[i].
//
// At each evaluation, the first transition in declaration order out of the
// entity's current state that holds fires; at most one fires per entity per
// evaluation. An entity first seen starts in Initial, with since = as-of,
// and may take a transition in the same evaluation.
type Lifecycle struct {
	Index       int
	Name        string
	States      []string // declaration order of first mention
	Initial     int
	Terminal    []bool // by state: declared terminal (needs no way out)
	Transitions []*Transition
	Loc         Loc
}

// Transition is `From -> To when When` or `From -> To on On`; exactly one
// of When and On is set.
type Transition struct {
	From, To int
	// When is an entity-level bool expression; it holds when true.
	When Expr
	// On holds when an event matching it happened after the entity entered
	// its current state and at or before as-of.
	On  *EventMatch
	Loc Loc
}

// EventMatch selects events of one log: `LOG [where FILTER]`.
type EventMatch struct {
	Log    int
	Filter Expr // event-level; nil matches every event of the log
	Loc    Loc
}

// Trigger is event-driven membership of segment Segment:
//
//	on On; wait Wait unless Unless; enter Segment for For; exit on ExitOn
//
// Each event e matching On at time t fires. Without Wait, entry is at t;
// with Wait, entry is at t+Wait unless an event matching Unless falls in
// (t, t+Wait]. A firing makes the interval [entry, min(entry+For, first
// ExitOn event at or after entry)). The entity is a member at T when T is
// in the union of its intervals; since is the start of the merged interval
// containing T. Ties are ordered by (time, event id). Membership is a pure
// function of the events and T.
type Trigger struct {
	Index   int
	Name    string
	On      *EventMatch
	Wait    int64 // seconds; 0 means no wait
	Unless  *EventMatch
	Segment string // stored segment name
	For     int64  // seconds; 0 means until ExitOn
	ExitOn  *EventMatch
	Loc     Loc
}

// StateRef is true when the entity's current state (after this
// evaluation's transition) of Lifecycle is State; never null.
type StateRef struct {
	Node
	Lifecycle int
	State     int
	Name      string // "stage.active"
}

// TimeInRef is the duration the entity has been in its current state of
// Lifecycle at as-of (after this evaluation's transition).
type TimeInRef struct {
	Node
	Lifecycle int
}

// TriggerRef is true while the entity is a member of the trigger's
// segment at as-of; never null.
type TriggerRef struct {
	Node
	Trigger int
	Name    string
}
