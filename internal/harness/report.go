package harness

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"text/tabwriter"
)

// Report writes a command's progress lines and summary to w and keeps the first write error, so that
// a report of many lines checks it once, at the end (Err); after an error it writes nothing more.
// It is safe for concurrent use (an interrupt handler says what it stops while the run goes on).
type Report struct {
	mu  sync.Mutex
	w   io.Writer
	err error
}

// NewReport returns a Report that writes to w.
func NewReport(w io.Writer) *Report { return &Report{w: w} }

// Printf writes like fmt.Fprintf.
func (r *Report) Printf(format string, a ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err == nil {
		_, r.err = fmt.Fprintf(r.w, format, a...)
	}
}

// Println writes like fmt.Fprintln.
func (r *Report) Println(a ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err == nil {
		_, r.err = fmt.Fprintln(r.w, a...)
	}
}

// Table writes rows of tab-separated cells aligned in columns two spaces apart, one line per row.
func (r *Report) Table(rows []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil || len(rows) == 0 {
		return
	}
	tw := tabwriter.NewWriter(r.w, 0, 0, 2, ' ', 0)
	if _, r.err = io.WriteString(tw, strings.Join(rows, "\n")+"\n"); r.err == nil {
		r.err = tw.Flush()
	}
}

// Err is the first write error, nil if every write succeeded.
func (r *Report) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}
