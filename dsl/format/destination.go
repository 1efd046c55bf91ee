package format

import (
	"strings"

	"github.com/segc/segc/dsl/ast"
)

// destination lays out a destination in canonical clause order: url,
// segments, secret_env, secret, then the settings in the order of Settings.
func (p *printer) destination(d *ast.DestinationDecl, s slots) []line {
	header := p.headerSpan(d.Sp.Start, d.Name.Sp.End)
	var items []item
	if d.URL != nil {
		items = append(items, textItem(d.URL.Sp, "url "+d.URL.Raw))
	}
	if n := len(d.Segments); n > 0 {
		items = append(items, textItem(d.Segments[0].Sp.Join(d.Segments[n-1].Sp), "segments "+segmentRefs(d.Segments)))
	}
	if d.SecretEnv != nil {
		items = append(items, textItem(d.SecretEnv.Sp, "secret_env "+d.SecretEnv.Raw))
	}
	if d.Secret != nil {
		items = append(items, textItem(d.Secret.Sp, "secret "+d.Secret.Raw))
	}
	for _, st := range d.Settings() {
		items = append(items, textItem(st.Sp, identName(st.Key)+" "+exprString(st.Value)))
	}
	return p.block("destination "+identName(d.Name), header, s.inner, items, trailText(s))
}

// segmentRefs is `a, stage.lapsed, "rfm.*"`.
func segmentRefs(refs []*ast.SegmentRef) string {
	parts := make([]string, len(refs))
	for i, r := range refs {
		if r.Glob != nil {
			parts[i] = r.Glob.Raw
			continue
		}
		names := make([]string, len(r.Path))
		for j, id := range r.Path {
			names[j] = identName(id)
		}
		parts[i] = strings.Join(names, ".")
	}
	return strings.Join(parts, ", ")
}
