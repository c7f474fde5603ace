// Package clients_test keeps the vendor contract guide (docs/guides/vendor-contracts.md, written in
// templates/guides/vendor-contracts.md.tmpl) and the clients' wire files from drifting apart.
//
// A wire fact is a top-level declaration of internal/clients/<vendor>/wire.go (a constant, variable,
// type or function; methods are behaviour of a type, not facts of their own). Its grades are the words
// seed, documented and assumed in its comments: the comments inside the declaration (its doc, its line
// comment, its fields' and body's comments), or, for a declaration of a parenthesized group whose own
// comments name no grade, the group's doc comment.
//
// The guide's tables that have a "grade" and an "in the code" column are its fact lines: those with a
// "source" column state the facts, those with an "if it is wrong" column say what breaks when an
// assumption is wrong and which line corrects it. A line names code in backquotes in its "in the code"
// cell: `<package>.<Name>` (a top-level declaration of a package
// under internal/clients/ or internal/), `<package>.<Type>.<Method or field>`, or a file path from the
// repository root.
//
// The tests read only the repository, so they pass on a clean clone. TestVendorContractsGuideMatchesVendorsMD
// also compares the guide with the project's shared vendors.md when ../shared/vendors.md exists beside
// the repository (as in CI), and is skipped, saying so, when it does not.
package clients_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// repoRoot is the repository root, seen from this package's directory (go test runs tests there).
const repoRoot = "../.."

const guidePath = "docs/guides/vendor-contracts.md"

var gradeWord = regexp.MustCompile(`(?i)\b(seed|documented|assumed)\b`)

// grades returns the set of grade words in text, lower-cased and sorted.
func grades(text string) []string {
	var out []string
	for _, m := range gradeWord.FindAllString(text, -1) {
		g := strings.ToLower(m)
		if !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	sort.Strings(out)
	return out
}

// wireFact is one top-level declaration of a wire.go file and the grades its comments give it.
type wireFact struct {
	ref    string // "<package>.<Name>"
	pos    string // file:line
	grades []string
}

// wireFacts parses every internal/clients/*/wire.go.
func wireFacts(t *testing.T) []wireFact {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(repoRoot, "internal", "clients", "*", "wire.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no internal/clients/*/wire.go found (err %v)", err)
	}
	var out []wireFact
	for _, path := range files {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		pkg := f.Name.Name
		// commentsIn joins the text of every comment group from start to end (a declaration with its
		// doc comment, fields, line comments and body).
		commentsIn := func(start, end token.Pos) string {
			var b strings.Builder
			for _, cg := range f.Comments {
				if cg.Pos() >= start && cg.End() <= end+token.Pos(lineCommentSlack(fset, end)) {
					b.WriteString(cg.Text())
					b.WriteString("\n")
				}
			}
			return b.String()
		}
		add := func(name string, at token.Pos, text string) {
			out = append(out, wireFact{
				ref:    pkg + "." + name,
				pos:    fmt.Sprintf("%s:%d", filepath.ToSlash(strings.TrimPrefix(path, repoRoot+"/")), fset.Position(at).Line),
				grades: grades(text),
			})
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Recv != nil {
					continue
				}
				start := d.Pos()
				if d.Doc != nil {
					start = d.Doc.Pos()
				}
				add(d.Name.Name, d.Pos(), commentsIn(start, d.End()))
			case *ast.GenDecl:
				if d.Tok == token.IMPORT {
					continue
				}
				group := ""
				if d.Lparen.IsValid() && d.Doc != nil {
					group = d.Doc.Text()
				}
				for _, spec := range d.Specs {
					start := spec.Pos()
					switch s := spec.(type) {
					case *ast.ValueSpec:
						if s.Doc != nil {
							start = s.Doc.Pos()
						}
					case *ast.TypeSpec:
						if s.Doc != nil {
							start = s.Doc.Pos()
						}
					}
					if !d.Lparen.IsValid() {
						start = d.Pos()
						if d.Doc != nil {
							start = d.Doc.Pos()
						}
					}
					own := commentsIn(start, spec.End())
					if len(grades(own)) == 0 {
						own = group
					}
					for _, name := range specNames(spec) {
						add(name, spec.Pos(), own)
					}
				}
			}
		}
	}
	return out
}

