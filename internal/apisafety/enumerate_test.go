package apisafety

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// libraryPackages are the packages a homeserver imports, by directory
// relative to the module root and by the name their identifiers are
// written with in the call table.
var libraryPackages = []struct{ dir, name string }{
	{"roomversion", "roomversion"},
	{"event", "event"},
	{"auth", "auth"},
	{"authchain", "authchain"},
	{"receipt", "receipt"},
	{"builder", "builder"},
	{"stateres", "stateres"},
	{"stateres/synth", "synth"},
	{"handshake", "handshake"},
}

// exportedAPI lists every exported function and every exported method of
// an exported type declared in the non-test sources of the library
// packages, as "pkg.Func" and "pkg.Type.Method" (pointer receivers and type
// parameters left out). It reads the sources, not the call table, so that
// an exported function added later shows up here without a test.
func exportedAPI(t *testing.T) []string {
	t.Helper()
	root := filepath.Join("..", "..")
	var out []string
	for _, p := range libraryPackages {
		dir := filepath.Join(root, p.dir)
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatalf("read %s: %v", dir, err)
		}
		fset := token.NewFileSet()
		n := 0
		for _, de := range entries {
			name := de.Name()
			if de.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatalf("parse %s/%s: %v", dir, name, err)
			}
			if f.Name.Name != p.name {
				t.Fatalf("%s/%s is package %s, want %s", dir, name, f.Name.Name, p.name)
			}
			n++
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || !fd.Name.IsExported() {
					continue
				}
				if fd.Recv == nil {
					out = append(out, p.name+"."+fd.Name.Name)
					continue
				}
				recv := receiverName(fd.Recv.List[0].Type)
				if ast.IsExported(recv) {
					out = append(out, p.name+"."+recv+"."+fd.Name.Name)
				}
			}
		}
		if n == 0 {
			t.Fatalf("no sources in %s", dir)
		}
	}
	sort.Strings(out)
	return out
}

// receiverName returns the type name of a method receiver: T for T, *T,
// T[P] and *T[P].
func receiverName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}
