package main

import (
	"reflect"
	"testing"
)

func TestParseStore(t *testing.T) {
	mustVendor := func(name string) vendor {
		v, ok := vendorByName(name)
		if !ok {
			t.Fatalf("no vendor %s", name)
		}
		return v
	}
	tests := []struct {
		vendor string
		body   string
		want   []storedContact
	}{
		{"maildiver", `{"contacts":[{"id":"0195-a","email":"Ada@Example.com","first_name":"Ada","last_name":"Lovelace","is_subscribed":true}]}`,
			[]storedContact{{ID: "0195-a", Emails: []string{"ada@example.com"}, Name: "Lovelace"}}},
		// RevyOps and Corporate Merch ids are JSON numbers; a null name is "".
		{"revyops", `{"contacts":[{"id":4021,"email":"linus@example.com","last_name":null},{"id":12345678901,"email":"x@example.com","last_name":"X"}]}`,
			[]storedContact{{ID: "4021", Emails: []string{"linus@example.com"}}, {ID: "12345678901", Emails: []string{"x@example.com"}, Name: "X"}}},
		{"corporatemerch", `{"contacts":[{"id":7,"email":"dorothy@example.com","last_name":"Vaughan","lists":[1]}]}`,
			[]storedContact{{ID: "7", Emails: []string{"dorothy@example.com"}, Name: "Vaughan"}}},
		// Bland keeps emails among its identifiers; a merged contact may hold two.
		{"bland", `{"contacts":[{"id":"u1","name":"Sarah Chen","identifiers":[
			{"identifier_type":"phone_number","identifier_value":"+14155550192","is_primary":true},
			{"identifier_type":"email","identifier_value":"Sarah@Example.com","is_primary":true},
			{"identifier_type":"email","identifier_value":"s.chen@example.com","is_primary":false}]},
			{"id":"u2","name":null,"identifiers":[{"identifier_type":"external_id","identifier_value":"crm-1","is_primary":true}]}]}`,
			[]storedContact{{ID: "u1", Emails: []string{"sarah@example.com", "s.chen@example.com"}, Name: "Sarah Chen"}, {ID: "u2"}}},
		{"maildiver", `{"contacts":[]}`, []storedContact{}},
	}
	for _, tt := range tests {
		got, err := parseStore(mustVendor(tt.vendor), []byte(tt.body))
		if err != nil {
			t.Errorf("%s: %v", tt.vendor, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %+v, want %+v", tt.vendor, got, tt.want)
		}
	}
	for _, bad := range []string{`{}`, `not json`, `{"contacts":[{"email":"a@b.c"}]}`, `{"contacts":[{"id":{"x":1}}]}`} {
		if _, err := parseStore(mustVendor("maildiver"), []byte(bad)); err == nil {
			t.Errorf("parseStore(%s): no error", bad)
		}
	}
}

func TestParseState(t *testing.T) {
	v, _ := vendorByName("revyops")
	body := `{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{"resources":[
		{"address":"contacts_revyops_contact.c001","mode":"managed","type":"contacts_revyops_contact","name":"c001",
		 "provider_name":"registry.terraform.io/contacts-provider/contacts","schema_version":0,
		 "values":{"id":"4021","email":"Chaos.Revyops.001@Example.COM"}},
		{"address":"data.contacts_revyops_contact.x","mode":"data","type":"contacts_revyops_contact","name":"x",
		 "provider_name":"registry.terraform.io/contacts-provider/contacts","schema_version":0,"values":{"id":"9"}},
		{"address":"contacts_maildiver_contact.m","mode":"managed","type":"contacts_maildiver_contact","name":"m",
		 "provider_name":"registry.terraform.io/contacts-provider/contacts","schema_version":0,"values":{"id":"m1"}},
		{"address":"contacts_revyops_contact.c002","mode":"managed","type":"contacts_revyops_contact","name":"c002",
		 "provider_name":"registry.terraform.io/contacts-provider/contacts","schema_version":0,"tainted":true,
		 "values":{"id":null,"email":"b@example.com"}}]}}}`
	got, err := parseState(v, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	want := []stateContact{
		{Address: "contacts_revyops_contact.c001", ID: "4021", Email: "chaos.revyops.001@example.com"},
		{Address: "contacts_revyops_contact.c002", ID: "", Email: "b@example.com"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	// An empty state (after destroy) has no values.
	got, err = parseState(v, []byte(`{"format_version":"1.0"}`))
	if err != nil || len(got) != 0 {
		t.Fatalf("empty state: %v, %v", got, err)
	}
	if _, err := parseState(v, []byte(`Warning: not JSON`)); err == nil {
		t.Fatal("no error for output that is not JSON")
	}
}

func TestCompareStore(t *testing.T) {
	v, _ := vendorByName("maildiver")
	configured := generateContacts(v, 3, 1) // chaos.maildiver.001..003@example.com
	e := func(i int) string { return normalizeEmail(configured[i].Email) }
	st := func(addr, id string, i int) stateContact { return stateContact{Address: addr, ID: id, Email: e(i)} }
	sc := func(id string, emails ...string) storedContact { return storedContact{ID: id, Emails: emails} }

	tests := []struct {
		name       string
		state      []stateContact
		store      []storedContact
		want       comparison
		consistent bool
	}{
		{
			name:       "converged",
			state:      []stateContact{st("a", "1", 0), st("b", "2", 1), st("c", "3", 2)},
			store:      []storedContact{sc("1", e(0)), sc("2", e(1)), sc("3", e(2))},
			want:       comparison{Configured: 3, Stored: 3, InState: 3},
			consistent: true,
		},
		{
			// A create whose answer was lost, then created again under a second id: the second is in
			// state, the first is an orphan and a duplicate (emails compared without case).
			name:  "orphan and duplicate",
			state: []stateContact{st("a", "1", 0), st("b", "2", 1), st("c", "4", 2)},
			store: []storedContact{sc("1", e(0)), sc("2", e(1)), sc("3", "Chaos.MailDiver.003@example.com"), sc("4", e(2))},
			want:  comparison{Configured: 3, Stored: 4, InState: 3, Duplicates: 1, Orphans: []string{"3"}},
		},
		{
			// The last apply failed before c was created; b's contact was deleted behind Terraform's back.
			name:  "missing and not at vendor",
			state: []stateContact{st("a", "1", 0), st("b", "2", 1)},
			store: []storedContact{sc("1", e(0))},
			want: comparison{Configured: 3, Stored: 1, InState: 2, Missing: []string{e(1), e(2)},
				Ghosts: []string{"b"}},
		},
		{
			name:  "three with one email count as two duplicates",
			state: []stateContact{st("a", "1", 0), st("b", "4", 1), st("c", "5", 2)},
			store: []storedContact{sc("1", e(0)), sc("2", e(0)), sc("3", e(0)), sc("4", e(1)), sc("5", e(2))},
			want:  comparison{Configured: 3, Stored: 5, InState: 3, Duplicates: 2, Orphans: []string{"2", "3"}},
		},
		{
			// b's create outcome is unknown: recorded without an id, for the next refresh to look up. Its
			// contact at the vendor is not lost; c's is (no resource claims it).
			name:  "resource without id claims its contact",
			state: []stateContact{st("a", "1", 0), st("b", "", 1)},
			store: []storedContact{sc("1", e(0)), sc("2", e(1)), sc("3", e(2))},
			want: comparison{Configured: 3, Stored: 3, InState: 2, Orphans: []string{"3"},
				Unsettled: []string{"b"}},
		},
		{
			name:  "resource without id, nothing created",
			state: []stateContact{st("a", "1", 0), st("b", "2", 1), st("c", "", 2)},
			store: []storedContact{sc("1", e(0)), sc("2", e(1))},
			want: comparison{Configured: 3, Stored: 2, InState: 3, Missing: []string{e(2)},
				Unsettled: []string{"c"}},
		},
		{
			// A Bland contact holding two email identifiers counts once per email, never against itself.
			name:       "one contact with two emails",
			state:      []stateContact{st("a", "1", 0), st("b", "2", 1), st("c", "3", 2)},
			store:      []storedContact{sc("1", e(0), "other@example.com", e(0)), sc("2", e(1)), sc("3", e(2))},
			want:       comparison{Configured: 3, Stored: 3, InState: 3},
			consistent: true,
		},
		{
			name:  "after destroy at a vendor that keeps contacts",
			store: []storedContact{sc("1", e(0)), sc("2", e(1)), sc("3", e(2))},
			want:  comparison{Configured: 3, Stored: 3, Orphans: []string{"1", "2", "3"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := compareStore(configured, tt.state, tt.store)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tt.want)
			}
			if got.consistent() != tt.consistent {
				t.Fatalf("consistent() = %v, want %v (%s)", got.consistent(), tt.consistent, got)
			}
		})
	}
}

func TestNamesMatching(t *testing.T) {
	for _, v := range vendors {
		contacts := generateContacts(v, 3, 1)
		store := []storedContact{
			{ID: "1", Emails: []string{normalizeEmail(contacts[0].Email)}, Name: expectedName(v, contacts[0], 2)},
			{ID: "2", Emails: []string{normalizeEmail(contacts[1].Email)}, Name: expectedName(v, contacts[1], 1)}, // not updated
			// Updated, but held twice: a duplicate does not count as updated.
			{ID: "3", Emails: []string{normalizeEmail(contacts[2].Email)}, Name: expectedName(v, contacts[2], 2)},
			{ID: "4", Emails: []string{normalizeEmail(contacts[2].Email)}, Name: expectedName(v, contacts[2], 2)},
		}
		if got := namesMatching(v, contacts, store, 2); got != 1 {
			t.Errorf("%s: namesMatching = %d, want 1", v.name, got)
		}
		if got := namesMatching(v, contacts, store[:3], 2); got != 2 {
			t.Errorf("%s: without the duplicate namesMatching = %d, want 2", v.name, got)
		}
	}
}
