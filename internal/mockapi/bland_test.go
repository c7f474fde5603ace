package mockapi

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/google/uuid"
)

const blBase = "/bland/v1/contacts"

// bl sends a Bland request with the raw key (documented auth).
func bl(t *testing.T, h http.Handler, method, path string, body any) result {
	t.Helper()
	return call(t, h, method, path, testKey, body)
}

// blContactOf returns the envelope's data as an object (or the resolve answer's contact).
func blContactOf(t *testing.T, res result) map[string]any {
	t.Helper()
	data, ok := res.body["data"].(map[string]any)
	if !ok {
		t.Fatalf("answer has no data object: %d %s", res.status, res.raw)
	}
	if c, ok := data["contact"].(map[string]any); ok {
		return c
	}
	return data
}

// blResolve resolves a contact and returns it with the created flag.
func blResolve(t *testing.T, h http.Handler, body map[string]any) (map[string]any, bool) {
	t.Helper()
	res := bl(t, h, "POST", blBase+"/resolve", body)
	if res.status != http.StatusOK || res.body["errors"] != nil {
		t.Fatalf("resolve %v: %d %s", body, res.status, res.raw)
	}
	created, _ := res.body["data"].(map[string]any)["created"].(bool)
	return blContactOf(t, res), created
}

func blGet(t *testing.T, h http.Handler, id string) map[string]any {
	t.Helper()
	res := bl(t, h, "GET", blBase+"/"+id, nil)
	if res.status != http.StatusOK {
		t.Fatalf("get %s: %d %s", id, res.status, res.raw)
	}
	return blContactOf(t, res)
}

// blExpectError checks the seed's error envelope: data null, one error item.
func blExpectError(t *testing.T, res result, status int, code, messagePattern string) {
	t.Helper()
	items, _ := res.body["errors"].([]any)
	_, hasData := res.body["data"]
	if res.status != status || !hasData || res.body["data"] != nil || len(items) != 1 {
		t.Fatalf("got %d %s, want %d with data null and one error", res.status, res.raw, status)
	}
	item := items[0].(map[string]any)
	if item["error"] != code || !regexp.MustCompile(messagePattern).MatchString(fmt.Sprint(item["message"])) {
		t.Fatalf("got error %v, want %s matching %q", item, code, messagePattern)
	}
}

// blIdentifierList returns "type=value" strings of a full contact's identifiers, "*" marking the primary ones.
func blIdentifierList(c map[string]any) []string {
	var out []string
	list, _ := c["identifiers"].([]any)
	for _, x := range list {
		id := x.(map[string]any)
		s := fmt.Sprintf("%s=%s", id["identifier_type"], id["identifier_value"])
		if id["is_primary"] == true {
			s += "*"
		}
		out = append(out, s)
	}
	return out
}

func TestBlandAuth(t *testing.T) {
	s := newTest(t)
	for _, tc := range []struct {
		name, auth, msg string
	}{
		{"no header", "-", "Missing API key"},
		{"empty header", "", "Missing API key"},
		{"bearer scheme", "Bearer " + testKey, "Invalid API key"},
		{"wrong key", "nope", "Invalid API key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			blExpectError(t, call(t, s, "GET", blBase, tc.auth, nil), 401, "UNAUTHORIZED", "^"+tc.msg+"$")
		})
	}
	t.Run("auth before validation", func(t *testing.T) {
		blExpectError(t, call(t, s, "POST", blBase+"/resolve", "nope", map[string]any{}), 401, "UNAUTHORIZED", "Invalid API key")
	})
	if res := bl(t, s, "GET", blBase, nil); res.status != 200 || res.body["errors"] != nil {
		t.Fatalf("raw key refused: %d %s", res.status, res.raw)
	}
}

