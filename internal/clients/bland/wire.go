// Package bland is a typed client for Bland AI's contacts API (vendors.md §2). It is the only place in
// the provider that knows Bland's paths, JSON names and error codes; it knows nothing about Terraform.
//
// Every wire detail is graded as in vendors.md: "seed" (Bland's own "Update Contact" page), "documented"
// (Bland's public API reference) or "assumed" (nothing public says it). The assumed ones are all in this
// file, so a user who learns the truth can correct each with a one-line change.
package bland

import (
	"encoding/json"
	"net/url"
)

// DefaultBaseURL is Bland's hosted API (documented). Paths below carry the /v1 prefix themselves.
const DefaultBaseURL = "https://api.bland.ai"

// Routes, relative to the base URL.
const (
	contactsPath = "/v1/contacts"         // the collection: GET lists it (documented)
	resolvePath  = "/v1/contacts/resolve" // POST find-or-create (documented)
	findPath     = "/v1/contacts/find"    // POST find by identifier, read-only (documented)
)

func contactPath(id string) string {
	// GET (documented), PATCH (seed fields; method and path documented).
	return contactsPath + "/" + url.PathEscape(id)
}

// The listing's paging parameters (documented: limit default 50, max 200, and offset); the answer's
// data is a page of contacts beside pagination {total, limit, offset, has_more} (documented).
const (
	listLimitParam  = "limit"
	listOffsetParam = "offset"
	// ListPageSize is the largest page the listing answers (documented: max 200).
	ListPageSize = 200
)

// listPagination is what the listing's answer carries beside its envelope's data, a page of contacts
// (documented: pagination {total, limit, offset, has_more}). The listed contacts are taken to be the
// full contact object, identifiers included, as GetContact answers it (assumed: no documented example
// shows a listed contact); a listed contact without identifiers is not used, and its refresh reads it
// with a GET instead.
type listPagination struct {
	Pagination struct {
		Total   int  `json:"total"`
		Limit   int  `json:"limit"`
		Offset  int  `json:"offset"`
		HasMore bool `json:"has_more"`
	} `json:"pagination"`
}

// Identifier types (documented).
const (
	IdentifierPhoneNumber = "phone_number"
	IdentifierEmail       = "email"
	IdentifierExternalID  = "external_id"
)

// Contact is Bland's contact object (documented). The answers of resolve and of the seed's PATCH carry
// no identifiers in their documented examples, so Identifiers is nil there: read the contact back with
// GetContact to learn them. Name is null when the contact has none.
type Contact struct {
	ID          string       `json:"id"`
	OrgID       string       `json:"org_id"`
	Name        *string      `json:"name"`
	Metadata    Metadata     `json:"metadata"`
	CreatedAt   string       `json:"created_at"` // ISO 8601 (documented)
	UpdatedAt   string       `json:"updated_at"`
	Identifiers []Identifier `json:"identifiers,omitempty"`
}

// Identifier is one phone number, email or external id of a contact (documented). A contact may hold
// several of one type (after a merge, documented); one of each type is primary.
type Identifier struct {
	ID        string `json:"id"`
	ContactID string `json:"contact_id"`
	Type      string `json:"identifier_type"`
	Value     string `json:"identifier_value"`
	IsPrimary bool   `json:"is_primary"`
}

// Metadata is a contact's free-form metadata object (seed), one raw JSON value per top-level key, so
// values round-trip exactly as Bland stores them.
//
// In an update, a key whose value is JSON null removes that key (assumed: the seed says only that
// metadata is merged, new keys added and existing keys updated, and that keys not sent are left alone).
type Metadata map[string]json.RawMessage

// Null is the metadata value that removes a key in an update (assumed, see Metadata).
var Null = json.RawMessage("null")

// ResolveRequest is the body of resolve (documented): at least one identifier, plus an optional name
// and metadata for a contact that does not exist yet. Nil fields are not sent.
//
// Assumed: resolve of a contact that already exists returns it unchanged (created false) and does not
// apply name or metadata to it; the provider relies on this only to promise that a failed create
// changed nothing. Resolve looks the identifiers up in the order phone number, email, external id.
type ResolveRequest struct {
	PhoneNumber *string  `json:"phone_number,omitempty"`
	Email       *string  `json:"email,omitempty"`
	ExternalID  *string  `json:"external_id,omitempty"`
	Name        *string  `json:"name,omitempty"`
	Metadata    Metadata `json:"metadata,omitempty"`
}

// ResolveResult is resolve's data (documented): the contact and whether this request created it.
type ResolveResult struct {
	Contact Contact `json:"contact"`
	Created bool    `json:"created"`
	// Resent is not on the wire: it is true when the answer is to a resend after an attempt whose
	// answer was lost, so Created false may mean the earlier attempt created the contact.
	Resent bool `json:"-"`
}

// FindRequest is the body of find (documented): the identifier to look up. Send exactly one.
type FindRequest struct {
	PhoneNumber *string `json:"phone_number,omitempty"`
	Email       *string `json:"email,omitempty"`
	ExternalID  *string `json:"external_id,omitempty"`
}

// UpdateRequest is the seed's PATCH body: name, email, external_id and metadata, all optional. Nil
// fields are not sent; metadata is merged (seed) with null removing a key (assumed).
//
// Assumed: email and external_id replace the contact's primary identifier of that type; a phone number
// cannot be changed by PATCH at all (the seed's body has no phone_number).
type UpdateRequest struct {
	Name       *string  `json:"name,omitempty"`
	Email      *string  `json:"email,omitempty"`
	ExternalID *string  `json:"external_id,omitempty"`
	Metadata   Metadata `json:"metadata,omitempty"`
}

// IsEmpty reports whether the update would send nothing.
func (u UpdateRequest) IsEmpty() bool {
	return u.Name == nil && u.Email == nil && u.ExternalID == nil && len(u.Metadata) == 0
}

// envelope wraps every answer (seed): {"data": ..., "errors": null} on success,
// {"data": null, "errors": [{"error": "NOT_FOUND", "message": "Contact not found"}]} on failure.
type envelope struct {
	Data   json.RawMessage `json:"data"`
	Errors []errorItem     `json:"errors"`
}

// errorItem is one entry of the envelope's errors (seed): a code and a message.
type errorItem struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

// Error codes of the envelope's errors.
const (
	CodeNotFound     = "NOT_FOUND"    // seed
	CodeBadRequest   = "BAD_REQUEST"  // documented
	CodeUnauthorized = "UNAUTHORIZED" // assumed: the code of a 401, a missing or wrong key
)
