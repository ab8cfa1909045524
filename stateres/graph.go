package stateres

// graph is the auth graph over a list of nodes in compressed form: an edge
// i→j means node i cites node j in its auth_events. Duplicate references
// give one edge, as in Synapse's adjacency sets.
type graph struct {
	outStart, outEdges []int32
	inStart, inEdges   []int32
}

// buildGraph builds the graph over x, whose nodes carry their index in
// xIdx and whose auth events were looked up (authOf, which includes the
// implied create event of v12); references to nodes outside x are dropped.
func buildGraph(x []*node) *graph {
	g := &graph{outStart: make([]int32, len(x)+1)}
	indeg := make([]int32, len(x)+1)
	for i, n := range x {
		start := len(g.outEdges)
		for _, a := range n.auth {
			if a.xIdx < 0 || int(a.xIdx) >= len(x) || x[a.xIdx] != a {
				continue
			}
			j := a.xIdx
			dup := false
			for _, e := range g.outEdges[start:] {
				if e == j {
					dup = true
					break
				}
			}
			if !dup {
				g.outEdges = append(g.outEdges, j)
				indeg[j+1]++
			}
		}
		g.outStart[i+1] = int32(len(g.outEdges))
	}
	for i := 1; i <= len(x); i++ {
		indeg[i] += indeg[i-1]
	}
	g.inStart = indeg
	g.inEdges = make([]int32, len(g.outEdges))
	fill := make([]int32, len(x))
	for i := range x {
		for _, j := range g.out(i) {
			g.inEdges[g.inStart[j]+fill[j]] = int32(i)
			fill[j]++
		}
	}
	return g
}

func (g *graph) out(i int) []int32 { return g.outEdges[g.outStart[i]:g.outStart[i+1]] }

func (g *graph) in(i int) []int32 { return g.inEdges[g.inStart[i]:g.inStart[i+1]] }

// markCycles sets cycle on every node that lies on a directed cycle (a
// strongly connected component of two or more nodes, or a self-reference),
// with an iterative Tarjan so that deep graphs cannot exhaust the stack.
func (g *graph) markCycles(x []*node) {
	n := len(x)
	const unvisited = -1
	index := make([]int32, n)
	low := make([]int32, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = unvisited
	}
	var (
		next  int32
		stack []int32
		call  []struct{ v, edge int32 }
	)
	for root := 0; root < n; root++ {
		if index[root] != unvisited {
			continue
		}
		call = append(call, struct{ v, edge int32 }{int32(root), 0})
		index[root], low[root] = next, next
		next++
		stack = append(stack, int32(root))
		onStack[root] = true
		for len(call) > 0 {
			top := &call[len(call)-1]
			v := top.v
			edges := g.out(int(v))
			if int(top.edge) < len(edges) {
				w := edges[top.edge]
				top.edge++
				if index[w] == unvisited {
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, struct{ v, edge int32 }{w, 0})
				} else if onStack[w] && index[w] < low[v] {
					low[v] = index[w]
				}
				continue
			}
			call = call[:len(call)-1]
			if len(call) > 0 {
				if p := call[len(call)-1].v; low[v] < low[p] {
					low[p] = low[v]
				}
			}
			if low[v] != index[v] {
				continue
			}
			// v is the root of a component: pop it.
			start := len(stack) - 1
			for stack[start] != v {
				start--
			}
			comp := stack[start:]
			if len(comp) > 1 {
				for _, w := range comp {
					x[w].cycle = true
				}
			} else {
				for _, w := range g.out(int(v)) {
					if w == v {
						x[v].cycle = true
					}
				}
			}
			for _, w := range comp {
				onStack[w] = false
			}
			stack = stack[:start]
		}
	}
}