func TestBlandResolveFindsOrCreates(t *testing.T) {
	s := newTest(t)
	c, created := blResolve(t, s, map[string]any{
		"phone_number": "+14155550192", "email": " Sarah@Example.COM ", "name": "Sarah Chen",
		"metadata": map[string]any{"source": "api", "score": 1.5, "tags": []string{"a"}},
	})
	if !created {
		t.Fatal("first resolve did not create")
	}
	if u, err := uuid.Parse(c["id"].(string)); err != nil || u.String() != c["id"] {
		t.Fatalf("id %v is not a UUID", c["id"])
	}
	iso := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)
	if c["org_id"] != BlandOrgID || c["name"] != "Sarah Chen" || !iso.MatchString(c["created_at"].(string)) || c["created_at"] != c["updated_at"] {
		t.Fatalf("resolved contact: %v", c)
	}
	if _, ok := c["identifiers"]; ok {
		t.Fatalf("resolve's contact carries identifiers, unlike the documented example: %v", c)
	}
	if md := c["metadata"].(map[string]any); md["source"] != "api" || md["score"] != 1.5 {
		t.Fatalf("metadata %v", md)
	}
	id := c["id"].(string)
	full := blGet(t, s, id)
	if got := fmt.Sprint(blIdentifierList(full)); got != "[phone_number=+14155550192* email=sarah@example.com*]" {
		t.Fatalf("identifiers %s", got)
	}
	if mem, ok := full["memories"].([]any); !ok || len(mem) != 0 {
		t.Fatalf("memories %v", full["memories"])
	}

	// An existing contact is returned unchanged, whichever identifier matches.
	for _, body := range []map[string]any{
		{"phone_number": "+14155550192", "name": "Other", "metadata": map[string]any{"source": "x"}},
		{"email": "SARAH@example.com"},
		{"phone_number": "+19999999999", "email": "sarah@example.com", "external_id": "crm-1"},
	} {
		got, created := blResolve(t, s, body)
		if created || got["id"] != id {
			t.Fatalf("resolve %v: created %v id %v, want the existing %s", body, created, got["id"], id)
		}
	}
	after := blGet(t, s, id)
	if after["name"] != "Sarah Chen" || after["metadata"].(map[string]any)["source"] != "api" || after["updated_at"] != full["updated_at"] ||
		len(blIdentifierList(after)) != 2 {
		t.Fatalf("resolve changed an existing contact: %v", after)
	}

	// A new identifier set makes a new contact; name and metadata are optional.
	other, created := blResolve(t, s, map[string]any{"external_id": "crm-2"})
	if !created || other["id"] == id || other["name"] != nil || len(other["metadata"].(map[string]any)) != 0 {
		t.Fatalf("second contact: created %v %v", created, other)
	}
	if n := len(s.Contacts("bland")); n != 2 {
		t.Fatalf("%d contacts stored, want 2", n)
	}
}

func TestBlandFind(t *testing.T) {
	s := newTest(t)
	c, _ := blResolve(t, s, map[string]any{"phone_number": "+15551234567", "email": "ann@example.com", "external_id": "ext-1"})
	for _, body := range []map[string]any{
		{"phone_number": "+15551234567"},
		{"email": "ANN@example.com"},
		{"external_id": "ext-1"},
	} {
		res := bl(t, s, "POST", blBase+"/find", body)
		if res.status != 200 || blContactOf(t, res)["id"] != c["id"] || len(blIdentifierList(blContactOf(t, res))) != 3 {
			t.Fatalf("find %v: %d %s", body, res.status, res.raw)
		}
	}
	res := bl(t, s, "POST", blBase+"/find", map[string]any{"email": "nobody@example.com"})
	if res.status != 200 || string(res.raw) != `{"data":null,"errors":null}`+"\n" {
		t.Fatalf("find with no match: %d %s, want data null", res.status, res.raw)
	}
	blExpectError(t, bl(t, s, "POST", blBase+"/find", map[string]any{}), 400, "BAD_REQUEST", "At least one identifier")
	blExpectError(t, bl(t, s, "POST", blBase+"/find", map[string]any{"email": ""}), 400, "BAD_REQUEST", "email")
}

