package mockapi

// Bland AI (shared/vendors.md section 2). Grades: seed = in the vendor's seed page ("Update Contact");
// documented = Bland's public API reference; assumed = chosen by the project.

import (
	"bytes"
	"crypto/subtle"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"net/mail"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/nyaruka/phonenumbers"
)

//go:embed openapi/bland.yaml
var blandSpec []byte

const (
	// BlandOrgID is the organization every mock contact belongs to (the documented example org id).
	BlandOrgID = "11111111-2222-3333-4444-555555555555"

	blandListDefaultLimit = 50  // documented
	blandListMaxLimit     = 200 // documented
	blandTimeLayout       = "2006-01-02T15:04:05.000Z"
)

// Bland operations, keyed "METHOD template" as in openapi/bland.yaml. All documented; the PATCH body
// is the seed's.
const (
	blOpResolve = "POST /v1/contacts/resolve"
	blOpFind    = "POST /v1/contacts/find"
	blOpMerge   = "POST /v1/contacts/merge"
	blOpList    = "GET /v1/contacts"
	blOpGet     = "GET /v1/contacts/{contact_id}"
	blOpUpdate  = "PATCH /v1/contacts/{contact_id}"
)

// Identifier types (documented), in the order resolve and find look them up (assumed).
var blIdentifierTypes = []string{"phone_number", "email", "external_id"}

type bland struct {
	byID  map[string]*blContact
	index map[blKey]string // identifier -> contact id; an identifier belongs to one contact (assumed)
	seq   int64            // creation order
}

type blKey struct{ typ, value string }

type blContact struct {
	id          string
	name        *string
	metadata    map[string]json.RawMessage
	identifiers []*blIdentifier
	created     time.Time
	updated     time.Time
	seq         int64
}

type blIdentifier struct {
	id      string
	typ     string
	value   string
	primary bool
}

func newBland(time.Time) *bland {
	b := &bland{}
	b.reset(time.Time{})
	return b
}

func (b *bland) name() string { return "bland" }
func (b *bland) spec() []byte { return blandSpec }

func (b *bland) reset(time.Time) {
	b.byID = map[string]*blContact{}
	b.index = map[blKey]string{}
	b.seq = 0
}

// blEnvelope is every answer's shape (seed): {"data": ..., "errors": null | [{"error","message"}]}.
type blEnvelope struct {
	Data   any           `json:"data"`
	Errors []blErrorItem `json:"errors"`
}

type blErrorItem struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

// blData is a success in Bland's envelope: Bland answers 200 to every success, a create included.
func blData(data any) response {
	return jsonResponse(http.StatusOK, blEnvelope{Data: data})
}

func blError(status int, code, message string) response {
	return jsonResponse(status, blEnvelope{Errors: []blErrorItem{{code, message}}})
}

func blNotFound() response { return blError(http.StatusNotFound, "NOT_FOUND", "Contact not found") } // seed

func blBadRequest(message string) response {
	return blError(http.StatusBadRequest, "BAD_REQUEST", message) // documented code
}

// authenticate: authorization: <api-key>, the raw key (documented). Missing or wrong: 401
// UNAUTHORIZED (assumed); a "Bearer " prefix makes the key wrong.
func (b *bland) authenticate(r *http.Request, apiKey string) *mockError {
	key := strings.TrimSpace(r.Header.Get("Authorization"))
	if key == "" {
		return &mockError{kind: errUnauthorized, status: http.StatusUnauthorized, message: "Missing API key"}
	}
	if subtle.ConstantTimeCompare([]byte(key), []byte(apiKey)) != 1 {
		return &mockError{kind: errUnauthorized, status: http.StatusUnauthorized, message: "Invalid API key"}
	}
	return nil
}

