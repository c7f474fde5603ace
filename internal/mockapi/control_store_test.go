package mockapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// storeContact is one contact as GET /_mock/store/{vendor} shows it.
func storeContact(t *testing.T, s *Server, vendor, id string) map[string]any {
	t.Helper()
	res := call(t, s, "GET", "/_mock/store/"+vendor, "-", nil)
	list, _ := res.body["contacts"].([]any)
	for _, item := range list {
		c := item.(map[string]any)
		if fmt.Sprint(c["id"]) == id {
			return c
		}
	}
	t.Fatalf("the store of %s has no contact %s: %s", vendor, id, res.raw)
	return nil
}

// The store's PATCH takes the shape its GET shows, for every vendor: a contact as GET shows it, with
// some fields changed, is accepted whole and the changes are stored; read-only fields may be sent back
// as shown but not changed. (Issue 9: RevyOps' GET shows contact_custom_fields, which the PATCH
// refused.)
func TestStorePatchTakesTheShapeItsGetShows(t *testing.T) {
	cases := []struct {
		vendor   string
		create   func(t *testing.T, s *Server) string
		edit     func(c map[string]any) // changes the GET shape in place
		check    func(t *testing.T, c map[string]any)
		readOnly string // a read-only field of the GET shape
	}{
		{
			vendor: "maildiver",
			create: func(t *testing.T, s *Server) string {
				return createContact(t, s, map[string]any{"email": "ada@example.com"})
			},
			edit: func(c map[string]any) { c["first_name"], c["email"] = "Ada", " ADA@example.org " },
			check: func(t *testing.T, c map[string]any) {
				if c["first_name"] != "Ada" || c["email"] != "ada@example.org" {
					t.Fatalf("stored %v", c)
				}
			},
			readOnly: "created",
		},
		{
			vendor: "bland",
			create: func(t *testing.T, s *Server) string {
				res := call(t, s, "POST", "/bland/v1/contacts/resolve", testKey, map[string]any{"email": "ada@example.com"})
				return res.body["data"].(map[string]any)["contact"].(map[string]any)["id"].(string)
			},
			edit: func(c map[string]any) {
				c["name"] = "Ada"
				c["metadata"] = map[string]any{"tier": "gold"}
				c["identifiers"] = append(c["identifiers"].([]any), map[string]any{
					"identifier_type": "phone_number", "identifier_value": "+1 415-555-0192", "is_primary": true,
				})
			},
			check: func(t *testing.T, c map[string]any) {
				md, _ := c["metadata"].(map[string]any)
				ids := mustJSON(c["identifiers"])
				if c["name"] != "Ada" || md["tier"] != "gold" || !strings.Contains(ids, `"identifier_value":"+14155550192"`) ||
					!strings.Contains(ids, `"identifier_value":"ada@example.com"`) {
					t.Fatalf("stored %v", c)
				}
			},
			readOnly: "created_at",
		},
		{
			vendor: "revyops",
			create: func(t *testing.T, s *Server) string {
				res := call(t, s, "POST", "/revyops/public/v2/contacts?client_id="+testKey, "-", map[string]any{
					"email": "Ada@example.com", "contact_custom_fields": []map[string]any{
						{"field_name": "tier", "field_value": "bronze"}, {"field_name": "region", "field_value": "EU"},
					},
				})
				if res.status != http.StatusCreated {
					t.Fatalf("create: %d %s", res.status, res.raw)
				}
				return fmt.Sprint(res.body["id"])
			},
			edit: func(c map[string]any) {
				fields := c["contact_custom_fields"].([]any)
				for _, f := range fields {
					f := f.(map[string]any)
					switch f["field_name"] {
					case "tier":
						f["field_value"] = "gold" // sent back with its id and updated_time as shown
					case "region":
						f["field_value"] = nil // cleared
					}
				}
				c["contact_custom_fields"] = append(fields, map[string]any{"field_name": "size", "field_value": "L"})
				c["previous_status"] = "lead"
				c["first_name"] = "Ada"
			},
			check: func(t *testing.T, c map[string]any) {
				got := map[string]any{}
				for _, f := range c["contact_custom_fields"].([]any) {
					f := f.(map[string]any)
					got[f["field_name"].(string)] = f["field_value"]
				}
				if mustJSON(got) != `{"size":"L","tier":"gold"}` || c["previous_status"] != "lead" || c["first_name"] != "Ada" ||
					c["email"] != "Ada@example.com" {
					t.Fatalf("stored %v", c)
				}
			},
			readOnly: "updated_time",
		},
		{
			vendor: "corporatemerch",
			create: func(t *testing.T, s *Server) string {
				res := call(t, s, "POST", "/corporatemerch/v2/contacts", authValue, map[string]any{
					"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com", "country": "US", "address": "1 Main St",
					"city": "Springfield", "state": "IL", "zip_code": "62701", "type": "employee",
				})
				if res.status != http.StatusCreated {
					t.Fatalf("create: %d %s", res.status, res.raw)
				}
				return fmt.Sprint(res.body["data"].(map[string]any)["id"])
			},
			edit: func(c map[string]any) { c["city"], c["lists"] = "Elsewhere", []any{2} },
			check: func(t *testing.T, c map[string]any) {
				if c["city"] != "Elsewhere" || mustJSON(c["lists"]) != `[2]` || c["first_name"] != "Ada" {
					t.Fatalf("stored %v", c)
				}
			},
			readOnly: "id",
		},
	}
	for _, tc := range cases {
		t.Run(tc.vendor, func(t *testing.T) {
			s := newTest(t)
			id := tc.create(t, s)
			shown := storeContact(t, s, tc.vendor, id)
			tc.edit(shown)
			res := call(t, s, "PATCH", "/_mock/store/"+tc.vendor+"/"+id, "-", shown)
			if res.status != http.StatusOK {
				t.Fatalf("PATCH with the GET shape: %d %s", res.status, res.raw)
			}
			tc.check(t, storeContact(t, s, tc.vendor, id))

			// A read-only field sent with another value is refused, naming it, and changes nothing.
			before := storeContact(t, s, tc.vendor, id)
			changed := storeContact(t, s, tc.vendor, id)
			changed[tc.readOnly] = "something else"
			if tc.vendor == "bland" {
				changed["name"] = "Changed"
			} else {
				changed["first_name"] = "Changed"
			}
			res = call(t, s, "PATCH", "/_mock/store/"+tc.vendor+"/"+id, "-", changed)
			if res.status != http.StatusBadRequest || !strings.Contains(string(res.raw), tc.readOnly+" is read-only") {
				t.Fatalf("changing %s: %d %s, want 400 naming it", tc.readOnly, res.status, res.raw)
			}
			if after := storeContact(t, s, tc.vendor, id); mustJSON(after) != mustJSON(before) {
				t.Fatalf("a refused PATCH changed the contact:\n%v\n%v", before, after)
			}
		})
	}
}

