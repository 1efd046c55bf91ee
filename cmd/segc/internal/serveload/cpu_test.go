package main

import (
	"testing"
	"time"
)

func TestParseStatCPU(t *testing.T) {
	stat := "1234 (segc serve) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 12 0 100 0 0"
	got, err := parseStatCPU(stat)
	if err != nil || got != 3250*time.Millisecond {
		t.Errorf("parseStatCPU = %v %v, want 3.25s (325 ticks)", got, err)
	}
	if _, err := parseStatCPU("garbage"); err == nil {
		t.Error("garbage: no error")
	}
}
