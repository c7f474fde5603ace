package mockapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

const (
	routeCreate = "POST /maildiver/v1/audiences/{audienceId}/contacts"
	routeList   = "GET /maildiver/v1/audiences/{audienceId}/contacts"
	routeGet    = "GET /maildiver/v1/audiences/{audienceId}/contacts/{contactId}"
	routePatch  = "PATCH /maildiver/v1/audiences/{audienceId}/contacts/{contactId}"
)

func TestStats(t *testing.T) {
	s := newTest(t)
	id := createContact(t, s, map[string]any{"email": "ann@example.com"})
	md(t, s, "PATCH", demoPath+"/"+id, map[string]any{"first_name": "Ann"})
	md(t, s, "PATCH", demoPath+"/"+id, map[string]any{"first_name": ""}) // 400
	md(t, s, "GET", demoPath+"/"+id, nil)
	call(t, s, "GET", demoPath+"/"+id, "-", nil)          // 401
	call(t, s, "GET", demoPath+"/"+id, "Bearer bad", nil) // 403
	md(t, s, "GET", demoPath+"/missing", nil)             // 404
	md(t, s, "GET", mdBase+"/nothing/here", nil)          // 404, unmatched
	// 404, unmatched (Bland takes the raw key)
	call(t, s, "GET", "/bland/nothing/here", testKey, nil)
	// control endpoints are not counted
	call(t, s, "GET", "/_mock/stats", "-", nil)
	call(t, s, "GET", "/_mock/store/maildiver", "-", nil)
	call(t, s, "GET", "/_mock/faults", "-", nil)

	want := Stats{
		Total:    9,
		ByVendor: map[string]int{"maildiver": 8, "bland": 1},
		ByStatus: map[string]int{"200": 2, "201": 1, "400": 1, "401": 1, "403": 1, "404": 3},
		ByRoute: map[string]int{
			routeCreate:                     1,
			routePatch:                      2,
			routeGet:                        4,
			"GET /maildiver/v1/<unmatched>": 1,
			"GET /bland/<unmatched>":        1,
		},
	}
	if got := s.Stats(); !reflect.DeepEqual(got, want) {
		t.Fatalf("stats:\n got %+v\nwant %+v", got, want)
	}
	res := call(t, s, "GET", "/_mock/stats", "-", nil)
	var viaHTTP Stats
	if err := json.Unmarshal(res.raw, &viaHTTP); err != nil || !reflect.DeepEqual(viaHTTP, want) {
		t.Fatalf("GET /_mock/stats: %s (%v)", res.raw, err)
	}

	// A copy: changing it does not change the server's counts.
	got := s.Stats()
	got.ByVendor["maildiver"] = 1000
	if s.Stats().ByVendor["maildiver"] != 8 {
		t.Fatal("Stats() shares its maps")
	}

	// Empty stats have {} maps, not null.
	s.Reset()
	res = call(t, s, "GET", "/_mock/stats", "-", nil)
	if want := `{"total":0,"by_vendor":{},"by_status":{},"by_route":{}}` + "\n"; string(res.raw) != want {
		t.Fatalf("empty stats = %s, want %s", res.raw, want)
	}
}

func TestResetKeepsFixtures(t *testing.T) {
	s := newTest(t)
	aud := md(t, s, "POST", mdBase+"/audiences", map[string]any{"name": "Temp"})
	createContact(t, s, map[string]any{"email": "ann@example.com"})
	s.SetFaults(Faults{LatencyMS: 5})

	res := call(t, s, "POST", "/_mock/reset", "-", nil)
	if res.status != http.StatusNoContent {
		t.Fatalf("reset: %d", res.status)
	}
	if n := len(s.Contacts("maildiver")); n != 0 {
		t.Fatalf("%d contacts after reset", n)
	}
	if f := s.Faults(); f.LatencyMS != 0 {
		t.Fatalf("faults after reset: %+v", f)
	}
	list := md(t, s, "GET", demoPath, nil)
	if list.status != 200 || list.body["count"] != float64(0) {
		t.Fatalf("demo audience after reset: %d %s", list.status, list.raw)
	}
	expectError(t, md(t, s, "GET", mdBase+"/audiences/"+aud.str("id")+"/contacts", nil), 404, "not_found", "Audience not found")
	// the email is free again
	createContact(t, s, map[string]any{"email": "ann@example.com"})
	if st := s.Stats(); st.Total != 3 {
		t.Fatalf("stats not reset: %+v", st)
	}

	// Reset puts back the faults given in Options.
	s2 := New(Options{APIKey: testKey, Faults: Faults{RateLimitPerMinute: map[string]int{"maildiver": 7}}})
	s2.SetFaults(Faults{})
	s2.Reset()
	if f := s2.Faults(); f.RateLimitPerMinute["maildiver"] != 7 {
		t.Fatalf("faults after reset = %+v, want the initial ones", f)
	}
}

