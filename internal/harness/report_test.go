package harness

import (
	"errors"
	"strings"
	"testing"
)

// failAfter accepts n writes, then fails every one.
type failAfter struct {
	n      int
	writes int
}

var errWrite = errors.New("stdout is gone")

func (f *failAfter) Write(p []byte) (int, error) {
	f.writes++
	if f.writes > f.n {
		return 0, errWrite
	}
	return len(p), nil
}

func TestReportAlignsTables(t *testing.T) {
	var out strings.Builder
	r := NewReport(&out)
	r.Println("title")
	r.Table([]string{"name\tcount", "maildiver\t10", "revyops\t3"})
	r.Table(nil)
	r.Printf("%d missed\n", 0)
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	want := "title\nname       count\nmaildiver  10\nrevyops    3\n0 missed\n"
	if out.String() != want {
		t.Errorf("got\n%q\nwant\n%q", out.String(), want)
	}
}

func TestReportKeepsTheFirstWriteError(t *testing.T) {
	w := &failAfter{n: 1}
	r := NewReport(w)
	r.Println("written")
	r.Printf("lost %d\n", 1)
	r.Table([]string{"a\tb"})
	r.Println("not even tried")
	if !errors.Is(r.Err(), errWrite) {
		t.Errorf("Err() = %v, want %v", r.Err(), errWrite)
	}
	if w.writes != 2 {
		t.Errorf("%d writes reached the writer, want 2 (nothing after the first failure)", w.writes)
	}
}
