package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// clockTicks is Linux's USER_HZ, the unit of /proc/PID/stat's times
// (100 on every common architecture).
const clockTicks = 100

// processCPU reads a process's user and system CPU time from
// /proc/PID/stat (Linux only).
func processCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("--server-pid %d: %v (Linux /proc only)", pid, err)
	}
	return parseStatCPU(string(b))
}

// parseStatCPU sums utime and stime, the 14th and 15th fields; the
// command name (field 2, in parentheses) may hold spaces, so fields are
// counted after its closing parenthesis.
func parseStatCPU(stat string) (time.Duration, error) {
	end := strings.LastIndexByte(stat, ')')
	fields := strings.Fields(stat[end+1:])
	if end < 0 || len(fields) < 13 {
		return 0, fmt.Errorf("cannot read CPU times from /proc stat %q", stat)
	}
	var ticks int64
	for _, f := range fields[11:13] { // utime, stime: fields 14 and 15
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("cannot read CPU times from /proc stat: %v", err)
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / clockTicks, nil
}

// loadAverage returns the 1-minute load average, "" when unknown.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// printCPU reports the server's CPU time over the run, per request and
// per item (lookup or event), and the load average.
func (r *report) printCPU(w io.Writer, what string) {
	if r.serverCPU <= 0 {
		return
	}
	n := len(r.latencies)
	fmt.Fprintf(w, "server cpu %.2fs (%.2f cores)", r.serverCPU.Seconds(), r.serverCPU.Seconds()/r.elapsed.Seconds())
	if n > 0 && r.items > 0 {
		fmt.Fprintf(w, ", %.1fµs a request, %.1fµs a %s", float64(r.serverCPU.Microseconds())/float64(n),
			float64(r.serverCPU.Microseconds())/float64(r.items), strings.TrimSuffix(what, "s"))
	}
	if la := loadAverage(); la != "" {
		fmt.Fprintf(w, "; load average %s", la)
	}
	fmt.Fprintln(w)
}
