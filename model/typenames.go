package model

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Named types in the store. A record keeps its type in an int32: a
// numeric type as itself, a named one ("payment.failed") as a code below
// typeCodeTop, typeCodeBase plus the name's ID in dict.types. The rare
// numeric type that falls below typeCodeTop is kept as a code too, of
// "#" and its digits, so that every int32 type still comes back as it
// went in. No name the decoders read holds a '#'; one a source sets that
// starts with '#' is kept with one more in front. Codes are a
// dictionary's: merging dictionaries translates them (segments.go).
const (
	typeCodeBase int32 = math.MinInt32
	typeCodeTop  int32 = -1 << 30
)

func isTypeCode(t int32) bool { return t < typeCodeTop }

// typeCode returns the record type of an event's type: num, or name when
// it is not "".
func (d *dict) typeCode(num int, name string) int32 {
	if name == "" {
		if n := int32(num); n >= typeCodeTop {
			return n
		}
		name = "#" + strconv.Itoa(num)
	} else if name[0] == '#' {
		name = "#" + name
	}
	return typeCodeBase + int32(d.types.id(name))
}

// typeCodeBytes is typeCode for a name still in a buffer, through the
// store's cache of the last few names.
func (s *store) typeCodeBytes(name []byte) int32 {
	return typeCodeBase + int32(s.lastType.id(name, &s.types))
}

// typeOf is what a record type stands for: a number, or a name.
func (d *dict) typeOf(t int32) (num int, name string) {
	if !isTypeCode(t) {
		return int(t), ""
	}
	return typeEntry(d.types.list[t-typeCodeBase])
}

// typeEntry reads an entry of dict.types: a number or a name.
func typeEntry(s string) (num int, name string) {
	if s[0] != '#' {
		return 0, s
	}
	if len(s) > 1 && s[1] == '#' {
		return 0, s[1:]
	}
	n, _ := strconv.Atoi(s[1:])
	return n, ""
}

// sameType reports whether type a of dictionary da is type b of db.
func sameType(da *dict, a int32, db *dict, b int32) bool {
	if !isTypeCode(a) || !isTypeCode(b) {
		return a == b // a number below typeCodeTop is always a code
	}
	return da.types.list[a-typeCodeBase] == db.types.list[b-typeCodeBase]
}

// typeOrder is the order of record types sorting by type: numbers
// ascending, then names in byte order.
type typeOrder struct {
	n    int      // how many codes the dictionary had when keys were made
	keys []uint64 // by code's ID, its sort key; none while there are no codes
}

// numberKey is the sort key of a number: signed order as unsigned, below
// every name's (1<<32 and up).
func numberKey(n int32) uint64 { return uint64(uint32(n) ^ 1<<31) }

// key returns the sort key of record type t.
func (o *typeOrder) key(t int32) uint64 {
	if isTypeCode(t) {
		return o.keys[t-typeCodeBase]
	}
	return numberKey(t)
}

// bits is how many low bits keys use, for a radix sort.
func (o *typeOrder) bits() int {
	if len(o.keys) == 0 {
		return 32
	}
	return 33
}

// typeOrder returns the order of the list's types, made again only when
// its dictionary has gained codes.
func (l *List) typeOrder() *typeOrder {
	o, strs := &l.typeOrd, l.st.types.list
	if o.n == len(strs) {
		return o
	}
	o.n, o.keys = len(strs), make([]uint64, len(strs))
	var names []uint32
	shown := make([]string, len(strs))
	for id, s := range strs {
		if n, name := typeEntry(s); name == "" {
			o.keys[id] = numberKey(int32(n))
		} else {
			names, shown[id] = append(names, uint32(id)), name
		}
	}
	slices.SortFunc(names, func(a, b uint32) int { return strings.Compare(shown[a], shown[b]) })
	for rank, id := range names {
		o.keys[id] = 1<<32 + uint64(rank)
	}
	return o
}

// TypeLabelWidth is the length of the longest type label (TypeLabel)
// among the list's events that is not a number alone, 0 when there is
// none. Names are ASCII (bytes are cells); the known names of numbers are
// the caller's, measured in cells.
func (l *List) TypeLabelWidth(names map[int]string) int {
	w := 0
	for _, t := range l.present().types {
		num, name := l.st.typeOf(t)
		if name != "" {
			w = max(w, len(name))
		} else if known, ok := names[num]; ok {
			w = max(w, len(strconv.Itoa(num))+1+utf8.RuneCountInString(known))
		}
	}
	return w
}

// Types returns every type present among the list's events as a type:
// term takes it (222, payment.failed), in the order sorting by type
// gives. It reads the distinct types kept as events arrive, not the
// events, so it costs no more with a million of them.
func (l *List) Types() []string {
	types := slices.Clone(l.present().types)
	order := l.typeOrder()
	slices.SortFunc(types, func(a, b int32) int { return cmp.Compare(order.key(a), order.key(b)) })
	out := make([]string, len(types))
	for i, t := range types {
		num, name := l.st.typeOf(t)
		e := Event{Type: num, TypeName: name}
		out[i] = e.TypeText()
	}
	return out
}