// errorResponse renders mock-level errors in the envelope. Codes other than NOT_FOUND (seed) and
// BAD_REQUEST (documented) are assumed.
func (b *bland) errorResponse(e *mockError) response {
	code, message := e.code, e.message
	var header http.Header
	switch e.kind {
	case errBadRequest, errRequired:
		code, message = or(code, "BAD_REQUEST"), or(message, "Bad request")
	case errUnauthorized:
		code, message = or(code, "UNAUTHORIZED"), or(message, "Invalid API key")
	case errForbidden:
		code, message = or(code, "FORBIDDEN"), or(message, "Forbidden")
	case errNotFound:
		code, message = or(code, "NOT_FOUND"), or(message, "Not found")
	case errMethodNotAllowed:
		code, message = or(code, "METHOD_NOT_ALLOWED"), or(message, "Method not allowed")
		if e.field != "" {
			header = http.Header{"Allow": []string{e.field}}
		}
	case errConflict:
		code, message = or(code, "CONFLICT"), or(message, "Conflict")
	case errRateLimited:
		code, message = or(code, "TOO_MANY_REQUESTS"), or(message, "Too many requests")
	case errInternal:
		code, message = or(code, "INTERNAL_SERVER_ERROR"), or(message, "Internal server error")
	case errUnavailable:
		code, message = or(code, "SERVICE_UNAVAILABLE"), or(message, "Service unavailable")
	default:
		code, message = or(code, "ERROR"), or(message, http.StatusText(e.status))
	}
	resp := blError(e.status, code, message)
	resp.header = header
	return resp
}

// rateLimitHeaders: 429 carries Retry-After in seconds (assumed).
func (b *bland) rateLimitHeaders(h http.Header, rl rateLimitInfo) {
	if rl.limited {
		h.Set("Retry-After", retryAfterSeconds(rl.now, rl.reset))
	}
}

// precheck words Bland's own rules before the OpenAPI validation: resolve and find need at least one
// identifier (documented), and a PATCH cannot change a phone number (assumed).
func (b *bland) precheck(req *vendorRequest) *mockError {
	key := req.method + " " + req.route
	switch key {
	case blOpResolve, blOpFind, blOpUpdate:
	default:
		return nil
	}
	var obj map[string]any
	if err := json.Unmarshal(req.body, &obj); err != nil || obj == nil {
		return nil // not a JSON object: the OpenAPI validation words that
	}
	bad := func(field, msg string) *mockError {
		return &mockError{kind: errBadRequest, status: http.StatusBadRequest, field: field, message: msg}
	}
	if key == blOpUpdate {
		if _, ok := obj["phone_number"]; ok {
			return bad("phone_number", "phone_number cannot be changed; resolve a new contact with the new phone number instead")
		}
		return nil
	}
	for _, t := range blIdentifierTypes {
		if v, ok := obj[t]; ok && v != nil {
			return nil
		}
	}
	return bad("", "At least one identifier (phone_number, email or external_id) is required")
}

// blNormalizeIdentifier returns an identifier as Bland stores and compares it, or the reason Bland
// refuses it (400 BAD_REQUEST). All assumed: Bland documents no rule for contacts' identifiers.
//
//   - Every identifier is trimmed and may not be blank.
//   - An email must be a plain address, local@domain (no display name, brackets, comments or
//     quoting), and is stored lower-cased (strings.ToLower).
//   - A phone number is read as Bland documents for the numbers it calls, and stored in E.164 form:
//     see blNormalizePhone.
//   - An external id is stored as given, trimmed.
func blNormalizeIdentifier(typ, value string) (string, error) {
	v := strings.TrimSpace(value)
	if v == "" {
		return "", fmt.Errorf("%s may not be blank", typ)
	}
	switch typ {
	case "email":
		if a, err := mail.ParseAddress(v); err != nil || a.Name != "" || a.Address != v {
			return "", fmt.Errorf("email %q is not a valid email address", value)
		}
		return strings.ToLower(v), nil
	case "phone_number":
		return blNormalizePhone(v)
	}
	return v, nil
}

// blPhoneShape is what Bland's documented examples of phone numbers allow: digits with spaces,
// dashes, dots and parentheses, and a plus sign only in front ("formatting is flexible"; letters and
// extensions are invalid).
var blPhoneShape = regexp.MustCompile(`^\+?[0-9 ().-]+$`)

