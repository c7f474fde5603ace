package mockapi

// RevyOps (shared/vendors.md section 3). Grades: seed = in the vendor's seed page (the contact
// PATCH); documented = public docs or a public integration; assumed = chosen by the project.

import (
	"bytes"
	"crypto/subtle"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"net/mail"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

//go:embed openapi/revyops.yaml
var revyOpsSpec []byte

// RevyOps operations, keyed "METHOD template" as in openapi/revyops.yaml.
const (
	roListContacts  = "GET /public/v2/contacts"                // documented
	roCreateContact = "POST /public/v2/contacts"               // documented
	roGetContact    = "GET /public/v2/contacts/{contact_id}"   // documented
	roUpdateContact = "PATCH /public/v2/contacts/{contact_id}" // seed
	roDeleteContact = "DELETE /public/contacts/{contact_id}"   // documented by an integrator
)

const (
	roFieldValueMax     = 2500 // seed: ContactCustomFields.field_value maxLength
	roPageSizeDefault   = 25   // assumed
	roPageSizeMax       = 100  // assumed (vendors.md)
	roFirstContactID    = 4001 // any positive integers would do (ids are integers: documented)
	roFirstFieldValueID = 9001
)

// RevyOpsCompanies are the companies the mock seeds (kept across Reset): the two of the mock's own
// client, and one of another client, whose use answers 401 (seed: "Company does not belong to this
// client").
var RevyOpsCompanies = []struct {
	ID     int64
	Domain string
	Own    bool
}{
	{1, "acme.com", true},
	{2, "initech.com", true},
	{3, "globex.com", false},
}

type revyOps struct {
	contactByID map[int64]*roContact
	nextID      int64
	nextFieldID int64
	seq         int64
}

type roContact struct {
	id            int64
	seq           int64
	email         string
	linkedInURL   string
	firstName     string
	lastName      string
	origin        string
	contactStatus string
	companyID     *int64
	fields        []*roField // in the order they were first set
	updated       time.Time

	// Read-only, changed by RevyOps itself (campaigns, replies, status changes).
	firstCampaignEmailSent *time.Time
	lastCampaignEmailSent  *time.Time
	lastReplyReceived      *time.Time
	previousStatus         *string
	statusChangedAt        *time.Time
}

type roField struct {
	id      int64
	name    string
	value   string
	updated time.Time
}

func newRevyOps(now time.Time) *revyOps {
	ro := &revyOps{}
	ro.reset(now)
	return ro
}

func (ro *revyOps) name() string { return "revyops" }
func (ro *revyOps) spec() []byte { return revyOpsSpec }

func (ro *revyOps) reset(time.Time) {
	ro.contactByID = map[int64]*roContact{}
	ro.nextID = roFirstContactID
	ro.nextFieldID = roFirstFieldValueID
	ro.seq = 0
}

// roDetail is RevyOps' error body (documented): {"detail": "..."}.
func roDetail(status int, detail string) response {
	return jsonResponse(status, map[string]string{"detail": detail})
}

// authenticate accepts the valid key in the x-api-key header (documented by integrators) or as the
// client_id query parameter (documented). Which of the two the real service checks, and whether it
// needs both, is unknown: the mock accepts either one holding the key (assumed). Missing or invalid
// credentials answer 403 (seed), with the wording of the framework the API is built on (assumed).
func (ro *revyOps) authenticate(r *http.Request, apiKey string) *mockError {
	header := strings.TrimSpace(r.Header.Get("x-api-key"))
	clientID := strings.TrimSpace(r.URL.Query().Get("client_id"))
	if header == "" && clientID == "" {
		return &mockError{kind: errForbidden, status: http.StatusForbidden, message: "Authentication credentials were not provided."}
	}
	valid := func(s string) bool { return s != "" && subtle.ConstantTimeCompare([]byte(s), []byte(apiKey)) == 1 }
	if !valid(header) && !valid(clientID) {
		return &mockError{kind: errForbidden, status: http.StatusForbidden, message: "Invalid API key."}
	}
	return nil
}

func (ro *revyOps) errorResponse(e *mockError) response {
	detail := e.message
	var header http.Header
	switch e.kind {
	case errBadRequest:
		detail = or(detail, "Invalid data.")
	case errRequired:
		if detail == "" {
			detail = "This field is required."
			if e.field != "" {
				detail = e.field + ": " + detail
			}
		}
	case errUnauthorized:
		detail = or(detail, "Company does not belong to this client.")
	case errForbidden:
		detail = or(detail, "Authentication credentials were not provided.")
	case errNotFound:
		detail = or(detail, "Not found.")
	case errMethodNotAllowed:
		detail = "Method not allowed."
		if e.field != "" {
			header = http.Header{"Allow": []string{e.field}}
		}
	case errConflict:
		detail = or(detail, "A contact with this email or LinkedIn URL already exists for this client.")
	case errRateLimited:
		detail = or(detail, "Request was throttled.")
	case errInternal:
		detail = or(detail, "A server error occurred.")
	case errUnavailable:
		detail = or(detail, "Service temporarily unavailable, try again later.")
	default:
		detail = or(detail, http.StatusText(e.status))
	}
	resp := roDetail(e.status, detail)
	resp.header = header
	return resp
}

// rateLimitHeaders: RevyOps enforces no rate (documented); when the mock is told to limit it, a 429
// carries Retry-After in seconds (assumed).
func (ro *revyOps) rateLimitHeaders(h http.Header, rl rateLimitInfo) {
	if rl.limited {
		h.Set("Retry-After", retryAfterSeconds(rl.now, rl.reset))
	}
}

// precheck gives RevyOps' own wording to the checks the OpenAPI validation would word generically, and
// applies the ones the description cannot express (the field value limit counts characters; the
// description of the request, as in the seed, has no limit).
func (ro *revyOps) precheck(req *vendorRequest) *mockError {
	key := req.method + " " + req.route
	switch key {
	case roListContacts:
		for _, p := range []string{"page", "page_size"} {
			v := req.query.Get(p)
			if v == "" {
				continue
			}
			if n, err := strconv.Atoi(v); err != nil || n < 1 {
				if p == "page" {
					return &mockError{kind: errNotFound, status: http.StatusNotFound, message: "Invalid page."}
				}
				return roBad("page_size: A valid integer is required.")
			}
		}
		return nil
	case roCreateContact, roUpdateContact:
	default:
		return nil
	}
	var obj map[string]any
	if err := json.Unmarshal(req.body, &obj); err != nil || obj == nil {
		return nil // not a JSON object: the OpenAPI validation words that
	}
	if _, present := obj["email"]; !present && key == roCreateContact {
		return &mockError{kind: errRequired, status: http.StatusBadRequest, field: "email", message: "email: This field is required."}
	}
	if s, ok := obj["email"].(string); ok {
		if _, ok := roNormalizeEmail(s); !ok {
			return roBad("email: Enter a valid email address.")
		}
	}
	if list, ok := obj["contact_custom_fields"].([]any); ok {
		for i, item := range list {
			f, ok := item.(map[string]any)
			if !ok {
				continue
			}
			if name, ok := f["field_name"].(string); ok && strings.TrimSpace(name) == "" {
				return roBad(fmt.Sprintf("contact_custom_fields[%d].field_name: This field may not be blank.", i))
			}
			if v, ok := f["field_value"].(string); ok && utf8.RuneCountInString(v) > roFieldValueMax {
				return roBad(fmt.Sprintf("contact_custom_fields[%d].field_value: Ensure this field has no more than %d characters.", i, roFieldValueMax))
			}
		}
	}
	return nil
}

func roBad(detail string) *mockError {
	return &mockError{kind: errBadRequest, status: http.StatusBadRequest, message: detail}
}

// roNormalizeEmail trims the address and checks that it is a bare address. RevyOps keeps the letter
// case it was given; uniqueness and the email filter ignore it (assumed).
func roNormalizeEmail(s string) (string, bool) {
	t := strings.TrimSpace(s)
	a, err := mail.ParseAddress(t)
	if err != nil || a.Address != t || a.Name != "" {
		return "", false
	}
	return t, true
}

// roLinkedInKey is the form in which two LinkedIn URLs are the same profile: letter case and a
// trailing slash ignored (assumed). An empty URL is no profile and never conflicts.
func roLinkedInKey(s string) string {
	return strings.TrimRight(strings.ToLower(strings.TrimSpace(s)), "/")
}

// roBody is the create/update body. Types were checked by the OpenAPI validation; nil means absent.
type roBody struct {
	Email         *string         `json:"email"`
	LinkedInURL   *string         `json:"linkedin_url"`
	FirstName     *string         `json:"first_name"`
	LastName      *string         `json:"last_name"`
	CompanyID     json.RawMessage `json:"company_id"`
	Origin        *string         `json:"origin"`
	ContactStatus *string         `json:"contact_status"`
	CustomFields  []struct {
		Name  string  `json:"field_name"`
		Value *string `json:"field_value"`
	} `json:"contact_custom_fields"`
}

func (ro *revyOps) handle(req *vendorRequest) response {
	switch req.method + " " + req.route {
	case roListContacts:
		return ro.listContacts(req)
	case roCreateContact:
		return ro.createContact(req)
	case roGetContact:
		return ro.getContact(req)
	case roUpdateContact:
		return ro.updateContact(req)
	case roDeleteContact:
		return ro.deleteContactOp(req)
	}
	return roDetail(http.StatusNotFound, "Not found.")
}

func (ro *revyOps) pathContact(req *vendorRequest) (*roContact, *response) {
	id, err := strconv.ParseInt(req.pathParams["contact_id"], 10, 64)
	c := ro.contactByID[id]
	if err != nil || c == nil {
		r := roDetail(http.StatusNotFound, "Not found.") // documented wording
		return nil, &r
	}
	return c, nil
}

func roDecodeBody(req *vendorRequest) (roBody, *response) {
	var body roBody
	if err := json.Unmarshal(req.body, &body); err != nil {
		r := roDetail(http.StatusBadRequest, "Invalid data. "+err.Error())
		return body, &r
	}
	return body, nil
}

// resolveCompany turns a request's company_id (an integer, a domain string or null) into a company id
// of this client: nil for null. An unknown id or domain answers 400 (assumed); a company of another
// client 401 (seed).
func resolveCompany(raw json.RawMessage) (id *int64, present bool, errResp *response) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil, false, nil
	}
	if bytes.Equal(raw, []byte("null")) {
		return nil, true, nil
	}
	fail := func(status int, detail string) (*int64, bool, *response) {
		r := roDetail(status, detail)
		return nil, true, &r
	}
	var n int64
	if err := json.Unmarshal(raw, &n); err == nil {
		for _, co := range RevyOpsCompanies {
			if co.ID == n {
				if !co.Own {
					return fail(http.StatusUnauthorized, "Company does not belong to this client.")
				}
				return &n, true, nil
			}
		}
		return fail(http.StatusBadRequest, fmt.Sprintf("company_id: Invalid pk \"%d\" - object does not exist.", n))
	}
	var domain string
	if err := json.Unmarshal(raw, &domain); err != nil {
		return fail(http.StatusBadRequest, "company_id: must be an integer id or a domain.")
	}
	d := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(domain)), ".")
	for _, co := range RevyOpsCompanies {
		if co.Domain == d {
			if !co.Own {
				return fail(http.StatusUnauthorized, "Company does not belong to this client.")
			}
			id := co.ID
			return &id, true, nil
		}
	}
	return fail(http.StatusBadRequest, fmt.Sprintf("company_id: No company with domain %q.", domain))
}

