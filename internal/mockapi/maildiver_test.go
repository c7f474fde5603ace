package mockapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
)

func TestMailDiverAuth(t *testing.T) {
	s := newTest(t)
	tests := []struct {
		name   string
		auth   string
		body   any
		status int
		code   string
		msg    string
	}{
		{"no header", "-", nil, 401, "api_key_missing", "Missing API key"},
		{"empty header", "", nil, 403, "invalid_authorization_header", "Invalid authorization header"},
		{"basic scheme", "Basic " + testKey, nil, 403, "invalid_authorization_header", "Invalid authorization header"},
		{"bearer without key", "Bearer", nil, 403, "invalid_authorization_header", "Invalid authorization header"},
		{"raw key", testKey, nil, 403, "invalid_authorization_header", "Invalid authorization header"},
		{"wrong key", "Bearer nope", nil, 403, "invalid_api_key", "Invalid API key"},
		{"default key is not valid when another is set", "Bearer " + DefaultAPIKey, nil, 403, "invalid_api_key", "Invalid API key"},
		{"auth before validation", "Bearer nope", map[string]any{"first_name": ""}, 403, "invalid_api_key", "Invalid API key"},
		{"good key", authValue, nil, 200, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			method := "GET"
			if tc.body != nil {
				method = "POST"
			}
			res := call(t, s, method, demoPath, tc.auth, tc.body)
			if tc.status == 200 {
				if res.status != 200 {
					t.Fatalf("status %d: %s", res.status, res.raw)
				}
				return
			}
			expectError(t, res, tc.status, tc.code, tc.msg)
		})
	}

	t.Run("default key", func(t *testing.T) {
		d := New(Options{})
		if res := call(t, d, "GET", demoPath, "Bearer mock-api-key", nil); res.status != 200 {
			t.Fatalf("default key refused: %d %s", res.status, res.raw)
		}
	})
}

func TestMailDiverCreateAndGet(t *testing.T) {
	s := newTest(t)
	res := md(t, s, "POST", demoPath, map[string]any{"email": "ann@example.com"})
	if res.status != http.StatusCreated {
		t.Fatalf("create: %d %s", res.status, res.raw)
	}
	id := res.str("id")
	u, err := uuid.Parse(id)
	if err != nil || u.Version() != 7 {
		t.Fatalf("id %q is not a UUIDv7 (%v)", id, err)
	}
	for _, k := range []string{"id", "first_name", "last_name", "email", "is_subscribed", "created", "updated"} {
		if _, ok := res.body[k]; !ok {
			t.Errorf("contact lacks %q: %s", k, res.raw)
		}
	}
	if res.body["first_name"] != nil || res.body["last_name"] != nil {
		t.Errorf("unset names should be null: %s", res.raw)
	}
	if res.body["is_subscribed"] != true {
		t.Errorf("is_subscribed should default to true: %s", res.raw)
	}
	if !strings.Contains(string(res.raw), `"created":`) || strings.Contains(string(res.raw), `"created":"`) {
		t.Errorf("created should be a number: %s", res.raw)
	}
	created, _ := res.body["created"].(float64)
	if created < 1.6e12 || created != res.body["updated"] {
		t.Errorf("created/updated should be the same epoch milliseconds: %s", res.raw)
	}

	got := md(t, s, "GET", demoPath+"/"+id, nil)
	if got.status != 200 || string(got.raw) != string(res.raw) {
		t.Fatalf("get: %d %s, want %s", got.status, got.raw, res.raw)
	}

	full := md(t, s, "POST", demoPath, map[string]any{"email": "bob@example.com", "first_name": "Bob", "last_name": "Stone", "is_subscribed": false})
	if full.status != 201 || full.body["first_name"] != "Bob" || full.body["last_name"] != "Stone" || full.body["is_subscribed"] != false {
		t.Fatalf("create with all fields: %d %s", full.status, full.raw)
	}

	t.Run("missing contact", func(t *testing.T) {
		expectError(t, md(t, s, "GET", demoPath+"/01959faf-16e2-77dd-9585-cd25da58855e", nil), 404, "not_found", "Contact not found")
	})
	t.Run("unknown audience", func(t *testing.T) {
		p := mdBase + "/audiences/01959faf-0000-7000-8000-000000000000/contacts"
		expectError(t, md(t, s, "POST", p, map[string]any{"email": "x@example.com"}), 404, "not_found", "Audience not found")
		expectError(t, md(t, s, "GET", p, nil), 404, "not_found", "Audience not found")
		expectError(t, md(t, s, "GET", p+"/"+id, nil), 404, "not_found", "Audience not found")
	})
	t.Run("contact of another audience", func(t *testing.T) {
		aud := md(t, s, "POST", mdBase+"/audiences", map[string]any{"name": "Other"})
		if aud.status != 201 || aud.str("name") != "Other" || aud.body["created"] == nil {
			t.Fatalf("create audience: %d %s", aud.status, aud.raw)
		}
		expectError(t, md(t, s, "GET", mdBase+"/audiences/"+aud.str("id")+"/contacts/"+id, nil), 404, "not_found", "Contact not found")
		// the same email is fine in another audience
		if r := md(t, s, "POST", mdBase+"/audiences/"+aud.str("id")+"/contacts", map[string]any{"email": "ann@example.com"}); r.status != 201 {
			t.Fatalf("same email in another audience: %d %s", r.status, r.raw)
		}
	})
}

