package main

import (
	"fmt"
	"io"

	"github.com/segc/segc/runtime"
)

// printLifecycles prints each lifecycle's state distribution and how many
// entities took each transition in this run.
func printLifecycles(w io.Writer, ev *runtime.Evaluation) {
	for _, res := range ev.Lifecycles {
		if res == nil {
			continue
		}
		l := res.Lifecycle
		fmt.Fprintf(w, "\nlifecycle %s (%d new entities)\n", l.Name, res.New)
		var rows [][]string
		for s, n := range res.Counts() {
			rows = append(rows, []string{l.Name + "." + l.States[s], fmt.Sprint(n)})
		}
		printTable(w, []string{"state", "entities"}, rows)
		rows = nil
		for k, t := range l.Transitions {
			rows = append(rows, []string{l.States[t.From] + " -> " + l.States[t.To], fmt.Sprint(res.Fired[k])})
		}
		printTable(w, []string{"transition", "fired"}, rows)
	}
}
