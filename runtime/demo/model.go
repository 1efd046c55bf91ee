package demo

// model holds the immutable distribution parameters of the retail data.
type model struct {
	asOf        int64 // unix seconds
	customers   int
	countries   [12]string
	countryCum  []float64
	eventTypes  [numKinds]any // boxed once, so inserts do not allocate per row
	eventCum    []float64
	maxAgeSecs  float64
	ageSkew     float64 // first_seen age = maxAge * u^ageSkew
	eventSkew   float64 // event offset from activity end = span * u^eventSkew
	churnShare  float64
	eventsMean  float64
	eventsSigma float64
	maxEvents   int

	optInShare, engagementNullShare float64
	sessionsMean, sessionsSigma     float64 // log-normal mean of the Poisson rate
	opensMean, clickPerOpen         float64
	engagementSigma                 float64
}

// eventKind indexes the event types.
type eventKind uint8

// The event kinds, in the order of model.eventCum.
const (
	pageView eventKind = iota
	addToCart
	purchase
	emailOpen
	emailClick
	numKinds
)

// eventTypeNames returns the type column value of each kind.
func eventTypeNames() [numKinds]string {
	return [numKinds]string{"page_view", "add_to_cart", "purchase", "email_open", "email_click"}
}

// newModel returns the bench.md parameters for n customers as of asOf.
func newModel(n int, asOf int64) *model {
	m := &model{
		asOf:        asOf,
		customers:   n,
		countries:   countries(),
		countryCum:  zipfCumulative(12, 1.1),
		eventCum:    []float64{0.60, 0.75, 0.83, 0.95, 1.0},
		maxAgeSecs:  3 * 365 * 86400,
		ageSkew:     1.6,
		eventSkew:   2,
		churnShare:  0.35,
		eventsMean:  10.5, // floor() of the draw takes about 0.5 off
		eventsSigma: 1.0,
		maxEvents:   5000,

		optInShare:          0.70,
		engagementNullShare: 0.08,
		sessionsMean:        4,
		sessionsSigma:       0.6,
		opensMean:           3,
		clickPerOpen:        0.35,
		engagementSigma:     0.75,
	}
	for k, name := range eventTypeNames() {
		m.eventTypes[k] = name
	}
	return m
}