// roSameEmail is RevyOps' email comparison for uniqueness and the email filter: trimmed, ignoring
// letter case with Unicode simple case folding (assumed; the stored address keeps its case).
func roSameEmail(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// conflict reports the 409 (documented) for an email or LinkedIn URL another contact has.
func (ro *revyOps) conflict(self *roContact, email, linkedIn *string) *response {
	for _, o := range ro.contactByID {
		if o == self {
			continue
		}
		if email != nil && roSameEmail(o.email, *email) {
			r := roDetail(http.StatusConflict, "A contact with this email already exists for this client.")
			return &r
		}
		if linkedIn != nil && roLinkedInKey(*linkedIn) != "" && roLinkedInKey(o.linkedInURL) == roLinkedInKey(*linkedIn) {
			r := roDetail(http.StatusConflict, "A contact with this LinkedIn URL already exists for this client.")
			return &r
		}
	}
	return nil
}

func (ro *revyOps) createContact(req *vendorRequest) response {
	body, errResp := roDecodeBody(req)
	if errResp != nil {
		return *errResp
	}
	email, ok := roNormalizeEmail(*body.Email)
	if !ok {
		return roDetail(http.StatusBadRequest, "email: Enter a valid email address.")
	}
	companyID, _, errResp := resolveCompany(body.CompanyID)
	if errResp != nil {
		return *errResp
	}
	if r := ro.conflict(nil, &email, body.LinkedInURL); r != nil {
		return *r
	}
	ro.seq++
	c := &roContact{id: ro.nextID, seq: ro.seq, email: email, companyID: companyID, updated: req.now}
	ro.nextID++
	c.setStrings(body.LinkedInURL, body.FirstName, body.LastName, body.Origin)
	if body.ContactStatus != nil {
		c.contactStatus = *body.ContactStatus // the first status is not a status change
	}
	for _, f := range body.CustomFields {
		ro.setField(c, f.Name, f.Value, req.now)
	}
	ro.contactByID[c.id] = c
	return jsonResponse(http.StatusCreated, c.wire(req.query.Get("structure")))
}

func (ro *revyOps) getContact(req *vendorRequest) response {
	c, errResp := ro.pathContact(req)
	if errResp != nil {
		return *errResp
	}
	return jsonResponse(http.StatusOK, c.wire(req.query.Get("structure")))
}

func (ro *revyOps) updateContact(req *vendorRequest) response {
	c, errResp := ro.pathContact(req)
	if errResp != nil {
		return *errResp
	}
	body, errResp := roDecodeBody(req)
	if errResp != nil {
		return *errResp
	}
	var email *string
	if body.Email != nil {
		e, ok := roNormalizeEmail(*body.Email)
		if !ok {
			return roDetail(http.StatusBadRequest, "email: Enter a valid email address.")
		}
		email = &e
	}
	companyID, companySent, errResp := resolveCompany(body.CompanyID)
	if errResp != nil {
		return *errResp
	}
	if r := ro.conflict(c, email, body.LinkedInURL); r != nil {
		return *r
	}
	if email != nil {
		c.email = *email
	}
	if companySent {
		c.companyID = companyID
	}
	c.setStrings(body.LinkedInURL, body.FirstName, body.LastName, body.Origin)
	if body.ContactStatus != nil {
		c.setStatus(*body.ContactStatus, req.now)
	}
	for _, f := range body.CustomFields {
		ro.setField(c, f.Name, f.Value, req.now)
	}
	c.touch(req.now)
	return jsonResponse(http.StatusOK, c.wire(req.query.Get("structure")))
}

func (ro *revyOps) deleteContactOp(req *vendorRequest) response {
	c, errResp := ro.pathContact(req)
	if errResp != nil {
		return *errResp
	}
	delete(ro.contactByID, c.id)
	return response{status: http.StatusOK} // documented status; empty body assumed
}

func (ro *revyOps) listContacts(req *vendorRequest) response {
	q := req.query
	email := strings.TrimSpace(q.Get("email"))
	domain := strings.ToLower(strings.TrimSpace(q.Get("domain")))
	first := strings.ToLower(q.Get("firstname"))
	last := strings.ToLower(q.Get("lastname"))
	var selected []*roContact
	for _, c := range ro.contactByID {
		switch {
		case email != "" && !roSameEmail(c.email, email):
		case domain != "" && roCompanyDomain(c.companyID) != domain:
		case first != "" && !strings.Contains(strings.ToLower(c.firstName), first):
		case last != "" && !strings.Contains(strings.ToLower(c.lastName), last):
		default:
			selected = append(selected, c)
		}
	}
	sort.Slice(selected, func(i, j int) bool { return selected[i].id < selected[j].id })

	page, size := 1, roPageSizeDefault
	if v := q.Get("page"); v != "" {
		page, _ = strconv.Atoi(v) // precheck made sure it is a positive integer
	}
	if v := q.Get("page_size"); v != "" {
		size, _ = strconv.Atoi(v)
		size = min(size, roPageSizeMax) // capped silently, as the framework the API is built on does
	}
	pages := max(1, (len(selected)+size-1)/size)
	if page > pages {
		return roDetail(http.StatusNotFound, "Invalid page.")
	}
	start := (page - 1) * size
	end := min(start+size, len(selected))
	results := make([]roContactJSON, 0, end-start)
	for _, c := range selected[start:end] {
		results = append(results, c.wire(q.Get("structure")))
	}
	link := func(p int) *string {
		if p < 1 || p > pages {
			return nil
		}
		lq := url.Values{}
		for k, vs := range q {
			lq[k] = append([]string(nil), vs...)
		}
		lq.Set("page", strconv.Itoa(p))
		s := "/revyops" + contactsRoutePath + "?" + lq.Encode()
		return &s
	}
	return jsonResponse(http.StatusOK, struct {
		Count    int             `json:"count"`
		Next     *string         `json:"next"`
		Previous *string         `json:"previous"`
		Results  []roContactJSON `json:"results"`
	}{len(selected), link(page + 1), link(page - 1), results})
}

// contactsRoutePath is the list route's path, for the page links (path-absolute on the mock; the real
// service likely answers absolute URLs: assumed either way, clients should only test for null).
const contactsRoutePath = "/public/v2/contacts"

func roCompanyDomain(id *int64) string {
	if id == nil {
		return ""
	}
	for _, co := range RevyOpsCompanies {
		if co.ID == *id {
			return co.Domain
		}
	}
	return ""
}

// setStrings applies the optional string fields that are present; "" clears one (assumed).
func (c *roContact) setStrings(linkedIn, first, last, origin *string) {
	for _, f := range []struct {
		dst *string
		src *string
	}{{&c.linkedInURL, linkedIn}, {&c.firstName, first}, {&c.lastName, last}, {&c.origin, origin}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
}

// setStatus changes contact_status, keeping the previous one and when it changed (seed read-only
// fields previous_status and status_changed_at; their behaviour is assumed).
func (c *roContact) setStatus(status string, now time.Time) {
	if status == c.contactStatus {
		return
	}
	prev := c.contactStatus
	c.previousStatus = &prev
	t := now
	c.statusChangedAt = &t
	c.contactStatus = status
}

// setField sets or, for a nil value, clears (assumed) one custom field of c.
func (ro *revyOps) setField(c *roContact, name string, value *string, now time.Time) {
	for i, f := range c.fields {
		if f.name != name {
			continue
		}
		if value == nil {
			c.fields = append(c.fields[:i:i], c.fields[i+1:]...)
			return
		}
		if f.value != *value {
			f.value, f.updated = *value, now
		}
		return
	}
	if value == nil {
		return
	}
	c.fields = append(c.fields, &roField{id: ro.nextFieldID, name: name, value: *value, updated: now})
	ro.nextFieldID++
}

// touch bumps updated_time, strictly increasing so a change is always visible.
func (c *roContact) touch(now time.Time) {
	if !now.After(c.updated) {
		now = c.updated.Add(time.Microsecond)
	}
	c.updated = now
}

// roTime is the answers' date-time format: RFC 3339 in UTC with microseconds (assumed).
func roTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z07:00") }

func roTimePtr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := roTime(*t)
	return &s
}

// roContactJSON is the contact as RevyOps answers it (seed: ContactPatchResponseV2).
type roContactJSON struct {
	ID                     int64   `json:"id"`
	UpdatedTime            string  `json:"updated_time"`
	Email                  string  `json:"email"`
	LinkedInURL            string  `json:"linkedin_url"`
	FirstName              string  `json:"first_name"`
	LastName               string  `json:"last_name"`
	CompanyID              *int64  `json:"company_id"`
	CustomFields           any     `json:"contact_custom_fields"`
	Origin                 string  `json:"origin"`
	ContactStatus          string  `json:"contact_status"`
	FirstCampaignEmailSent *string `json:"first_campaign_email_sent"`
	LastCampaignEmailSent  *string `json:"last_campaign_email_sent"`
	LastReplyReceived      *string `json:"last_reply_received"`
	PreviousStatus         *string `json:"previous_status"`
	StatusChangedAt        *string `json:"status_changed_at"`
}

// roFieldJSON is one custom field in the NESTED structure (seed: ContactCustomFields).
type roFieldJSON struct {
	ID          int64  `json:"id"`
	UpdatedTime string `json:"updated_time"`
	FieldName   string `json:"field_name"`
	FieldValue  string `json:"field_value"`
}

// wire renders c with its custom fields in the given structure (seed: NESTED unless FLAT is asked).
func (c *roContact) wire(structure string) roContactJSON {
	var fields any
	if structure == "FLAT" {
		flat := make(map[string]string, len(c.fields))
		for _, f := range c.fields {
			flat[f.name] = f.value
		}
		fields = flat
	} else {
		nested := make([]roFieldJSON, 0, len(c.fields))
		for _, f := range c.fields {
			nested = append(nested, roFieldJSON{ID: f.id, UpdatedTime: roTime(f.updated), FieldName: f.name, FieldValue: f.value})
		}
		fields = nested
	}
	return roContactJSON{
		ID:                     c.id,
		UpdatedTime:            roTime(c.updated),
		Email:                  c.email,
		LinkedInURL:            c.linkedInURL,
		FirstName:              c.firstName,
		LastName:               c.lastName,
		CompanyID:              c.companyID,
		CustomFields:           fields,
		Origin:                 c.origin,
		ContactStatus:          c.contactStatus,
		FirstCampaignEmailSent: roTimePtr(c.firstCampaignEmailSent),
		LastCampaignEmailSent:  roTimePtr(c.lastCampaignEmailSent),
		LastReplyReceived:      roTimePtr(c.lastReplyReceived),
		PreviousStatus:         c.previousStatus,
		StatusChangedAt:        roTimePtr(c.statusChangedAt),
	}
}

// toMap is the contact as RevyOps answers it with structure=NESTED, as a map (for Server.Contacts and
// the control endpoints).
func (c *roContact) toMap() map[string]any {
	var m map[string]any
	b, _ := json.Marshal(c.wire("NESTED"))
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	_ = d.Decode(&m)
	// Integers as int64, so callers compare ids without going through float64.
	m["id"] = c.id
	if c.companyID != nil {
		m["company_id"] = *c.companyID
	}
	if list, ok := m["contact_custom_fields"].([]any); ok {
		for i, item := range list {
			if f, ok := item.(map[string]any); ok {
				f["id"] = c.fields[i].id
			}
		}
	}
	return m
}

func (ro *revyOps) contacts() []map[string]any {
	list := make([]*roContact, 0, len(ro.contactByID))
	for _, c := range ro.contactByID {
		list = append(list, c)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].seq < list[j].seq })
	out := make([]map[string]any, 0, len(list))
	for _, c := range list {
		out = append(out, c.toMap())
	}
	return out
}

