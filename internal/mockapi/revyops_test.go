package mockapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

const (
	roBase     = "/revyops"
	roContacts = roBase + "/public/v2/contacts"
)

// roCall sends a request to the RevyOps mock with the given extra headers (nil: the valid x-api-key)
// and checks every successful answer against the mock's own OpenAPI description.
func roCall(t *testing.T, s *Server, method, path string, header http.Header, body any) result {
	t.Helper()
	var raw []byte
	switch b := body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			t.Fatal(err)
		}
	}
	req := httptest.NewRequest(method, path, bytes.NewReader(raw))
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if header == nil {
		header = http.Header{"X-Api-Key": {testKey}}
	}
	for k, vs := range header {
		req.Header[http.CanonicalHeaderKey(k)] = vs
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	res := result{status: rec.Code, header: rec.Header(), raw: rec.Body.Bytes()}
	if len(res.raw) > 0 {
		if err := json.Unmarshal(res.raw, &res.body); err != nil {
			t.Fatalf("%s %s: answer is not a JSON object: %v: %s", method, path, err, res.raw)
		}
	}
	if res.status < 300 {
		checkResponseAgainstSpec(t, method, path, raw, res)
	}
	return res
}

// checkResponseAgainstSpec validates an answer of the mock with kin-openapi against openapi/revyops.yaml,
// so the mock's answers and its description cannot drift apart.
func checkResponseAgainstSpec(t *testing.T, method, path string, reqBody []byte, res result) {
	t.Helper()
	sr, err := cachedSpec("revyops", revyOpsSpec)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(path)
	rest := strings.TrimPrefix(u.Path, roBase)
	rt := sr.find(method, rest)
	if rt.route == nil {
		t.Fatalf("%s %s matched no operation", method, rest)
	}
	req := httptest.NewRequest(method, rest+"?"+u.RawQuery, bytes.NewReader(reqBody))
	req.Header.Set("Content-Type", "application/json")
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: rt.params, Route: rt.route},
		Status:                 res.status,
		Header:                 res.header,
		Body:                   io.NopCloser(bytes.NewReader(res.raw)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Fatalf("%s %s answer does not match openapi/revyops.yaml: %v\n%s", method, path, err, res.raw)
	}
}

func roCreate(t *testing.T, s *Server, body map[string]any) result {
	t.Helper()
	res := roCall(t, s, "POST", roContacts, nil, body)
	if res.status != http.StatusCreated {
		t.Fatalf("create %v: %d %s", body, res.status, res.raw)
	}
	return res
}

func (r result) id() int64 {
	f, _ := r.body["id"].(float64)
	return int64(f)
}

func roPath(id int64) string { return fmt.Sprintf("%s/%d", roContacts, id) }

func expectDetail(t *testing.T, res result, status int, detail string) {
	t.Helper()
	if res.status != status || !strings.Contains(res.str("detail"), detail) {
		t.Fatalf("got %d %s, want %d with detail containing %q", res.status, res.raw, status, detail)
	}
}

// customFields returns the NESTED custom fields of an answer as name -> value.
func customFields(t *testing.T, res result) map[string]string {
	t.Helper()
	list, ok := res.body["contact_custom_fields"].([]any)
	if !ok {
		t.Fatalf("contact_custom_fields is not an array: %s", res.raw)
	}
	out := map[string]string{}
	for _, item := range list {
		f := item.(map[string]any)
		out[f["field_name"].(string)] = f["field_value"].(string)
	}
	return out
}

func TestRevyOpsAuth(t *testing.T) {
	s := newTest(t)
	tests := []struct {
		name   string
		path   string
		header http.Header
		status int
		detail string
	}{
		{"nothing", roContacts, http.Header{}, 403, "Authentication credentials were not provided."},
		{"wrong header", roContacts, http.Header{"X-Api-Key": {"nope"}}, 403, "Invalid API key."},
		{"wrong client id", roContacts + "?client_id=nope", http.Header{}, 403, "Invalid API key."},
		{"bearer is not RevyOps' scheme", roContacts, http.Header{"Authorization": {"Bearer " + testKey}}, 403, "Authentication credentials were not provided."},
		{"default key is not valid when another is set", roContacts, http.Header{"X-Api-Key": {DefaultAPIKey}}, 403, "Invalid API key."},
		{"header", roContacts, nil, 200, ""},
		{"client id", roContacts + "?client_id=" + testKey, http.Header{}, 200, ""},
		{"either one valid is enough", roContacts + "?client_id=" + testKey, http.Header{"X-Api-Key": {"other"}}, 200, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := roCall(t, s, "GET", tc.path, tc.header, nil)
			if tc.status == 200 {
				if res.status != 200 {
					t.Fatalf("%d %s", res.status, res.raw)
				}
				return
			}
			expectDetail(t, res, tc.status, tc.detail)
		})
	}
	t.Run("auth before validation", func(t *testing.T) {
		res := roCall(t, s, "POST", roContacts, http.Header{"X-Api-Key": {"nope"}}, map[string]any{"first_name": 5})
		expectDetail(t, res, 403, "Invalid API key.")
	})
}

