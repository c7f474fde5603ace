package collection

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

type contact struct {
	id   string
	name string
}

var errGone = errors.New("gone")

// fakeVendor is a collection of contacts with a paged listing and a single GET, counting both.
type fakeVendor struct {
	mu       sync.Mutex
	contacts []contact // listing order
	pageSize int
	pages    atomic.Int64
	gets     atomic.Int64
	failPage func(cursor string) error // optional
	onPage   func()                    // optional, called before a page is answered
}

// fakePageSize is how many contacts a page of every fake vendor's listing holds, as at MailDiver.
const fakePageSize = 50

func newFakeVendor(n int) *fakeVendor {
	v := &fakeVendor{pageSize: fakePageSize}
	for i := range n {
		v.contacts = append(v.contacts, contact{id: strconv.Itoa(i), name: "n" + strconv.Itoa(i)})
	}
	return v
}

func (v *fakeVendor) source() Source[contact] {
	return Source[contact]{
		ListPage: func(ctx context.Context, _ string, cursor string) (Page[contact], error) {
			v.pages.Add(1)
			if v.onPage != nil {
				v.onPage()
			}
			if v.failPage != nil {
				if err := v.failPage(cursor); err != nil {
					return Page[contact]{}, err
				}
			}
			start := 0
			if cursor != "" {
				start, _ = strconv.Atoi(cursor)
			}
			v.mu.Lock()
			defer v.mu.Unlock()
			end := min(start+v.pageSize, len(v.contacts))
			p := Page[contact]{Items: append([]contact(nil), v.contacts[start:end]...)}
			if end < len(v.contacts) {
				p.Next = strconv.Itoa(end)
			}
			return p, nil
		},
		ID: func(c contact) string { return c.id },
	}
}

func (v *fakeVendor) get(id string) func(context.Context) (contact, error) {
	return func(context.Context) (contact, error) {
		v.gets.Add(1)
		v.mu.Lock()
		defer v.mu.Unlock()
		for _, c := range v.contacts {
			if c.id == id {
				return c, nil
			}
		}
		return contact{}, errGone
	}
}

func (v *fakeVendor) set(id, name string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	for i := range v.contacts {
		if v.contacts[i].id == id {
			v.contacts[i].name = name
			return
		}
	}
	v.contacts = append(v.contacts, contact{id, name})
}

func (v *fakeVendor) remove(id string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	for i := range v.contacts {
		if v.contacts[i].id == id {
			v.contacts = append(v.contacts[:i], v.contacts[i+1:]...)
			return
		}
	}
}