// lineCommentSlack is how far past end a comment on the same line may start and still belong to the
// declaration that ends there: the rest of that line.
func lineCommentSlack(fset *token.FileSet, end token.Pos) int {
	file := fset.File(end)
	line := file.Line(end)
	if line >= file.LineCount() {
		return file.Size() - file.Offset(end)
	}
	return file.Offset(file.LineStart(line+1)) - file.Offset(end)
}

func specNames(spec ast.Spec) []string {
	switch s := spec.(type) {
	case *ast.ValueSpec:
		var out []string
		for _, n := range s.Names {
			if n.Name != "_" {
				out = append(out, n.Name)
			}
		}
		return out
	case *ast.TypeSpec:
		return []string{s.Name.Name}
	}
	return nil
}

// factLine is one row of a guide table that has a grade column and an "in the code" column.
type factLine struct {
	line    int
	section string // the nearest "## " heading above it
	cells   []string
	grades  []string
	code    []string // the backquoted references of the "in the code" cell
	// states is true in a table with a source column (a statement of facts), ifWrong in a table with an
	// "if it is wrong" column (what an assumption's failure breaks).
	states, ifWrong bool
}

var codeSpan = regexp.MustCompile("`([^`]+)`")

// tableCells splits a Markdown table row into its cells. A pipe escaped as \| stays in its cell, and
// so does one inside a code span (vendors.md writes `true|false`; the guide must escape it, since
// Markdown renderers split there).
func tableCells(row string) []string {
	row = strings.TrimSpace(row)
	row = strings.TrimPrefix(row, "|")
	row = strings.TrimSuffix(row, "|")
	var cells []string
	var b strings.Builder
	inCode := false
	for i := 0; i < len(row); i++ {
		switch {
		case row[i] == '\\' && i+1 < len(row) && row[i+1] == '|':
			b.WriteByte('|')
			i++
		case row[i] == '`':
			inCode = !inCode
			b.WriteByte('`')
		case row[i] == '|' && !inCode:
			cells = append(cells, strings.TrimSpace(b.String()))
			b.Reset()
		default:
			b.WriteByte(row[i])
		}
	}
	return append(cells, strings.TrimSpace(b.String()))
}

// tables calls row for every body row of every Markdown table in text, with its header's cells
// (lower-cased), its own cells, its 1-based line number and the nearest "## " heading above it.
func tables(text string, row func(header, cells []string, line int, section string)) {
	lines := strings.Split(text, "\n")
	section := ""
	var header []string
	for i, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, "## "):
			section = strings.TrimSpace(strings.TrimPrefix(t, "## "))
			header = nil
		case !strings.HasPrefix(t, "|"):
			header = nil
		case header == nil:
			if i+1 < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i+1]), "|-") ||
				i+1 < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i+1]), "| -") {
				header = tableCells(t)
				for j := range header {
					header[j] = strings.ToLower(header[j])
				}
			}
		case strings.HasPrefix(t, "|-") || strings.HasPrefix(t, "| -"):
		default:
			row(header, tableCells(t), i+1, section)
		}
	}
}

func readGuide(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, guidePath))
	if err != nil {
		t.Fatalf("the vendor contract guide: %v (write templates/guides/vendor-contracts.md.tmpl and run make docs)", err)
	}
	return string(b)
}

func factLines(t *testing.T, guide string) []factLine {
	t.Helper()
	var out []factLine
	tables(guide, func(header, cells []string, line int, section string) {
		gi, ci := slices.Index(header, "grade"), slices.Index(header, "in the code")
		if gi < 0 || ci < 0 {
			return
		}
		if len(cells) != len(header) {
			t.Errorf("%s:%d: the row has %d cells, its table %d (a | inside a cell must be written \\|)", guidePath, line, len(cells), len(header))
			return
		}
		fl := factLine{line: line, section: section, cells: cells, grades: grades(cells[gi]),
			states: slices.Contains(header, "source"), ifWrong: slices.Contains(header, "if it is wrong")}
		for _, m := range codeSpan.FindAllStringSubmatch(cells[ci], -1) {
			fl.code = append(fl.code, m[1])
		}
		out = append(out, fl)
	})
	if len(out) == 0 {
		t.Fatalf("%s has no table with a grade and an \"in the code\" column", guidePath)
	}
	return out
}