func TestBlandGet(t *testing.T) {
	s := newTest(t)
	res := bl(t, s, "GET", blBase+"/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", nil)
	if want := `{"data":null,"errors":[{"error":"NOT_FOUND","message":"Contact not found"}]}` + "\n"; res.status != 404 || string(res.raw) != want {
		t.Fatalf("missing contact: %d %s, want the seed's 404 %s", res.status, res.raw, want)
	}
	// The literal routes are not taken for contact ids, and there is no delete endpoint.
	c, _ := blResolve(t, s, map[string]any{"phone_number": "+14155550100"})
	blExpectError(t, bl(t, s, "GET", blBase+"/resolve", nil), 404, "NOT_FOUND", "Contact not found")
	del := bl(t, s, "DELETE", blBase+"/"+c["id"].(string), nil)
	blExpectError(t, del, 405, "METHOD_NOT_ALLOWED", "Method not allowed")
	if del.header.Get("Allow") != "GET, PATCH" {
		t.Fatalf("Allow = %q", del.header.Get("Allow"))
	}
	if len(s.Contacts("bland")) != 1 {
		t.Fatal("a DELETE removed the contact")
	}
}

func TestBlandResolveValidation(t *testing.T) {
	s := newTest(t)
	for _, tc := range []struct {
		name string
		body any
		msg  string
	}{
		{"no identifier", map[string]any{"name": "Ann"}, "^At least one identifier \\(phone_number, email or external_id\\) is required$"},
		{"null identifiers", map[string]any{"phone_number": nil, "email": nil}, "^At least one identifier"},
		{"empty phone", map[string]any{"phone_number": ""}, "phone_number"},
		{"number phone", map[string]any{"phone_number": 5551234}, "phone_number must be a string"},
		{"metadata array", map[string]any{"email": "a@example.com", "metadata": []any{1}}, "metadata must be an object"},
		{"metadata string", map[string]any{"email": "a@example.com", "metadata": "{}"}, "metadata must be an object"},
		{"name number", map[string]any{"email": "a@example.com", "name": 1}, "name must be a string"},
		{"not JSON", `{"email":`, "not valid JSON"},
		{"array body", `[]`, "must be an object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			blExpectError(t, bl(t, s, "POST", blBase+"/resolve", tc.body), 400, "BAD_REQUEST", tc.msg)
		})
	}
	if n := len(s.Contacts("bland")); n != 0 {
		t.Fatalf("rejected resolves stored %d contacts", n)
	}
}

func TestBlandPatchMergesMetadata(t *testing.T) {
	s := newTest(t)
	c, _ := blResolve(t, s, map[string]any{"phone_number": "+15550000001", "email": "ann@example.com", "name": "Ann",
		"metadata": map[string]any{"keep": "k", "change": 1, "drop": true, "nested": map[string]any{"a": 1, "b": 2}}})
	id := c["id"].(string)
	path := blBase + "/" + id
	before := blGet(t, s, id)
	time.Sleep(2 * time.Millisecond)

	res := bl(t, s, "PATCH", path, map[string]any{
		"name":     "Ann Lee",
		"metadata": map[string]any{"change": 2, "drop": nil, "added": "new", "nested": map[string]any{"a": 3}},
	})
	if res.status != 200 {
		t.Fatalf("patch: %d %s", res.status, res.raw)
	}
	got := blContactOf(t, res)
	if _, ok := got["identifiers"]; ok {
		t.Fatalf("PATCH answer carries identifiers, unlike the seed's example: %s", res.raw)
	}
	want := `{"added":"new","change":2,"keep":"k","nested":{"a":3}}`
	if got["name"] != "Ann Lee" || mustJSON(got["metadata"]) != want {
		t.Fatalf("after patch: name %v metadata %s, want %s (merged top level, null removes, nested replaced)", got["name"], mustJSON(got["metadata"]), want)
	}
	if got["updated_at"].(string) <= before["updated_at"].(string) || got["created_at"] != before["created_at"] {
		t.Fatalf("timestamps: before %v after %v", before, got)
	}
	if g := blGet(t, s, id); mustJSON(g["metadata"]) != want || len(blIdentifierList(g)) != 2 {
		t.Fatalf("GET after patch: %v", g)
	}

	// Keys not sent are left alone; an empty body changes nothing but the update time.
	if r := bl(t, s, "PATCH", path, map[string]any{}); r.status != 200 || mustJSON(blContactOf(t, r)["metadata"]) != want {
		t.Fatalf("empty patch: %d %s", r.status, r.raw)
	}
}