// blNormalizePhone reads a trimmed phone number as Bland documents for the numbers it calls (assumed
// for contacts): with a leading +, the country code follows; without one, the number is a US number
// ("country code defaults to +1") and must then have 10 digits ("12223334444" and "552223334444" are
// documented as invalid). The stored form is E.164, so every way of writing a number finds the same
// contact.
func blNormalizePhone(v string) (string, error) {
	if !blPhoneShape.MatchString(v) {
		return "", fmt.Errorf("phone_number %q may hold only digits, spaces, dashes, dots, parentheses and a leading +", v)
	}
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, v)
	e164 := v
	if !strings.HasPrefix(v, "+") {
		if len(digits) != 10 {
			return "", fmt.Errorf("phone_number %q has no country code and is not a 10-digit US number", v)
		}
		e164 = "+1" + digits
	}
	n, err := phonenumbers.Parse(e164, "")
	if err != nil {
		return "", fmt.Errorf("phone_number %q is not a valid phone number", v)
	}
	return phonenumbers.Format(n, phonenumbers.E164), nil
}

// blIdentifiersBody is the identifier part of resolve and find bodies (documented).
type blIdentifiersBody struct {
	PhoneNumber *string `json:"phone_number"`
	Email       *string `json:"email"`
	ExternalID  *string `json:"external_id"`
}

// given lists the identifiers present in the body, in lookup order, normalized; an identifier Bland
// refuses gives an error.
func (ib blIdentifiersBody) given() ([]blKey, error) {
	var out []blKey
	for i, p := range []*string{ib.PhoneNumber, ib.Email, ib.ExternalID} {
		if p == nil {
			continue
		}
		v, err := blNormalizeIdentifier(blIdentifierTypes[i], *p)
		if err != nil {
			return nil, err
		}
		out = append(out, blKey{blIdentifierTypes[i], v})
	}
	return out, nil
}

// lookup returns the contact holding the first of keys that any contact holds.
func (b *bland) lookup(keys []blKey) *blContact {
	for _, k := range keys {
		if id, ok := b.index[k]; ok {
			return b.byID[id]
		}
	}
	return nil
}

func (b *bland) handle(req *vendorRequest) response {
	switch req.method + " " + req.route {
	case blOpResolve:
		return b.resolve(req)
	case blOpFind:
		return b.find(req)
	case blOpMerge:
		return b.merge(req)
	case blOpList:
		return b.list(req)
	case blOpGet:
		return b.get(req)
	case blOpUpdate:
		return b.update(req)
	}
	return blError(http.StatusNotFound, "NOT_FOUND", "Not found")
}

// resolve finds the contact holding any of the identifiers (looked up phone number first, then email,
// then external id: assumed) and returns it unchanged with created false (assumed: name and metadata
// are applied only to a new contact). Otherwise it creates the contact with every identifier given,
// each primary for its type. Answers 200 either way (assumed), with the contact as in the documented
// example, without identifiers.
func (b *bland) resolve(req *vendorRequest) response {
	var body struct {
		blIdentifiersBody
		Name     *string                    `json:"name"`
		Metadata map[string]json.RawMessage `json:"metadata"`
	}
	if err := json.Unmarshal(req.body, &body); err != nil {
		return blBadRequest("request body is invalid: " + err.Error())
	}
	keys, err := body.given()
	if err != nil {
		return blBadRequest(err.Error())
	}
	if existing := b.lookup(keys); existing != nil {
		return blData(map[string]any{"contact": existing.wire(false), "created": false})
	}
	b.seq++
	c := &blContact{
		id:       uuid.NewString(),
		name:     body.Name,
		metadata: map[string]json.RawMessage{},
		created:  req.now.UTC(),
		updated:  req.now.UTC(),
		seq:      b.seq,
	}
	for k, v := range body.Metadata {
		if !blIsJSONNull(v) {
			c.metadata[k] = v
		}
	}
	b.byID[c.id] = c
	for _, k := range keys {
		b.addIdentifier(c, k, true)
	}
	return blData(map[string]any{"contact": c.wire(false), "created": true})
}