func TestMailDiverCreateAudienceValidation(t *testing.T) {
	s := newTest(t)
	tests := []struct {
		name   string
		body   any
		status int
		code   string
		msg    string
	}{
		{"ok", map[string]any{"name": "Newsletter"}, 201, "", ""},
		{"100 runes", map[string]any{"name": strings.Repeat("é", 100)}, 201, "", ""},
		{"missing", map[string]any{}, 400, "required_field_missing", "name is required"},
		{"empty", map[string]any{"name": ""}, 400, "bad_request", "name must be between 1 and 100 characters"},
		{"101 runes", map[string]any{"name": strings.Repeat("é", 101)}, 400, "bad_request", "name must be between 1 and 100 characters"},
		{"number", map[string]any{"name": 5}, 400, "bad_request", "name must be a string"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := md(t, s, "POST", mdBase+"/audiences", tc.body)
			if tc.status == 201 {
				if res.status != 201 {
					t.Fatalf("%d %s", res.status, res.raw)
				}
				return
			}
			expectError(t, res, tc.status, tc.code, tc.msg)
		})
	}
}

func TestMailDiverListPagination(t *testing.T) {
	for _, tc := range []struct {
		total int
		pages []int
	}{
		{0, []int{0}},
		{1, []int{1}},
		{50, []int{50}},
		{51, []int{50, 1}},
		{120, []int{50, 50, 20}},
	} {
		t.Run(fmt.Sprint(tc.total), func(t *testing.T) {
			s := newTest(t)
			// Created in reverse order so the email order differs from creation order.
			for i := tc.total - 1; i >= 0; i-- {
				createContact(t, s, map[string]any{"email": fmt.Sprintf("user%03d@example.com", i)})
			}
			cursor := ""
			next := 0
			for p, want := range tc.pages {
				path := demoPath
				if cursor != "" {
					path += "?cursor=" + cursor
				}
				res := md(t, s, "GET", path, nil)
				if res.status != 200 {
					t.Fatalf("page %d: %d %s", p, res.status, res.raw)
				}
				list, _ := res.body["contacts"].([]any)
				if len(list) != want || res.body["count"] != float64(want) {
					t.Fatalf("page %d: %d contacts, count %v, want %d", p, len(list), res.body["count"], want)
				}
				for _, c := range list {
					email := c.(map[string]any)["email"]
					if wantEmail := fmt.Sprintf("user%03d@example.com", next); email != wantEmail {
						t.Fatalf("page %d: got %v, want %s (ordered by email)", p, email, wantEmail)
					}
					next++
				}
				last := p == len(tc.pages)-1
				if last {
					if res.body["cursor"] != nil {
						t.Fatalf("last page cursor = %v, want null", res.body["cursor"])
					}
				} else {
					lastEmail := list[len(list)-1].(map[string]any)["email"]
					if res.body["cursor"] != lastEmail {
						t.Fatalf("page %d cursor = %v, want %v", p, res.body["cursor"], lastEmail)
					}
					cursor = res.str("cursor")
				}
			}
			if next != tc.total {
				t.Fatalf("listed %d contacts, want %d", next, tc.total)
			}
		})
	}
}

