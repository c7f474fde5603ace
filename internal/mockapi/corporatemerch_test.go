package mockapi

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

const cmBase = "/corporatemerch/v2"

// cm sends an authenticated Corporate Merch request.
func cm(t *testing.T, h http.Handler, method, path string, body any) result {
	t.Helper()
	return call(t, h, method, cmBase+path, authValue, body)
}

// cmValid is a contact that passes every rule; override changes or (with nil) removes fields.
func cmValid(override map[string]any) map[string]any {
	c := map[string]any{
		"first_name": "Ada",
		"last_name":  "Lovelace",
		"email":      "ada@example.com",
		"country":    "US",
		"address":    "1 Main St",
		"city":       "Springfield",
		"state":      "IL",
		"zip_code":   "62701",
		"type":       "employee",
	}
	for k, v := range override {
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
	}
	return c
}

func cmData(t *testing.T, r result) map[string]any {
	t.Helper()
	d, ok := r.body["data"].(map[string]any)
	if !ok {
		t.Fatalf("answer has no data object: %d %s", r.status, r.raw)
	}
	return d
}

func cmCreate(t *testing.T, h http.Handler, body map[string]any) string {
	t.Helper()
	r := cm(t, h, "POST", "/contacts", body)
	if r.status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}
	return fmt.Sprint(cmData(t, r)["id"])
}

// cmFieldErrors returns the 422's errors object.
func cmFieldErrors(t *testing.T, r result) map[string]any {
	t.Helper()
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422: %s", r.status, r.raw)
	}
	errs, ok := r.body["errors"].(map[string]any)
	if !ok || r.str("message") == "" {
		t.Fatalf("422 without message and errors: %s", r.raw)
	}
	return errs
}

func TestCorporateMerchAuth(t *testing.T) {
	s := newTest(t)
	for _, tc := range []struct{ name, auth string }{
		{"no header", "-"},
		{"raw token", testKey},
		{"basic scheme", "Basic " + testKey},
		{"wrong token", "Bearer nope"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := call(t, s, "GET", cmBase+"/contacts", tc.auth, nil)
			if r.status != http.StatusUnauthorized || r.str("message") != "Unauthenticated." {
				t.Fatalf("got %d %s, want 401 Unauthenticated.", r.status, r.raw)
			}
		})
	}
	// Authentication comes before validation: a bad token never learns what is wrong with a body.
	if r := call(t, s, "POST", cmBase+"/contacts", "Bearer nope", map[string]any{}); r.status != http.StatusUnauthorized {
		t.Fatalf("bad token with a bad body: %d %s", r.status, r.raw)
	}
	if r := cm(t, s, "GET", "/contacts", nil); r.status != http.StatusOK {
		t.Fatalf("good token: %d %s", r.status, r.raw)
	}
}

