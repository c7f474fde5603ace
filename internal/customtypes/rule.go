// Package customtypes holds the provider's one definition of "the same value" for each attribute
// whose vendor normalizes what it stores: a Rule. The rule is used everywhere the provider compares
// such a value (semantic equality after create, update and read; the plan modifier that keeps the
// state's value when the configuration means the same; the code that decides what to send), so plan,
// read and import agree with each other and with the vendor.
package customtypes

import "strings"

// Rule is one attribute's definition of equality: the normalization its vendor applies before it
// stores or compares a value. Each rule below names the vendors that use it and the grade of that
// fact (see shared/vendors.md); docs/guides/equality.md tells users the same.
type Rule uint8

const (
	ruleUnset Rule = iota

	// EmailLowerCase is an email address that the vendor stores with surrounding whitespace trimmed
	// (strings.TrimSpace) and lower-cased with Go's strings.ToLower (Unicode simple lower-case mapping,
	// no special casing): two addresses are the same when those forms are byte-for-byte equal. So
	// "İnci@example.com" and "inci@example.com" are the same (İ, U+0130, lower-cases to i), while
	// "ſ@example.com" (long s) and "s@example.com" are not (ſ is already lower case). MailDiver,
	// Corporate Merch and Bland's email identifier (all assumed: no vendor documents it).
	EmailLowerCase

	// EmailCaseInsensitive is an email address that the vendor stores as given (trimmed) but compares
	// ignoring letter case with Unicode simple case folding (strings.EqualFold), for uniqueness and
	// for its email filter. RevyOps (assumed): it keeps the letter case it was sent, so there is no
	// stored lower-case form to compare; the same contact is what its uniqueness check says is the
	// same, and case folding is that check. So "ſ@example.com" and "s@example.com" are the same,
	// "İnci@example.com" and "inci@example.com" are not (İ folds to no other letter).
	EmailCaseInsensitive

	// PhoneNumber is a phone number compared by meaning, as its E.164 form (see NormalizePhoneNumber):
	// "+1 415-555-0192", "+14155550192" and "(415) 555-0192" are the same number. Text that is not a
	// phone number compares by its trimmed text. Bland's phone_number identifier (assumed for
	// contacts; the reading of numbers follows what Bland documents for the numbers it calls).
	PhoneNumber

	// Trimmed is text that the vendor stores with surrounding whitespace trimmed: "crm-1 " and
	// "crm-1" are the same. Bland's external_id identifier (assumed).
	Trimmed

	// DomainName is a domain name compared as the vendor resolves it: surrounding whitespace, letter
	// case and one trailing dot do not matter, so " Acme.COM." is acme.com. RevyOps' company_domain
	// (seed: RevyOps resolves a domain to a company; the normalization is assumed).
	DomainName
)

// Same reports whether a and b are the same value by the rule.
func (r Rule) Same(a, b string) bool {
	switch r {
	case EmailLowerCase:
		return lowerCaseEmail(a) == lowerCaseEmail(b)
	case EmailCaseInsensitive:
		return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
	case PhoneNumber:
		return phoneKey(a) == phoneKey(b)
	case Trimmed:
		return strings.TrimSpace(a) == strings.TrimSpace(b)
	case DomainName:
		return domainKey(a) == domainKey(b)
	}
	return a == b
}

// String is the rule in words, for plan modifier descriptions and error messages.
func (r Rule) String() string {
	switch r {
	case EmailLowerCase:
		return "email addresses are the same when they are equal after trimming surrounding spaces and lower-casing"
	case EmailCaseInsensitive:
		return "email addresses are the same when they are equal after trimming surrounding spaces, ignoring letter case"
	case PhoneNumber:
		return "phone numbers are the same when they are the same number in E.164 form, whatever the spacing and punctuation"
	case Trimmed:
		return "values are the same when they are equal after trimming surrounding spaces"
	case DomainName:
		return "domain names are the same when they are equal ignoring surrounding spaces, letter case and a trailing dot"
	}
	return "values are the same when they are equal"
}

func lowerCaseEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func domainKey(s string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), ".")
}

// phoneKey is a number's E.164 form, or its trimmed text (marked, so that it never equals a number)
// when it is not a phone number.
func phoneKey(s string) string {
	if e164, err := NormalizePhoneNumber(s); err == nil {
		return e164
	}
	return "text:" + strings.TrimSpace(s)
}
