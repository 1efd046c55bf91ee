package diag

import "testing"

func TestSuggest(t *testing.T) {
	names := []string{"monetary", "frequency", "recency_days", "email_opt_in", "big", "bag"}
	tests := []struct{ name, want string }{
		{"monetry", "monetary"},   // one deletion
		{"Monetary", "monetary"},  // case only
		{"frequncy", "frequency"}, // one deletion
		{"email_optin", "email_opt_in"},
		{"recency", ""},  // too far from recency_days
		{"xyz", ""},      // nothing close
		{"bug", "bag"},   // a tie goes to the alphabetically first
		{"monetary", ""}, // the name itself is never suggested
		{"日本", ""},
	}
	for _, tt := range tests {
		if got := Suggest(tt.name, names); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{{"", "", 0}, {"a", "", 1}, {"kitten", "sitting", 3}, {"日本", "日本語", 1}}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
