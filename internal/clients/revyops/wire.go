// Package revyops is a typed client for RevyOps' contacts API (vendors.md §3). It is the only place in
// the provider that knows RevyOps' paths, parameters, JSON names and status codes; it knows nothing
// about Terraform.
//
// Every wire detail is graded as in vendors.md: "seed" (RevyOps' own OpenAPI page for the contact
// PATCH), "documented" (public docs, or where marked a public integration that calls the API) or
// "assumed" (nothing public says it). The assumed ones are all in this file, so a user who learns the
// truth can correct each with a one-line change.
package revyops

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
)

// DefaultBaseURL is RevyOps' API host (documented). Some integrators report https://app.revyops.com/api
// instead, which is why the base URL is configurable.
const DefaultBaseURL = "https://api.revyops.com"

// Authentication (vendors.md §3): the official introduction requires a client_id query parameter on
// every public endpoint (documented); integrators send the API key in an x-api-key header (documented by
// integrators). The provider sends each one that is configured.
const (
	APIKeyHeader  = "x-api-key"
	ClientIDParam = "client_id"
)

// RequestsPerSecondAsked is the rate RevyOps asks clients to stay under (documented; not enforced).
const RequestsPerSecondAsked = 10

// Routes, relative to the base URL.
const contactsPath = "/public/v2/contacts" // POST create (documented), GET list/search (documented)

func contactPath(id int64) string {
	// PATCH update (seed), GET one (documented).
	return contactsPath + "/" + strconv.FormatInt(id, 10)
}

func deleteContactPath(id int64) string {
	// DELETE answers 200 (documented by an integrator only): note the v1 path, without /v2.
	return "/public/contacts/" + strconv.FormatInt(id, 10)
}

// The structure query parameter chooses the shape of contact_custom_fields in an answer (seed: FLAT is
// an object of name -> value, NESTED an array of objects; default NESTED). The client asks for NESTED
// where the seed or the docs list the parameter (PATCH, GET one) and reads either shape everywhere. The
// listing is asked for the NESTED structure too, so that its contacts are the same objects GetContact
// answers (assumed: the structure parameter is documented for single-contact routes only).
const (
	structureParam  = "structure"
	structureNested = "NESTED"
)

// List parameters (documented; page is 1-based).
const (
	listEmailParam     = "email"
	listDomainParam    = "domain"
	listFirstNameParam = "firstname"
	listLastNameParam  = "lastname"
	listPageParam      = "page"
	listPageSizeParam  = "page_size"
	pageSizeMax        = 100 // assumed: the largest page_size
)

// ListPageSize is how many contacts a page of the listing holds when the provider asks for the largest
// page (assumed: page_size max 100).
const ListPageSize = pageSizeMax

// Contact is a contact as RevyOps answers it (seed: ContactPatchResponseV2; documented: create and get
// answer a contact; assumed: the listing's results are the same object, see contactPage). Strings the seed declares non-nullable are still pointers, so an absent
// or null value is told apart from an empty one.
type Contact struct {
	ID                     int64        `json:"id"`
	UpdatedTime            string       `json:"updated_time"`
	Email                  string       `json:"email"`
	LinkedInURL            *string      `json:"linkedin_url"`
	FirstName              *string      `json:"first_name"`
	LastName               *string      `json:"last_name"`
	CompanyID              *int64       `json:"company_id"`
	CustomFields           CustomFields `json:"contact_custom_fields"`
	Origin                 *string      `json:"origin"`
	ContactStatus          *string      `json:"contact_status"`
	FirstCampaignEmailSent *string      `json:"first_campaign_email_sent"`
	LastCampaignEmailSent  *string      `json:"last_campaign_email_sent"`
	LastReplyReceived      *string      `json:"last_reply_received"`
	PreviousStatus         *string      `json:"previous_status"`
	StatusChangedAt        *string      `json:"status_changed_at"`
}

// MaxCustomFieldValueLength is the longest custom field value, in characters (seed: maxLength 2500).
const MaxCustomFieldValueLength = 2500