// patchContact merges out-of-band changes, as RevyOps' own app, campaigns or other integrations make
// them:
//
// in the shape the store's GET shows (the NESTED structure):
//
//   - email (string, stored trimmed), linkedin_url, first_name, last_name, origin, contact_status:
//     string (null clears; a new contact_status records previous_status and status_changed_at);
//   - company_id: integer or null (any integer: another system may store anything);
//   - contact_custom_fields: [{field_name, field_value}] as the GET shows them, setting each field
//     named (field_value null clears it; fields not named are left alone, as the API's PATCH does);
//     "id" and "updated_time" may be sent back as shown;
//   - first_campaign_email_sent, last_campaign_email_sent, last_reply_received, status_changed_at:
//     RFC 3339 string or null; previous_status: string or null;
//   - the read-only id and updated_time, when they are as shown.
//
// Its own shorthand custom_fields, an object of field name -> string (set) or null (clear), stays.
func (ro *revyOps) patchContact(id string, fields map[string]any, now time.Time) (map[string]any, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	c := ro.contactByID[n]
	if err != nil || c == nil {
		return nil, fmt.Errorf("%w: revyops %q", ErrNotFound, id)
	}
	next := *c
	next.fields = make([]*roField, 0, len(c.fields))
	for _, f := range c.fields {
		cp := *f
		next.fields = append(next.fields, &cp)
	}
	savedFieldID := ro.nextFieldID
	if err := ro.applyOutOfBand(c, &next, fields, now); err != nil {
		ro.nextFieldID = savedFieldID
		return nil, err
	}
	*c = next
	c.touch(now)
	return c.toMap(), nil
}

