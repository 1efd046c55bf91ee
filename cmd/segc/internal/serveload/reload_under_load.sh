#!/bin/bash
# reload_under_load.sh ADDR FILE: the reload-under-load check at
# scale, run while serveload drives lookups against the same server.
# It saves FILE 20 times: 15 good edits (each changes the plan, by
# rewriting "frequency >= 5" to another bound; half atomic renames, half
# in-place writes) and 5 broken ones (a syntax error, atomic rename),
# and checks /healthz after each: a good save must be serving (new plan
# hash, last reload ok) within 60 s; a broken one must leave the plan
# hash unchanged with the reload reported failed. FILE must contain
# "frequency >= 5" (compiler/testdata/plan/w1.seg does). It restores
# FILE at the end and exits 1 on any unexpected outcome.
set -u
ADDR=${1:?usage: reload_under_load.sh ADDR FILE}; F=${2:?usage: reload_under_load.sh ADDR FILE}
ORIG=$(mktemp); cp "$F" "$ORIG"; trap 'cp "$ORIG" "$F"; rm -f "$ORIG"' EXIT
health() { curl -s "http://$ADDR/healthz" | python3 -c 'import sys, json; d = json.load(sys.stdin); print(d["plan_hash"], d["last_reload"]["ok"])'; }
good=0; bad=0; unexpected=0
for i in $(seq 1 20); do
  before=$(health | cut -d' ' -f1)
  if [ $((i % 4)) -eq 0 ]; then
    { cat "$ORIG"; echo "segment broken_$i { where frequency >>= 3 }"; } > "$F.tmp" && mv "$F.tmp" "$F"
    sleep 4
    read -r h ok < <(health)
    if [ "$h" = "$before" ] && [ "$ok" = "False" ]; then bad=$((bad + 1)); echo "edit $i broken: previous plan kept"
    else unexpected=$((unexpected + 1)); echo "edit $i broken: UNEXPECTED plan $h, reload ok $ok"; fi
  else
    sed "s/frequency >= 5/frequency >= $((5 + i))/" "$ORIG" > "$F.tmp"
    if [ $((i % 2)) -eq 0 ]; then mv "$F.tmp" "$F"; else cat "$F.tmp" > "$F"; rm "$F.tmp"; fi
    for t in $(seq 1 60); do read -r h ok < <(health); [ "$h" != "$before" ] && [ "$ok" = "True" ] && break; sleep 1; done
    if [ "$h" != "$before" ] && [ "$ok" = "True" ]; then good=$((good + 1)); echo "edit $i good: new plan serving after ${t}s"
    else unexpected=$((unexpected + 1)); echo "edit $i good: NOT applied"; fi
  fi
done
echo "good saves applied: $good/15, broken saves rejected with the previous plan serving: $bad/5, unexpected: $unexpected"
[ "$unexpected" -eq 0 ]
