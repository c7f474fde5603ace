package mockapi

// Corporate Merch (shared/vendors.md section 4). Grades: seed = in the vendor's seed page ("Update a
// contact"); documented = public docs or integrators; assumed = chosen by the project.
//
// The rules of the seed page are checked here with the mock's own tables (ISO 3166-1 countries, US
// state and Canadian province codes), independently of the provider's plan-time validators, so a
// request the validators should have refused is refused here too.

import (
	"crypto/subtle"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/mail"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed openapi/corporatemerch.yaml
var corporateMerchSpec []byte

// Corporate Merch operations, keyed "METHOD template" as in openapi/corporatemerch.yaml.
const (
	cmCreateContact = "POST /contacts"        // documented
	cmListContacts  = "GET /contacts"         // documented
	cmGetContact    = "GET /contacts/{id}"    // assumed
	cmUpdateContact = "PUT /contacts/{id}"    // assumed (the vendor uses PUT for its other updates)
	cmDeleteContact = "DELETE /contacts/{id}" // assumed
)

const (
	cmRateLimitPerMinute = 40 // documented
	cmDefaultPageSize    = 15 // documented
	cmMaxPageSize        = 50 // documented
)

// The seeded lists and contact labels (kept across Reset). Their ids are what contacts may name.
var (
	cmSeededLists  = map[int64]string{1: "New hires", 2: "Holiday gifts", 3: "Work anniversaries"}
	cmSeededLabels = map[int64]string{1: "VIP", 2: "Remote", 3: "Alumni"}
)

// cmField describes one contact field on the wire.
type cmField struct {
	name     string
	kind     cmKind
	required bool
	label    string // as Laravel-style messages name it
}

type cmKind int

const (
	cmString cmKind = iota
	cmDate
	cmBool
	cmIDs
)

// cmFields is every contact field, in the seed page's order. JSON names are documented by
// integrators except employment_status, client_since, classification, lists and labels (assumed).
var cmFields = []cmField{
	{"first_name", cmString, true, "first name"},
	{"last_name", cmString, true, "last name"},
	{"email", cmString, true, "email"},
	{"phone_number", cmString, false, "phone number"},
	{"gender", cmString, false, "gender"},
	{"shirt_size", cmString, false, "shirt size"},
	{"birthday", cmDate, false, "birthday"},
	{"country", cmString, true, "country"},
	{"address", cmString, false, "address"},
	{"unit", cmString, false, "unit"},
	{"city", cmString, true, "city"},
	{"state", cmString, true, "state"},
	{"zip_code", cmString, true, "zip code"},
	{"company_name", cmString, false, "company name"},
	{"department", cmString, false, "department"},
	{"position", cmString, false, "position"},
	{"employment_status", cmString, false, "employment status"},
	{"type", cmString, true, "type"},
	{"employment_type", cmString, false, "employment type"},
	{"start_date", cmDate, false, "start date"},
	{"wedding_anniversary", cmDate, false, "wedding anniversary"},
	{"client_since", cmDate, false, "client since"},
	{"classification", cmString, false, "classification"},
	{"address_validated", cmBool, false, "address validated"},
	{"address_forced", cmBool, false, "address forced"},
	{"address_verified", cmBool, false, "address verified"},
	{"lists", cmIDs, false, "lists"},
	{"labels", cmIDs, false, "labels"},
}

// Allowed values (seed).
var (
	cmGenders     = []string{"male", "female"}
	cmShirtSizes  = []string{"XS", "SM", "MD", "LG", "XL", "2XL", "3XL"}
	cmContactType = []string{"employee", "client"}
)

// cmCountryCodes are the 249 officially assigned ISO 3166-1 alpha-2 codes.
var cmCountryCodes = codeSet(`
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
DE DJ DK DM DO DZ
EC EE EG EH ER ES ET
FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY
HK HM HN HR HT HU
ID IE IL IM IN IO IQ IR IS IT
JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ
LA LB LC LI LK LR LS LT LU LV LY
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
NA NC NE NF NG NI NL NO NP NR NU NZ
OM
PA PE PF PG PH PK PL PM PN PR PS PT PW PY
QA
RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ
UA UG UM US UY UZ
VA VC VE VG VI VN VU
WF WS
YE YT
ZA ZM ZW`)

// cmUSStates are the USPS codes of the 50 states, DC, the inhabited territories, the US Minor
// Outlying Islands and the armed forces "states" (assumed: the seed says "a valid 2-letter US state
// code" without a list, so the mock takes every code the US postal service delivers to).
var cmUSStates = codeSet(`
AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO
MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY
DC AS GU MP PR VI UM AA AE AP`)

// cmCAProvinces are Canada's 10 provinces and 3 territories (Canada Post codes).
var cmCAProvinces = codeSet(`AB BC MB NB NL NS NT NU ON PE QC SK YT`)

func codeSet(s string) map[string]bool {
	out := map[string]bool{}
	for _, c := range strings.Fields(s) {
		out[c] = true
	}
	return out
}

type corporateMerch struct {
	byID   map[int64]*cmContact
	nextID int64
}

// cmContact is a stored contact: every field by its wire name (absent = null). Strings are string,
// booleans bool, lists and labels []int64.
type cmContact struct {
	id      int64
	fields  map[string]any
	created time.Time
	updated time.Time
}

func newCorporateMerch(now time.Time) *corporateMerch {
	cm := &corporateMerch{}
	cm.reset(now)
	return cm
}

func (cm *corporateMerch) name() string { return "corporatemerch" }
func (cm *corporateMerch) spec() []byte { return corporateMerchSpec }

func (cm *corporateMerch) reset(time.Time) {
	cm.byID = map[int64]*cmContact{}
	cm.nextID = 1000 // assumed: integer ids; starting high keeps them apart from list and label ids
}

// cmMessage is the error shape (assumed): {"message": "..."}.
func cmMessage(status int, message string) response {
	return jsonResponse(status, map[string]string{"message": message})
}

// cmValidationError is the 422 shape (assumed, Laravel-style): {"message": "<first error> (and N more
// errors)", "errors": {"field": ["..."]}}.
func cmValidationError(errs map[string][]string) response {
	fields := make([]string, 0, len(errs))
	n := 0
	for f, msgs := range errs {
		fields = append(fields, f)
		n += len(msgs)
	}
	sort.Slice(fields, func(i, j int) bool { return cmFieldOrder(fields[i]) < cmFieldOrder(fields[j]) })
	msg := errs[fields[0]][0]
	switch n {
	case 1:
	case 2:
		msg += " (and 1 more error)"
	default:
		msg += fmt.Sprintf(" (and %d more errors)", n-1)
	}
	return jsonResponse(http.StatusUnprocessableEntity, map[string]any{"message": msg, "errors": errs})
}

func cmFieldOrder(name string) int {
	base, _, _ := strings.Cut(name, ".")
	for i, f := range cmFields {
		if f.name == base {
			return i
		}
	}
	return len(cmFields)
}

// authenticate: Authorization: Bearer <token> (seed). Anything else answers 401 (assumed).
func (cm *corporateMerch) authenticate(r *http.Request, apiKey string) *mockError {
	scheme, token, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" || subtle.ConstantTimeCompare([]byte(token), []byte(apiKey)) != 1 {
		return &mockError{kind: errUnauthorized, status: http.StatusUnauthorized, message: "Unauthenticated."}
	}
	return nil
}