func TestRevyOpsCreateAndGet(t *testing.T) {
	s := newTest(t)
	res := roCreate(t, s, map[string]any{
		"email": "Ann@Example.com", "first_name": "Ann", "last_name": "Lee", "linkedin_url": "https://www.linkedin.com/in/ann",
		"origin": "import", "contact_status": "new", "company_id": 1,
		"contact_custom_fields": []any{map[string]any{"field_name": "tier", "field_value": "gold"}},
	})
	if res.id() <= 0 {
		t.Fatalf("no integer id: %s", res.raw)
	}
	want := map[string]any{"email": "Ann@Example.com", "first_name": "Ann", "last_name": "Lee",
		"linkedin_url": "https://www.linkedin.com/in/ann", "origin": "import", "contact_status": "new", "company_id": float64(1),
		"previous_status": nil, "status_changed_at": nil, "first_campaign_email_sent": nil}
	for k, v := range want {
		if res.body[k] != v {
			t.Errorf("%s = %v, want %v", k, res.body[k], v)
		}
	}
	if got := customFields(t, res); len(got) != 1 || got["tier"] != "gold" {
		t.Errorf("custom fields = %v", got)
	}

	got := roCall(t, s, "GET", roPath(res.id()), nil, nil)
	if got.status != 200 || string(got.raw) != string(res.raw) {
		t.Fatalf("get: %d %s, want %s", got.status, got.raw, res.raw)
	}
	flat := roCall(t, s, "GET", roPath(res.id())+"?structure=FLAT", nil, nil)
	if f, ok := flat.body["contact_custom_fields"].(map[string]any); !ok || len(f) != 1 || f["tier"] != "gold" {
		t.Fatalf("FLAT structure: %s", flat.raw)
	}
	nested := roCall(t, s, "GET", roPath(res.id())+"?structure=NESTED", nil, nil)
	if string(nested.raw) != string(res.raw) {
		t.Fatalf("NESTED is the default: %s vs %s", nested.raw, res.raw)
	}

	bare := roCreate(t, s, map[string]any{"email": "bare@example.com"})
	for _, k := range []string{"first_name", "last_name", "origin", "linkedin_url", "contact_status"} {
		if bare.body[k] != "" {
			t.Errorf("unset %s = %v, want \"\"", k, bare.body[k])
		}
	}
	if bare.body["company_id"] != nil || len(customFields(t, bare)) != 0 {
		t.Errorf("a bare contact has a company or custom fields: %s", bare.raw)
	}
	expectDetail(t, roCall(t, s, "GET", roPath(99999), nil, nil), 404, "Not found.")
}