func TestBlandPatchIdentifiers(t *testing.T) {
	s := newTest(t)
	c, _ := blResolve(t, s, map[string]any{"phone_number": "+15550000001", "email": "ann@example.com"})
	other, _ := blResolve(t, s, map[string]any{"email": "bob@example.com", "external_id": "bob"})
	id := c["id"].(string)
	path := blBase + "/" + id

	if r := bl(t, s, "PATCH", path, map[string]any{"email": "Ann.Lee@Example.com", "external_id": "crm-7"}); r.status != 200 {
		t.Fatalf("identifier patch: %d %s", r.status, r.raw)
	}
	if got := fmt.Sprint(blIdentifierList(blGet(t, s, id))); got != "[phone_number=+15550000001* email=ann.lee@example.com* external_id=crm-7*]" {
		t.Fatalf("identifiers after patch: %s", got)
	}
	// The replaced email no longer finds the contact; the new one does.
	if r := bl(t, s, "POST", blBase+"/find", map[string]any{"email": "ann@example.com"}); r.body["data"] != nil {
		t.Fatalf("old email still finds a contact: %s", r.raw)
	}
	if r := bl(t, s, "POST", blBase+"/find", map[string]any{"external_id": "crm-7"}); blContactOf(t, r)["id"] != id {
		t.Fatalf("new external id does not find the contact: %s", r.raw)
	}

	blExpectError(t, bl(t, s, "PATCH", path, map[string]any{"phone_number": "+15550000002"}), 400, "BAD_REQUEST", "^phone_number cannot be changed")
	blExpectError(t, bl(t, s, "PATCH", path, map[string]any{"email": "BOB@example.com"}), 400, "BAD_REQUEST", "already an identifier of another contact")
	blExpectError(t, bl(t, s, "PATCH", path, map[string]any{"external_id": "bob"}), 400, "BAD_REQUEST", "already an identifier of another contact")
	blExpectError(t, bl(t, s, "PATCH", path, map[string]any{"metadata": "x"}), 400, "BAD_REQUEST", "metadata must be an object")
	blExpectError(t, bl(t, s, "PATCH", path, map[string]any{"name": nil}), 400, "BAD_REQUEST", "name")
	blExpectError(t, bl(t, s, "PATCH", blBase+"/"+uuid.NewString(), map[string]any{"name": "X"}), 404, "NOT_FOUND", "^Contact not found$")
	// Re-sending a contact's own identifier is not a conflict.
	if r := bl(t, s, "PATCH", blBase+"/"+other["id"].(string), map[string]any{"email": "Bob@example.com"}); r.status != 200 {
		t.Fatalf("own email: %d %s", r.status, r.raw)
	}
	if got := fmt.Sprint(blIdentifierList(blGet(t, s, id))); got != "[phone_number=+15550000001* email=ann.lee@example.com* external_id=crm-7*]" {
		t.Fatalf("rejected patches changed identifiers: %s", got)
	}
}