// applyOutOfBand applies patchContact's fields to next, a copy of c.
func (ro *revyOps) applyOutOfBand(c, next *roContact, fields map[string]any, now time.Time) error {
	optString := func(k string, v any) (string, error) {
		switch t := v.(type) {
		case nil:
			return "", nil
		case string:
			return t, nil
		}
		return "", fmt.Errorf("%w: %s must be a string or null", ErrBadField, k)
	}
	optTime := func(k string, v any) (*time.Time, error) {
		switch t := v.(type) {
		case nil:
			return nil, nil
		case string:
			if tm, err := time.Parse(time.RFC3339Nano, t); err == nil {
				return &tm, nil
			}
		}
		return nil, fmt.Errorf("%w: %s must be an RFC 3339 date-time or null", ErrBadField, k)
	}
	current := c.toMap()
	for k, v := range fields {
		switch k {
		case "id", "updated_time":
			if err := readOnlyAsShown("revyops", k, v, current[k]); err != nil {
				return err
			}
		case "email":
			s, ok := v.(string)
			if !ok {
				return fmt.Errorf("%w: email must be a string", ErrBadField)
			}
			s = strings.TrimSpace(s)
			if r := ro.conflict(c, &s, nil); r != nil {
				return fmt.Errorf("%w: email %q is used by another contact", ErrConflict, s)
			}
			next.email = s
		case "linkedin_url", "first_name", "last_name", "origin":
			s, err := optString(k, v)
			if err != nil {
				return err
			}
			switch k {
			case "linkedin_url":
				if r := ro.conflict(c, nil, &s); r != nil {
					return fmt.Errorf("%w: linkedin_url %q is used by another contact", ErrConflict, s)
				}
				next.linkedInURL = s
			case "first_name":
				next.firstName = s
			case "last_name":
				next.lastName = s
			case "origin":
				next.origin = s
			}
		case "contact_status":
			s, err := optString(k, v)
			if err != nil {
				return err
			}
			next.setStatus(s, now)
		case "company_id":
			switch t := v.(type) {
			case nil:
				next.companyID = nil
			case float64:
				id := int64(t)
				next.companyID = &id
			case int:
				id := int64(t)
				next.companyID = &id
			case int64:
				next.companyID = &t
			default:
				return fmt.Errorf("%w: company_id must be an integer or null", ErrBadField)
			}
		case "custom_fields":
			m, ok := v.(map[string]any)
			if !ok {
				return fmt.Errorf("%w: custom_fields must be an object of name -> string or null", ErrBadField)
			}
			names := make([]string, 0, len(m))
			for name := range m {
				names = append(names, name)
			}
			sort.Strings(names)
			for _, name := range names {
				switch fv := m[name].(type) {
				case nil:
					ro.setField(next, name, nil, now)
				case string:
					ro.setField(next, name, &fv, now)
				default:
					return fmt.Errorf("%w: custom_fields[%q] must be a string or null", ErrBadField, name)
				}
			}
		case "contact_custom_fields":
			if err := ro.applyFieldList(next, v, now); err != nil {
				return err
			}
		case "previous_status":
			switch t := v.(type) {
			case nil:
				next.previousStatus = nil
			case string:
				next.previousStatus = &t
			default:
				return fmt.Errorf("%w: previous_status must be a string or null", ErrBadField)
			}
		case "first_campaign_email_sent", "last_campaign_email_sent", "last_reply_received", "status_changed_at":
			t, err := optTime(k, v)
			if err != nil {
				return err
			}
			switch k {
			case "first_campaign_email_sent":
				next.firstCampaignEmailSent = t
			case "last_campaign_email_sent":
				next.lastCampaignEmailSent = t
			case "status_changed_at":
				next.statusChangedAt = t
			default:
				next.lastReplyReceived = t
			}
		default:
			return fmt.Errorf("%w: revyops contacts have no field %q (email, linkedin_url, first_name, last_name, origin, "+
				"contact_status, company_id, contact_custom_fields or the shorthand custom_fields, first_campaign_email_sent, "+
				"last_campaign_email_sent, last_reply_received, previous_status, status_changed_at)", ErrBadField, k)
		}
	}
	return nil
}