func (cm *corporateMerch) errorResponse(e *mockError) response {
	switch e.kind {
	case errBadRequest, errRequired:
		if e.field == "id" {
			// A path id that is not an integer names no contact.
			return cmMessage(http.StatusNotFound, "Not found")
		}
		field := strings.ReplaceAll(e.field, "/", ".")
		if field == "" {
			field = "body"
		}
		return cmValidationError(map[string][]string{field: {or(e.message, "The request is invalid.")}})
	case errUnauthorized, errForbidden:
		return cmMessage(http.StatusUnauthorized, or(e.message, "Unauthenticated."))
	case errNotFound:
		return cmMessage(http.StatusNotFound, "Not found")
	case errMethodNotAllowed:
		resp := cmMessage(http.StatusMethodNotAllowed, "Method not allowed")
		if e.field != "" {
			resp.header = http.Header{"Allow": []string{e.field}}
		}
		return resp
	case errRateLimited:
		return cmMessage(http.StatusTooManyRequests, "Too Many Attempts.")
	case errInternal:
		return cmMessage(e.status, "Server Error")
	}
	return cmMessage(e.status, or(e.message, http.StatusText(e.status)))
}

// rateLimitHeaders (documented): every response carries X-RateLimit-Limit and X-RateLimit-Remaining;
// a 429 also carries Retry-After (seconds) and X-RateLimit-Reset (a Unix timestamp).
func (cm *corporateMerch) rateLimitHeaders(h http.Header, rl rateLimitInfo) {
	h.Set("X-RateLimit-Limit", strconv.Itoa(rl.limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(max(rl.remaining, 0)))
	if rl.limited {
		h.Set("Retry-After", retryAfterSeconds(rl.now, rl.reset))
		h.Set("X-RateLimit-Reset", strconv.FormatInt(int64(math.Ceil(float64(rl.reset.UnixNano())/1e9)), 10))
	}
}

// documentedRateLimitPerMinute makes the server send the rate-limit headers on every response even
// when no limit is configured (nothing is refused then).
func (cm *corporateMerch) documentedRateLimitPerMinute() int { return cmRateLimitPerMinute }

// precheck has nothing to do: the handler checks the seed's rules (all at once, in the 422 shape)
// after the OpenAPI validation has checked the types.
func (cm *corporateMerch) precheck(*vendorRequest) *mockError { return nil }

func (cm *corporateMerch) handle(req *vendorRequest) response {
	switch req.method + " " + req.route {
	case cmCreateContact:
		return cm.createContact(req)
	case cmListContacts:
		return cm.listContacts(req)
	case cmGetContact:
		return cm.getContact(req)
	case cmUpdateContact:
		return cm.updateContact(req)
	case cmDeleteContact:
		return cm.deleteContactOp(req)
	}
	return cmMessage(http.StatusNotFound, "Not found")
}

// decodeContact reads a create or PUT body and checks every rule of the seed page, answering all the
// failures at once. An empty string is taken as no value (assumed, as Laravel-style APIs do).
func (cm *corporateMerch) decodeContact(req *vendorRequest) (map[string]any, *response) {
	var raw map[string]any
	dec := json.NewDecoder(strings.NewReader(string(req.body)))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil || raw == nil {
		r := cmValidationError(map[string][]string{"body": {"The request body must be a JSON object."}})
		return nil, &r
	}
	fields := map[string]any{}
	errs := map[string][]string{}
	add := func(field, msg string) { errs[field] = append(errs[field], msg) }

	for _, f := range cmFields {
		v, present := raw[f.name]
		if s, ok := v.(string); ok && strings.TrimSpace(s) == "" {
			present, v = false, nil
		}
		if !present || v == nil {
			if f.required {
				add(f.name, fmt.Sprintf("The %s field is required.", f.label))
			}
			continue
		}
		switch f.kind {
		case cmString, cmDate:
			s, ok := v.(string)
			if !ok {
				add(f.name, fmt.Sprintf("The %s field must be a string.", f.label))
				continue
			}
			if f.kind == cmDate && !cmIsDate(s) {
				add(f.name, fmt.Sprintf("The %s field must be a real date in the format Y-m-d.", f.label))
				continue
			}
			fields[f.name] = s
		case cmBool:
			b, ok := v.(bool)
			if !ok {
				add(f.name, fmt.Sprintf("The %s field must be true or false.", f.label))
				continue
			}
			fields[f.name] = b
		case cmIDs:
			list, ok := v.([]any)
			if !ok {
				add(f.name, fmt.Sprintf("The %s field must be an array.", f.label))
				continue
			}
			ids := []int64{}
			for i, item := range list {
				n, ok := item.(json.Number)
				id, err := n.Int64()
				if !ok || err != nil || id < math.MinInt32 || id > math.MaxInt32 {
					add(fmt.Sprintf("%s.%d", f.name, i), fmt.Sprintf("The %s.%d field must be a 32-bit integer.", f.name, i))
					continue
				}
				ids = append(ids, id)
			}
			fields[f.name] = ids
		}
	}

	if s, ok := fields["email"].(string); ok {
		if norm, ok := cmNormalizeEmail(s); ok {
			fields["email"] = norm
		} else {
			add("email", "The email field must be a valid email address.")
		}
	}
	cmOneOf(fields, "gender", "gender", cmGenders, add)
	cmOneOf(fields, "shirt_size", "shirt size", cmShirtSizes, add)
	cmOneOf(fields, "type", "type", cmContactType, add)
	country, _ := fields["country"].(string)
	if country != "" && !cmCountryCodes[country] {
		add("country", fmt.Sprintf("The country field must be a 2-letter ISO 3166-1 country code; %q is not one.", country))
	}
	if state, ok := fields["state"].(string); ok {
		switch {
		case country == "US" && !cmUSStates[state]:
			add("state", fmt.Sprintf("The state field must be a valid 2-letter US state code when the country is US; %q is not one.", state))
		case country == "CA" && !cmCAProvinces[state]:
			add("state", fmt.Sprintf("The state field must be a valid 2-letter Canadian province or territory code when the country is CA; %q is not one.", state))
		}
	}
	if fields["address"] == nil && fields["unit"] == nil {
		add("address", "The address field is required when unit is not present.")
		add("unit", "The unit field is required when address is not present.")
	}
	cmCheckIDs(fields, "lists", "list", cmSeededLists, add)
	cmCheckIDs(fields, "labels", "contact label", cmSeededLabels, add)

	if len(errs) > 0 {
		r := cmValidationError(errs)
		return nil, &r
	}
	return fields, nil
}

func cmOneOf(fields map[string]any, name, label string, allowed []string, add func(string, string)) {
	s, ok := fields[name].(string)
	if !ok {
		return
	}
	for _, a := range allowed {
		if s == a {
			return
		}
	}
	add(name, fmt.Sprintf("The selected %s is invalid: %q is not one of %s.", label, s, strings.Join(allowed, ", ")))
}

// cmCheckIDs refuses ids that name no existing list or label, naming them (each must be "a valid,
// existing list ID", seed).
func cmCheckIDs(fields map[string]any, name, what string, existing map[int64]string, add func(string, string)) {
	ids, _ := fields[name].([]int64)
	var unknown []string
	for _, id := range ids {
		if _, ok := existing[id]; !ok {
			unknown = append(unknown, strconv.FormatInt(id, 10))
		}
	}
	if len(unknown) > 0 {
		add(name, fmt.Sprintf("The selected %s ids do not exist: %s.", what, strings.Join(unknown, ", ")))
	}
}

// cmIsDate accepts a real calendar date written yyyy-mm-dd (seed format).
func cmIsDate(s string) bool {
	if len(s) != 10 {
		return false
	}
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// cmNormalizeEmail trims s, checks that it is a plain address (local@domain: no display name,
// brackets, comments or quoting) and lower-cases it with strings.ToLower. The seed asks for "a valid
// email format"; what that admits, the trimming (as for every text field: blank text is no value) and
// the lower-casing are assumed.
func cmNormalizeEmail(s string) (string, bool) {
	t := strings.TrimSpace(s)
	a, err := mail.ParseAddress(t)
	if err != nil || a.Name != "" || a.Address != t {
		return "", false
	}
	return strings.ToLower(t), true
}

func (cm *corporateMerch) contactByPath(req *vendorRequest) (*cmContact, *response) {
	id, err := strconv.ParseInt(req.pathParams["id"], 10, 64)
	c := cm.byID[id]
	if err != nil || c == nil {
		r := cmMessage(http.StatusNotFound, "Not found") // assumed
		return nil, &r
	}
	return c, nil
}

func (cm *corporateMerch) createContact(req *vendorRequest) response {
	fields, errResp := cm.decodeContact(req)
	if errResp != nil {
		return *errResp
	}
	cm.nextID++
	c := &cmContact{id: cm.nextID, fields: fields, created: req.now, updated: req.now}
	cm.byID[c.id] = c
	return jsonResponse(http.StatusCreated, map[string]any{"data": c.toMap()}) // 201 assumed
}

func (cm *corporateMerch) getContact(req *vendorRequest) response {
	c, errResp := cm.contactByPath(req)
	if errResp != nil {
		return *errResp
	}
	return jsonResponse(http.StatusOK, map[string]any{"data": c.toMap()})
}

// updateContact replaces the contact with the full contact sent (assumed PUT semantics): a field
// not sent is cleared.
func (cm *corporateMerch) updateContact(req *vendorRequest) response {
	c, errResp := cm.contactByPath(req)
	if errResp != nil {
		return *errResp
	}
	fields, errResp := cm.decodeContact(req)
	if errResp != nil {
		return *errResp
	}
	c.fields = fields
	c.touch(req.now)
	return jsonResponse(http.StatusOK, map[string]any{"data": c.toMap()})
}

func (cm *corporateMerch) deleteContactOp(req *vendorRequest) response {
	c, errResp := cm.contactByPath(req)
	if errResp != nil {
		return *errResp
	}
	delete(cm.byID, c.id)
	return response{status: http.StatusNoContent} // assumed
}

func (cm *corporateMerch) listContacts(req *vendorRequest) response {
	page, limit := 1, cmDefaultPageSize
	if v := req.query.Get("page"); v != "" {
		page, _ = strconv.Atoi(v) // the OpenAPI validation has checked it is an integer >= 1
	}
	if v := req.query.Get("limit"); v != "" {
		limit, _ = strconv.Atoi(v)
	}
	page, limit = max(page, 1), min(max(limit, 1), cmMaxPageSize)

	all := cm.sorted()
	lastPage := max(1, (len(all)+limit-1)/limit)
	start := min((page-1)*limit, len(all))
	end := min(start+limit, len(all))
	data := make([]map[string]any, 0, end-start)
	for _, c := range all[start:end] {
		data = append(data, c.toMap())
	}
	return jsonResponse(http.StatusOK, map[string]any{
		"data": data,
		"pagination": map[string]any{
			"path":         cmPrefix() + "/contacts",
			"total":        len(all),
			"limit":        limit,
			"current_page": page,
			"last_page":    lastPage,
			"has_more":     page < lastPage,
		},
	})
}

func cmPrefix() string {
	for _, p := range vendorPrefixes {
		if p.name == "corporatemerch" {
			return p.prefix
		}
	}
	return ""
}

func (cm *corporateMerch) sorted() []*cmContact {
	out := make([]*cmContact, 0, len(cm.byID))
	for _, c := range cm.byID {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// touch bumps updated, strictly increasing so a change is always visible.
func (c *cmContact) touch(now time.Time) {
	if !now.After(c.updated) {
		now = c.updated.Add(time.Microsecond)
	}
	c.updated = now
}

// toMap is the contact object (assumed shape): every field present, null when unset, lists and
// labels [] when none, timestamps in ISO 8601.
func (c *cmContact) toMap() map[string]any {
	m := map[string]any{
		"id":         c.id,
		"created_at": c.created.UTC().Format("2006-01-02T15:04:05.000000Z"),
		"updated_at": c.updated.UTC().Format("2006-01-02T15:04:05.000000Z"),
	}
	for _, f := range cmFields {
		v, ok := c.fields[f.name]
		switch {
		case f.kind == cmIDs:
			ids, _ := v.([]int64) // parsed into []int64 when set; unset: []
			m[f.name] = append([]int64{}, ids...)
		case ok:
			m[f.name] = v
		default:
			m[f.name] = nil
		}
	}
	return m
}

func (cm *corporateMerch) contacts() []map[string]any {
	out := []map[string]any{}
	for _, c := range cm.sorted() {
		out = append(out, c.toMap())
	}
	return out
}

// patchContact merges out-of-band changes in the shape the store's GET shows, by wire name: strings
// (or null), booleans (or null), lists and labels as arrays of numbers, and the read-only id,
// created_at and updated_at when they are as shown. No rule is checked: another system may store
// anything.
func (cm *corporateMerch) patchContact(id string, fields map[string]any, now time.Time) (map[string]any, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	c := cm.byID[n]
	if err != nil || c == nil {
		return nil, fmt.Errorf("%w: corporatemerch %q", ErrNotFound, id)
	}
	next := make(map[string]any, len(c.fields))
	for k, v := range c.fields {
		next[k] = v
	}
	current := c.toMap()
	for k, v := range fields {
		if k == "id" || k == "created_at" || k == "updated_at" {
			if err := readOnlyAsShown("corporatemerch", k, v, current[k]); err != nil {
				return nil, err
			}
			continue
		}
		i := cmFieldOrder(k)
		if i == len(cmFields) {
			return nil, fmt.Errorf("%w: corporatemerch contacts have no field %q", ErrBadField, k)
		}
		f := cmFields[i]
		if v == nil {
			delete(next, k)
			continue
		}
		switch f.kind {
		case cmString, cmDate:
			s, ok := v.(string)
			if !ok {
				return nil, fmt.Errorf("%w: %s must be a string or null", ErrBadField, k)
			}
			next[k] = s
		case cmBool:
			b, ok := v.(bool)
			if !ok {
				return nil, fmt.Errorf("%w: %s must be a boolean or null", ErrBadField, k)
			}
			next[k] = b
		case cmIDs:
			ids, ok := cmNumbers(v)
			if !ok {
				return nil, fmt.Errorf("%w: %s must be an array of integers or null", ErrBadField, k)
			}
			next[k] = ids
		}
	}
	c.fields = next
	c.touch(now)
	return c.toMap(), nil
}

// cmNumbers reads an array of integers given as Go numbers (from JSON or from a test).
func cmNumbers(v any) ([]int64, bool) {
	out := []int64{}
	switch t := v.(type) {
	case []int64:
		return append(out, t...), true
	case []int:
		for _, n := range t {
			out = append(out, int64(n))
		}
		return out, true
	case []any:
		for _, item := range t {
			switch n := item.(type) {
			case float64:
				if n != math.Trunc(n) {
					return nil, false
				}
				out = append(out, int64(n))
			case int:
				out = append(out, int64(n))
			case int64:
				out = append(out, n)
			case json.Number:
				i, err := n.Int64()
				if err != nil {
					return nil, false
				}
				out = append(out, i)
			default:
				return nil, false
			}
		}
		return out, true
	}
	return nil, false
}

func (cm *corporateMerch) deleteContact(id string) error {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || cm.byID[n] == nil {
		return fmt.Errorf("%w: corporatemerch %q", ErrNotFound, id)
	}
	delete(cm.byID, n)
	return nil
}
