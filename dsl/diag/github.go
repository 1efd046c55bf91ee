package diag

import (
	"fmt"
	"io"
	"strings"
)

// WriteGitHub writes each diagnostic as a GitHub Actions workflow command,
// `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CODE::message`
// (warning and notice for the other severities), so a CI run annotates the
// lines. Related locations are appended to the message as note lines.
func WriteGitHub(w io.Writer, l List) error {
	for _, d := range l {
		if _, err := fmt.Fprintln(w, githubCommand(d)); err != nil {
			return err
		}
	}
	return nil
}

// githubCommand formats one workflow command.
func githubCommand(d Diagnostic) string {
	var props []string
	if d.File != nil {
		a, b := d.File.Position(d.Span.Start), d.File.Position(d.Span.End)
		props = append(props,
			"file="+githubProperty(d.File.Name),
			fmt.Sprintf("line=%d", a.Line), fmt.Sprintf("col=%d", a.Col),
			fmt.Sprintf("endLine=%d", b.Line), fmt.Sprintf("endColumn=%d", b.Col))
	}
	props = append(props, "title="+githubProperty(string(d.Code)))
	msg := d.Message
	for _, r := range d.Related {
		msg += "\n" + location(r.File, r.Span) + ": note: " + r.Message
	}
	return "::" + githubLevel(d.Severity) + " " + strings.Join(props, ",") + "::" + githubData(msg)
}

// githubLevel maps a severity to a workflow command.
func githubLevel(s Severity) string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "notice"
}

// githubData escapes a command's message as GitHub's toolkit does:
// % \r \n.
func githubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// githubProperty escapes a property value: % \r \n : and ,.
func githubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
