package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// storedContact is one contact the mock holds, reduced to what the checks compare.
type storedContact struct {
	ID     string
	Emails []string // normalized; Bland may hold several email identifiers after a merge
	Name   string   // the vendor's nameField
}

// stateContact is one contact resource in the Terraform state.
type stateContact struct {
	Address string
	ID      string
	Email   string // normalized
}

// normalizeEmail is how the checks compare emails: every vendor treats case as insignificant.
func normalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// parseStore reads the body of GET /_mock/store/{vendor}: {"contacts":[...]} in the vendor's own JSON
// shape. Ids may be strings or numbers; Bland keeps emails among its identifiers.
func parseStore(v vendor, body []byte) ([]storedContact, error) {
	var doc struct {
		Contacts []map[string]json.RawMessage `json:"contacts"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("store of %s: %w", v.name, err)
	}
	if doc.Contacts == nil {
		return nil, fmt.Errorf("store of %s: no \"contacts\" array", v.name)
	}
	out := make([]storedContact, 0, len(doc.Contacts))
	for i, raw := range doc.Contacts {
		id, err := scalarString(raw["id"])
		if err != nil || id == "" {
			return nil, fmt.Errorf("store of %s: contact %d has no usable id", v.name, i)
		}
		c := storedContact{ID: id}
		c.Name, _ = scalarString(raw[v.nameField])
		if v.name == "bland" {
			var idents []struct {
				Type  string `json:"identifier_type"`
				Value string `json:"identifier_value"`
			}
			if len(raw["identifiers"]) > 0 {
				if err := json.Unmarshal(raw["identifiers"], &idents); err != nil {
					return nil, fmt.Errorf("store of bland: contact %s identifiers: %w", id, err)
				}
			}
			for _, ident := range idents {
				if ident.Type == "email" {
					c.Emails = append(c.Emails, normalizeEmail(ident.Value))
				}
			}
		} else if e, _ := scalarString(raw["email"]); e != "" {
			c.Emails = []string{normalizeEmail(e)}
		}
		out = append(out, c)
	}
	return out, nil
}

// scalarString renders a JSON string or number as a string; null or absent is "".
func scalarString(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return "", err
	}
	return n.String(), nil
}

// parseState reads `terraform show -json` and returns the resources of type v.resourceType.
func parseState(v vendor, body []byte) ([]stateContact, error) {
	var st tfjson.State
	if err := st.UnmarshalJSON(body); err != nil {
		return nil, fmt.Errorf("terraform show -json: %w", err)
	}
	var out []stateContact
	if st.Values == nil || st.Values.RootModule == nil {
		return out, nil // an empty state
	}
	for _, r := range st.Values.RootModule.Resources {
		if r.Type != v.resourceType || r.Mode != tfjson.ManagedResourceMode {
			continue
		}
		c := stateContact{Address: r.Address}
		c.ID = fmt.Sprint(r.AttributeValues["id"])
		if r.AttributeValues["id"] == nil {
			c.ID = ""
		}
		if e, ok := r.AttributeValues["email"].(string); ok {
			c.Email = normalizeEmail(e)
		}
		out = append(out, c)
	}
	return out, nil
}

// comparison is how the vendor's store and the state relate to the configuration.
type comparison struct {
	Configured int // contacts in the configuration
	Stored     int // contacts the vendor holds
	InState    int // contact resources in the state
	// Missing are configured emails the vendor does not hold.
	Missing []string
	// Duplicates counts the extra contacts sharing an email with another (three with one email: 2).
	Duplicates int
	// Orphans are contacts the vendor holds whose id is in no state, and whose email no resource of the
	// state without an id claims either: Terraform lost track of them.
	Orphans []string
	// Ghosts are state resources with an id the vendor does not hold.
	Ghosts []string
	// Unsettled are state resources without an id: a create whose outcome the provider recorded as
	// unknown (tainted), for the next refresh to look up. Not converged, but not lost.
	Unsettled []string
	// Strangers are stored contacts with no configured email (the suite creates no others).
	Strangers []string
}

// compareStore compares configured contacts, the state and the vendor's store.
func compareStore(configured []contactSpec, state []stateContact, store []storedContact) comparison {
	cmp := comparison{Configured: len(configured), Stored: len(store), InState: len(state)}
	want := map[string]bool{}
	for _, c := range configured {
		want[normalizeEmail(c.Email)] = true
	}
	inState := map[string]bool{}
	claimed := map[string]bool{} // emails of state resources without an id
	for _, s := range state {
		if s.ID != "" {
			inState[s.ID] = true
		} else {
			claimed[normalizeEmail(s.Email)] = true
			cmp.Unsettled = append(cmp.Unsettled, s.Address)
		}
	}
	stored := map[string]bool{}
	byEmail := map[string]int{}
	for _, c := range store {
		stored[c.ID] = true
		known, pending := false, false
		seen := map[string]bool{}
		for _, e := range c.Emails {
			e = normalizeEmail(e)
			if !seen[e] {
				byEmail[e]++
				seen[e] = true
			}
			known = known || want[e]
			pending = pending || claimed[e]
		}
		if !inState[c.ID] && !pending {
			cmp.Orphans = append(cmp.Orphans, c.ID)
		}
		if !known {
			cmp.Strangers = append(cmp.Strangers, c.ID)
		}
	}
	for _, n := range byEmail {
		if n > 1 {
			cmp.Duplicates += n - 1
		}
	}
	for e := range want {
		if byEmail[e] == 0 {
			cmp.Missing = append(cmp.Missing, e)
		}
	}
	sort.Strings(cmp.Missing)
	for _, s := range state {
		if s.ID != "" && !stored[s.ID] {
			cmp.Ghosts = append(cmp.Ghosts, s.Address)
		}
	}
	return cmp
}

// consistent reports whether the vendor holds exactly the configured contacts, each once, all in state.
func (c comparison) consistent() bool {
	return c.Stored == c.Configured && c.InState == c.Configured && len(c.Missing) == 0 && c.Duplicates == 0 &&
		len(c.Orphans) == 0 && len(c.Ghosts) == 0 && len(c.Unsettled) == 0 && len(c.Strangers) == 0
}

// String is a one-line account, for the progress output.
func (c comparison) String() string {
	s := fmt.Sprintf("stored %d/%d, in state %d, duplicates %d, orphans %d, not at vendor %d",
		c.Stored, c.Configured, c.InState, c.Duplicates, len(c.Orphans), len(c.Ghosts))
	if len(c.Missing) > 0 {
		s += fmt.Sprintf(", missing %d (e.g. %s)", len(c.Missing), c.Missing[0])
	}
	if len(c.Unsettled) > 0 {
		s += fmt.Sprintf(", in state without id %d", len(c.Unsettled))
	}
	if len(c.Strangers) > 0 {
		s += fmt.Sprintf(", not configured %d", len(c.Strangers))
	}
	return s
}

// namesMatching counts the configured contacts for which the vendor holds exactly one contact, whose
// name field has the value generation gen sets.
func namesMatching(v vendor, configured []contactSpec, store []storedContact, gen int) int {
	byEmail := map[string][]storedContact{}
	for _, c := range store {
		seen := map[string]bool{}
		for _, e := range c.Emails {
			if e = normalizeEmail(e); !seen[e] {
				seen[e] = true
				byEmail[e] = append(byEmail[e], c)
			}
		}
	}
	n := 0
	for _, c := range configured {
		got := byEmail[normalizeEmail(c.Email)]
		if len(got) == 1 && got[0].Name == expectedName(v, c, gen) {
			n++
		}
	}
	return n
}