// find answers the contact (with identifiers) holding any of the identifiers, or data null (documented).
func (b *bland) find(req *vendorRequest) response {
	var body blIdentifiersBody
	if err := json.Unmarshal(req.body, &body); err != nil {
		return blBadRequest("request body is invalid: " + err.Error())
	}
	keys, err := body.given()
	if err != nil {
		return blBadRequest(err.Error())
	}
	if c := b.lookup(keys); c != nil {
		return blData(c.wire(true))
	}
	return blData(nil)
}

func (b *bland) get(req *vendorRequest) response {
	c := b.byID[req.pathParams["contact_id"]]
	if c == nil {
		return blNotFound()
	}
	return blData(c.wire(true))
}

// list pages through the contacts in creation order (documented: limit default 50, max 200, offset;
// pagination {total, limit, offset, has_more} beside data).
func (b *bland) list(req *vendorRequest) response {
	limit, offset := blandListDefaultLimit, 0
	if s := req.query.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > blandListMaxLimit {
			return blBadRequest(fmt.Sprintf("limit must be between 1 and %d", blandListMaxLimit))
		}
		limit = n
	}
	if s := req.query.Get("offset"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return blBadRequest("offset must be a non-negative integer")
		}
		offset = n
	}
	all := b.ordered()
	start := min(offset, len(all))
	end := min(start+limit, len(all))
	page := make([]blContactJSON, 0, end-start)
	for _, c := range all[start:end] {
		page = append(page, c.wire(true))
	}
	return jsonResponse(http.StatusOK, blListJSON{
		Data:       page,
		Pagination: blPagination{Total: len(all), Limit: limit, Offset: offset, HasMore: end < len(all)},
	})
}

// blListJSON is the list answer (documented): the envelope with pagination beside data.
type blListJSON struct {
	Data       []blContactJSON `json:"data"`
	Pagination blPagination    `json:"pagination"`
	Errors     []blErrorItem   `json:"errors"`
}

type blPagination struct {
	Total   int  `json:"total"`
	Limit   int  `json:"limit"`
	Offset  int  `json:"offset"`
	HasMore bool `json:"has_more"`
}

// update is the seed's PATCH: name, email and external_id replace (email and external_id replace the
// primary identifier of their type: assumed), metadata is merged (seed) with a top-level null removing
// the key (assumed). An identifier another contact holds is refused with 400 (assumed). Answers the
// updated contact as in the seed's example, without identifiers.
func (b *bland) update(req *vendorRequest) response {
	c := b.byID[req.pathParams["contact_id"]]
	if c == nil {
		return blNotFound()
	}
	var body struct {
		Name       *string                    `json:"name"`
		Email      *string                    `json:"email"`
		ExternalID *string                    `json:"external_id"`
		Metadata   map[string]json.RawMessage `json:"metadata"`
	}
	if err := json.Unmarshal(req.body, &body); err != nil {
		return blBadRequest("request body is invalid: " + err.Error())
	}
	normalized := map[string]string{}
	for _, typ := range []string{"email", "external_id"} {
		p := map[string]*string{"email": body.Email, "external_id": body.ExternalID}[typ]
		if p == nil {
			continue
		}
		v, err := blNormalizeIdentifier(typ, *p)
		if err != nil {
			return blBadRequest(err.Error())
		}
		if other, taken := b.index[blKey{typ, v}]; taken && other != c.id {
			return blBadRequest(fmt.Sprintf("%s %q is already an identifier of another contact", typ, *p))
		}
		normalized[typ] = v
	}
	for _, typ := range []string{"email", "external_id"} {
		if v, ok := normalized[typ]; ok {
			b.replacePrimary(c, typ, v)
		}
	}
	if body.Name != nil {
		c.name = body.Name
	}
	blMergeMetadata(c.metadata, body.Metadata)
	c.touch(req.now)
	return blData(c.wire(false))
}