func TestRevyOpsValidation(t *testing.T) {
	s := newTest(t)
	id := roCreate(t, s, map[string]any{"email": "ok@example.com"}).id()
	long := strings.Repeat("é", 2500)
	tests := []struct {
		name   string
		method string
		path   string
		body   any
		status int
		detail string
	}{
		{"email required on create", "POST", roContacts, map[string]any{"first_name": "A"}, 400, "email: This field is required."},
		{"malformed email", "POST", roContacts, map[string]any{"email": "not-an-email"}, 400, "email: Enter a valid email address."},
		{"display name is not an address", "PATCH", roPath(id), map[string]any{"email": "Ann <ann@example.com>"}, 400, "email: Enter a valid email address."},
		{"first_name must be a string", "PATCH", roPath(id), map[string]any{"first_name": 5}, 400, "first_name"},
		{"2501 characters", "PATCH", roPath(id), map[string]any{"contact_custom_fields": []any{
			map[string]any{"field_name": "a", "field_value": long + "é"}}}, 400, "contact_custom_fields[0].field_value: Ensure this field has no more than 2500 characters."},
		{"blank field name", "PATCH", roPath(id), map[string]any{"contact_custom_fields": []any{
			map[string]any{"field_name": " ", "field_value": "x"}}}, 400, "field_name: This field may not be blank."},
		{"field name required", "PATCH", roPath(id), map[string]any{"contact_custom_fields": []any{
			map[string]any{"field_value": "x"}}}, 400, "field_name"},
		{"company_id of another type", "PATCH", roPath(id), map[string]any{"company_id": true}, 400, "company_id"},
		{"unknown structure", "GET", roPath(id) + "?structure=TREE", nil, 400, "structure"},
		{"not JSON", "PATCH", roPath(id), "{", 400, ""},
		{"wrong method", "PUT", roPath(id), map[string]any{}, 405, "Method not allowed."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			expectDetail(t, roCall(t, s, tc.method, tc.path, nil, tc.body), tc.status, tc.detail)
		})
	}
	t.Run("2500 characters are accepted", func(t *testing.T) {
		res := roCall(t, s, "PATCH", roPath(id), nil, map[string]any{"contact_custom_fields": []any{
			map[string]any{"field_name": "a", "field_value": long}}})
		if res.status != 200 || customFields(t, res)["a"] != long {
			t.Fatalf("%d %.200s", res.status, res.raw)
		}
	})
}

func TestRevyOpsConflicts(t *testing.T) {
	s := newTest(t)
	first := roCreate(t, s, map[string]any{"email": "taken@example.com", "linkedin_url": "https://linkedin.com/in/taken"}).id()
	second := roCreate(t, s, map[string]any{"email": "other@example.com"}).id()
	roCreate(t, s, map[string]any{"email": "third@example.com", "linkedin_url": ""})
	roCreate(t, s, map[string]any{"email": "fourth@example.com", "linkedin_url": ""}) // empty URLs never conflict

	expectDetail(t, roCall(t, s, "POST", roContacts, nil, map[string]any{"email": "TAKEN@example.com"}), 409,
		"A contact with this email already exists for this client.")
	expectDetail(t, roCall(t, s, "POST", roContacts, nil, map[string]any{"email": "new@example.com", "linkedin_url": "https://LinkedIn.com/in/taken/"}), 409,
		"A contact with this LinkedIn URL already exists for this client.")
	expectDetail(t, roCall(t, s, "PATCH", roPath(second), nil, map[string]any{"email": "taken@example.com"}), 409, "email")
	expectDetail(t, roCall(t, s, "PATCH", roPath(second), nil, map[string]any{"linkedin_url": "https://linkedin.com/in/taken"}), 409, "LinkedIn URL")
	if got := roCall(t, s, "GET", roPath(second), nil, nil); got.str("email") != "other@example.com" || got.str("linkedin_url") != "" {
		t.Fatalf("a refused update changed the contact: %s", got.raw)
	}
	if res := roCall(t, s, "PATCH", roPath(first), nil, map[string]any{"email": "Taken@Example.com"}); res.status != 200 || res.str("email") != "Taken@Example.com" {
		t.Fatalf("a contact may change the letter case of its own email: %d %s", res.status, res.raw)
	}
	if n := len(s.Contacts("revyops")); n != 4 {
		t.Fatalf("%d contacts stored, want 4", n)
	}
}

func TestRevyOpsCompanies(t *testing.T) {
	s := newTest(t)
	id := roCreate(t, s, map[string]any{"email": "co@example.com", "company_id": "Acme.com"}).id()
	if got := roCall(t, s, "GET", roPath(id), nil, nil); got.body["company_id"] != float64(1) {
		t.Fatalf("acme.com resolved to %v, want 1", got.body["company_id"])
	}
	tests := []struct {
		name    string
		company any
		status  int
		want    any // company_id after success, or the detail
	}{
		{"by id", 2, 200, float64(2)},
		{"by domain", "acme.com", 200, float64(1)},
		{"null removes the company", nil, 200, nil},
		{"unknown domain", "nowhere.example", 400, `No company with domain "nowhere.example".`},
		{"unknown id", 77, 400, `Invalid pk "77"`},
		{"another client's company by id", 3, 401, "Company does not belong to this client."},
		{"another client's company by domain", "globex.com", 401, "Company does not belong to this client."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := roCall(t, s, "PATCH", roPath(id), nil, map[string]any{"company_id": tc.company})
			if tc.status != 200 {
				expectDetail(t, res, tc.status, tc.want.(string))
				return
			}
			if res.status != 200 || res.body["company_id"] != tc.want {
				t.Fatalf("%d %s, want company_id %v", res.status, res.raw, tc.want)
			}
		})
	}
	expectDetail(t, roCall(t, s, "POST", roContacts, nil, map[string]any{"email": "g@example.com", "company_id": 3}), 401, "Company does not belong")
	if res := roCall(t, s, "PATCH", roPath(id), nil, map[string]any{"first_name": "Kept"}); res.body["company_id"] != nil {
		t.Fatalf("a PATCH without company_id changed the company: %s", res.raw)
	}
}

