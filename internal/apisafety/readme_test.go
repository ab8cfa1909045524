package apisafety

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// normalise drops blank lines and each line's indentation, so that a
// snippet compares equal to its place in the example file however gofmt
// aligned either.
func normalise(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, strings.Join(strings.Fields(l), " "))
		}
	}
	return strings.Join(out, "\n")
}

// TestREADMESnippetsCompile: every Go snippet of the README's "Using the
// library" section is code of readme_example_test.go, which compiles and
// whose Example_receivePath runs it, so no snippet shows code that does
// not build or does other than what the example checks.
func TestREADMESnippetsCompile(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile("readme_example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	start := strings.Index(text, "\n## Using the library")
	if start < 0 {
		t.Fatal(`README has no "## Using the library" section`)
	}
	section := text[start+1:]
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	code := normalise(string(example))
	n := 0
	for _, part := range strings.Split(section, "```go\n")[1:] {
		snippet, _, ok := strings.Cut(part, "```")
		if !ok {
			t.Fatalf("unterminated snippet: %.80q", part)
		}
		n++
		if !strings.Contains(code, normalise(snippet)) {
			t.Errorf("README snippet %d is not in readme_example_test.go:\n%s", n, snippet)
		}
	}
	if n < 4 {
		t.Errorf("only %d Go snippets in the usage section", n)
	}
}