// merge moves the duplicate's identifiers to the primary contact (not primary there), merges metadata
// with the primary's values winning, keeps the primary's name unless it is empty, and deletes the
// duplicate (documented). Answers the merged contact as in the documented example, without identifiers.
func (b *bland) merge(req *vendorRequest) response {
	var body struct {
		Primary   string `json:"primary_contact_id"`
		Duplicate string `json:"duplicate_contact_id"`
	}
	if err := json.Unmarshal(req.body, &body); err != nil {
		return blBadRequest("request body is invalid: " + err.Error())
	}
	if body.Primary == body.Duplicate {
		return blBadRequest("primary_contact_id and duplicate_contact_id must differ") // assumed
	}
	p, d := b.byID[body.Primary], b.byID[body.Duplicate]
	if p == nil || d == nil {
		return blNotFound()
	}
	for _, id := range d.identifiers {
		// Primary on the merged contact only when it had no identifier of that type (assumed).
		id.primary = len(p.values(id.typ)) == 0
		p.identifiers = append(p.identifiers, id)
		b.index[blKey{id.typ, id.value}] = p.id
	}
	for k, v := range d.metadata {
		if _, ok := p.metadata[k]; !ok {
			p.metadata[k] = v
		}
	}
	if p.name == nil || *p.name == "" {
		p.name = d.name
	}
	delete(b.byID, d.id)
	p.touch(req.now)
	return blData(p.wire(false))
}

// values lists the contact's identifier values of one type.
func (c *blContact) values(typ string) []string {
	var out []string
	for _, id := range c.identifiers {
		if id.typ == typ {
			out = append(out, id.value)
		}
	}
	return out
}

func (b *bland) addIdentifier(c *blContact, k blKey, primary bool) {
	c.identifiers = append(c.identifiers, &blIdentifier{id: uuid.NewString(), typ: k.typ, value: k.value, primary: primary})
	b.index[k] = c.id
}

// replacePrimary sets the contact's primary identifier of a type to value (normalized), adding it
// when the contact has none of that type.
func (b *bland) replacePrimary(c *blContact, typ, value string) {
	k := blKey{typ, value}
	for i, id := range c.identifiers {
		if id.typ == typ && id.value == k.value {
			// Already one of the contact's identifiers: make it the primary one.
			for _, other := range c.identifiers {
				if other.typ == typ {
					other.primary = false
				}
			}
			c.identifiers[i].primary = true
			return
		}
	}
	for _, id := range c.identifiers {
		if id.typ == typ && id.primary {
			delete(b.index, blKey{typ, id.value})
			id.value = k.value
			b.index[k] = c.id
			return
		}
	}
	b.addIdentifier(c, k, true)
}

// blMergeMetadata applies a metadata update: keys are added or replaced, a JSON null removes the key.
func blMergeMetadata(dst map[string]json.RawMessage, update map[string]json.RawMessage) {
	for k, v := range update {
		if blIsJSONNull(v) {
			delete(dst, k)
		} else {
			dst[k] = v
		}
	}
}

func blIsJSONNull(v json.RawMessage) bool {
	return len(v) == 0 || bytes.Equal(bytes.TrimSpace(v), []byte("null"))
}

// touch bumps updated, strictly increasing (by at least a millisecond) so a change is always visible.
func (c *blContact) touch(now time.Time) {
	next := now.UTC().Truncate(time.Millisecond)
	if !next.After(c.updated) {
		next = c.updated.Truncate(time.Millisecond).Add(time.Millisecond)
	}
	c.updated = next
}

// blContactJSON is the contact object (documented). Identifiers and memories are left out of the
// answers whose documented examples lack them (resolve, PATCH, merge).
type blContactJSON struct {
	ID          string                     `json:"id"`
	OrgID       string                     `json:"org_id"`
	Name        *string                    `json:"name"`
	Metadata    map[string]json.RawMessage `json:"metadata"`
	CreatedAt   string                     `json:"created_at"`
	UpdatedAt   string                     `json:"updated_at"`
	Identifiers *[]blIdentifierJSON        `json:"identifiers,omitempty"`
	Memories    *[]any                     `json:"memories,omitempty"`
}

