package explain

import (
	"encoding/json"
	"io"
)

// WriteJSON renders an explanation as one indented JSON object: member
// (the verdict) at the top level, the clause tree under "tree".
func WriteJSON(w io.Writer, x *Explanation) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(x)
}