func TestMailDiverPatch(t *testing.T) {
	s := newTest(t)
	id := createContact(t, s, map[string]any{"email": "ann@example.com", "first_name": "Ann", "last_name": "Lee"})
	before := md(t, s, "GET", demoPath+"/"+id, nil)

	res := md(t, s, "PATCH", demoPath+"/"+id, map[string]any{"first_name": "Anna", "is_subscribed": false})
	if res.status != 200 || string(res.raw) != `{"message":"Contact updated"}`+"\n" {
		t.Fatalf("patch answered %d %q, want the message only", res.status, res.raw)
	}
	after := md(t, s, "GET", demoPath+"/"+id, nil)
	if after.body["first_name"] != "Anna" || after.body["last_name"] != "Lee" || after.body["is_subscribed"] != false ||
		after.body["email"] != "ann@example.com" {
		t.Fatalf("after patch: %s", after.raw)
	}
	if after.body["updated"].(float64) <= before.body["updated"].(float64) {
		t.Fatalf("updated not bumped: before %v after %v", before.body["updated"], after.body["updated"])
	}
	if after.body["created"] != before.body["created"] {
		t.Fatalf("created changed")
	}

	// email change, normalized
	if r := md(t, s, "PATCH", demoPath+"/"+id, map[string]any{"email": " Anna@Example.ORG "}); r.status != 200 {
		t.Fatalf("email patch: %d %s", r.status, r.raw)
	}
	if got := md(t, s, "GET", demoPath+"/"+id, nil); got.body["email"] != "anna@example.org" {
		t.Fatalf("email after patch: %s", got.raw)
	}
	// the old email is free again
	createContact(t, s, map[string]any{"email": "ann@example.com"})

	// empty patch is accepted
	if r := md(t, s, "PATCH", demoPath+"/"+id, map[string]any{}); r.status != 200 {
		t.Fatalf("empty patch: %d %s", r.status, r.raw)
	}
	expectError(t, md(t, s, "PATCH", demoPath+"/01959faf-16e2-77dd-9585-cd25da58855e", map[string]any{"first_name": "X"}),
		404, "not_found", "Contact not found")
}

func TestMailDiverEmailNormalizationAndDuplicates(t *testing.T) {
	s := newTest(t)
	res := md(t, s, "POST", demoPath, map[string]any{"email": "  Ann@Example.COM "})
	if res.status != 201 || res.str("email") != "ann@example.com" {
		t.Fatalf("create: %d %s", res.status, res.raw)
	}
	bob := createContact(t, s, map[string]any{"email": "bob@example.com"})
	for _, email := range []string{"ann@example.com", "ANN@EXAMPLE.COM", " ann@example.com"} {
		expectError(t, md(t, s, "POST", demoPath, map[string]any{"email": email}), 409, "conflict", "Contact already exists")
	}
	expectError(t, md(t, s, "PATCH", demoPath+"/"+bob, map[string]any{"email": "Ann@example.com"}), 409, "conflict", "Contact already exists")
	// re-sending a contact's own email is not a conflict
	if r := md(t, s, "PATCH", demoPath+"/"+bob, map[string]any{"email": "BOB@example.com"}); r.status != 200 {
		t.Fatalf("own email: %d %s", r.status, r.raw)
	}
	if n := len(s.Contacts("maildiver")); n != 2 {
		t.Fatalf("%d contacts stored, want 2", n)
	}
}

