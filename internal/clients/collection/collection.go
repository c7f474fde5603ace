// Package collection serves a refresh's reads of one vendor's contacts from a paged listing of the
// collection they belong to (a MailDiver audience; the whole account at the other vendors) when that
// costs fewer requests than one GET per contact, and from single GETs when it does not.
//
// What it promises, for every strategy:
//   - A read never sees a listing that began before a write of the same collection ended, nor one
//     taken while a write of that collection is in flight: every create, update and delete of a
//     collection (Reads.Write) discards what was listed of it, and reads made while a write is in
//     flight use single GETs.
//   - A contact missing from a complete listing is confirmed with a single GET before it is called
//     gone: the GET, not the listing, decides.
//   - Concurrent reads of one collection share one listing, fetched one page at a time.
//   - Nothing outlives the Reads value, which lives as long as the provider's configured client (one
//     Terraform command's provider process).
//
// Request bounds, for R reads of a collection of C contacts whose listing has P pages (P = C / page
// size, rounded up):
//   - Get: exactly R GETs.
//   - List: P pages, plus one GET for each read of a contact not in the listing.
//   - Auto (the default): at most min(P, 2R) pages plus at most R GETs, so never more than 3R
//     requests; when the reads cover the collection (R ≥ P/2) it is P pages and no GET, and when they
//     are few in a large collection (5 contacts of an audience of 10,000: P = 200) it is 2R pages and R
//     GETs. Pages are fetched while reads wait for them, so a read may wait for up to 2R pages, and a
//     read whose page lies beyond that budget waits 50 ms for another read to raise it before its GET.
package collection

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Strategy is the provider setting refresh_strategy: how a refresh reads a vendor's contacts.
type Strategy string

const (
	// Auto lists the collection while the pages listed stay under twice the number of reads asked of
	// it, and reads a contact with a single GET when its page is not reached within that budget.
	Auto Strategy = "auto"
	// List lists the whole collection for the first read and serves every read from that listing.
	List Strategy = "list"
	// Get reads every contact with its own GET (the provider's behaviour before collection reads).
	Get Strategy = "get"
)

// Strategies are the values of refresh_strategy, default first.
var Strategies = []string{string(Auto), string(List), string(Get)}

// ParseStrategy returns the Strategy named s; the empty string is Auto.
func ParseStrategy(s string) (Strategy, error) {
	switch Strategy(s) {
	case "", Auto:
		return Auto, nil
	case List, Get:
		return Strategy(s), nil
	}
	return "", fmt.Errorf("refresh strategy %q is not one of auto, list, get", s)
}

// Page is one page of a collection's listing.
type Page[V any] struct {
	// Items are the page's contacts, each as complete as a single GET's answer.
	Items []V
	// Next is the cursor that asks for the following page (a vendor's cursor, page number or offset,
	// as the vendor's client encodes it); empty on the last page.
	Next string
}

// Source is how one vendor's client lists a collection: the only vendor-specific part.
type Source[V any] struct {
	// ListPage fetches the page of the collection that cursor names ("" for the first page).
	ListPage func(ctx context.Context, collection, cursor string) (Page[V], error)
	// ID is a contact's id, as the resource's state holds it.
	ID func(V) string
}

// Reads serves reads of one vendor's contacts, per collection. Its zero value is not usable: make it
// with New. It is safe for concurrent use.
type Reads[V any] struct {
	strategy Strategy
	src      Source[V]

	mu    sync.Mutex
	colls map[string]*state[V]
}

// New returns Reads that lists collections with src and serves reads by strategy (Auto when empty).
func New[V any](strategy Strategy, src Source[V]) *Reads[V] {
	if strategy == "" {
		strategy = Auto
	}
	return &Reads[V]{strategy: strategy, src: src, colls: map[string]*state[V]{}}
}

// Strategy is the strategy these reads use.
func (r *Reads[V]) Strategy() Strategy { return r.strategy }

// state is one collection's: its writes, the reads asked of it, and its current listing.
type state[V any] struct {
	// gen changes at the start and at the end of every write; a page fetched while it changed is
	// dropped.
	gen    uint64
	writes int // writes in flight
	reads  int // reads asked of this collection, over the life of Reads (Auto's budget)
	pages  int // pages fetched, over the life of Reads (Auto's budget)

	// The current listing.
	items    map[string]V
	ids      []string // the items' ids in listing order, for Find
	next     string
	complete bool
	failed   bool // a page of this listing failed: reads use GETs until the next write resets it
	fetching bool
	changed  chan struct{} // closed and replaced whenever a page or a read arrives, or a write resets
}

func (r *Reads[V]) collection(key string) *state[V] {
	c := r.colls[key]
	if c == nil {
		c = &state[V]{items: map[string]V{}, changed: make(chan struct{})}
		r.colls[key] = c
	}
	return c
}

// reset drops the listing (the caller holds r.mu).
func (c *state[V]) reset() {
	c.gen++
	c.items, c.ids, c.next = map[string]V{}, nil, ""
	c.complete, c.failed = false, false
	c.signal()
}

// Write marks a write (create, update, delete) of the collection as in flight and discards what was
// listed of it; the caller must call the returned function when the write has ended, whatever its
// outcome (defer it).
func (r *Reads[V]) Write(collection string) (done func()) {
	r.mu.Lock()
	c := r.collection(collection)
	c.writes++
	c.reset()
	r.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			r.mu.Lock()
			c.writes--
			c.reset()
			r.mu.Unlock()
		})
	}
}

