package explain

// State explains membership of one lifecycle state.
type State struct {
	Lifecycle string `json:"lifecycle"`
	// State is the state asked about; Before the entity's state before
	// this evaluation's transition and BeforeSince when it entered it
	// ("" when unknown); After its state after the transition.
	State       string `json:"state"`
	Before      string `json:"before"`
	BeforeSince string `json:"before_since,omitempty"`
	// New is true for an entity seen for the first time: it starts in the
	// initial state at as-of.
	New   bool   `json:"new,omitempty"`
	After string `json:"after"`
	// Since is when the entity entered After; TimeIn how long it has
	// been there at as-of ("30d 4h").
	Since  string `json:"since,omitempty"`
	TimeIn string `json:"time_in,omitempty"`
	// Transitions are those out of Before, in declaration order: the
	// first that holds fires.
	Transitions []*Transition `json:"transitions"`
	// Fired is the index in Transitions of the one that fired, or -1.
	Fired int `json:"fired"`
}

// Transition is one transition out of the entity's state.
type Transition struct {
	To   string `json:"to"`
	Expr string `json:"expr"` // "when GUARD" or "on LOG where FILTER"
	// Holds is the guard's verdict (never null for `on`).
	Holds Verdict `json:"holds"`
	// Guard is a `when` transition's clause tree.
	Guard *Node `json:"guard,omitempty"`
	// LastEvent is an `on` transition's latest matching event at or
	// before as-of ("" when none); it holds when later than the state's
	// since.
	LastEvent string `json:"last_event,omitempty"`
	Fired     bool   `json:"fired"`
}

// Trigger explains membership of a trigger's segment.
type Trigger struct {
	Name    string `json:"name"`
	Segment string `json:"segment"`
	Rule    string `json:"rule"` // the trigger's clauses as text
	// Firings are the intervals of every firing entering at or before
	// as-of, in entry order; End is "" while open.
	Firings []Firing `json:"firings"`
	// Since is the start of the merged interval containing as-of.
	Since string `json:"since,omitempty"`
	// Reason says why the entity is not a member ("" when it is).
	Reason string `json:"reason,omitempty"`
	// Cancelled lists the on events whose wait an unless event cut short.
	Cancelled []Cancel `json:"cancelled,omitempty"`
}

// Firing is one firing's interval [Start, End).
type Firing struct {
	On    string `json:"on"` // the on event's time
	Start string `json:"start"`
	End   string `json:"end,omitempty"`
	// EndedBy is "exit" (an exit event), "for" (the duration) or "".
	EndedBy string `json:"ended_by,omitempty"`
	// Contains is true when as-of is in [Start, End).
	Contains bool `json:"contains"`
}

// Cancel is an on event that did not fire: an unless event came first.
type Cancel struct {
	On     string `json:"on"`
	Unless string `json:"unless"`
}

// Cluster explains membership of one cluster.
type Cluster struct {
	Name  string `json:"name"`
	Label string `json:"label"` // the cluster asked about
	// Assigned is the entity's cluster label, "" when it is in none.
	Assigned string `json:"assigned,omitempty"`
	// Excluded names the null feature that keeps the entity out of every
	// cluster ("" when all are known).
	Excluded string `json:"excluded,omitempty"`
	// Features are the entity's values: raw, transformed, scaled.
	Features []ClusterFeature `json:"features"`
	// Distances are to each centroid in the clustering space, in the
	// model's order; Nearest is the closest label.
	Distances []Distance `json:"distances,omitempty"`
	Nearest   string     `json:"nearest,omitempty"`
	// Model is the applied model's version.
	Model int `json:"model,omitempty"`
}

// ClusterFeature is one feature of a cluster for the entity.
type ClusterFeature struct {
	Expr        string `json:"expr"`
	Value       any    `json:"value"`
	Transformed any    `json:"transformed"`
	Scaled      any    `json:"scaled"`
}

// Distance is the Euclidean distance to one cluster's centroid.
type Distance struct {
	Label    string  `json:"label"`
	Distance float64 `json:"distance"`
}
