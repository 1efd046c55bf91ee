// Package incremental makes daily runs cost what changed since the last
// run instead of a full scan.
//
// # State
//
// A successful run of an eligible plan saves, in the run's own
// transaction (so state and membership always agree):
//
//   - segc_inc_meta: the plan hash, the as-of, the population size, the
//     change-log mark, and per event log the rowid high-water mark (HWM):
//     the largest rowid its scan covered;
//   - segc_inc_blobs: the population's keys, its entity columns, and per
//     event log the aggregates' resumable accumulators (events.State:
//     counts, compensated sums with their correction, min/max, the
//     first/last pick with its time, id and rowid), per short-window
//     aggregate its tail, and per entity Next. A tail (windows up to
//     events.TailMaxWindow, 7 days, ending at as-of) holds every matching
//     event inside the window (entity, time, id, rowid, value). Next is the
//     earliest as-of at which time passing alone may change an aggregate
//     that the tails do not cover: an event leaves a longer window, enters
//     a `between` window, or an event dated after as-of becomes visible.
//     The time aggregates of lifecycles and triggers are part of their
//     log's state like the plan's (runtime.TimeAggregates, in the order a
//     cold run scans them): an `on` transition's latest matching event
//     (a max, unless a plan aggregate gives it) and each trigger clause's
//     matching events inside the trigger's horizon, kept per entity as an
//     event list that takes new events and drops those that leave the
//     horizon (like a tail, without re-reading the entity).
//     Keys, columns and states are typed columnar blobs (ints packed at
//     a fixed width of 1, 2, 4 or 8 bytes, raw floats, sparse when mostly
//     zero in states, bitmaps, string dictionaries, and a first/last
//     pick's rowids and values as flags when they equal its ids and
//     times); a log's state is a base, its tails, and deltas
//     (logstate.go): an incremental run writes
//     its tails and one delta, per aggregate the state of the entities
//     whose accumulator of it changed (those that only lost tail events
//     save that aggregate alone), and writes keys and columns only when
//     entity rows changed;
//   - per segment its members (entity indexes), for a segment that sets
//     its own since (a trigger's) each member's since, and segc_changes'
//     largest rowid after the run: the next run diffs its outcome
//     against these in memory (store.KnownChange; a member whose since
//     moved exits and enters again, as the store's own diff has it)
//     instead of reading segc_members, unless segc_changes moved since
//     (another writer, e.g. segc serve);
//   - per lifecycle each entity's state and since after the run, and the
//     run's id (states_run): while segc_runs' largest run_id is still
//     that id, no one else wrote segc_states (every writer, a run's
//     commit or serve's per-entity commit, self-transitions included,
//     inserts a segc_runs row in the same transaction), so the next run
//     takes them instead of reading segc_states' rows; otherwise it reads
//     segc_states as a cold run does.
//
// # Change detection
//
// Entity rows and event rows are watched by SQLite triggers that segc
// installs on the declared tables (named segc_inc_<table>_ins/upd/del):
// every insert, update or delete of an entity row, every update or
// delete of an event row, and every insert of an event row with a rowid
// at or below the HWM (the trigger holds the HWM as a literal, so
// ordinary appends pay a single integer comparison) appends the affected
// key to segc_inc_log. This is exact for every write made through SQLite
// and costs nothing to read. Appended events are found by rowid above
// the HWM (a range read of the b-tree's end).
//
// Before reading anything, a run "arms" the triggers in a short
// transaction: it creates missing ones, rewrites the insert triggers with
// the current maximum rowid as the new HWM, and notes the log's mark.
// Everything written after that is either above the new HWM or in the log
// above the mark, so a concurrent writer is picked up by the next run. If
// any trigger was missing (the table was dropped and created again, or
// another tool removed them), the stored state is deleted and the run is
// cold.
//
// # An incremental run
//
// When the stored plan hash equals the plan's, the as-of did not move
// backwards, the triggers were intact and no entity was inserted or
// deleted, a run:
//
//  1. restores keys and event states (a log's base decodes on a
//     goroutine of its own while the other blobs are read), while the
//     columns and members keep decoding on another, overlapping step 3;
//  2. re-reads the changed entity rows (by key) into the columns, once
//     they are decoded (after step 5);
//  3. per event log, takes the events that left a tailed window out of
//     the tails (and those that left a trigger's horizon out of its
//     event lists) and rebuilds each affected entity's accumulator from its
//     remaining tail events in rowid order (exactly what a scan of them
//     gives, float sums, min/max and first/last included: nothing is
//     subtracted numerically), then computes the entities to re-read in
//     full: Next at or before the new as-of, keys in the change log for that log, and,
//     for a log with count_distinct aggregates (whose state cannot take
//     new events), every entity with new events;
//  4. adds the events with rowids in (old HWM, new HWM] to the restored
//     accumulators of everyone else (they come last in rowid order, so
//     the result equals a cold scan's, float sums included);
//  5. re-aggregates the re-read entities from all their events with
//     `key IN (...)` queries (the events index on the key is used), each
//     batch in rowid order, in a scan over a population of their own (so
//     only their results are computed), and writes their accumulators,
//     Next, tail events and results into the log's (State.Absorb);
//  6. evaluates features, thresholds, clusters (the stored model is
//     applied, or retrained when a cold run would), lifecycles, triggers
//     and segments over the whole population from those vectors
//     (percentiles therefore come from the full stored features, never
//     from events), and commits only the membership changes, with the new
//     state, which is encoded while the store writes the membership. A
//     lifecycle takes the previous states from the state (or, when
//     another writer moved segc_runs, reads segc_states) and a trigger
//     re-reads the longer history of its few open members by key, exactly
//     as a cold run does, so states, membership and each trigger member's
//     since equal a cold run's.
//
// # Overlapping runs
//
// Runs may overlap (serve's periodic evaluation and a cron `segc run`).
// A save prunes the log up to its run's mark, so a run must never store
// a state whose mark is below another run's pruned log: save keeps the
// stored state when its mark is newer (see saved.save). Marks are the
// log's AUTOINCREMENT sequence and versions count saves without ever
// resetting, so both only grow. A run reads the state in one snapshot,
// goes cold when the state it loaded is newer than its arming (saved by
// a run that armed later), and re-checks the version in the snapshot it
// reads the log from; a daily run that finds the version changed at
// commit keeps the other run's state too (its delta would not apply to
// it), for the same reasons: that state and its log hold together, and
// this run's commit moves segc_changes and segc_runs, so the next run
// reads the members and lifecycle states instead of trusting the kept
// ones. A daily run therefore encodes its log states as soon as its
// event aggregates are final and drops them, instead of holding them
// (~50 MB for W1 at 1M entities) through the steps.
//
// # Cold runs
//
// A run is cold, and says why, when: --cold is given; no state exists;
// the plan changed; the as-of moved backwards; a trigger was missing;
// entities were inserted or deleted; the state does not decode or does
// not hold together; another run saved over it meanwhile; or the
// plan is not eligible (no entities table, joined tables or then()
// sequences, whose inputs are not kept, or event filters that read
// as-of, days_since or hours_since, whose matches change as as-of moves).
// A cold run of an
// eligible plan saves state for the next one. It also reads the events
// dated after as-of (key and time only matter), so that they are
// re-read when they become visible; on a log with many future-dated
// events (a run at a past as-of) this costs extra reading.
//
// # Limits
//
// The triggers are part of the user's schema: DROP TRIGGER
// segc_inc_<table>_ins (and _upd, _del) removes them, after which the
// next run is cold and installs them again. The change log is pruned by
// every committed run; a database where segc stops running keeps
// logging changes. Writes that bypass SQLite (replacing the file) are
// not seen, unless they also replace segc's tables. Likewise a write to
// segc_members or segc_states made without a segc_changes or segc_runs
// row (a manual UPDATE) is not seen by a daily run, which trusts its
// kept members and states; a --cold run reads them.
package incremental