// The shorthand forms stay: RevyOps' custom_fields object and Bland's identifier fields.
func TestStorePatchShorthandsStay(t *testing.T) {
	s := newTest(t)
	res := call(t, s, "POST", "/revyops/public/v2/contacts?client_id="+testKey, "-", map[string]any{"email": "ada@example.com"})
	id := fmt.Sprint(res.body["id"])
	if err := s.PatchContact("revyops", id, map[string]any{"custom_fields": map[string]any{"tier": "gold"}}); err != nil {
		t.Fatal(err)
	}
	if got := mustJSON(storeContact(t, s, "revyops", id)["contact_custom_fields"]); !strings.Contains(got, `"field_value":"gold"`) {
		t.Fatalf("custom_fields shorthand: %s", got)
	}
	res = call(t, s, "POST", "/bland/v1/contacts/resolve", testKey, map[string]any{"email": "ada@example.com"})
	bid := res.body["data"].(map[string]any)["contact"].(map[string]any)["id"].(string)
	if err := s.PatchContact("bland", bid, map[string]any{"phone_number": "(415) 555-0192"}); err != nil {
		t.Fatal(err)
	}
	if got := mustJSON(storeContact(t, s, "bland", bid)["identifiers"]); !strings.Contains(got, `"+14155550192"`) {
		t.Fatalf("phone_number shorthand: %s", got)
	}
}
