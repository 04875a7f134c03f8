package source

import (
	"bytes"
	"encoding/binary"
	"hash/maphash"

	"github.com/klauspost/compress/s2"
)

// heldStore keeps the bodies a Held holds in memory compressed: the
// entities webhook events carried that are not in a file on disk, and
// the resources of a rebuilt history no temporary file took (heldtemp.go),
// 0.7–1.5 KB each. Alone, one compresses about 1.4×, but the bodies of a
// list page look alike, so they are written one after the other into
// blocks of heldBlockSize, each compressed (s2) once full, about 5–10×. A body is found by a
// 64-bit hash of its URL, and its record begins with the URL, which a
// lookup checks: two URLs of one hash would cost the first its place,
// never a wrong answer. Getting a body decompresses its block (about
// 15 µs), kept for the next lookup, which is often in the same block.
//
// Bodies are written at once and indexed at the next lookup (index). A
// body replaced or let go then leaves the open block; a sealed block goes
// once half its bodies have, the rest moving to the open block, so that
// what is kept stays within twice what is held. Not safe for concurrent
// use: Held locks.
type heldStore struct {
	seed   maphash.Seed
	at     map[uint64]blockRef // by the hash of the URL
	blocks []heldBlock         // the last is open: records go there
	added  []heldAdded         // written since the map was last brought up to date
	// total is what the blocks take: a sealed block's bytes, and the
	// bodies' in the open one.
	total int64
	// cache is the last block decompressed, by index; nil for none.
	cacheAt  int
	cacheRaw []byte
	spare    [][]byte // raw blocks' room, free again once they are packed
}

// heldBlockSize is the size from which a block is sealed and compressed.
const heldBlockSize = 32 << 10

// blockRef is where a record is: its block, and its offset there in raw
// form. A map entry of 16 bytes: the record says its length.
type blockRef struct{ block, off uint32 }

type heldBlock struct {
	// data are the records, each the lengths of its URL and body
	// (uvarints), the URL and the body; compressed once packed.
	data        []byte
	packed      bool
	sealed      bool  // no more records go in
	live, count int32 // the records still held, and all written
	cost        int64 // what it counts in total
}

// get is the body held at url, a copy of its own; the map is up to date.
func (s *heldStore) get(url string) ([]byte, bool) {
	ref, ok := s.at[s.hash(url)]
	if !ok {
		return nil, false
	}
	raw := s.blockRaw(int(ref.block))
	if raw == nil {
		return nil, false
	}
	u, body, _ := record(raw[ref.off:])
	if string(u) != url {
		return nil, false // another URL of the same hash
	}
	return bytes.Clone(body), true
}

// record reads the record at the start of b: its URL and body, and its
// length.
func record(b []byte) (url, body []byte, n int) {
	nu, k1 := binary.Uvarint(b)
	nb, k2 := binary.Uvarint(b[k1:])
	start := k1 + k2
	return b[start : start+int(nu)], b[start+int(nu) : start+int(nu)+int(nb)], start + int(nu) + int(nb)
}

// blockRaw is block i's records as written, decompressed if need be; nil
// when it cannot be (it never fails for what s2 wrote).
func (s *heldStore) blockRaw(i int) []byte {
	b := &s.blocks[i]
	if !b.packed {
		return b.data
	}
	if s.cacheRaw != nil && s.cacheAt == i {
		return s.cacheRaw
	}
	raw, err := s2.Decode(nil, b.data)
	if err != nil {
		return nil
	}
	s.cacheAt, s.cacheRaw = i, raw
	return raw
}

func (s *heldStore) hash(url string) uint64 {
	if s.at == nil {
		s.seed, s.at = maphash.MakeSeed(), map[uint64]blockRef{}
	}
	return maphash.String(s.seed, url)
}

// add holds body at url, in place of what was there, and appends to
// sealed the blocks it sealed, to be packed. The record is indexed by
// index, later: a load holds hundreds of thousands of bodies and looks
// up few.
func (s *heldStore) add(url string, body []byte, sealed []int) []int {
	return s.write(s.hash(url), url, body, false, sealed)
}

// write appends a record to the open block, indexed at once or later,
// and appends to sealed the blocks it sealed.
func (s *heldStore) write(h uint64, url string, body []byte, now bool, sealed []int) []int {
	size := len(url) + len(body) + 2*binary.MaxVarintLen64
	if n := len(s.blocks); n > 0 && !s.blocks[n-1].sealed && len(s.blocks[n-1].data)+size > heldBlockSize {
		// A big record starts a block of its own rather than make one
		// that is slow to decompress.
		s.blocks[n-1].sealed = true
		sealed = append(sealed, n-1)
	}
	if n := len(s.blocks); n == 0 || s.blocks[n-1].sealed {
		s.blocks = append(s.blocks, heldBlock{data: s.buffer(size)})
	}
	i := len(s.blocks) - 1
	b := &s.blocks[i]
	off := len(b.data)
	b.data = binary.AppendUvarint(b.data, uint64(len(url)))
	b.data = binary.AppendUvarint(b.data, uint64(len(body)))
	b.data = append(append(b.data, url...), body...)
	b.live++
	b.count++
	b.cost += int64(len(body))
	s.total += int64(len(body))
	ref := blockRef{uint32(i), uint32(off)}
	if now {
		s.at[h] = ref
	} else {
		s.added = append(s.added, heldAdded{h, ref})
	}
	if len(b.data) >= heldBlockSize {
		b.sealed = true
		sealed = append(sealed, i)
	}
	return sealed
}