func TestFailNext(t *testing.T) {
	s := newTest(t)
	put := call(t, s, "PUT", "/_mock/faults", "-", Faults{FailNext: []CannedFailure{
		{Vendor: "bland", Status: 500},
		{Status: 429, RetryAfter: "1"},
		{Vendor: "maildiver", Status: 503},
	}})
	if put.status != 200 {
		t.Fatalf("PUT faults: %d %s", put.status, put.raw)
	}

	first := md(t, s, "POST", demoPath, map[string]any{"email": "ann@example.com"})
	expectError(t, first, 429, "rate_limit_exceeded", "Too many requests")
	if first.header.Get("Retry-After") != "1" {
		t.Fatalf("Retry-After = %q", first.header.Get("Retry-After"))
	}
	second := md(t, s, "POST", demoPath, map[string]any{"email": "ann@example.com"})
	expectError(t, second, 503, "internal_server_error", "Internal server error")
	if second.header.Get("Retry-After") != "" {
		t.Fatalf("Retry-After set without retry_after: %q", second.header.Get("Retry-After"))
	}
	if n := len(s.Contacts("maildiver")); n != 0 {
		t.Fatalf("a canned failure committed the request (%d contacts)", n)
	}
	if r := md(t, s, "POST", demoPath, map[string]any{"email": "ann@example.com"}); r.status != 201 {
		t.Fatalf("after the canned failures: %d %s", r.status, r.raw)
	}
	// The bland entry is left.
	left := s.Faults().FailNext
	if len(left) != 1 || left[0].Vendor != "bland" {
		t.Fatalf("fail_next left = %+v", left)
	}
	// Canned failures come before authentication.
	s.SetFaults(Faults{FailNext: []CannedFailure{{Status: 500}}})
	expectError(t, call(t, s, "GET", demoPath, "-", nil), 500, "internal_server_error", "Internal server error")
	if st := s.Stats(); st.ByStatus["429"] != 1 || st.ByStatus["503"] != 1 || st.ByStatus["500"] != 1 {
		t.Fatalf("stats: %+v", st)
	}
}

// realServer runs s behind a real listener, for the tests that need a real connection.
func realServer(t *testing.T, s *Server) (*httptest.Server, *http.Client) {
	t.Helper()
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{}}
	t.Cleanup(client.CloseIdleConnections)
	return ts, client
}

func send(client *http.Client, method, url string, body any) (*http.Response, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Authorization", authValue)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	data, err := io.ReadAll(resp.Body)
	return resp, data, errors.Join(err, resp.Body.Close())
}

func TestDrop(t *testing.T) {
	t.Run("fail_next drop", func(t *testing.T) {
		s := newTest(t)
		ts, client := realServer(t, s)
		s.SetFaults(Faults{FailNext: []CannedFailure{{Drop: true}}})
		_, _, err := send(client, "POST", ts.URL+demoPath, map[string]any{"email": "ann@example.com"})
		if err == nil {
			t.Fatal("the client got an answer to a dropped request")
		}
		cs := s.Contacts("maildiver")
		if len(cs) != 1 || cs[0]["email"] != "ann@example.com" {
			t.Fatalf("the dropped write was not committed: %v", cs)
		}
		// The retry sees the committed contact.
		resp, body, err := send(client, "POST", ts.URL+demoPath, map[string]any{"email": "ann@example.com"})
		if err != nil || resp.StatusCode != 409 {
			t.Fatalf("retry: %v %v %s", resp, err, body)
		}
		if st := s.Stats(); st.ByStatus[StatusDropped] != 1 || st.ByStatus["409"] != 1 {
			t.Fatalf("stats: %+v", st)
		}
	})
	t.Run("drop_response_rate drops writes only", func(t *testing.T) {
		s := newTest(t)
		ts, client := realServer(t, s)
		s.SetFaults(Faults{DropResponseRate: 1})
		if _, _, err := send(client, "POST", ts.URL+demoPath, map[string]any{"email": "bob@example.com"}); err == nil {
			t.Fatal("the write was answered")
		}
		id := s.Contacts("maildiver")[0]["id"].(string)
		if _, _, err := send(client, "PATCH", ts.URL+demoPath+"/"+id, map[string]any{"first_name": "Bob"}); err == nil {
			t.Fatal("the patch was answered")
		}
		resp, body, err := send(client, "GET", ts.URL+demoPath+"/"+id, nil)
		if err != nil || resp.StatusCode != 200 || !strings.Contains(string(body), `"first_name":"Bob"`) {
			t.Fatalf("read after dropped writes: %v %v %s", resp, err, body)
		}
	})
}

