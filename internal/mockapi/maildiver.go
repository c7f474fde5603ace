package mockapi

// MailDiver (shared/vendors.md section 1). Grades: seed = in the vendor's seed page;
// documented = public docs / SDK / self-hostable twin; assumed = chosen by the project.

import (
	"crypto/subtle"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"net/mail"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

//go:embed openapi/maildiver.yaml
var mailDiverSpec []byte

const (
	// MailDiverDemoAudienceID is the seeded audience "Demo", kept across Reset.
	// (Documented example id.)
	MailDiverDemoAudienceID   = "01959b50-eda7-7597-acb1-cfeffdd53400"
	mailDiverDemoAudienceName = "Demo"
	mailDiverPageSize         = 50  // documented
	mailDiverNameMax          = 100 // seed: names (and audience names, documented) are 1-100 characters
)

// MailDiver operations, keyed "METHOD template" as in openapi/maildiver.yaml.
const (
	mdCreateAudience = "POST /audiences"                                     // documented
	mdCreateContact  = "POST /audiences/{audienceId}/contacts"               // assumed
	mdListContacts   = "GET /audiences/{audienceId}/contacts"                // documented
	mdGetContact     = "GET /audiences/{audienceId}/contacts/{contactId}"    // documented
	mdUpdateContact  = "PATCH /audiences/{audienceId}/contacts/{contactId}"  // seed
	mdDeleteContact  = "DELETE /audiences/{audienceId}/contacts/{contactId}" // assumed
)

type mailDiver struct {
	audiences   map[string]*mdAudience
	contactByID map[string]*mdContact
	seq         int64 // creation order
}

type mdAudience struct {
	id      string
	name    string
	created int64
	fixture bool
	emails  map[string]string // normalized email -> contact id
}

type mdContact struct {
	id         string
	audienceID string
	firstName  *string
	lastName   *string
	email      string
	subscribed bool
	created    int64
	updated    int64
	seq        int64
}

func newMailDiver(now time.Time) *mailDiver {
	md := &mailDiver{}
	md.seedFixtures(now)
	return md
}

func (md *mailDiver) seedFixtures(now time.Time) {
	md.audiences = map[string]*mdAudience{
		MailDiverDemoAudienceID: {
			id:      MailDiverDemoAudienceID,
			name:    mailDiverDemoAudienceName,
			created: now.UnixMilli(),
			fixture: true,
			emails:  map[string]string{},
		},
	}
	md.contactByID = map[string]*mdContact{}
}

func (md *mailDiver) name() string { return "maildiver" }
func (md *mailDiver) spec() []byte { return mailDiverSpec }

// mdError is MailDiver's error body (seed): {"message": "...", "code": "..."}.
func mdError(status int, code, message string) response {
	return jsonResponse(status, struct {
		Message string `json:"message"`
		Code    string `json:"code"`
	}{message, code})
}

func mdMessage(status int, message string) response {
	return jsonResponse(status, map[string]string{"message": message})
}

// authenticate: Authorization: Bearer <api-key> (seed).
func (md *mailDiver) authenticate(r *http.Request, apiKey string) *mockError {
	values := r.Header.Values("Authorization")
	if len(values) == 0 {
		// documented SDK code
		return &mockError{kind: errUnauthorized, status: http.StatusUnauthorized, code: "api_key_missing", message: "Missing API key"}
	}
	scheme, token, ok := strings.Cut(strings.TrimSpace(values[0]), " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		// seed code
		return &mockError{kind: errForbidden, status: http.StatusForbidden, code: "invalid_authorization_header", message: "Invalid authorization header"}
	}
	if subtle.ConstantTimeCompare([]byte(token), []byte(apiKey)) != 1 {
		// seed code
		return &mockError{kind: errForbidden, status: http.StatusForbidden, code: "invalid_api_key", message: "Invalid API key"}
	}
	return nil
}

func (md *mailDiver) errorResponse(e *mockError) response {
	code, message := e.code, e.message
	var header http.Header
	switch e.kind {
	case errBadRequest:
		code, message = or(code, "bad_request"), or(message, "Bad request")
	case errRequired:
		code, message = or(code, "required_field_missing"), or(message, "Required field missing")
	case errUnauthorized:
		code, message = or(code, "api_key_missing"), or(message, "Missing API key")
	case errForbidden:
		code, message = or(code, "invalid_api_key"), or(message, "Invalid API key")
	case errNotFound:
		code, message = or(code, "not_found"), or(message, "Not found")
	case errMethodNotAllowed:
		code, message = or(code, "method_not_allowed"), or(message, "Method not allowed")
		if e.field != "" {
			header = http.Header{"Allow": []string{e.field}}
		}
	case errConflict:
		code, message = or(code, "conflict"), or(message, "Contact already exists")
	case errRateLimited:
		code, message = or(code, "rate_limit_exceeded"), or(message, "Too many requests")
	case errInternal, errUnavailable:
		code, message = or(code, "internal_server_error"), or(message, "Internal server error")
	default:
		code, message = or(code, "error"), or(message, http.StatusText(e.status))
	}
	resp := mdError(e.status, code, message)
	resp.header = header
	return resp
}

// rateLimitHeaders: 429 carries Retry-After in seconds (assumed).
func (md *mailDiver) rateLimitHeaders(h http.Header, rl rateLimitInfo) {
	if rl.limited {
		h.Set("Retry-After", retryAfterSeconds(rl.now, rl.reset))
	}
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// precheck gives the field checks that have seed wording their MailDiver messages before
// the OpenAPI validation runs (which checks the same constraints with generic wording).
func (md *mailDiver) precheck(req *vendorRequest) *mockError {
	key := req.method + " " + req.route
	switch key {
	case mdCreateAudience, mdCreateContact, mdUpdateContact:
	default:
		return nil
	}
	var obj map[string]any
	if err := json.Unmarshal(req.body, &obj); err != nil || obj == nil {
		return nil // not a JSON object: the OpenAPI validation words that
	}
	if key == mdCreateAudience {
		v, present := obj["name"]
		if !present {
			return mdRequired("name")
		}
		if s, ok := v.(string); ok && !mdNameLenOK(s) {
			return mdBadLength("name")
		}
		return nil
	}
	if _, present := obj["email"]; !present && key == mdCreateContact {
		return mdRequired("email")
	}
	for _, f := range []string{"first_name", "last_name"} {
		if s, ok := obj[f].(string); ok && !mdNameLenOK(s) {
			return mdBadLength(f)
		}
	}
	if s, ok := obj["email"].(string); ok {
		if _, ok := mdNormalizeEmail(s); !ok {
			return &mockError{kind: errBadRequest, status: http.StatusBadRequest, code: "bad_request", field: "email",
				message: "email must be a valid email address"}
		}
	}
	return nil
}

func mdRequired(field string) *mockError {
	return &mockError{kind: errRequired, status: http.StatusBadRequest, code: "required_field_missing", field: field,
		message: field + " is required"}
}

// mdBadLength is the seed's 400 wording.
func mdBadLength(field string) *mockError {
	return &mockError{kind: errBadRequest, status: http.StatusBadRequest, code: "bad_request", field: field,
		message: fmt.Sprintf("%s must be between 1 and %d characters", field, mailDiverNameMax)}
}

// mdNameLenOK counts Unicode characters (runes), not bytes.
func mdNameLenOK(s string) bool {
	n := utf8.RuneCountInString(s)
	return n >= 1 && n <= mailDiverNameMax
}

// mdNormalizeEmail trims the address, checks that it is a bare address (no display name, no
// angle brackets) and lower-cases it. The server's normalization is assumed behaviour.
func mdNormalizeEmail(s string) (string, bool) {
	t := strings.TrimSpace(s)
	a, err := mail.ParseAddress(t)
	if err != nil || a.Address != t || a.Name != "" {
		return "", false
	}
	return strings.ToLower(t), true
}

// mdContactBody is the create/update body (seed fields). Types were checked by the OpenAPI
// validation; nil means absent.
type mdContactBody struct {
	Email        *string `json:"email"`
	FirstName    *string `json:"first_name"`
	LastName     *string `json:"last_name"`
	IsSubscribed *bool   `json:"is_subscribed"`
}

func (md *mailDiver) handle(req *vendorRequest) response {
	switch req.method + " " + req.route {
	case mdCreateAudience:
		return md.createAudience(req)
	case mdCreateContact:
		return md.createContact(req)
	case mdListContacts:
		return md.listContacts(req)
	case mdGetContact:
		return md.getContact(req)
	case mdUpdateContact:
		return md.updateContact(req)
	case mdDeleteContact:
		return md.deleteContactOp(req)
	}
	return mdError(http.StatusNotFound, "not_found", "Not found")
}

func (md *mailDiver) createAudience(req *vendorRequest) response {
	var body struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(req.body, &body); err != nil {
		return mdError(http.StatusBadRequest, "bad_request", "name must be a string")
	}
	id := newUUIDv7()
	a := &mdAudience{id: id, name: body.Name, created: req.now.UnixMilli(), emails: map[string]string{}}
	md.audiences[id] = a
	// documented: 201 {"id","name","created"}
	return jsonResponse(http.StatusCreated, struct {
		ID      string `json:"id"`
		Name    string `json:"name"`
		Created int64  `json:"created"`
	}{a.id, a.name, a.created})
}

// audience returns the path's audience or the assumed 404.
func (md *mailDiver) audience(req *vendorRequest) (*mdAudience, *response) {
	a := md.audiences[req.pathParams["audienceId"]]
	if a == nil {
		r := mdError(http.StatusNotFound, "not_found", "Audience not found") // assumed
		return nil, &r
	}
	return a, nil
}

// contact returns the path's contact (in the path's audience) or the seed's 404.
func (md *mailDiver) contact(req *vendorRequest) (*mdAudience, *mdContact, *response) {
	a, errResp := md.audience(req)
	if errResp != nil {
		return nil, nil, errResp
	}
	c := md.contactByID[req.pathParams["contactId"]]
	if c == nil || c.audienceID != a.id {
		r := mdError(http.StatusNotFound, "not_found", "Contact not found") // seed wording
		return nil, nil, &r
	}
	return a, c, nil
}

func mdDecodeBody(req *vendorRequest) (mdContactBody, *response) {
	var body mdContactBody
	if err := json.Unmarshal(req.body, &body); err != nil {
		r := mdError(http.StatusBadRequest, "bad_request", "request body is invalid: "+err.Error())
		return body, &r
	}
	return body, nil
}

func (md *mailDiver) createContact(req *vendorRequest) response {
	a, errResp := md.audience(req)
	if errResp != nil {
		return *errResp
	}
	body, errResp := mdDecodeBody(req)
	if errResp != nil {
		return *errResp
	}
	if body.Email == nil {
		return mdError(http.StatusBadRequest, "required_field_missing", "email is required")
	}
	email, ok := mdNormalizeEmail(*body.Email)
	if !ok {
		return mdError(http.StatusBadRequest, "bad_request", "email must be a valid email address")
	}
	if _, dup := a.emails[email]; dup {
		return mdError(http.StatusConflict, "conflict", "Contact already exists") // assumed
	}
	now := req.now.UnixMilli()
	md.seq++
	c := &mdContact{
		id:         newUUIDv7(),
		audienceID: a.id,
		firstName:  body.FirstName,
		lastName:   body.LastName,
		email:      email,
		subscribed: true, // assumed default
		created:    now,
		updated:    now,
		seq:        md.seq,
	}
	if body.IsSubscribed != nil {
		c.subscribed = *body.IsSubscribed
	}
	md.contactByID[c.id] = c
	a.emails[email] = c.id
	return jsonResponse(http.StatusCreated, c.wire())
}

func (md *mailDiver) listContacts(req *vendorRequest) response {
	a, errResp := md.audience(req)
	if errResp != nil {
		return *errResp
	}
	emails := make([]string, 0, len(a.emails))
	for e := range a.emails {
		emails = append(emails, e)
	}
	sort.Strings(emails)
	cursor := req.query.Get("cursor")
	start := 0
	if cursor != "" {
		start = sort.Search(len(emails), func(i int) bool { return emails[i] > cursor })
	}
	end := min(start+mailDiverPageSize, len(emails))
	page := make([]mdContactJSON, 0, end-start)
	for _, e := range emails[start:end] {
		page = append(page, md.contactByID[a.emails[e]].wire())
	}
	var next any // null on the last page
	if end < len(emails) {
		next = emails[end-1]
	}
	return jsonResponse(http.StatusOK, struct {
		Contacts []mdContactJSON `json:"contacts"`
		Count    int             `json:"count"`
		Cursor   any             `json:"cursor"`
	}{page, len(page), next})
}

func (md *mailDiver) getContact(req *vendorRequest) response {
	_, c, errResp := md.contact(req)
	if errResp != nil {
		return *errResp
	}
	return jsonResponse(http.StatusOK, c.wire())
}

func (md *mailDiver) updateContact(req *vendorRequest) response {
	a, c, errResp := md.contact(req)
	if errResp != nil {
		return *errResp
	}
	body, errResp := mdDecodeBody(req)
	if errResp != nil {
		return *errResp
	}
	if body.Email != nil {
		email, ok := mdNormalizeEmail(*body.Email)
		if !ok {
			return mdError(http.StatusBadRequest, "bad_request", "email must be a valid email address")
		}
		if other, dup := a.emails[email]; dup && other != c.id {
			return mdError(http.StatusConflict, "conflict", "Contact already exists") // assumed
		}
		md.setEmail(a, c, email)
	}
	if body.FirstName != nil {
		c.firstName = body.FirstName
	}
	if body.LastName != nil {
		c.lastName = body.LastName
	}
	if body.IsSubscribed != nil {
		c.subscribed = *body.IsSubscribed
	}
	c.touch(req.now)
	return mdMessage(http.StatusOK, "Contact updated") // seed: does not return the contact
}

func (md *mailDiver) deleteContactOp(req *vendorRequest) response {
	a, c, errResp := md.contact(req)
	if errResp != nil {
		return *errResp
	}
	delete(a.emails, c.email)
	delete(md.contactByID, c.id)
	return mdMessage(http.StatusOK, "Contact deleted") // assumed
}

func (md *mailDiver) setEmail(a *mdAudience, c *mdContact, email string) {
	delete(a.emails, c.email)
	c.email = email
	a.emails[email] = c.id
}

// touch bumps updated, strictly increasing so a change is always visible.
func (c *mdContact) touch(now time.Time) {
	c.updated = max(now.UnixMilli(), c.updated+1)
}

// mdContactJSON is the contact object (documented): first_name/last_name null when unset,
// created/updated in Unix epoch milliseconds.
type mdContactJSON struct {
	ID           string  `json:"id"`
	FirstName    *string `json:"first_name"`
	LastName     *string `json:"last_name"`
	Email        string  `json:"email"`
	IsSubscribed bool    `json:"is_subscribed"`
	Created      int64   `json:"created"`
	Updated      int64   `json:"updated"`
}

func (c *mdContact) wire() mdContactJSON {
	return mdContactJSON{
		ID:           c.id,
		FirstName:    c.firstName,
		LastName:     c.lastName,
		Email:        c.email,
		IsSubscribed: c.subscribed,
		Created:      c.created,
		Updated:      c.updated,
	}
}

// toMap is the contact object as a map (for Server.Contacts and the control endpoints).
func (c *mdContact) toMap() map[string]any {
	m := map[string]any{
		"id":            c.id,
		"first_name":    nil,
		"last_name":     nil,
		"email":         c.email,
		"is_subscribed": c.subscribed,
		"created":       c.created,
		"updated":       c.updated,
	}
	if c.firstName != nil {
		m["first_name"] = *c.firstName
	}
	if c.lastName != nil {
		m["last_name"] = *c.lastName
	}
	return m
}

func (md *mailDiver) reset(now time.Time) {
	md.seedFixtures(now)
	md.seq = 0
}

func (md *mailDiver) contacts() []map[string]any {
	list := make([]*mdContact, 0, len(md.contactByID))
	for _, c := range md.contactByID {
		list = append(list, c)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].seq < list[j].seq })
	out := make([]map[string]any, 0, len(list))
	for _, c := range list {
		out = append(out, c.toMap())
	}
	return out
}

