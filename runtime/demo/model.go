package demo

// model holds the immutable distribution parameters of the retail data.
type model struct {
	asOf        int64 // unix seconds
	customers   int
	countries   [12]string
	countryCum  []float64
	eventTypes  [5]string
	eventCum    []float64
	maxAgeSecs  float64
	ageSkew     float64 // first_seen age = maxAge * u^ageSkew
	eventSkew   float64 // event offset from activity end = span * u^eventSkew
	churnShare  float64
	eventsMean  float64
	eventsSigma float64
	maxEvents   int
}

// The event type names.
const (
	pageView   = "page_view"
	addToCart  = "add_to_cart"
	purchase   = "purchase"
	emailOpen  = "email_open"
	emailClick = "email_click"
)

// newModel returns the bench.md parameters for n customers as of asOf.
func newModel(n int, asOf int64) *model {
	m := &model{
		asOf:        asOf,
		customers:   n,
		countries:   countries(),
		countryCum:  zipfCumulative(12, 1.1),
		eventTypes:  [5]string{pageView, addToCart, purchase, emailOpen, emailClick},
		eventCum:    []float64{0.60, 0.75, 0.83, 0.95, 1.0},
		maxAgeSecs:  3 * 365 * 86400,
		ageSkew:     1.6,
		eventSkew:   2,
		churnShare:  0.35,
		eventsMean:  10.5, // floor() of the draw takes about 0.5 off
		eventsSigma: 1.0,
		maxEvents:   5000,
	}
	return m
}