func TestCorporateMerchCreateGetUpdateDelete(t *testing.T) {
	s := newTest(t)
	r := cm(t, s, "POST", "/contacts", cmValid(map[string]any{
		"email": "Ada.Lovelace@Example.COM", "lists": []int{1, 3}, "labels": []int{2},
		"birthday": "1990-01-15", "address_verified": true, "shirt_size": "2XL", "gender": "female",
	}))
	if r.status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}
	d := cmData(t, r)
	id := fmt.Sprint(d["id"])
	if _, err := strconv.ParseInt(id, 10, 64); err != nil {
		t.Fatalf("id %v is not an integer", d["id"])
	}
	want := map[string]any{
		"email": "ada.lovelace@example.com", "phone_number": nil, "unit": nil, "birthday": "1990-01-15",
		"address_verified": true, "address_validated": nil, "shirt_size": "2XL", "type": "employee",
	}
	for k, v := range want {
		if d[k] != v {
			t.Errorf("%s = %#v, want %#v", k, d[k], v)
		}
	}
	if fmt.Sprint(d["lists"]) != "[1 3]" || fmt.Sprint(d["labels"]) != "[2]" {
		t.Errorf("lists %v labels %v", d["lists"], d["labels"])
	}
	for _, f := range cmFields {
		if _, ok := d[f.name]; !ok {
			t.Errorf("answer lacks field %s", f.name)
		}
	}
	if r.header.Get("X-RateLimit-Limit") != "40" || r.header.Get("X-RateLimit-Remaining") != "39" {
		t.Errorf("rate-limit headers %v", r.header)
	}

	if g := cm(t, s, "GET", "/contacts/"+id, nil); g.status != 200 || cmData(t, g)["email"] != "ada.lovelace@example.com" {
		t.Fatalf("get: %d %s", g.status, g.raw)
	}

	// PUT replaces the contact: fields not sent are cleared, lists become [].
	u := cm(t, s, "PUT", "/contacts/"+id, cmValid(map[string]any{"type": "client", "client_since": "2020-03-01"}))
	if u.status != http.StatusOK {
		t.Fatalf("put: %d %s", u.status, u.raw)
	}
	d = cmData(t, u)
	if d["type"] != "client" || d["client_since"] != "2020-03-01" || d["birthday"] != nil || d["gender"] != nil ||
		d["address_verified"] != nil || fmt.Sprint(d["lists"]) != "[]" {
		t.Errorf("after PUT: %s", u.raw)
	}
	if fmt.Sprint(d["id"]) != id {
		t.Errorf("PUT changed the id: %v", d["id"])
	}

	// PUT needs the full contact: the required fields again.
	if e := cmFieldErrors(t, cm(t, s, "PUT", "/contacts/"+id, map[string]any{"first_name": "Only"})); e["last_name"] == nil || e["type"] == nil {
		t.Errorf("partial PUT errors: %v", e)
	}

	if d := cm(t, s, "DELETE", "/contacts/"+id, nil); d.status != http.StatusNoContent || len(d.raw) != 0 {
		t.Fatalf("delete: %d %s", d.status, d.raw)
	}
	for _, m := range []string{"GET", "DELETE"} {
		if r := cm(t, s, m, "/contacts/"+id, nil); r.status != 404 || r.str("message") != "Not found" {
			t.Errorf("%s after delete: %d %s", m, r.status, r.raw)
		}
	}
	if r := cm(t, s, "PUT", "/contacts/"+id, cmValid(nil)); r.status != 404 {
		t.Errorf("PUT after delete: %d %s", r.status, r.raw)
	}
	if r := cm(t, s, "GET", "/contacts/abc", nil); r.status != 404 {
		t.Errorf("non-integer id: %d %s", r.status, r.raw)
	}
}

// Every rule of the seed page is checked by the mock itself.
func TestCorporateMerchValidation(t *testing.T) {
	s := newTest(t)
	cases := []struct {
		name     string
		override map[string]any
		field    string // "" = accepted
		contains string
	}{
		{"US with a state code", map[string]any{"state": "NY"}, "", ""},
		{"US with XX", map[string]any{"state": "XX"}, "state", "US state code"},
		{"US territory", map[string]any{"state": "PR"}, "", ""},
		{"CA with NY", map[string]any{"country": "CA", "state": "NY"}, "state", "Canadian province or territory"},
		{"CA with ON", map[string]any{"country": "CA", "state": "ON"}, "", ""},
		{"DE with Bavaria", map[string]any{"country": "DE", "state": "Bavaria"}, "", ""},
		{"unknown country UK", map[string]any{"country": "UK", "state": "London"}, "country", `"UK" is not one`},
		{"lower-case country", map[string]any{"country": "us"}, "country", "ISO 3166-1"},
		{"February 29 of a common year", map[string]any{"birthday": "2023-02-29"}, "birthday", "real date"},
		{"February 29 of a leap year", map[string]any{"birthday": "2024-02-29"}, "", ""},
		{"date in another format", map[string]any{"start_date": "15/01/2024"}, "start_date", "Y-m-d"},
		{"timestamp for a date", map[string]any{"client_since": "2020-03-01T00:00:00Z"}, "client_since", "Y-m-d"},
		{"anniversary month 13", map[string]any{"wedding_anniversary": "2018-13-01"}, "wedding_anniversary", "real date"},
		{"shirt size XXL", map[string]any{"shirt_size": "XXL"}, "shirt_size", "XS, SM, MD, LG, XL, 2XL, 3XL"},
		{"gender", map[string]any{"gender": "other"}, "gender", "male, female"},
		{"contact type", map[string]any{"type": "vendor"}, "type", "employee, client"},
		{"neither address line", map[string]any{"address": nil}, "address", "required when unit is not present"},
		{"empty address line", map[string]any{"address": ""}, "unit", "required when address is not present"},
		{"only the second address line", map[string]any{"address": nil, "unit": "Suite 5"}, "", ""},
		{"email", map[string]any{"email": "ada.example.com"}, "email", "valid email"},
		{"email with a name", map[string]any{"email": "Ada <ada@example.com>"}, "email", "valid email"},
		{"missing city", map[string]any{"city": nil}, "city", "city field is required"},
		{"empty postal code", map[string]any{"zip_code": ""}, "zip_code", "zip code field is required"},
		{"missing type", map[string]any{"type": nil}, "type", "required"},
		{"unknown list id", map[string]any{"lists": []int{1, 99, 7}}, "lists", "list ids do not exist: 99, 7"},
		{"unknown label id", map[string]any{"labels": []int{4}}, "labels", "contact label ids do not exist: 4"},
		{"list id beyond int32", map[string]any{"lists": []int64{1 << 31}}, "lists.0", "32-bit integer"},
		{"list id not a number", map[string]any{"lists": []any{"one"}}, "lists.0", ""},
		{"boolean as string", map[string]any{"address_verified": "yes"}, "address_verified", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := cm(t, s, "POST", "/contacts", cmValid(tc.override))
			if tc.field == "" {
				if r.status != http.StatusCreated {
					t.Fatalf("refused: %d %s", r.status, r.raw)
				}
				return
			}
			errs := cmFieldErrors(t, r)
			msgs, ok := errs[tc.field].([]any)
			if !ok || len(msgs) == 0 {
				t.Fatalf("errors %v lack field %s", errs, tc.field)
			}
			if !strings.Contains(fmt.Sprint(msgs...), tc.contains) {
				t.Fatalf("%s: %v does not say %q", tc.field, msgs, tc.contains)
			}
		})
	}

	// Every failed rule is answered at once, Laravel-style.
	r := cm(t, s, "POST", "/contacts", map[string]any{"country": "US", "state": "XX", "gender": "x"})
	errs := cmFieldErrors(t, r)
	for _, f := range []string{"first_name", "last_name", "email", "city", "zip_code", "type", "address", "unit", "state", "gender"} {
		if errs[f] == nil {
			t.Errorf("errors lack %s: %v", f, errs)
		}
	}
	if msg := r.str("message"); msg != "The first name field is required. (and 9 more errors)" {
		t.Errorf("message %q", msg)
	}
	if n := len(s.Contacts("corporatemerch")); n != 6 {
		t.Errorf("%d contacts stored, want the 6 accepted cases", n)
	}
}