// patchContact merges out-of-band changes, in the shape the store's GET shows: email (string, stored
// trimmed and lower-cased as the API stores it), first_name / last_name (string or null),
// is_subscribed (bool), and the read-only id, created and updated when they are as shown. No length
// checks: another system may store anything.
func (md *mailDiver) patchContact(id string, fields map[string]any, now time.Time) (map[string]any, error) {
	c := md.contactByID[id]
	if c == nil {
		return nil, fmt.Errorf("%w: maildiver %q", ErrNotFound, id)
	}
	a := md.audiences[c.audienceID]
	current := c.toMap()
	next := *c
	newEmail := ""
	for k, v := range fields {
		switch k {
		case "email":
			s, ok := v.(string)
			if !ok {
				return nil, fmt.Errorf("%w: email must be a string", ErrBadField)
			}
			newEmail = strings.ToLower(strings.TrimSpace(s))
			if other, dup := a.emails[newEmail]; dup && other != c.id {
				return nil, fmt.Errorf("%w: email %q is used by contact %s", ErrConflict, newEmail, other)
			}
		case "first_name", "last_name":
			var p *string
			switch t := v.(type) {
			case nil:
			case string:
				p = &t
			default:
				return nil, fmt.Errorf("%w: %s must be a string or null", ErrBadField, k)
			}
			if k == "first_name" {
				next.firstName = p
			} else {
				next.lastName = p
			}
		case "is_subscribed":
			b, ok := v.(bool)
			if !ok {
				return nil, fmt.Errorf("%w: is_subscribed must be a boolean", ErrBadField)
			}
			next.subscribed = b
		case "id", "created", "updated":
			if err := readOnlyAsShown("maildiver", k, v, current[k]); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("%w: maildiver contacts have no field %q (email, first_name, last_name, is_subscribed)", ErrBadField, k)
		}
	}
	*c = next
	if newEmail != "" {
		md.setEmail(a, c, newEmail)
	}
	c.touch(now)
	return c.toMap(), nil
}

func (md *mailDiver) deleteContact(id string) error {
	c := md.contactByID[id]
	if c == nil {
		return fmt.Errorf("%w: maildiver %q", ErrNotFound, id)
	}
	if a := md.audiences[c.audienceID]; a != nil {
		delete(a.emails, c.email)
	}
	delete(md.contactByID, id)
	return nil
}

// newUUIDv7 makes a UUIDv7 id (documented id format).
func newUUIDv7() string {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.NewString()
	}
	return id.String()
}