func TestRateLimit(t *testing.T) {
	s := newTest(t)
	s.SetFaults(Faults{RateLimitPerMinute: map[string]int{"maildiver": 3}})
	for i := range 3 {
		if r := md(t, s, "GET", demoPath, nil); r.status != 200 {
			t.Fatalf("request %d: %d %s", i, r.status, r.raw)
		}
	}
	res := md(t, s, "POST", demoPath, map[string]any{"email": "ann@example.com"})
	expectError(t, res, 429, "rate_limit_exceeded", "Too many requests")
	ra, err := strconv.Atoi(res.header.Get("Retry-After"))
	if err != nil || ra < 1 || ra > 60 {
		t.Fatalf("Retry-After = %q", res.header.Get("Retry-After"))
	}
	if n := len(s.Contacts("maildiver")); n != 0 {
		t.Fatal("a rate-limited write was committed")
	}
	// Another vendor has its own window.
	if r := call(t, s, "GET", "/bland/v1/contacts", authValue, nil); r.status == 429 {
		t.Fatal("bland rate limited by maildiver's window")
	}
	// A window slides: once the minute has passed, requests are admitted again.
	base := time.Now()
	s.now = func() time.Time { return base.Add(61 * time.Second) }
	if r := md(t, s, "GET", demoPath, nil); r.status != 200 {
		t.Fatalf("after the window: %d %s", r.status, r.raw)
	}
}

func TestErrorRate(t *testing.T) {
	s := newTest(t)
	s.SetFaults(Faults{ErrorRate: 1})
	seen := map[int]bool{}
	for i := range 20 {
		res := md(t, s, "POST", demoPath, map[string]any{"email": fmt.Sprintf("u%d@example.com", i)})
		if res.status != 500 && res.status != 503 {
			t.Fatalf("status %d", res.status)
		}
		expectError(t, res, res.status, "internal_server_error", "Internal server error")
		if res.status == 503 && res.header.Get("Retry-After") != "1" {
			t.Fatalf("503 with Retry-After %q", res.header.Get("Retry-After"))
		}
		seen[res.status] = true
	}
	if !seen[500] || !seen[503] {
		t.Fatalf("statuses seen: %v", seen)
	}
	if n := len(s.Contacts("maildiver")); n != 0 {
		t.Fatal("injected errors committed writes")
	}

	// The same seed gives the same sequence of faults.
	sequence := func() string {
		s := New(Options{APIKey: testKey, Seed: 42, Faults: Faults{ErrorRate: 0.5}})
		var b strings.Builder
		for range 30 {
			fmt.Fprint(&b, md(t, s, "GET", demoPath, nil).status, " ")
		}
		return b.String()
	}
	if a, b := sequence(), sequence(); a != b || !strings.Contains(a, "200") {
		t.Fatalf("seeded sequences differ or never succeed:\n%s\n%s", a, b)
	}
}

func TestLatency(t *testing.T) {
	s := newTest(t)
	s.SetFaults(Faults{LatencyMS: 60})
	start := time.Now()
	md(t, s, "GET", demoPath, nil)
	if d := time.Since(start); d < 60*time.Millisecond {
		t.Fatalf("answered in %v with latency_ms 60", d)
	}
}