// heldAdded is a record written and not yet indexed.
type heldAdded struct {
	h   uint64
	ref blockRef
}

// index brings the map up to date with the records added, a later one
// replacing an earlier at the same URL, then settles the blocks that
// lost records; it appends to sealed the blocks that seals.
func (s *heldStore) index(sealed []int) []int {
	if len(s.added) == 0 {
		return sealed
	}
	var lost []int
	for _, a := range s.added {
		if old, ok := s.at[a.h]; ok {
			s.blocks[old.block].live--
			lost = append(lost, int(old.block))
		}
		s.at[a.h] = a.ref
	}
	s.added = nil
	for _, i := range lost {
		sealed = s.settle(i, sealed)
	}
	return sealed
}

// remove lets the body held at url go, if any, and appends to sealed the
// blocks that seals.
func (s *heldStore) remove(url string, sealed []int) []int {
	sealed = s.index(sealed)
	h := s.hash(url)
	ref, ok := s.at[h]
	if !ok {
		return sealed
	}
	delete(s.at, h)
	s.blocks[ref.block].live--
	return s.settle(int(ref.block), sealed)
}

// settle deals with block i once it lost records: the open block keeps
// only those held; a sealed one goes once it has none, or fewer than
// half, the rest written again (appending to sealed the blocks that
// seals). The map is up to date.
func (s *heldStore) settle(i int, sealed []int) []int {
	b := &s.blocks[i]
	switch {
	case !b.sealed:
		s.compact(i)
	case b.live == 0:
		s.drop(i)
	case b.live*2 < b.count:
		raw := s.blockRaw(i)
		s.drop(i) // first: the records written again are not its
		for off := 0; off < len(raw); {
			url, body, n := record(raw[off:])
			if k := maphash.Bytes(s.seed, url); s.holds(k, i, off) {
				sealed = s.write(k, string(url), body, true, sealed)
			}
			off += n
		}
	}
	return sealed
}

// compact keeps only the records of open block i still held.
func (s *heldStore) compact(i int) {
	b := &s.blocks[i]
	if b.live == b.count {
		return
	}
	kept := make([]byte, 0, max(heldBlockSize, len(b.data)))
	var cost int64
	for off := 0; off < len(b.data); {
		url, body, n := record(b.data[off:])
		k := maphash.Bytes(s.seed, url)
		if s.holds(k, i, off) {
			s.at[k] = blockRef{uint32(i), uint32(len(kept))}
			kept = append(kept, b.data[off:off+n]...)
			cost += int64(len(body))
		}
		off += n
	}
	s.total += cost - b.cost
	b.data, b.cost, b.count = kept, cost, b.live
}

// holds tells whether the record at off in block i is the one held at
// hash k.
func (s *heldStore) holds(k uint64, i, off int) bool {
	r, ok := s.at[k]
	return ok && r == blockRef{uint32(i), uint32(off)}
}

// drop lets block i go.
func (s *heldStore) drop(i int) {
	s.total -= s.blocks[i].cost
	s.blocks[i] = heldBlock{sealed: true}
	if s.cacheAt == i {
		s.cacheRaw = nil
	}
}

// sealedRaw is block i's records to pack, or nil when it is gone or
// packed already.
func (s *heldStore) sealedRaw(i int) []byte {
	if b := &s.blocks[i]; b.sealed && !b.packed {
		return b.data
	}
	return nil
}

// packed puts c, block i's records compressed from raw, in their place,
// unless the block changed since, or c is no smaller.
func (s *heldStore) packed(i int, raw, c []byte) {
	b := &s.blocks[i]
	switch {
	case len(b.data) == 0: // gone since
	case b.packed || &b.data[0] != &raw[0]:
		return
	case int64(len(c)) >= b.cost:
		return // incompressible: the bodies stay as they are
	default:
		s.total += int64(len(c)) - b.cost
		b.data, b.packed, b.cost = c, true, int64(len(c))
	}
	if cap(raw) == heldBlockSize && len(s.spare) < 4 {
		s.spare = append(s.spare, raw[:0])
	}
}

// buffer is room for a block whose first record takes size: a spare one
// when it fits, so that a load does not allocate (and clear) a block's
// room for every block it fills.
func (s *heldStore) buffer(size int) []byte {
	if n := len(s.spare); n > 0 && size <= heldBlockSize {
		b := s.spare[n-1]
		s.spare = s.spare[:n-1]
		return b
	}
	return make([]byte, 0, max(heldBlockSize, size))
}
