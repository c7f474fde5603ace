// Package corporatemerch is a typed client for Corporate Merch's contacts API (vendors.md §4). It is
// the only place in the provider that knows Corporate Merch's paths, JSON names, headers and status
// codes; it knows nothing about Terraform.
//
// Every wire detail is graded as in vendors.md: "seed" (the vendor's "Update a contact" page),
// "documented" (public docs, or integrators where marked) or "assumed" (nothing public says it). The
// assumed ones are all in this file, so a user who learns the truth can correct each with a one-line
// change.
package corporatemerch

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// DefaultBaseURL is Corporate Merch's API (documented by integrators).
const DefaultBaseURL = "https://api.corporatemerch.com/v2"

// DefaultRequestsPerMinute is the vendor's rate limit per client (documented: 40 requests per minute;
// over it 429 Too Many Requests).
const DefaultRequestsPerMinute = 40

// RateLimitWindow is the window of the X-RateLimit-Limit and X-RateLimit-Remaining headers every answer
// carries (documented: the limit is per minute). The transport lowers its pacing to an announced limit
// below DefaultRequestsPerMinute.
const RateLimitWindow = time.Minute

// Routes, relative to the base URL.
const contactsPath = "/contacts" // POST create (documented), GET list (documented)

// contactPath is GET (assumed), PUT with the full contact (assumed: the vendor uses PUT for its other
// updates) and DELETE answering 204 (assumed).
func contactPath(id int64) string { return contactsPath + "/" + strconv.FormatInt(id, 10) }

// List paging (documented): ?page=&limit=, limit default 15 and at most 50.
const (
	pageParam   = "page"
	limitParam  = "limit"
	maxPageSize = 50
	// ListPageSize is how many contacts a page of the listing holds when the provider asks for the
	// largest page.
	ListPageSize = maxPageSize
)

// Field names on the wire, for reading a 422's per-field errors (FieldErrors keys). Each JSON name is
// documented by integrators unless its line says otherwise; each field's meaning and rules are the
// seed page's.
const (
	FieldFirstName          = "first_name"
	FieldLastName           = "last_name"
	FieldEmail              = "email"
	FieldPhone              = "phone_number"
	FieldGender             = "gender"
	FieldShirtSize          = "shirt_size"
	FieldBirthday           = "birthday"
	FieldCountry            = "country"
	FieldAddress            = "address"
	FieldAddress2           = "unit" // documented name of the seed's "address2" (apartment, suite)
	FieldCity               = "city"
	FieldState              = "state"
	FieldPostalCode         = "zip_code"
	FieldCompany            = "company_name"
	FieldDepartment         = "department"
	FieldJobTitle           = "position"
	FieldEmploymentStatus   = "employment_status" // name assumed, meaning seed
	FieldContactType        = "type"
	FieldEmploymentType     = "employment_type"
	FieldStartDate          = "start_date"
	FieldAnniversaryDate    = "wedding_anniversary" // documented name of the seed's "wedding or work anniversary date"
	FieldClientSince        = "client_since"        // name assumed, meaning seed
	FieldClassification     = "classification"      // name assumed, meaning seed
	FieldAddressValidated   = "address_validated"
	FieldAddressForceAccept = "address_forced"
	FieldAddressVerified    = "address_verified"
	FieldLists              = "lists"  // name assumed, meaning seed
	FieldLabels             = "labels" // name assumed, meaning seed
)

// ContactFields is the body of create (documented) and of the full-contact PUT (assumed). Required by
// the seed: FirstName, LastName, Email, Country, City, State, PostalCode, Type, and one of Address and
// Address2. A nil optional field is not sent; Lists and Labels are sent when non-nil, so an empty
// slice says "none".
type ContactFields struct {
	FirstName          string  `json:"first_name"`
	LastName           string  `json:"last_name"`
	Email              string  `json:"email"`
	Phone              *string `json:"phone_number,omitempty"`
	Gender             *string `json:"gender,omitempty"`
	ShirtSize          *string `json:"shirt_size,omitempty"`
	Birthday           *string `json:"birthday,omitempty"`
	Country            string  `json:"country"`
	Address            *string `json:"address,omitempty"`
	Address2           *string `json:"unit,omitempty"`
	City               string  `json:"city"`
	State              string  `json:"state"`
	PostalCode         string  `json:"zip_code"`
	Company            *string `json:"company_name,omitempty"`
	Department         *string `json:"department,omitempty"`
	JobTitle           *string `json:"position,omitempty"`
	EmploymentStatus   *string `json:"employment_status,omitempty"`
	Type               string  `json:"type"`
	EmploymentType     *string `json:"employment_type,omitempty"`
	StartDate          *string `json:"start_date,omitempty"`
	AnniversaryDate    *string `json:"wedding_anniversary,omitempty"`
	ClientSince        *string `json:"client_since,omitempty"`
	Classification     *string `json:"classification,omitempty"`
	AddressValidated   *bool   `json:"address_validated,omitempty"`
	AddressForceAccept *bool   `json:"address_forced,omitempty"`
	AddressVerified    *bool   `json:"address_verified,omitempty"`
	Lists              []int32 `json:"lists,omitempty"`
	Labels             []int32 `json:"labels,omitempty"`
}