func TestOutOfBandChanges(t *testing.T) {
	s := newTest(t)
	id := createContact(t, s, map[string]any{"email": "ann@example.com", "first_name": "Ann"})
	bob := createContact(t, s, map[string]any{"email": "bob@example.com"})
	before := md(t, s, "GET", demoPath+"/"+id, nil)

	tests := []struct {
		name   string
		method string
		path   string
		body   any
		status int
	}{
		{"patch", "PATCH", "/_mock/store/maildiver/" + id, map[string]any{"first_name": "Changed", "last_name": "Out"}, 200},
		{"patch null name", "PATCH", "/_mock/store/maildiver/" + bob, map[string]any{"first_name": nil}, 200},
		{"patch unknown field", "PATCH", "/_mock/store/maildiver/" + id, map[string]any{"nickname": "x"}, 400},
		{"patch wrong type", "PATCH", "/_mock/store/maildiver/" + id, map[string]any{"is_subscribed": "no"}, 400},
		{"patch email conflict", "PATCH", "/_mock/store/maildiver/" + id, map[string]any{"email": "bob@example.com"}, 409},
		{"patch not an object", "PATCH", "/_mock/store/maildiver/" + id, `[1]`, 400},
		{"patch unknown id", "PATCH", "/_mock/store/maildiver/nope", map[string]any{"first_name": "x"}, 404},
		{"patch unknown vendor", "PATCH", "/_mock/store/nope/" + id, map[string]any{"first_name": "x"}, 404},
		{"delete unknown id", "DELETE", "/_mock/store/maildiver/nope", nil, 404},
		{"delete", "DELETE", "/_mock/store/maildiver/" + bob, nil, 204},
		{"delete again", "DELETE", "/_mock/store/maildiver/" + bob, nil, 404},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := call(t, s, tc.method, tc.path, "-", tc.body)
			if res.status != tc.status {
				t.Fatalf("%d %s", res.status, res.raw)
			}
			if tc.status == 200 && res.body["id"] == nil {
				t.Fatalf("patch should answer the contact: %s", res.raw)
			}
			if tc.status >= 400 && res.str("error") == "" {
				t.Fatalf("control error without message: %s", res.raw)
			}
		})
	}
	after := md(t, s, "GET", demoPath+"/"+id, nil)
	if after.body["first_name"] != "Changed" || after.body["last_name"] != "Out" || after.body["email"] != "ann@example.com" {
		t.Fatalf("after out-of-band patch: %s", after.raw)
	}
	if after.body["updated"].(float64) <= before.body["updated"].(float64) {
		t.Fatal("out-of-band patch did not bump updated")
	}
	expectError(t, md(t, s, "GET", demoPath+"/"+bob, nil), 404, "not_found", "Contact not found")

	// The Go API.
	if err := s.PatchContact("maildiver", id, map[string]any{"is_subscribed": false}); err != nil {
		t.Fatal(err)
	}
	if got := md(t, s, "GET", demoPath+"/"+id, nil); got.body["is_subscribed"] != false {
		t.Fatalf("after PatchContact: %s", got.raw)
	}
	if err := s.PatchContact("maildiver", "nope", map[string]any{}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("PatchContact unknown id: %v", err)
	}
	if err := s.PatchContact("nope", id, map[string]any{}); !errors.Is(err, ErrUnknownVendor) {
		t.Fatalf("PatchContact unknown vendor: %v", err)
	}
	if err := s.DeleteContact("maildiver", id); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteContact("maildiver", id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("DeleteContact twice: %v", err)
	}
	// control endpoints are not counted
	if st := s.Stats(); st.Total != 6 {
		t.Fatalf("stats total %d: %+v", st.Total, st)
	}
}

func TestStoreEndpoint(t *testing.T) {
	s := newTest(t)
	for _, e := range []string{"zed@example.com", "amy@example.com", "kim@example.com"} {
		createContact(t, s, map[string]any{"email": e})
	}
	res := call(t, s, "GET", "/_mock/store/maildiver", "-", nil)
	list, _ := res.body["contacts"].([]any)
	if res.status != 200 || len(list) != 3 {
		t.Fatalf("store: %d %s", res.status, res.raw)
	}
	for i, want := range []string{"zed@example.com", "amy@example.com", "kim@example.com"} {
		c := list[i].(map[string]any)
		if c["email"] != want {
			t.Fatalf("store[%d] = %v, want %s (creation order)", i, c["email"], want)
		}
		if len(c) != 7 {
			t.Fatalf("store entry is not MailDiver's contact object: %v", c)
		}
	}
	if got := s.Contacts("maildiver"); len(got) != 3 || got[0]["email"] != "zed@example.com" {
		t.Fatalf("Contacts: %v", got)
	}
	if r := call(t, s, "GET", "/_mock/store/bland", "-", nil); r.status != 200 || string(r.raw) != `{"contacts":[]}`+"\n" {
		t.Fatalf("store of a vendor not implemented yet: %d %s", r.status, r.raw)
	}
	if r := call(t, s, "GET", "/_mock/store/nope", "-", nil); r.status != 404 {
		t.Fatalf("store of an unknown vendor: %d %s", r.status, r.raw)
	}
}