// refresh reads ids with parallelism workers at once, the way Terraform refreshes, and checks every
// answer against the vendor.
func refresh(t *testing.T, r *Reads[contact], v *fakeVendor, ids []string, parallelism int) {
	t.Helper()
	sem := make(chan struct{}, parallelism)
	var wg sync.WaitGroup
	errs := make(chan error, len(ids))
	for _, id := range ids {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			got, err := r.Read(context.Background(), "aud", id, v.get(id))
			if err != nil {
				errs <- fmt.Errorf("read %s: %w", id, err)
				return
			}
			if got.id != id || got.name != "n"+id {
				errs <- fmt.Errorf("read %s: got %+v", id, got)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// firstIDs returns the ids of the first n contacts of a fake vendor: "0" to n-1.
func firstIDs(n int) []string {
	var ids []string
	for i := 0; i < n; i++ {
		ids = append(ids, strconv.Itoa(i))
	}
	return ids
}

func TestAutoWholeCollectionCostsItsPages(t *testing.T) {
	// 1000 managed contacts in an audience of 1000, listed 50 a page, read 10 at a time (Terraform's
	// default parallelism): one listing of 20 pages and no GET.
	v := newFakeVendor(1000)
	r := New(Auto, v.source())
	ids := firstIDs(1000)
	rand.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	refresh(t, r, v, ids, 10)
	if p, g := v.pages.Load(), v.gets.Load(); p != 20 || g != 0 {
		t.Errorf("pages %d, gets %d; want 20 pages and no GET", p, g)
	}
}

func TestAutoFewContactsInLargeCollection(t *testing.T) {
	// 5 managed contacts in an audience of 10,000 (200 pages): at most 2 pages per read, then GETs.
	v := newFakeVendor(10000)
	r := New(Auto, v.source())
	refresh(t, r, v, []string{"9999", "7001", "5002", "3003", "9004"}, 10)
	p, g := v.pages.Load(), v.gets.Load()
	if p+g > 15 || p > 10 || g > 5 {
		t.Errorf("pages %d, gets %d; want at most 10 pages and 5 GETs", p, g)
	}
}

func TestAutoNeverCostsMoreThanThreeRequestsPerRead(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 40 {
		size := 1 + rng.IntN(3000)
		reads := 1 + rng.IntN(min(size, 300))
		par := 1 + rng.IntN(10)
		v := newFakeVendor(size)
		r := New(Auto, v.source())
		ids := firstIDs(size)
		rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		refresh(t, r, v, ids[:reads], par)
		total := v.pages.Load() + v.gets.Load()
		if total > int64(3*reads) {
			t.Errorf("trial %d: %d reads of %d contacts (parallelism %d) cost %d requests (pages %d, gets %d); want at most %d",
				trial, reads, size, par, total, v.pages.Load(), v.gets.Load(), 3*reads)
		}
	}
}

func TestListAndGetStrategies(t *testing.T) {
	v := newFakeVendor(10000)
	r := New(List, v.source())
	refresh(t, r, v, []string{"1", "9999"}, 10)
	if p, g := v.pages.Load(), v.gets.Load(); p != 200 || g != 0 {
		t.Errorf("list: pages %d, gets %d; want 200 pages and no GET", p, g)
	}

	v = newFakeVendor(1000)
	r = New(Get, v.source())
	refresh(t, r, v, firstIDs(1000), 10)
	if p, g := v.pages.Load(), v.gets.Load(); p != 0 || g != 1000 {
		t.Errorf("get: pages %d, gets %d; want no page and 1000 GETs", p, g)
	}
}

func TestParseStrategy(t *testing.T) {
	for in, want := range map[string]Strategy{"": Auto, "auto": Auto, "list": List, "get": Get} {
		if got, err := ParseStrategy(in); err != nil || got != want {
			t.Errorf("ParseStrategy(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseStrategy("LIST"); err == nil {
		t.Error("ParseStrategy(LIST) gave no error")
	}
}

func TestMissingFromListingIsConfirmedByGet(t *testing.T) {
	v := newFakeVendor(100)
	r := New(List, v.source())
	refresh(t, r, v, []string{"3"}, 1)
	// Created after the listing: not in it, but a GET finds it.
	v.set("new", "nnew")
	if got, err := r.Read(context.Background(), "aud", "new", v.get("new")); err != nil || got.name != "nnew" {
		t.Errorf("read of a contact created after the listing = %+v, %v", got, err)
	}
	// Never existed: the GET's error is the answer.
	gets := v.gets.Load()
	if _, err := r.Read(context.Background(), "aud", "none", v.get("none")); !errors.Is(err, errGone) {
		t.Errorf("read of a missing contact: %v, want the GET's not-found error", err)
	}
	if v.gets.Load() != gets+1 {
		t.Errorf("a contact missing from the listing was not confirmed by exactly one GET")
	}
}

func TestWriteDiscardsTheListing(t *testing.T) {
	v := newFakeVendor(100)
	r := New(List, v.source())
	refresh(t, r, v, []string{"3", "60"}, 2)
	pages := v.pages.Load()

	done := r.Write("aud")
	v.set("3", "changed")
	// While the write is in flight, reads use GETs.
	if got, _ := r.Read(context.Background(), "aud", "3", v.get("3")); got.name != "changed" {
		t.Errorf("read during a write = %+v, want the vendor's value", got)
	}
	done()
	done() // a second call does nothing
	v.remove("60")
	got, err := r.Read(context.Background(), "aud", "3", v.get("3"))
	if err != nil || got.name != "changed" {
		t.Errorf("read after the write = %+v, %v; want the new name", got, err)
	}
	if v.pages.Load() == pages {
		t.Error("the read after a write did not list the collection again")
	}
	if _, err := r.Read(context.Background(), "aud", "60", v.get("60")); !errors.Is(err, errGone) {
		t.Errorf("read of a contact deleted after the write: %v, want gone", err)
	}
	// Another collection is not touched by this one's writes.
	if found, ok := r.Listed("other", func(contact) bool { return true }); ok || found != nil {
		t.Error("a collection never listed reports a listing")
	}
}

func TestPageFetchedDuringWriteIsDropped(t *testing.T) {
	v := newFakeVendor(100)
	r := New(List, v.source())
	var done func()
	var once sync.Once
	v.onPage = func() {
		// The first page is being answered with the old name when a write of the collection starts.
		once.Do(func() {
			done = r.Write("aud")
			v.set("3", "changed")
		})
	}
	got, err := r.Read(context.Background(), "aud", "3", v.get("3"))
	if err != nil || got.name != "changed" {
		t.Errorf("read = %+v, %v; want the value written, not the page fetched before the write", got, err)
	}
	done()
}

func TestFailedPageFallsBackToGet(t *testing.T) {
	v := newFakeVendor(100)
	v.failPage = func(string) error { return errors.New("503") }
	r := New(List, v.source())
	refresh(t, r, v, firstIDs(10), 5)
	if g := v.gets.Load(); g != 10 {
		t.Errorf("gets %d; want every read to fall back to its GET", g)
	}
	if _, err := r.Find(context.Background(), "aud", func(contact) bool { return true }); err == nil {
		t.Error("Find over a failing listing gave no error")
	}
}

func TestFindListsWholeCollectionOnce(t *testing.T) {
	v := newFakeVendor(1000)
	r := New(Auto, v.source())
	if _, ok := r.Listed("aud", func(contact) bool { return true }); ok {
		t.Fatal("Listed reported a listing before any was made")
	}
	found, err := r.Find(context.Background(), "aud", func(c contact) bool { return c.id == "999" || c.id == "0" })
	if err != nil || len(found) != 2 || found[0].id != "0" || found[1].id != "999" {
		t.Fatalf("Find = %+v, %v", found, err)
	}
	if p := v.pages.Load(); p != 20 {
		t.Errorf("pages %d, want 20", p)
	}
	// Later reads and lookups are served from it.
	refresh(t, r, v, firstIDs(1000), 10)
	if found, ok := r.Listed("aud", func(c contact) bool { return c.name == "n7" }); !ok || len(found) != 1 {
		t.Errorf("Listed = %+v, %v", found, ok)
	}
	if p, g := v.pages.Load(), v.gets.Load(); p != 20 || g != 0 {
		t.Errorf("pages %d, gets %d after the reads; want the one listing reused", p, g)
	}
	// While a write is in flight, Find lists afresh without keeping it, and Listed has nothing.
	done := r.Write("aud")
	v.set("new", "nnew")
	found, err = r.Find(context.Background(), "aud", func(c contact) bool { return c.id == "new" })
	if err != nil || len(found) != 1 {
		t.Errorf("Find during a write = %+v, %v", found, err)
	}
	if _, ok := r.Listed("aud", func(contact) bool { return true }); ok {
		t.Error("Listed answered during a write")
	}
	done()
}

func TestReadWaitEndsWithContext(t *testing.T) {
	v := newFakeVendor(100)
	release := make(chan struct{})
	var once sync.Once
	started := make(chan struct{})
	v.onPage = func() {
		once.Do(func() { close(started) })
		<-release
	}
	r := New(List, v.source())
	go func() { _, _ = r.Read(context.Background(), "aud", "1", v.get("1")) }()
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := r.Read(ctx, "aud", "2", v.get("2")); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a read waiting for a page gave %v when its context ended", err)
	}
	close(release)
}
