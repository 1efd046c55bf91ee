package compiler

import (
	"fmt"
	"net/url"
	"regexp"

	"github.com/segc/segc/compiler/plan"
	"github.com/segc/segc/dsl/ast"
	"github.com/segc/segc/dsl/diag"
	"github.com/segc/segc/dsl/source"
)

// destNamePattern is what the outbox accepts as a destination name.
var destNamePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// envNamePattern is a portable environment variable name.
var envNamePattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// destinations checks every destination declaration and builds its
// plan.Destination: a unique name, an http(s) url, segments that exist,
// no literal secret and settings of the right kind and range.
func destinations(s *state) {
	seen := map[string]declSite{}
	stored := s.storedSegments()
	for _, f := range s.files {
		for _, d := range f.Decls {
			if d, ok := d.(*ast.DestinationDecl); ok && d.Name != nil {
				s.destination(f.Source, d, seen, stored)
			}
		}
	}
}

// destination checks one declaration.
func (s *state) destination(f *source.File, d *ast.DestinationDecl, seen map[string]declSite, stored *storedNames) {
	name := d.Name.Name
	if first, dup := seen[name]; dup {
		s.errorAt(f, diag.DuplicateDest, d.Name.Sp, fmt.Sprintf("destination %s is declared twice; rename one (names key the outbox's deliveries)", name),
			diag.Related{File: first.file, Span: first.span, Message: "first declared here"})
		return
	}
	seen[name] = declSite{file: f, span: d.Name.Sp, what: "destination"}
	if !destNamePattern.MatchString(name) {
		s.errorAt(f, diag.BadDestSetting, d.Name.Sp, fmt.Sprintf("destination name %s: use 1 to 64 ASCII letters, digits or _", name))
	}
	pd := &plan.Destination{Name: name, Loc: plan.Loc{File: f, Span: d.Sp}}
	s.destinationURL(f, d, pd)
	s.destinationSegments(f, d, pd, stored)
	s.destinationSecret(f, d, pd)
	s.destinationSettings(f, d, pd)
	s.dests = append(s.dests, pd)
}

// destinationURL requires an absolute http or https URL without
// credentials.
func (s *state) destinationURL(f *source.File, d *ast.DestinationDecl, pd *plan.Destination) {
	if d.URL == nil {
		return
	}
	pd.URL = d.URL.Value
	u, err := url.Parse(d.URL.Value)
	switch {
	case err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https"):
		s.errorAt(f, diag.BadDestinationURL, d.URL.Sp, fmt.Sprintf("destination %s: url %s is not an absolute http:// or https:// URL; write one such as \"https://crm.example.com/hooks/segc\"", d.Name.Name, d.URL.Raw))
	case u.User != nil:
		s.errorAt(f, diag.BadDestinationURL, d.URL.Sp, fmt.Sprintf("destination %s: the url holds credentials (%s); remove them and sign the requests with secret_env", d.Name.Name, u.Redacted()))
	}
}

// destinationSecret rejects a literal secret and checks secret_env.
func (s *state) destinationSecret(f *source.File, d *ast.DestinationDecl, pd *plan.Destination) {
	if d.Secret != nil {
		s.errorAt(f, diag.LiteralSecret, d.Secret.Sp, fmt.Sprintf(
			"destination %s: a secret must not be written in a .seg file, which goes into version control; put it in an environment variable and write secret_env \"VAR\"", d.Name.Name))
	}
	if d.SecretEnv == nil {
		return
	}
	pd.SecretEnv = d.SecretEnv.Value
	if !envNamePattern.MatchString(pd.SecretEnv) {
		s.errorAt(f, diag.BadDestSetting, d.SecretEnv.Sp, fmt.Sprintf(
			"destination %s: secret_env %s is not an environment variable name; use letters, digits and _, such as \"CRM_WEBHOOK_SECRET\"", d.Name.Name, d.SecretEnv.Raw))
	}
}