// TestVendorContractsGuideCoversWireFacts fails when a wire fact has no grade, when no line of the
// guide's fact tables (those with a source column) names it, when the guide's lines for it give other
// grades than its comments, or when a fact graded assumed has no line saying what breaks if it is wrong.
func TestVendorContractsGuideCoversWireFacts(t *testing.T) {
	facts := wireFacts(t)
	lines := factLines(t, readGuide(t))
	for _, fl := range lines {
		if len(fl.grades) == 0 {
			t.Errorf("%s:%d: the fact line gives no grade (seed, documented or assumed)", guidePath, fl.line)
		}
	}
	for _, f := range facts {
		if len(f.grades) == 0 {
			t.Errorf("%s: %s is a wire fact without a grade: say seed, documented or assumed in its comment", f.pos, f.ref)
			continue
		}
		var inGuide []string
		var at []string
		stated, ifWrong := false, false
		for _, fl := range lines {
			if slices.Contains(fl.code, f.ref) {
				inGuide = append(inGuide, fl.grades...)
				at = append(at, fmt.Sprint(fl.line))
				stated = stated || fl.states
				ifWrong = ifWrong || fl.ifWrong
			}
		}
		inGuide = grades(strings.Join(inGuide, " "))
		if stated && slices.Contains(f.grades, "assumed") && !ifWrong {
			t.Errorf("%s: %s is assumed, but no line of an \"if it is wrong\" table in %s names it: say what breaks and "+
				"which line corrects it", f.pos, f.ref, guidePath)
		}
		switch {
		case !stated:
			t.Errorf("%s: %s (%s) has no line in a fact table of %s: add one naming `%s` in its \"in the code\" cell, with the grade, "+
				"to templates/guides/vendor-contracts.md.tmpl and run make docs", f.pos, f.ref, strings.Join(f.grades, ", "), guidePath, f.ref)
		case !slices.Equal(inGuide, f.grades):
			t.Errorf("%s: %s is graded %s in the code but %s in %s (lines %s)", f.pos, f.ref,
				strings.Join(f.grades, ", "), strings.Join(inGuide, ", "), guidePath, strings.Join(at, ", "))
		}
	}
}