func TestRevyOpsCustomFieldsAndStatus(t *testing.T) {
	s := newTest(t)
	id := roCreate(t, s, map[string]any{"email": "cf@example.com", "contact_status": "new", "contact_custom_fields": []any{
		map[string]any{"field_name": "tier", "field_value": "gold"},
		map[string]any{"field_name": "region", "field_value": "emea"},
		map[string]any{"field_name": "never", "field_value": nil},
	}}).id()
	res := roCall(t, s, "PATCH", roPath(id), nil, map[string]any{"contact_status": "engaged", "contact_custom_fields": []any{
		map[string]any{"field_name": "tier", "field_value": "platinum"},
		map[string]any{"field_name": "region", "field_value": nil},
		map[string]any{"field_name": "empty", "field_value": ""},
	}})
	if res.status != 200 {
		t.Fatalf("%d %s", res.status, res.raw)
	}
	if got := customFields(t, res); len(got) != 2 || got["tier"] != "platinum" || got["empty"] != "" {
		t.Fatalf("custom fields after patch = %v, want tier=platinum, empty=\"\" (region cleared)", got)
	}
	if res.str("previous_status") != "new" || res.str("contact_status") != "engaged" || res.str("status_changed_at") == "" {
		t.Fatalf("a status change must record the previous status and when: %s", res.raw)
	}
	// Fields not sent are left alone.
	res = roCall(t, s, "PATCH", roPath(id), nil, map[string]any{"first_name": "Cf"})
	if got := customFields(t, res); len(got) != 2 || res.str("previous_status") != "new" {
		t.Fatalf("an unrelated PATCH changed custom fields or status: %s", res.raw)
	}
	before := res.str("updated_time")
	res = roCall(t, s, "PATCH", roPath(id), nil, map[string]any{})
	if res.str("updated_time") <= before {
		t.Fatalf("updated_time did not move forward: %s then %s", before, res.str("updated_time"))
	}
}

func TestRevyOpsListPagination(t *testing.T) {
	s := newTest(t)
	var ids []int64
	for i := range 30 {
		ids = append(ids, roCreate(t, s, map[string]any{"email": fmt.Sprintf("user%02d@example.com", i), "first_name": fmt.Sprintf("Name%02d", i)}).id())
	}
	page := func(q string) result {
		t.Helper()
		res := roCall(t, s, "GET", roContacts+q, nil, nil)
		if res.status != 200 {
			t.Fatalf("GET %s: %d %s", q, res.status, res.raw)
		}
		return res
	}
	results := func(r result) []any { list, _ := r.body["results"].([]any); return list }

	first := page("")
	if len(results(first)) != 25 || first.body["count"] != float64(30) || first.body["previous"] != nil || first.str("next") == "" {
		t.Fatalf("default page: %d results, count %v, previous %v, next %v", len(results(first)), first.body["count"], first.body["previous"], first.body["next"])
	}
	second := page("?page=2")
	if len(results(second)) != 5 || second.body["next"] != nil || second.str("previous") == "" {
		t.Fatalf("second page: %d results, next %v, previous %v", len(results(second)), second.body["next"], second.body["previous"])
	}
	if got := results(second)[0].(map[string]any)["id"]; got != float64(ids[25]) {
		t.Fatalf("page 2 starts at %v, want %d (ordered by id)", got, ids[25])
	}
	// The next link carries the same filters and page size.
	next := page("?page_size=10&firstname=name")
	if u := next.str("next"); !strings.Contains(u, "page=2") || !strings.Contains(u, "page_size=10") || !strings.Contains(u, "firstname=name") {
		t.Fatalf("next link %q", u)
	}
	if all := page("?page_size=1000"); len(results(all)) != 30 {
		t.Fatalf("page_size above 100 is capped, not refused: %d", len(results(all)))
	}
	exact := page("?email=USER07@example.com")
	if len(results(exact)) != 1 || exact.body["count"] != float64(1) {
		t.Fatalf("email filter: %s", exact.raw)
	}
	if none := page("?email=user07@example"); len(results(none)) != 0 {
		t.Fatalf("email filter matches whole addresses only: %s", none.raw)
	}
	if empty := page("?email=nobody@example.com"); empty.body["count"] != float64(0) || empty.body["next"] != nil {
		t.Fatalf("no match: %s", empty.raw)
	}
	expectDetail(t, roCall(t, s, "GET", roContacts+"?page=3", nil, nil), 404, "Invalid page.")
	expectDetail(t, roCall(t, s, "GET", roContacts+"?page=0", nil, nil), 404, "Invalid page.")
	expectDetail(t, roCall(t, s, "GET", roContacts+"?page=x", nil, nil), 404, "Invalid page.")

	roCall(t, s, "PATCH", roPath(ids[3]), nil, map[string]any{"company_id": "initech.com"})
	if byDomain := page("?domain=initech.com"); len(results(byDomain)) != 1 {
		t.Fatalf("domain filter: %s", byDomain.raw)
	}
}