func TestBlandListPagination(t *testing.T) {
	s := newTest(t)
	const total = 205
	for i := range total {
		blResolve(t, s, map[string]any{"external_id": fmt.Sprintf("ext-%03d", i)})
	}
	for _, tc := range []struct {
		query        string
		want, offset int
		limit        int
		hasMore      bool
	}{
		{"", 50, 0, 50, true},
		{"?limit=200", 200, 0, 200, true},
		{"?limit=200&offset=200", 5, 200, 200, false},
		{"?offset=204", 1, 204, 50, false},
		{"?offset=500", 0, 500, 50, false},
	} {
		res := bl(t, s, "GET", blBase+tc.query, nil)
		list, _ := res.body["data"].([]any)
		p, _ := res.body["pagination"].(map[string]any)
		if res.status != 200 || len(list) != tc.want || p["total"] != float64(total) || p["limit"] != float64(tc.limit) ||
			p["offset"] != float64(tc.offset) || p["has_more"] != tc.hasMore {
			t.Fatalf("list%s: %d, %d contacts, pagination %v", tc.query, res.status, len(list), p)
		}
		if tc.want > 0 {
			first := list[0].(map[string]any)
			if got := fmt.Sprint(blIdentifierList(first)); got != fmt.Sprintf("[external_id=ext-%03d*]", tc.offset) {
				t.Fatalf("list%s starts with %s (creation order)", tc.query, got)
			}
		}
	}
	for _, q := range []string{"?limit=201", "?limit=0", "?limit=x", "?offset=-1"} {
		blExpectError(t, bl(t, s, "GET", blBase+q, nil), 400, "BAD_REQUEST", "limit|offset")
	}
}

func TestBlandMerge(t *testing.T) {
	s := newTest(t)
	p, _ := blResolve(t, s, map[string]any{"phone_number": "+15550000001", "metadata": map[string]any{"shared": "primary", "p": 1}})
	d, _ := blResolve(t, s, map[string]any{"email": "ann@example.com", "phone_number": "+15550000002", "name": "Ann",
		"metadata": map[string]any{"shared": "duplicate", "d": 2}})
	res := bl(t, s, "POST", blBase+"/merge", map[string]any{"primary_contact_id": p["id"], "duplicate_contact_id": d["id"]})
	if res.status != 200 {
		t.Fatalf("merge: %d %s", res.status, res.raw)
	}
	merged := blGet(t, s, p["id"].(string))
	if merged["name"] != "Ann" || mustJSON(merged["metadata"]) != `{"d":2,"p":1,"shared":"primary"}` {
		t.Fatalf("merged contact: %v", merged)
	}
	if got := fmt.Sprint(blIdentifierList(merged)); got != "[phone_number=+15550000001* phone_number=+15550000002 email=ann@example.com*]" {
		t.Fatalf("merged identifiers: %s", got)
	}
	blExpectError(t, bl(t, s, "GET", blBase+"/"+d["id"].(string), nil), 404, "NOT_FOUND", "Contact not found")
	if r := bl(t, s, "POST", blBase+"/find", map[string]any{"email": "ann@example.com"}); blContactOf(t, r)["id"] != p["id"] {
		t.Fatalf("the duplicate's email does not find the merged contact: %s", r.raw)
	}
	blExpectError(t, bl(t, s, "POST", blBase+"/merge", map[string]any{"primary_contact_id": p["id"], "duplicate_contact_id": d["id"]}),
		404, "NOT_FOUND", "Contact not found")
	blExpectError(t, bl(t, s, "POST", blBase+"/merge", map[string]any{"primary_contact_id": p["id"], "duplicate_contact_id": p["id"]}),
		400, "BAD_REQUEST", "must differ")
	blExpectError(t, bl(t, s, "POST", blBase+"/merge", map[string]any{"primary_contact_id": p["id"]}),
		400, "BAD_REQUEST", "duplicate_contact_id")
	if n := len(s.Contacts("bland")); n != 1 {
		t.Fatalf("%d contacts after merge, want 1", n)
	}
}