// TestVendorContractsGuideReferencesExist fails when the guide names code that does not exist (a
// declaration renamed or removed, a file moved), so that its "in the code" cells stay true.
func TestVendorContractsGuideReferencesExist(t *testing.T) {
	decls := map[string]map[string]bool{} // package directory -> names it declares
	declared := func(dir string) map[string]bool {
		if d, ok := decls[dir]; ok {
			return d
		}
		names := map[string]bool{}
		fset := token.NewFileSet()
		paths, _ := filepath.Glob(filepath.Join(repoRoot, dir, "*.go"))
		for _, p := range paths {
			if strings.HasSuffix(p, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, p, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, decl := range f.Decls {
				switch d := decl.(type) {
				case *ast.FuncDecl:
					if d.Recv == nil {
						names[d.Name.Name] = true
						continue
					}
					recv := d.Recv.List[0].Type
					if s, ok := recv.(*ast.StarExpr); ok {
						recv = s.X
					}
					if id, ok := recv.(*ast.Ident); ok {
						names[id.Name+"."+d.Name.Name] = true
					}
				case *ast.GenDecl:
					for _, spec := range d.Specs {
						for _, n := range specNames(spec) {
							names[n] = true
						}
						if ts, ok := spec.(*ast.TypeSpec); ok {
							if st, ok := ts.Type.(*ast.StructType); ok {
								for _, fld := range st.Fields.List {
									for _, n := range fld.Names {
										names[ts.Name.Name+"."+n.Name] = true
									}
								}
							}
						}
					}
				}
			}
		}
		decls[dir] = names
		return names
	}
	packageDir := func(pkg string) string {
		for _, dir := range []string{"internal/clients/" + pkg, "internal/" + pkg} {
			if st, err := os.Stat(filepath.Join(repoRoot, dir)); err == nil && st.IsDir() {
				return dir
			}
		}
		return ""
	}
	for _, fl := range factLines(t, readGuide(t)) {
		for _, ref := range fl.code {
			if strings.Contains(ref, "/") {
				if _, err := os.Stat(filepath.Join(repoRoot, ref)); err != nil {
					t.Errorf("%s:%d: names the file %s, which does not exist", guidePath, fl.line, ref)
				}
				continue
			}
			pkg, name, ok := strings.Cut(ref, ".")
			dir := packageDir(pkg)
			if !ok || dir == "" {
				t.Errorf("%s:%d: `%s` is neither a file path nor <package>.<Name> of a package under internal/", guidePath, fl.line, ref)
				continue
			}
			if !declared(dir)[name] {
				t.Errorf("%s:%d: `%s`: %s declares no %s", guidePath, fl.line, ref, dir, name)
			}
		}
	}
}

// vendorOf names the vendor a "## " heading is about ("" for none).
func vendorOf(heading string) string {
	h := strings.ToLower(heading)
	for _, v := range []string{"maildiver", "bland", "revyops", "corporate merch"} {
		if strings.Contains(h, v) {
			return v
		}
	}
	return ""
}

var routeSpan = regexp.MustCompile("`(GET|POST|PUT|PATCH|DELETE) (/[^`?\\s]*)")

// routes returns the method and path (without a query) of every route a cell names.
func routes(cell string) []string {
	var out []string
	for _, m := range routeSpan.FindAllStringSubmatch(cell, -1) {
		out = append(out, m[1]+" "+m[2])
	}
	return out
}

var urlSpan = regexp.MustCompile("`(https://[^`\\s]+)`")

// TestVendorContractsGuideMatchesVendorsMD compares the guide with the project's shared vendors.md, the
// graded facts the guide is written from, when that file is beside the repository (../shared/vendors.md,
// as in CI and in the project's work folders); a clean clone has no such file, and the test is skipped.
// Every route of vendors.md's operation tables must have a line in the guide, under the same vendor,
// with the same grades, and every base URL it names must appear in that vendor's section of the guide.
func TestVendorContractsGuideMatchesVendorsMD(t *testing.T) {
	path := filepath.Join(repoRoot, "..", "shared", "vendors.md")
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Skipf("%s does not exist (a clone without the project's shared folder): only the repository's own checks apply", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	guide := readGuide(t)

	// Routes and URLs of the guide, by vendor.
	guideRoutes := map[string]map[string][]string{} // vendor -> route -> grades of its lines
	tables(guide, func(header, cells []string, _ int, section string) {
		gi := slices.Index(header, "grade")
		v := vendorOf(section)
		if gi < 0 || v == "" || len(cells) != len(header) {
			return
		}
		for _, c := range cells {
			for _, r := range routes(c) {
				if guideRoutes[v] == nil {
					guideRoutes[v] = map[string][]string{}
				}
				guideRoutes[v][r] = grades(strings.Join(append(guideRoutes[v][r], cells[gi]), " "))
			}
		}
	})
	guideText := map[string]string{} // vendor -> its sections' text
	section := ""
	for _, l := range strings.Split(guide, "\n") {
		if strings.HasPrefix(l, "## ") {
			section = vendorOf(l)
		}
		guideText[section] += l + "\n"
	}

	checked := 0
	tables(string(b), func(header, cells []string, line int, section string) {
		gi := slices.Index(header, "grade")
		v := vendorOf(section)
		if gi < 0 || v == "" || len(cells) != len(header) {
			return
		}
		want := grades(cells[gi])
		for _, c := range cells {
			for _, r := range routes(c) {
				checked++
				got, ok := guideRoutes[v][r]
				switch {
				case !ok:
					t.Errorf("vendors.md:%d: %s `%s` (%s) has no line in %s", line, v, r, strings.Join(want, ", "), guidePath)
				case !slices.Equal(got, want):
					t.Errorf("vendors.md:%d: %s `%s` is graded %s in vendors.md but %s in %s", line, v, r,
						strings.Join(want, ", "), strings.Join(got, ", "), guidePath)
				}
			}
		}
	})
	if checked == 0 {
		t.Fatalf("%s has no operation table with routes and a grade column: this test no longer understands it", path)
	}
	section = ""
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "## ") {
			section = vendorOf(l)
		}
		for _, m := range urlSpan.FindAllStringSubmatch(l, -1) {
			if section != "" && !strings.Contains(guideText[section], m[1]) {
				t.Errorf("vendors.md names %s's URL %s, which %s does not", section, m[1], guidePath)
			}
		}
	}
}
