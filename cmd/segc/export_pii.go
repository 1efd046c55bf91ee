package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/segc/segc/compiler/plan"
)

// applyDeclaredPII masks the output columns the entities table declares
// pii, except those --unmask names. Each --unmask name must be declared
// pii, and no column may be both masked and unmasked.
func applyDeclaredPII(cols []exportColumn, t *plan.Table, masks, unmasks []string) error {
	var pii []string
	if t != nil {
		pii = t.PIIColumns()
	}
	for _, u := range unmasks {
		if err := checkUnmask(u, pii, masks); err != nil {
			return err
		}
	}
	for i, c := range cols {
		if slices.Contains(pii, c.name) && !slices.Contains(unmasks, c.name) {
			cols[i].masked = true
		}
	}
	return nil
}

// checkUnmask validates one --unmask name.
func checkUnmask(name string, pii, masks []string) error {
	switch {
	case slices.Contains(masks, name):
		return fmt.Errorf("--unmask %s: the column is also in --mask; keep it in one of them", name)
	case slices.Contains(pii, name):
		return nil
	case len(pii) == 0:
		return errors.New("--unmask: the module declares no pii column, so nothing is masked by declaration (mark one with `email string pii`)")
	}
	return fmt.Errorf("--unmask: %q is not declared pii%s (pii columns: %s)", name, suggestion(name, pii), strings.Join(pii, ", "))
}
