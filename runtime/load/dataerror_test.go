package load

import "testing"

// TestDataErrorMessage checks how each kind of bad value names its row.
func TestDataErrorMessage(t *testing.T) {
	for _, c := range []struct {
		err  DataError
		want string
	}{
		{DataError{Table: "c", Column: "id", Msg: "null key"}, `table "c", column "id": null key`},
		{DataError{Table: "c", Column: "n", Key: int64(7), Msg: "bad"}, `table "c", row with key 7, column "n": bad`},
		{DataError{Table: "e", Column: "n", Key: int64(7), RowBy: "rowid", RowID: int64(12), Msg: "bad"},
			`table "e", row with rowid 12 (key 7), column "n": bad; see the row with: SELECT * FROM "e" WHERE rowid = 12`},
		{DataError{Table: "e", Column: "n", Key: "k", RowBy: "id", RowID: "it's", Msg: "bad"},
			`table "e", row with id "it's" (key "k"), column "n": bad; see the row with: SELECT * FROM "e" WHERE "id" = 'it''s'`},
	} {
		if got := c.err.Error(); got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
}