func TestRevyOpsDelete(t *testing.T) {
	s := newTest(t)
	id := roCreate(t, s, map[string]any{"email": "gone@example.com"}).id()
	path := fmt.Sprintf("%s/public/contacts/%d", roBase, id)
	if res := roCall(t, s, "DELETE", path, nil, nil); res.status != 200 {
		t.Fatalf("delete: %d %s", res.status, res.raw)
	}
	expectDetail(t, roCall(t, s, "DELETE", path, nil, nil), 404, "Not found.")
	expectDetail(t, roCall(t, s, "GET", roPath(id), nil, nil), 404, "Not found.")
	// The email is free again.
	roCreate(t, s, map[string]any{"email": "gone@example.com"})
	if st := s.Stats(); st.ByRoute["DELETE /revyops/public/contacts/{contact_id}"] != 2 || st.ByRoute["POST /revyops/public/v2/contacts"] != 2 {
		t.Fatalf("route keys: %v", st.ByRoute)
	}
}

func TestRevyOpsOutOfBand(t *testing.T) {
	s := newTest(t)
	id := roCreate(t, s, map[string]any{"email": "oob@example.com", "contact_status": "new", "contact_custom_fields": []any{
		map[string]any{"field_name": "tier", "field_value": "gold"}}}).id()
	roCreate(t, s, map[string]any{"email": "other@example.com"})
	sid := fmt.Sprint(id)
	err := s.PatchContact("revyops", sid, map[string]any{
		"custom_fields":       map[string]any{"source": "webinar", "tier": nil},
		"contact_status":      "replied",
		"company_id":          float64(2),
		"last_reply_received": "2026-01-02T03:04:05Z",
		"first_name":          "Changed",
	})
	if err != nil {
		t.Fatal(err)
	}
	res := roCall(t, s, "GET", roPath(id), nil, nil)
	if got := customFields(t, res); len(got) != 1 || got["source"] != "webinar" {
		t.Fatalf("custom fields = %v", got)
	}
	if res.str("previous_status") != "new" || res.body["company_id"] != float64(2) || res.str("first_name") != "Changed" ||
		!strings.HasPrefix(res.str("last_reply_received"), "2026-01-02T03:04:05") {
		t.Fatalf("out-of-band change not applied: %s", res.raw)
	}
	stored := s.Contacts("revyops")
	if len(stored) != 2 || stored[0]["id"] != id || stored[0]["company_id"] != int64(2) {
		t.Fatalf("Contacts: %v", stored)
	}

	for _, tc := range []struct {
		fields map[string]any
		want   error
	}{
		{map[string]any{"email": "OTHER@example.com"}, ErrConflict},
		{map[string]any{"custom_fields": map[string]any{"x": 5}}, ErrBadField},
		{map[string]any{"last_reply_received": "yesterday"}, ErrBadField},
		{map[string]any{"nickname": "x"}, ErrBadField},
	} {
		if err := s.PatchContact("revyops", sid, tc.fields); !errors.Is(err, tc.want) {
			t.Errorf("PatchContact(%v) = %v, want %v", tc.fields, err, tc.want)
		}
	}
	if err := s.PatchContact("revyops", "404", map[string]any{"first_name": "x"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown id: %v", err)
	}
	if again := roCall(t, s, "GET", roPath(id), nil, nil); again.str("updated_time") != res.str("updated_time") {
		t.Fatalf("a refused out-of-band change touched the contact")
	}

	if err := s.DeleteContact("revyops", sid); err != nil {
		t.Fatal(err)
	}
	expectDetail(t, roCall(t, s, "GET", roPath(id), nil, nil), 404, "Not found.")
	s.Reset()
	if n := len(s.Contacts("revyops")); n != 0 {
		t.Fatalf("%d contacts after reset", n)
	}
	if res := roCreate(t, s, map[string]any{"email": "a@example.com", "company_id": "acme.com"}); res.body["company_id"] != float64(1) {
		t.Fatalf("companies are fixtures kept across reset: %s", res.raw)
	}
}

func TestRevyOpsDropCommitsCreate(t *testing.T) {
	s := newTest(t)
	ts, client := realServer(t, s)
	s.SetFaults(Faults{FailNext: []CannedFailure{{Vendor: "revyops", Drop: true}}})
	req, _ := http.NewRequest("POST", ts.URL+roContacts, strings.NewReader(`{"email":"dropped@example.com"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-api-key", testKey)
	if resp, err := client.Do(req); err == nil {
		_ = resp.Body.Close() // the test fails either way
		t.Fatalf("expected a dropped connection, got %d", resp.StatusCode)
	}
	if cs := s.Contacts("revyops"); len(cs) != 1 || cs[0]["email"] != "dropped@example.com" {
		t.Fatalf("the dropped create was not committed: %v", cs)
	}
}

// TestRevyOpsSpecGrades checks the OpenAPI description: every route of vendors.md section 3 is there
// and every operation states its grade.
func TestRevyOpsSpecGrades(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(revyOpsSpec)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		roUpdateContact: "seed",
		roCreateContact: "documented",
		roGetContact:    "documented",
		roListContacts:  "documented",
		roDeleteContact: "documented",
	}
	seen := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			key := method + " " + path
			grade, ok := want[key]
			if !ok {
				t.Errorf("operation %s is not in vendors.md section 3", key)
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

// The generic control endpoints serve RevyOps too: list, out-of-band change (custom fields included)
// and delete, by the contact's integer id.
func TestRevyOpsControlEndpoints(t *testing.T) {
	s := newTest(t)
	id := roCreate(t, s, map[string]any{"email": "ctl@example.com"}).id()
	store := call(t, s, "GET", "/_mock/store/revyops", "-", nil)
	list, _ := store.body["contacts"].([]any)
	if store.status != 200 || len(list) != 1 || list[0].(map[string]any)["id"] != float64(id) {
		t.Fatalf("store: %d %s", store.status, store.raw)
	}
	res := call(t, s, "PATCH", fmt.Sprintf("/_mock/store/revyops/%d", id), "-",
		map[string]any{"custom_fields": map[string]any{"source": "webinar"}, "company_id": 1})
	if res.status != 200 || res.body["company_id"] != float64(1) || len(res.body["contact_custom_fields"].([]any)) != 1 {
		t.Fatalf("control PATCH: %d %s", res.status, res.raw)
	}
	if r := call(t, s, "PATCH", fmt.Sprintf("/_mock/store/revyops/%d", id), "-", map[string]any{"nickname": "x"}); r.status != 400 {
		t.Fatalf("unknown field: %d %s", r.status, r.raw)
	}
	if r := call(t, s, "DELETE", fmt.Sprintf("/_mock/store/revyops/%d", id), "-", nil); r.status != 204 {
		t.Fatalf("control DELETE: %d %s", r.status, r.raw)
	}
	if r := call(t, s, "DELETE", fmt.Sprintf("/_mock/store/revyops/%d", id), "-", nil); r.status != 404 {
		t.Fatalf("control DELETE of a gone contact: %d %s", r.status, r.raw)
	}
	if st := s.Stats(); st.ByVendor["revyops"] != 1 {
		t.Fatalf("control requests were counted: %v", st.ByVendor)
	}
}