func TestCorporateMerchTables(t *testing.T) {
	if n := len(cmCountryCodes); n != 249 {
		t.Errorf("%d ISO 3166-1 alpha-2 codes, want 249", n)
	}
	for _, c := range []string{"US", "CA", "DE", "GB", "AX", "SS", "ZW"} {
		if !cmCountryCodes[c] {
			t.Errorf("country %s missing", c)
		}
	}
	for _, c := range []string{"UK", "EU", "XK", "EL", "us"} {
		if cmCountryCodes[c] {
			t.Errorf("%s is not an ISO 3166-1 alpha-2 code", c)
		}
	}
	if n := len(cmUSStates); n != 50+1+6+3 {
		t.Errorf("%d US codes, want 60 (50 states, DC, 6 territories, 3 military)", n)
	}
	if n := len(cmCAProvinces); n != 13 {
		t.Errorf("%d Canadian codes, want 13", n)
	}
}

func TestCorporateMerchListPagination(t *testing.T) {
	s := newTest(t)
	var ids []string
	for i := range 37 {
		ids = append(ids, cmCreate(t, s, cmValid(map[string]any{"email": fmt.Sprintf("p%02d@example.com", i)})))
	}
	type page struct {
		query                             string
		n, limit, current, last, firstIdx int
		more                              bool
	}
	for _, p := range []page{
		{"", 15, 15, 1, 3, 0, true},
		{"?page=3", 7, 15, 3, 3, 30, false},
		{"?page=2&limit=10", 10, 10, 2, 4, 10, true},
		{"?limit=50", 37, 50, 1, 1, 0, false},
		{"?page=9&limit=50", 0, 50, 9, 1, -1, false},
	} {
		r := cm(t, s, "GET", "/contacts"+p.query, nil)
		if r.status != 200 {
			t.Fatalf("%s: %d %s", p.query, r.status, r.raw)
		}
		data, _ := r.body["data"].([]any)
		pg, _ := r.body["pagination"].(map[string]any)
		got := fmt.Sprint(len(data), pg["limit"], pg["current_page"], pg["last_page"], pg["has_more"], pg["total"], pg["path"])
		want := fmt.Sprint(p.n, p.limit, p.current, p.last, p.more, 37, "/corporatemerch/v2/contacts")
		if got != want {
			t.Errorf("%s: got %s, want %s", p.query, got, want)
		}
		if p.firstIdx >= 0 && len(data) > 0 {
			if first := fmt.Sprint(data[0].(map[string]any)["id"]); first != ids[p.firstIdx] {
				t.Errorf("%s: first id %s, want %s", p.query, first, ids[p.firstIdx])
			}
		}
	}
	for _, q := range []string{"?limit=51", "?limit=0", "?page=0", "?page=x"} {
		if r := cm(t, s, "GET", "/contacts"+q, nil); r.status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d %s, want 422", q, r.status, r.raw)
		}
	}
}

