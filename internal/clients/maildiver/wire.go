// Package maildiver is a typed client for MailDiver's contacts API (vendors.md §1). It is the only
// place in the provider that knows MailDiver's paths, JSON names and error codes; it knows nothing
// about Terraform.
//
// Every wire detail is graded as in vendors.md: "seed" (MailDiver's own OpenAPI page), "documented"
// (public docs or official SDK) or "assumed" (nothing public says it). The assumed ones are all in
// this file, so a user who learns the truth can correct each with a one-line change.
package maildiver

import "net/url"

// DefaultBaseURL is MailDiver's hosted API (documented).
const DefaultBaseURL = "https://api.maildiver.com/v1"

// SelfHostedBaseURL is the API base of a self-hosted install at domain (seed: "if your domain is
// example.com: https://api.example.com"; the /v1 prefix is the seed's server URL).
func SelfHostedBaseURL(domain string) string { return "https://api." + domain + "/v1" }

// Routes, relative to the base URL.
func contactsPath(audienceID string) string {
	// GET (list, documented) and POST (create contact, assumed).
	return "/audiences/" + url.PathEscape(audienceID) + "/contacts"
}

func contactPath(audienceID, contactID string) string {
	// PATCH (seed), GET (documented), DELETE (assumed).
	return contactsPath(audienceID) + "/" + url.PathEscape(contactID)
}

// listCursorParam names the list endpoint's paging parameter (documented).
const listCursorParam = "cursor"

// ListPageSize is how many contacts a page of an audience's listing holds (documented: 50; the
// request cannot ask for more).
const ListPageSize = 50

// Contact is MailDiver's contact object (documented by MailDiver's self-hostable twin, whose API is
// stated to be identical). Created and Updated are Unix epoch milliseconds.
type Contact struct {
	ID           string  `json:"id"`
	FirstName    *string `json:"first_name"`
	LastName     *string `json:"last_name"`
	Email        string  `json:"email"`
	IsSubscribed bool    `json:"is_subscribed"`
	Created      int64   `json:"created"`
	Updated      int64   `json:"updated"`
}

// ContactFields is the body of update (seed) and of create (assumed: "body like update, email
// required"). A nil field is not sent, so an update changes only what it names.
type ContactFields struct {
	Email        *string `json:"email,omitempty"`
	FirstName    *string `json:"first_name,omitempty"`
	LastName     *string `json:"last_name,omitempty"`
	IsSubscribed *bool   `json:"is_subscribed,omitempty"`
}

// contactList is one page of the list endpoint (documented: {"contacts":[...],"count","cursor"}): cursor
// is the email of the page's last contact, null on the last page. The listed contacts are read as the
// contact object GetContact answers (documented by the same twin product as the contact object).
type contactList struct {
	Contacts []Contact `json:"contacts"`
	Count    int       `json:"count"`
	Cursor   *string   `json:"cursor"`
}

// errorBody is MailDiver's error shape (seed): {"message": "...", "code": "..."}.
type errorBody struct {
	Message string `json:"message"`
	Code    string `json:"code"`
}

// Error codes of the error body.
const (
	CodeInvalidAPIKey       = "invalid_api_key"              // seed (403)
	CodeInvalidAuthHeader   = "invalid_authorization_header" // seed (403)
	CodeAPIKeyMissing       = "api_key_missing"              // documented, official SDK (401)
	CodeAPIKeyInvalid       = "api_key_invalid"              // documented, official SDK (403)
	CodeRateLimitExceeded   = "rate_limit_exceeded"          // documented, official SDK (429)
	CodeNotFound            = "not_found"                    // documented, official SDK (404)
	CodeConflict            = "conflict"                     // assumed: 409, a second contact with one email in one audience
	CodeRequiredFieldMissed = "required_field_missing"       // documented, official SDK (400)
)