type blIdentifierJSON struct {
	ID        string `json:"id"`
	ContactID string `json:"contact_id"`
	Type      string `json:"identifier_type"`
	Value     string `json:"identifier_value"`
	IsPrimary bool   `json:"is_primary"`
}

func (c *blContact) wire(full bool) blContactJSON {
	out := blContactJSON{
		ID:        c.id,
		OrgID:     BlandOrgID,
		Name:      c.name,
		Metadata:  c.metadata,
		CreatedAt: c.created.Format(blandTimeLayout),
		UpdatedAt: c.updated.Format(blandTimeLayout),
	}
	if full {
		ids := make([]blIdentifierJSON, 0, len(c.identifiers))
		for _, id := range c.identifiers {
			ids = append(ids, blIdentifierJSON{id.id, c.id, id.typ, id.value, id.primary})
		}
		memories := []any{}
		out.Identifiers, out.Memories = &ids, &memories
	}
	return out
}

// toMap is the full contact object as a map (for Server.Contacts and the control endpoints).
func (c *blContact) toMap() map[string]any {
	raw, err := json.Marshal(c.wire(true))
	if err != nil {
		panic(fmt.Sprintf("mockapi: encoding a bland contact: %v", err))
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		panic(fmt.Sprintf("mockapi: decoding a bland contact: %v", err))
	}
	return m
}

func (b *bland) ordered() []*blContact {
	list := make([]*blContact, 0, len(b.byID))
	for _, c := range b.byID {
		list = append(list, c)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].seq < list[j].seq })
	return list
}

func (b *bland) contacts() []map[string]any {
	all := b.ordered()
	out := make([]map[string]any, 0, len(all))
	for _, c := range all {
		out = append(out, c.toMap())
	}
	return out
}

// patchContact applies an out-of-band change, as calls and agents would make it. It takes the shape
// the store's GET shows: "name" (string or null), "metadata" (an object merged like the PATCH: null
// removes a key), "identifiers" (the whole list, [{identifier_type, identifier_value, is_primary}],
// replacing the contact's identifiers; "id" and "contact_id" may be sent back as shown), and the
// read-only "id", "org_id", "created_at", "updated_at" and "memories" when they are as shown. Its
// shorthand "phone_number", "email", "external_id" (strings) replaces the primary identifier of that
// type, which Bland's own systems can do even where the API cannot. Identifier values are stored as
// Bland normalizes them (see blNormalizeIdentifier), or trimmed when Bland would refuse them, since
// another system may store anything.
func (b *bland) patchContact(id string, fields map[string]any, now time.Time) (map[string]any, error) {
	c := b.byID[id]
	if c == nil {
		return nil, fmt.Errorf("%w: bland %q", ErrNotFound, id)
	}
	var (
		name     = c.name
		metadata map[string]json.RawMessage
		idents   = map[string]string{}
		list     []*blIdentifier
		replace  bool
		current  = c.toMap()
	)
	for k, v := range fields {
		switch k {
		case "name":
			switch t := v.(type) {
			case nil:
				name = nil
			case string:
				name = &t
			default:
				return nil, fmt.Errorf("%w: name must be a string or null", ErrBadField)
			}
		case "metadata":
			obj, ok := v.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("%w: metadata must be an object", ErrBadField)
			}
			metadata = make(map[string]json.RawMessage, len(obj))
			for mk, mv := range obj {
				raw, err := json.Marshal(mv)
				if err != nil {
					return nil, fmt.Errorf("%w: metadata.%s: %v", ErrBadField, mk, err)
				}
				metadata[mk] = raw
			}
		case "identifiers":
			var err error
			if list, err = b.identifierList(c, v); err != nil {
				return nil, err
			}
			replace = true
		case "phone_number", "email", "external_id":
			s, ok := v.(string)
			if !ok || strings.TrimSpace(s) == "" {
				return nil, fmt.Errorf("%w: %s must be a non-empty string", ErrBadField, k)
			}
			value := blStoredValue(k, s)
			if other, taken := b.index[blKey{k, value}]; taken && other != c.id {
				return nil, fmt.Errorf("%w: %s %q is an identifier of contact %s", ErrConflict, k, s, other)
			}
			idents[k] = value
		case "id", "org_id", "created_at", "updated_at", "memories":
			if err := readOnlyAsShown("bland", k, v, current[k]); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("%w: bland contacts have no field %q (name, metadata, identifiers, or the shorthand "+
				"phone_number, email, external_id)", ErrBadField, k)
		}
	}
	c.name = name
	blMergeMetadata(c.metadata, metadata)
	if replace {
		for _, ident := range c.identifiers {
			delete(b.index, blKey{ident.typ, ident.value})
		}
		c.identifiers = list
		for _, ident := range list {
			b.index[blKey{ident.typ, ident.value}] = c.id
		}
	}
	for _, typ := range blIdentifierTypes {
		if v, ok := idents[typ]; ok {
			b.replacePrimary(c, typ, v)
		}
	}
	c.touch(now)
	return c.toMap(), nil
}