// Every response carries X-RateLimit-Limit and X-RateLimit-Remaining; over a configured limit the
// 429 adds Retry-After and X-RateLimit-Reset.
func TestCorporateMerchRateLimitHeaders(t *testing.T) {
	s := newTest(t)
	for i := 1; i <= 3; i++ {
		r := call(t, s, "GET", cmBase+"/contacts", "Bearer wrong", nil) // even a 401 carries them
		if r.header.Get("X-RateLimit-Limit") != "40" || r.header.Get("X-RateLimit-Remaining") != strconv.Itoa(40-i) {
			t.Fatalf("request %d: headers %v", i, r.header)
		}
		if r.header.Get("Retry-After") != "" {
			t.Fatalf("unlimited mock sent Retry-After")
		}
	}

	s.SetFaults(Faults{RateLimitPerMinute: map[string]int{"corporatemerch": 2}})
	for i := 1; i <= 2; i++ {
		if r := cm(t, s, "GET", "/contacts", nil); r.status != 200 || r.header.Get("X-RateLimit-Remaining") != strconv.Itoa(2-i) {
			t.Fatalf("request %d: %d %v", i, r.status, r.header)
		}
	}
	before := time.Now()
	r := cm(t, s, "GET", "/contacts", nil)
	if r.status != http.StatusTooManyRequests || r.str("message") == "" {
		t.Fatalf("third request: %d %s", r.status, r.raw)
	}
	if r.header.Get("X-RateLimit-Remaining") != "0" || r.header.Get("X-RateLimit-Limit") != "2" {
		t.Errorf("429 headers %v", r.header)
	}
	secs, err := strconv.Atoi(r.header.Get("Retry-After"))
	if err != nil || secs < 59 || secs > 60 {
		t.Errorf("Retry-After %q", r.header.Get("Retry-After"))
	}
	reset, err := strconv.ParseInt(r.header.Get("X-RateLimit-Reset"), 10, 64)
	if err != nil || reset < before.Add(58*time.Second).Unix() || reset > before.Add(62*time.Second).Unix() {
		t.Errorf("X-RateLimit-Reset %q is not a Unix timestamp about a minute away", r.header.Get("X-RateLimit-Reset"))
	}
}

func TestCorporateMerchOutOfBand(t *testing.T) {
	s := newTest(t)
	id := cmCreate(t, s, cmValid(map[string]any{"lists": []int{1}}))
	if err := s.PatchContact("corporatemerch", id, map[string]any{"city": "Elsewhere", "lists": []any{2.0, 3.0}, "address_validated": true}); err != nil {
		t.Fatal(err)
	}
	d := cmData(t, cm(t, s, "GET", "/contacts/"+id, nil))
	if d["city"] != "Elsewhere" || fmt.Sprint(d["lists"]) != "[2 3]" || d["address_validated"] != true {
		t.Fatalf("after patch: %v", d)
	}
	if err := s.PatchContact("corporatemerch", id, map[string]any{"nickname": "x"}); err == nil {
		t.Error("unknown field accepted")
	}
	if err := s.PatchContact("corporatemerch", id, map[string]any{"city": 5}); err == nil {
		t.Error("number accepted for a string field")
	}
	if err := s.PatchContact("corporatemerch", "999999", map[string]any{"city": "x"}); err == nil {
		t.Error("unknown contact patched")
	}
	if err := s.DeleteContact("corporatemerch", id); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Contacts("corporatemerch")); n != 0 {
		t.Fatalf("%d contacts after delete", n)
	}
}

// TestCorporateMerchSpecGrades checks the OpenAPI description: every route of vendors.md section 4
// is there and every operation states its grade.
func TestCorporateMerchSpecGrades(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(corporateMerchSpec)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		cmCreateContact: "documented",
		cmListContacts:  "documented",
		cmGetContact:    "assumed",
		cmUpdateContact: "assumed",
		cmDeleteContact: "assumed",
	}
	seen := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			key := method + " " + path
			grade, ok := want[key]
			if !ok {
				t.Errorf("operation %s is not in vendors.md section 4", key)
				continue
			}
			seen++
			if !strings.Contains(op.Description, "Grade: "+grade+".") && !strings.Contains(op.Description, "Grade: "+grade+" ") {
				t.Errorf("%s: description does not state grade %s: %q", key, grade, op.Description)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("%d operations, want %d", seen, len(want))
	}
}