// CustomFields is a contact's custom fields by name. It reads both of the seed's shapes: NESTED, an
// array of {id, updated_time, field_name, field_value}, and FLAT, an object of name -> value. A field
// whose value is null is left out: it holds nothing.
type CustomFields map[string]string

func (c *CustomFields) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	out := CustomFields{}
	switch {
	case bytes.Equal(data, []byte("null")):
	case len(data) > 0 && data[0] == '[':
		var nested []struct {
			FieldName  string  `json:"field_name"`
			FieldValue *string `json:"field_value"`
		}
		if err := json.Unmarshal(data, &nested); err != nil {
			return fmt.Errorf("contact_custom_fields (NESTED): %w", err)
		}
		for _, f := range nested {
			if f.FieldValue != nil {
				out[f.FieldName] = *f.FieldValue
			}
		}
	default:
		var flat map[string]*string
		if err := json.Unmarshal(data, &flat); err != nil {
			return fmt.Errorf("contact_custom_fields (FLAT): %w", err)
		}
		for k, v := range flat {
			if v != nil {
				out[k] = *v
			}
		}
	}
	*c = out
	return nil
}

// CustomFieldPatch sets one custom field (seed: ContactCustomFieldPatch). A nil Value is sent as
// field_value null, which clears the field (assumed).
type CustomFieldPatch struct {
	Name  string  `json:"field_name"`
	Value *string `json:"field_value"`
}

// CompanyRef is the request's company_id: an integer company id, or a domain the server resolves to a
// company (seed: "company_id accepts an integer ID or a domain string to auto-resolve the company").
type CompanyRef struct {
	ID     int64
	Domain string
}

func (c CompanyRef) MarshalJSON() ([]byte, error) {
	if c.Domain != "" {
		return json.Marshal(c.Domain)
	}
	return json.Marshal(c.ID)
}

// ContactFields is the body of update (seed: PatchedContactPatchRequest) and of create (assumed: the
// same fields, email required). A nil field is not sent, so an update changes only what it names.
type ContactFields struct {
	Email         *string            `json:"email,omitempty"`
	LinkedInURL   *string            `json:"linkedin_url,omitempty"`
	FirstName     *string            `json:"first_name,omitempty"`
	LastName      *string            `json:"last_name,omitempty"`
	CompanyID     *CompanyRef        `json:"company_id,omitempty"`
	Origin        *string            `json:"origin,omitempty"`
	ContactStatus *string            `json:"contact_status,omitempty"`
	CustomFields  []CustomFieldPatch `json:"contact_custom_fields,omitempty"`
}

// ClearedText is the value that clears first_name, last_name or linkedin_url (assumed: the seed
// declares them non-nullable strings, so an empty string rather than null).
func ClearedText() *string {
	s := ""
	return &s
}

// SetCustomFields returns the patches that set each field of values (seed: a string field_value), in
// name order so bodies are reproducible.
func SetCustomFields(values map[string]string) []CustomFieldPatch {
	names := make([]string, 0, len(values))
	for k := range values {
		names = append(names, k)
	}
	sort.Strings(names)
	out := make([]CustomFieldPatch, 0, len(names))
	for _, k := range names {
		v := values[k]
		out = append(out, CustomFieldPatch{Name: k, Value: &v})
	}
	return out
}

// contactPage is one page of the list endpoint (documented: {count, next, previous, results}): next and
// previous are page links, null at either end. The results are read as the contact object GetContact
// answers (assumed: nothing public shows a listed contact; vendors.md gives only the page's keys).
type contactPage struct {
	Count    int       `json:"count"`
	Next     *string   `json:"next"`
	Previous *string   `json:"previous"`
	Results  []Contact `json:"results"`
}

// errorBody is RevyOps' error shape (documented): {"detail": "Not found."}. Validation errors may
// instead name fields, {"email": ["Enter a valid email address."]}, the usual shape of the framework
// the API is built on (assumed); the client reads both.
type errorBody struct {
	Detail string `json:"detail"`
}