// blStoredValue is an identifier as Bland's own systems store it: normalized, or trimmed when the API
// would refuse it.
func blStoredValue(typ, value string) string {
	if v, err := blNormalizeIdentifier(typ, value); err == nil {
		return v
	}
	return strings.TrimSpace(value)
}

// identifierList reads a store PATCH's "identifiers": the list as the store's GET shows it.
func (b *bland) identifierList(c *blContact, v any) ([]*blIdentifier, error) {
	items, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%w: identifiers must be a list of {identifier_type, identifier_value, is_primary}", ErrBadField)
	}
	out := make([]*blIdentifier, 0, len(items))
	seen := map[blKey]bool{}
	for i, item := range items {
		obj, ok := item.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%w: identifiers[%d] must be an object", ErrBadField, i)
		}
		typ, _ := obj["identifier_type"].(string)
		if !slices.Contains(blIdentifierTypes, typ) {
			return nil, fmt.Errorf("%w: identifiers[%d].identifier_type must be one of %s", ErrBadField, i, strings.Join(blIdentifierTypes, ", "))
		}
		raw, _ := obj["identifier_value"].(string)
		if strings.TrimSpace(raw) == "" {
			return nil, fmt.Errorf("%w: identifiers[%d].identifier_value must be a non-empty string", ErrBadField, i)
		}
		primary, _ := obj["is_primary"].(bool)
		if p, present := obj["is_primary"]; present && p != nil {
			if _, ok := p.(bool); !ok {
				return nil, fmt.Errorf("%w: identifiers[%d].is_primary must be a boolean", ErrBadField, i)
			}
		}
		if cid, present := obj["contact_id"]; present && cid != c.id {
			return nil, fmt.Errorf("%w: identifiers[%d].contact_id must be this contact's id %s", ErrBadField, i, c.id)
		}
		identID, _ := obj["id"].(string)
		if identID == "" {
			identID = uuid.NewString()
		}
		k := blKey{typ, blStoredValue(typ, raw)}
		if other, taken := b.index[k]; taken && other != c.id {
			return nil, fmt.Errorf("%w: %s %q is an identifier of contact %s", ErrConflict, typ, raw, other)
		}
		if seen[k] {
			return nil, fmt.Errorf("%w: identifiers holds %s %q twice", ErrBadField, typ, raw)
		}
		seen[k] = true
		out = append(out, &blIdentifier{id: identID, typ: typ, value: k.value, primary: primary})
	}
	return out, nil
}

func (b *bland) deleteContact(id string) error {
	c := b.byID[id]
	if c == nil {
		return fmt.Errorf("%w: bland %q", ErrNotFound, id)
	}
	for _, ident := range c.identifiers {
		delete(b.index, blKey{ident.typ, ident.value})
	}
	delete(b.byID, id)
	return nil
}