// applyFieldList applies a store PATCH's contact_custom_fields, the list as the store's GET shows it.
func (ro *revyOps) applyFieldList(next *roContact, v any, now time.Time) error {
	items, ok := v.([]any)
	if !ok {
		return fmt.Errorf("%w: contact_custom_fields must be a list of {field_name, field_value}", ErrBadField)
	}
	for i, item := range items {
		f, ok := item.(map[string]any)
		if !ok {
			return fmt.Errorf("%w: contact_custom_fields[%d] must be an object", ErrBadField, i)
		}
		name, ok := f["field_name"].(string)
		if !ok {
			return fmt.Errorf("%w: contact_custom_fields[%d].field_name must be a string", ErrBadField, i)
		}
		var shown map[string]any // the field as the GET shows it, if the contact has it
		for _, have := range next.fields {
			if have.name == name {
				shown = map[string]any{"id": have.id, "updated_time": roTime(have.updated)}
			}
		}
		for _, key := range []string{"id", "updated_time"} {
			sent, present := f[key]
			if !present {
				continue
			}
			if shown == nil {
				return fmt.Errorf("%w: contact_custom_fields[%d].%s is read-only and field %q does not exist yet: leave it out",
					ErrBadField, i, key, name)
			}
			if err := readOnlyAsShown("revyops", fmt.Sprintf("contact_custom_fields[%d].%s", i, key), sent, shown[key]); err != nil {
				return err
			}
		}
		switch fv := f["field_value"].(type) {
		case nil:
			ro.setField(next, name, nil, now)
		case string:
			ro.setField(next, name, &fv, now)
		default:
			return fmt.Errorf("%w: contact_custom_fields[%d].field_value must be a string or null", ErrBadField, i)
		}
	}
	return nil
}

func (ro *revyOps) deleteContact(id string) error {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || ro.contactByID[n] == nil {
		return fmt.Errorf("%w: revyops %q", ErrNotFound, id)
	}
	delete(ro.contactByID, n)
	return nil
}