// MarshalJSON sends Lists and Labels as [] when they are non-nil but empty (the full contact has no
// lists), and leaves them out when nil.
func (f ContactFields) MarshalJSON() ([]byte, error) {
	type plain ContactFields
	out := struct {
		plain
		Lists  *[]int32 `json:"lists,omitempty"`
		Labels *[]int32 `json:"labels,omitempty"`
	}{plain: plain(f)}
	if f.Lists != nil {
		out.Lists = &f.Lists
	}
	if f.Labels != nil {
		out.Labels = &f.Labels
	}
	return json.Marshal(out)
}

// Contact is the contact object in answers (create documented; get and PUT assumed to answer the same
// shape). Dates are yyyy-mm-dd on the wire (seed); a full timestamp is cut to its date when read
// (see Date). CreatedAt is assumed (a Laravel-style timestamp) and may be absent.
type Contact struct {
	ID                 int64   `json:"id"` // assumed: an integer
	FirstName          string  `json:"first_name"`
	LastName           string  `json:"last_name"`
	Email              string  `json:"email"`
	Phone              *string `json:"phone_number"`
	Gender             *string `json:"gender"`
	ShirtSize          *string `json:"shirt_size"`
	Birthday           Date    `json:"birthday"`
	Country            string  `json:"country"`
	Address            *string `json:"address"`
	Address2           *string `json:"unit"`
	City               string  `json:"city"`
	State              string  `json:"state"`
	PostalCode         string  `json:"zip_code"`
	Company            *string `json:"company_name"`
	Department         *string `json:"department"`
	JobTitle           *string `json:"position"`
	EmploymentStatus   *string `json:"employment_status"`
	Type               string  `json:"type"`
	EmploymentType     *string `json:"employment_type"`
	StartDate          Date    `json:"start_date"`
	AnniversaryDate    Date    `json:"wedding_anniversary"`
	ClientSince        Date    `json:"client_since"`
	Classification     *string `json:"classification"`
	AddressValidated   *bool   `json:"address_validated"`
	AddressForceAccept *bool   `json:"address_forced"`
	AddressVerified    *bool   `json:"address_verified"`
	Lists              IDList  `json:"lists"`
	Labels             IDList  `json:"labels"`
	CreatedAt          *string `json:"created_at"` // assumed
}

// envelope wraps every single-object answer: {"data":{...}} (documented for create; assumed for get
// and PUT).
type envelope struct {
	Data *Contact `json:"data"`
}

// contactPage is one page of the list endpoint (documented: {"data":[...],"pagination":{...}}). The
// listed contacts are read as the contact object GetContact answers (assumed: nothing public shows a
// listed contact; vendors.md gives only the page's keys).
type contactPage struct {
	Data       []Contact  `json:"data"`
	Pagination pagination `json:"pagination"`
}

// pagination is the listing's paging block (documented).
type pagination struct {
	Path        string `json:"path"`
	Total       int    `json:"total"`
	Limit       int    `json:"limit"`
	CurrentPage int    `json:"current_page"`
	LastPage    int    `json:"last_page"`
	HasMore     bool   `json:"has_more"`
}

// errorBody is the error shape: {"message": "..."} (404 assumed: {"message":"Not found"}), with, on a
// 422 validation failure (assumed), "errors": {"field": ["...", ...]}.
type errorBody struct {
	Message string              `json:"message"`
	Errors  map[string][]string `json:"errors"`
}

// StatusValidation is the status of a validation failure (assumed: 422 Unprocessable Entity).
const StatusValidation = 422

// Date is a calendar date as yyyy-mm-dd (seed format), "" when absent. It also reads a full timestamp
// ("2024-01-15T00:00:00.000000Z", as some APIs send date columns) as its date part, so such an
// answer causes no diff.
type Date string

func (d *Date) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a date must be a string or null, got %s", b)
	}
	if s == nil {
		*d = ""
		return nil
	}
	v := *s
	if len(v) > len("2006-01-02") && (v[10] == 'T' || v[10] == ' ') {
		v = v[:10]
	}
	*d = Date(v)
	return nil
}

// IDList is a list of list or label ids. It reads both a plain array of ids ([1, 2]) and an array of
// objects with an "id" ([{"id": 1, "name": "..."}]), since the answer's shape is assumed.
type IDList []int64

func (l *IDList) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	if raw == nil {
		*l = nil
		return nil
	}
	out := make(IDList, 0, len(raw))
	for _, r := range raw {
		var id int64
		if err := json.Unmarshal(r, &id); err == nil {
			out = append(out, id)
			continue
		}
		var obj struct {
			ID *int64 `json:"id"`
		}
		if err := json.Unmarshal(r, &obj); err != nil || obj.ID == nil {
			return fmt.Errorf("id list entry %s is neither an integer nor an object with an integer id", r)
		}
		out = append(out, *obj.ID)
	}
	*l = out
	return nil
}