func TestBlandOutOfBandChanges(t *testing.T) {
	s := newTest(t)
	c, _ := blResolve(t, s, map[string]any{"phone_number": "+15550000001", "metadata": map[string]any{"mine": "x"}})
	other, _ := blResolve(t, s, map[string]any{"email": "taken@example.com"})
	id := c["id"].(string)

	res := call(t, s, "PATCH", "/_mock/store/bland/"+id, "-", map[string]any{"metadata": map[string]any{"call_count": 3}, "name": "From a call"})
	if res.status != 200 || res.str("name") != "From a call" || mustJSON(res.body["metadata"]) != `{"call_count":3,"mine":"x"}` {
		t.Fatalf("control patch: %d %s", res.status, res.raw)
	}
	if g := blGet(t, s, id); mustJSON(g["metadata"]) != `{"call_count":3,"mine":"x"}` {
		t.Fatalf("API view after control patch: %v", g)
	}
	if err := s.PatchContact("bland", id, map[string]any{"metadata": map[string]any{"mine": nil}}); err != nil {
		t.Fatal(err)
	}
	if err := s.PatchContact("bland", id, map[string]any{"phone_number": "+15550000009"}); err != nil {
		t.Fatal(err)
	}
	if g := blGet(t, s, id); mustJSON(g["metadata"]) != `{"call_count":3}` || fmt.Sprint(blIdentifierList(g)) != "[phone_number=+15550000009*]" {
		t.Fatalf("after out-of-band changes: %v", g)
	}
	for _, tc := range []struct {
		fields map[string]any
		want   error
	}{
		{map[string]any{"metadata": "x"}, ErrBadField},
		{map[string]any{"nope": 1}, ErrBadField},
		{map[string]any{"email": "taken@example.com"}, ErrConflict},
	} {
		if err := s.PatchContact("bland", id, tc.fields); !errors.Is(err, tc.want) {
			t.Errorf("PatchContact(%v) = %v, want %v", tc.fields, err, tc.want)
		}
	}
	if err := s.PatchContact("bland", uuid.NewString(), map[string]any{"name": "x"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("PatchContact of a missing contact = %v", err)
	}

	// Deleting out of band frees the identifiers.
	if r := call(t, s, "DELETE", "/_mock/store/bland/"+other["id"].(string), "-", nil); r.status != http.StatusNoContent {
		t.Fatalf("control delete: %d %s", r.status, r.raw)
	}
	if _, created := blResolve(t, s, map[string]any{"email": "taken@example.com"}); !created {
		t.Fatal("the deleted contact's email still resolves to a contact")
	}
	store := call(t, s, "GET", "/_mock/store/bland", "-", nil)
	list, _ := store.body["contacts"].([]any)
	if len(list) != 2 || list[0].(map[string]any)["id"] != id {
		t.Fatalf("store: %s", store.raw)
	}
	if _, ok := list[0].(map[string]any)["identifiers"]; !ok {
		t.Fatalf("store entries are not the full contact object: %v", list[0])
	}
	s.Reset()
	if n := len(s.Contacts("bland")); n != 0 {
		t.Fatalf("%d contacts after reset", n)
	}
}

func TestBlandFaults(t *testing.T) {
	s := newTest(t)
	s.SetFaults(Faults{FailNext: []CannedFailure{{Vendor: "bland", Status: 429, RetryAfter: "1"}}})
	res := bl(t, s, "POST", blBase+"/resolve", map[string]any{"phone_number": "+14155550100"})
	blExpectError(t, res, 429, "TOO_MANY_REQUESTS", "Too many requests")
	if res.header.Get("Retry-After") != "1" || len(s.Contacts("bland")) != 0 {
		t.Fatalf("canned 429: Retry-After %q, %d contacts", res.header.Get("Retry-After"), len(s.Contacts("bland")))
	}
	s.SetFaults(Faults{RateLimitPerMinute: map[string]int{"bland": 1}})
	bl(t, s, "GET", blBase, nil)
	limited := bl(t, s, "GET", blBase, nil)
	blExpectError(t, limited, 429, "TOO_MANY_REQUESTS", "Too many requests")
	if limited.header.Get("Retry-After") == "" {
		t.Fatal("rate-limited answer without Retry-After")
	}
}
