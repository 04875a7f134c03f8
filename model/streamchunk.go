package model

import "time"

// flush emits what the current chunk holds.
func (w *streamer) flush() {
	if w.chunk.Len() == 0 {
		return
	}
	n := w.chunk.Len()
	full, entities := n >= w.chunkLimit(), w.chunk.st.copied >= maxChunkEntityBytes
	w.shape.add(w.chunk)
	w.chunk.st.trim()
	more := w.eventsLeft(w.after)
	w.chunk.more = more + more/32 + 64 // short, the list's arrays would double past the events
	w.emit(w.chunk)
	w.sent, w.lastEmit, w.madeFor = true, time.Now(), 0
	switch {
	case full:
		n := laterChunks
		if left := w.eventsLeft(0); left > 0 {
			n = int(max(min(left+left/64+64, int64(laterChunks)), firstChunk))
		}
		w.chunk = w.shape.newChunk(n)
		if n < laterChunks {
			w.madeFor = n
		}
	case entities:
		w.chunk = w.shape.newChunk(n)
	default:
		w.chunk = w.shape.newChunk(firstChunk) // a slow input: keep small chunks small
	}
}

// chunkFull reports whether the chunk has its events: chunkLimit of them,
// or maxChunkEntityBytes of copies of the entities they carried, which it
// holds until it is handed on.
func (w *streamer) chunkFull() bool {
	return w.chunk.Len() >= w.chunkLimit() || w.chunk.st.copied >= maxChunkEntityBytes
}

// maxChunkEntityBytes is how many bytes of entities copied (read from a
// stream: those of a file stay where they are) a chunk holds, so that the
// entities of the chunks being read and handed on take tens of megabytes,
// not hundreds.
const maxChunkEntityBytes = 16 << 20

func (w *streamer) chunkLimit() int {
	switch {
	case !w.sent:
		return firstChunk
	case w.madeFor > 0:
		return w.madeFor
	}
	return laterChunks
}

// eventsLeft reckons how many events the input holds after those counted,
// from the bytes they took; 0 when its size is not known. after is how
// many bytes come after the end of what run reads.
//
// A chunk after a full one is made for no more than that many events: the
// last chunk of a file is then not made much bigger than it gets, which
// trimming it would copy (tens of megabytes of garbage at the end of a
// load, when the heap is at its largest). Should more come, the chunk is
// full at that many and another follows. A List makes room for the events
// a chunk says are still to come (Chunk.more) when it grows last.
func (w *streamer) eventsLeft(after int64) int64 {
	if w.end <= 0 || w.taken <= 0 || w.events == 0 {
		return 0
	}
	return (max(w.end-w.taken, 0) + after) * int64(w.events) / w.taken
}