// Read returns the contact id of collection as refresh needs it: from the collection's listing when
// the strategy lists, or from get (the vendor's single GET, which also decides for a contact the
// listing does not hold). get's errors, such as the vendor's not-found error, are returned as they
// are; a failed page is not an error of the read: the read falls back to get. ctx's end stops the wait
// for a page with ctx's error.
func (r *Reads[V]) Read(ctx context.Context, collection, id string, get func(context.Context) (V, error)) (V, error) {
	if r.strategy == Get {
		return get(ctx)
	}
	r.mu.Lock()
	c := r.collection(collection)
	c.reads++
	c.signal() // a read waiting for budget may go on
	for {
		if c.writes > 0 || c.failed {
			r.mu.Unlock()
			return get(ctx)
		}
		if v, ok := c.items[id]; ok {
			r.mu.Unlock()
			return v, nil
		}
		if c.complete {
			// Not in the listing: a single GET confirms that it is gone (or finds it, if it was
			// created after its page was listed).
			r.mu.Unlock()
			return get(ctx)
		}
		if c.fetching {
			if err := r.wait(ctx, c); err != nil {
				var zero V
				return zero, err
			}
			continue
		}
		if r.strategy == Auto && c.pages >= 2*c.reads {
			// Terraform sends a refresh's reads a few at a time (its parallelism): give more reads
			// a moment to arrive and raise the budget, and settle for a GET only when none has.
			changed, err := r.waitFor(ctx, c, budgetGrace)
			if err != nil {
				var zero V
				return zero, err
			}
			if changed {
				continue
			}
			r.mu.Unlock()
			return get(ctx)
		}
		// A failed page is not the read's error: it marks the listing failed, and the loop falls
		// back to get.
		_ = r.fetchPage(ctx, collection, c)
	}
}

// Find returns the contacts of collection that match, from one complete listing of it (listed now if
// there is no current one, without Auto's budget: the callers are lookups that would otherwise list
// the collection themselves). While a write of the collection is in flight it lists the collection
// afresh, without keeping it.
func (r *Reads[V]) Find(ctx context.Context, collection string, match func(V) bool) ([]V, error) {
	r.mu.Lock()
	c := r.collection(collection)
	for {
		if c.writes > 0 || c.failed {
			r.mu.Unlock()
			return r.listUncached(ctx, collection, match)
		}
		if c.complete {
			found := c.match(match)
			r.mu.Unlock()
			return found, nil
		}
		if c.fetching {
			if err := r.wait(ctx, c); err != nil {
				return nil, err
			}
			continue
		}
		if err := r.fetchPage(ctx, collection, c); err != nil {
			r.mu.Unlock()
			return nil, err
		}
	}
}

// Listed returns the contacts of collection that match if a complete listing of it is current, and
// ok false (without a request) if not: for lookups that have a cheaper way than a listing (a vendor's
// search or find endpoint) when no listing is at hand.
func (r *Reads[V]) Listed(collection string, match func(V) bool) (found []V, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := r.colls[collection]
	if c == nil || !c.complete || c.writes > 0 {
		return nil, false
	}
	return c.match(match), true
}

// match returns the listed contacts that match, in listing order (the caller holds r.mu).
func (c *state[V]) match(match func(V) bool) []V {
	var found []V
	for _, id := range c.ids {
		if v := c.items[id]; match(v) {
			found = append(found, v)
		}
	}
	return found
}

// budgetGrace is how long Auto lets a read whose page is beyond the budget wait for another read of its
// collection to arrive (and raise the budget) before it reads its contact with a GET.
const budgetGrace = 50 * time.Millisecond

// wait releases r.mu until the collection's state changes (a page arrives, a read arrives, a write
// resets the listing) or ctx ends, and holds r.mu again on a nil return.
func (r *Reads[V]) wait(ctx context.Context, c *state[V]) error {
	_, err := r.waitFor(ctx, c, 0)
	return err
}

// waitFor is wait that also gives up after d, when d > 0: changed says whether the state changed.
func (r *Reads[V]) waitFor(ctx context.Context, c *state[V], d time.Duration) (changed bool, err error) {
	ch := c.changed
	r.mu.Unlock()
	var timeout <-chan time.Time
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-ch:
		changed = true
	case <-timeout:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	r.mu.Lock()
	return changed, nil
}

// signal wakes every read waiting on the collection (the caller holds r.mu).
func (c *state[V]) signal() {
	close(c.changed)
	c.changed = make(chan struct{})
}

// fetchPage fetches the listing's next page with r.mu released, and records it unless a write began
// or ended meanwhile. The caller holds r.mu, and holds it again on return. A failed page marks the
// listing failed and is returned.
func (r *Reads[V]) fetchPage(ctx context.Context, collection string, c *state[V]) error {
	c.fetching = true
	gen, cursor := c.gen, c.next
	r.mu.Unlock()
	page, err := r.src.ListPage(ctx, collection, cursor)
	r.mu.Lock()
	c.fetching = false
	c.pages++
	if gen == c.gen {
		switch {
		case err != nil:
			c.failed = true
		default:
			for _, v := range page.Items {
				id := r.src.ID(v)
				if _, dup := c.items[id]; !dup {
					c.ids = append(c.ids, id)
				}
				c.items[id] = v
			}
			c.next = page.Next
			c.complete = page.Next == "" || page.Next == cursor
		}
	}
	c.signal()
	return err
}

// listUncached lists collection page by page without keeping it, for lookups made while a write of it
// is in flight.
func (r *Reads[V]) listUncached(ctx context.Context, collection string, match func(V) bool) ([]V, error) {
	var found []V
	cursor := ""
	for {
		page, err := r.src.ListPage(ctx, collection, cursor)
		if err != nil {
			return nil, err
		}
		for _, v := range page.Items {
			if match(v) {
				found = append(found, v)
			}
		}
		if page.Next == "" || page.Next == cursor {
			return found, nil
		}
		cursor = page.Next
	}
}
