package stateres

// nodeHeap is a binary heap of nodes ordered by less (the smallest on top).
// It is written out rather than built on container/heap so that pushes do
// not box values.
type nodeHeap struct {
	items []*node
	less  func(a, b *node) bool
}

func (h *nodeHeap) len() int { return len(h.items) }

func (h *nodeHeap) push(n *node) {
	h.items = append(h.items, n)
	h.up(len(h.items) - 1)
}

func (h *nodeHeap) pop() *node {
	it := h.items
	n := it[0]
	last := len(it) - 1
	it[0] = it[last]
	it[last] = nil
	h.items = it[:last]
	if last > 0 {
		h.down(0)
	}
	return n
}

// init establishes the heap order over items already in place.
func (h *nodeHeap) init() {
	for i := len(h.items)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

func (h *nodeHeap) up(i int) {
	it := h.items
	for i > 0 {
		p := (i - 1) / 2
		if !h.less(it[i], it[p]) {
			return
		}
		it[i], it[p] = it[p], it[i]
		i = p
	}
}

func (h *nodeHeap) down(i int) {
	it := h.items
	n := len(it)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && h.less(it[r], it[l]) {
			m = r
		}
		if !h.less(it[m], it[i]) {
			return
		}
		it[i], it[m] = it[m], it[i]
		i = m
	}
}
