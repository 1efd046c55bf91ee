package outbox

import "github.com/segc/segc/compiler/plan"

// Declared returns the plan's destination declarations as far as
// enqueueing needs them: names, segments and Baseline, with no secret
// read and no URL contacted. Batch commands (segc run, segc backfill)
// fill the outbox with them; serve, which delivers, uses FromPlan.
func Declared(p *plan.Plan) []Destination {
	out := make([]Destination, 0, len(p.Destinations))
	for _, d := range p.Destinations {
		out = append(out, Destination{Name: d.Name, URL: d.URL, Segments: d.Segments,
			Baseline: d.Baseline, Where: d.Loc.String()})
	}
	return out
}
