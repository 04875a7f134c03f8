package model

// A refresh of a source that sends all it holds each time it loads (a
// file) shows it as it is now: BeginRefresh, MergeChunks for every batch
// of the load, then EndRefresh drops the events the load no longer sent.
// Dropped events keep their IDs (IDs are positions in load order), but
// leave the sorted order, the view, the counts, the new events and the
// marks; marks stay on the events that remain.

// BeginRefresh starts a reload of the whole source: until EndRefresh, the
// events of every MergeChunks count as one load, so an event the list
// holds k times is matched by the first k copies the reload sends, whatever
// batch they come in.
func (l *List) BeginRefresh() {
	x := l.identities()
	x.call++
	x.refreshing = true
}

// EndRefresh ends a reload begun with BeginRefresh. With whole (the load
// succeeded and sent everything its source holds), the events the reload
// did not send again leave the list, and it returns how many; otherwise
// the list keeps them, as after a refresh that failed.
func (l *List) EndRefresh(whole bool) (removed int) {
	x := l.identities()
	x.refreshing = false
	if !whole {
		return 0
	}
	// How many copies of each group the reload did not send again; the
	// latest loaded copies go first.
	excess := make(map[int32]int32)
	for g := range x.groups {
		grp := &x.groups[g]
		seen := grp.used
		if grp.call != x.call {
			seen = 0
		}
		if grp.count > seen {
			excess[int32(g)] = grp.count - seen
		}
	}
	if len(excess) == 0 {
		return 0
	}
	var gone []int32
	for id := len(x.byID) - 1; id >= 0 && len(excess) > 0; id-- {
		g := x.byID[id]
		if n := excess[g]; n > 0 && !l.isGone(int32(id)) {
			gone = append(gone, int32(id))
			if excess[g] = n - 1; n == 1 {
				delete(excess, g)
			}
		}
	}
	l.remove(gone)
	return len(gone)
}

// isGone reports whether event id has left the list.
func (l *List) isGone(id int32) bool { return int(id) < len(l.gone) && l.gone[id] }

// remove takes events out of the list: out of the sorted order and the
// view, the identities, the new and the marked events, and the counts of
// types and sources, which are counted again.
func (l *List) remove(ids []int32) {
	if len(ids) == 0 {
		return
	}
	sel := l.SelectedID()
	if len(l.gone) < l.st.len() {
		l.gone = append(l.gone, make([]bool, l.st.len()-len(l.gone))...)
	}
	for _, id := range ids {
		l.gone[id] = true
		delete(l.fresh, id)
		delete(l.marked, id)
		if l.ids != nil {
			l.ids.groups[l.ids.byID[id]].count--
		}
	}
	l.nGone += len(ids)
	kept := l.sorted[:0]
	for _, id := range l.sorted {
		if !l.gone[id] {
			kept = append(kept, id)
		}
	}
	l.sorted, l.projected = kept, false
	l.seen, l.typeMsgs = presence{}, typeMessages{}
	if sel >= 0 && l.gone[sel] {
		sel = -1 // the cursor stays where it was, on the event that moved up
	}
	l.refilter(sel)
}