func TestFaultsEndpoint(t *testing.T) {
	s := newTest(t)
	res := call(t, s, "GET", "/_mock/faults", "-", nil)
	if want := `{"latency_ms":0,"error_rate":0,"drop_response_rate":0,"rate_limit_per_minute":{}}` + "\n"; string(res.raw) != want {
		t.Fatalf("GET faults = %s, want %s", res.raw, want)
	}
	in := Faults{LatencyMS: 1, ErrorRate: 0.25, DropResponseRate: 0.5, RateLimitPerMinute: map[string]int{"corporatemerch": 40},
		FailNext: []CannedFailure{{Vendor: "maildiver", Status: 429, RetryAfter: "2"}}}
	res = call(t, s, "PUT", "/_mock/faults", "-", in)
	if res.status != 200 {
		t.Fatalf("PUT faults: %d %s", res.status, res.raw)
	}
	if got := s.Faults(); !reflect.DeepEqual(got, in) {
		t.Fatalf("faults = %+v, want %+v", got, in)
	}
	for _, bad := range []string{
		`{"error_rate": 2}`,
		`{"drop_response_rate": -1}`,
		`{"latency_ms": -5}`,
		`{"rate_limit_per_minute": {"nope": 3}}`,
		`{"fail_next": [{"status": 200}]}`,
		`{"fail_next": [{"vendor": "nope", "status": 500}]}`,
		`{"unknown": 1}`,
		`not json`,
	} {
		if r := call(t, s, "PUT", "/_mock/faults", "-", bad); r.status != 400 || r.str("error") == "" {
			t.Errorf("PUT %s: %d %s", bad, r.status, r.raw)
		}
	}
	if got := s.Faults(); !reflect.DeepEqual(got, in) {
		t.Fatalf("rejected PUTs changed the faults: %+v", got)
	}
	if r := call(t, s, "GET", "/_mock/nothing", "-", nil); r.status != 404 {
		t.Fatalf("unknown control endpoint: %d", r.status)
	}
}

func TestUnknownPrefixes(t *testing.T) {
	s := newTest(t)
	for _, p := range []string{"/corporatemerch/v2/nothing/here"} {
		if r := call(t, s, "GET", p, authValue, nil); r.status != 404 {
			t.Errorf("%s: %d", p, r.status)
		}
	}
	if r := call(t, s, "GET", "/elsewhere", authValue, nil); r.status != 404 {
		t.Errorf("/elsewhere: %d", r.status)
	}
	if r := call(t, s, "GET", "/maildiverx/v1/audiences", authValue, nil); r.status != 404 {
		t.Errorf("/maildiverx: %d", r.status)
	}
	st := s.Stats()
	if st.Total != 1 || st.ByVendor["corporatemerch"] != 1 {
		t.Fatalf("stats: %+v", st)
	}
}

func TestConcurrentUse(t *testing.T) {
	s := newTest(t)
	ts, client := realServer(t, s)
	const workers, each = 10, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				resp, body, err := send(client, "POST", ts.URL+demoPath, map[string]any{"email": fmt.Sprintf("w%d-%d@example.com", w, i)})
				if err != nil || resp.StatusCode != 201 {
					errs <- fmt.Errorf("create: %v %s", err, body)
					continue
				}
				var c map[string]any
				_ = json.Unmarshal(body, &c)
				id, _ := c["id"].(string)
				if resp, body, err := send(client, "PATCH", ts.URL+demoPath+"/"+id, map[string]any{"first_name": "W"}); err != nil || resp.StatusCode != 200 {
					errs <- fmt.Errorf("patch: %v %s", err, body)
				}
				_ = s.Stats()
				_ = s.Contacts("maildiver")
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := len(s.Contacts("maildiver")); n != workers*each {
		t.Fatalf("%d contacts, want %d", n, workers*each)
	}
	if st := s.Stats(); st.Total != 2*workers*each || st.ByRoute[routePatch] != workers*each {
		t.Fatalf("stats: %+v", st)
	}
}

// TestSpecGrades checks the OpenAPI description: every route of vendors.md section 1 is there
// and every operation states its grade.
func TestSpecGrades(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(mailDiverSpec)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		mdUpdateContact:  "seed",
		mdGetContact:     "documented",
		mdListContacts:   "documented",
		mdCreateAudience: "documented",
		mdCreateContact:  "assumed",
		mdDeleteContact:  "assumed",
	}
	seen := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			key := method + " " + path
			grade, ok := want[key]
			if !ok {
				t.Errorf("operation %s is not in vendors.md section 1", key)
				continue
			}
			seen++
			if !strings.Contains(op.Description, "Grade: "+grade+".") {
				t.Errorf("%s: description does not state grade %s: %q", key, grade, op.Description)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("%d operations, want %d", seen, len(want))
	}
}