func TestMailDiverValidation(t *testing.T) {
	s := newTest(t)
	id := createContact(t, s, map[string]any{"email": "ann@example.com"})
	contact := demoPath + "/" + id
	tests := []struct {
		name         string
		method, path string
		body         any
		status       int
		code         string
		msg          string // exact when it does not end in "*"; prefix when it does
	}{
		{"100 multibyte first_name", "PATCH", contact, map[string]any{"first_name": strings.Repeat("名", 100)}, 200, "", ""},
		{"100 emoji last_name", "PATCH", contact, map[string]any{"last_name": strings.Repeat("😀", 100)}, 200, "", ""},
		{"101 multibyte first_name", "PATCH", contact, map[string]any{"first_name": strings.Repeat("名", 101)}, 400, "bad_request", "first_name must be between 1 and 100 characters"},
		{"empty first_name", "PATCH", contact, map[string]any{"first_name": ""}, 400, "bad_request", "first_name must be between 1 and 100 characters"},
		{"101 ascii last_name on create", "POST", demoPath, map[string]any{"email": "x@example.com", "last_name": strings.Repeat("a", 101)}, 400, "bad_request", "last_name must be between 1 and 100 characters"},
		{"100 multibyte on create", "POST", demoPath, map[string]any{"email": "y@example.com", "first_name": strings.Repeat("é", 100)}, 201, "", ""},
		{"email without at", "PATCH", contact, map[string]any{"email": "not-an-email"}, 400, "bad_request", "email must be a valid email address"},
		{"email with display name", "PATCH", contact, map[string]any{"email": "Ann <ann@example.com>"}, 400, "bad_request", "email must be a valid email address"},
		{"email in angle brackets", "POST", demoPath, map[string]any{"email": "<z@example.com>"}, 400, "bad_request", "email must be a valid email address"},
		{"empty email", "POST", demoPath, map[string]any{"email": ""}, 400, "bad_request", "email must be a valid email address"},
		{"missing email on create", "POST", demoPath, map[string]any{"first_name": "Ann"}, 400, "required_field_missing", "email is required"},
		{"is_subscribed string", "PATCH", contact, map[string]any{"is_subscribed": "yes"}, 400, "bad_request", "is_subscribed must be a boolean"},
		{"first_name number", "POST", demoPath, map[string]any{"email": "n@example.com", "first_name": 5}, 400, "bad_request", "first_name must be a string"},
		{"email null", "PATCH", contact, map[string]any{"email": nil}, 400, "bad_request", "email *"},
		{"last_name null", "PATCH", contact, map[string]any{"last_name": nil}, 400, "bad_request", "last_name *"},
		{"body is an array", "PATCH", contact, `[]`, 400, "bad_request", "request body must be an object"},
		{"body is not JSON", "PATCH", contact, `{"first_name":`, 400, "bad_request", "request body is not valid JSON"},
		{"body missing", "PATCH", contact, nil, 400, "required_field_missing", "request body is required"},
		{"unknown route", "GET", mdBase + "/emails/42", nil, 404, "not_found", "Not found"},
		{"wrong method", "PUT", contact, map[string]any{}, 405, "method_not_allowed", "Method not allowed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := md(t, s, tc.method, tc.path, tc.body)
			if tc.status < 300 {
				if res.status != tc.status {
					t.Fatalf("%d %s", res.status, res.raw)
				}
				return
			}
			if prefix, ok := strings.CutSuffix(tc.msg, "*"); ok {
				if res.status != tc.status || res.str("code") != tc.code || !strings.HasPrefix(res.str("message"), prefix) {
					t.Fatalf("got %d %s, want %d %s %q...", res.status, res.raw, tc.status, tc.code, prefix)
				}
				return
			}
			expectError(t, res, tc.status, tc.code, tc.msg)
		})
	}
	// none of the rejected writes changed the contact
	got := md(t, s, "GET", contact, nil)
	if got.body["email"] != "ann@example.com" || got.body["is_subscribed"] != true {
		t.Fatalf("contact changed by rejected writes: %s", got.raw)
	}
	if r := md(t, s, "PUT", contact, map[string]any{}); r.header.Get("Allow") == "" {
		t.Errorf("405 without Allow header")
	}
}

func TestMailDiverDelete(t *testing.T) {
	s := newTest(t)
	id := createContact(t, s, map[string]any{"email": "ann@example.com"})
	res := md(t, s, "DELETE", demoPath+"/"+id, nil)
	if res.status != 200 || res.str("message") != "Contact deleted" {
		t.Fatalf("delete: %d %s", res.status, res.raw)
	}
	expectError(t, md(t, s, "GET", demoPath+"/"+id, nil), 404, "not_found", "Contact not found")
	expectError(t, md(t, s, "DELETE", demoPath+"/"+id, nil), 404, "not_found", "Contact not found")
	expectError(t, md(t, s, "PATCH", demoPath+"/"+id, map[string]any{"first_name": "X"}), 404, "not_found", "Contact not found")
	// the email can be used again
	createContact(t, s, map[string]any{"email": "ann@example.com"})
}
