// Package validate holds the plan-time string validators that terraform-plugin-framework-validators
// does not provide. Each one is no stricter than the vendor APIs it mirrors, and its error names the
// attribute (the framework adds the path) and the rule.
package validate

import (
	"context"
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/contacts-provider/terraform-provider-contacts/internal/customtypes"
)

type stringCheck struct {
	description string
	check       func(string) error
}

func (v stringCheck) Description(context.Context) string         { return v.description }
func (v stringCheck) MarkdownDescription(context.Context) string { return v.description }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
			fmt.Sprintf("%s %s: %s.", req.Path, v.description, err))
	}
}

// Check is a validator from a check function: a known value for which check returns an error fails
// with "<attribute> <description>: <error>.", on the attribute. Null and unknown values pass.
func Check(description string, check func(string) error) validator.String {
	return stringCheck{description: description, check: check}
}

// EmailAddress accepts an address in its plain form, local@domain, as Go's RFC 5322 parser
// (net/mail) renders it: no display name, angle brackets, comments or quoting. Surrounding whitespace
// is allowed: every vendor trims it before storing the address (assumed for all four; Corporate
// Merch's seed asks only for "a valid email format"), and the attribute's equality rule ignores it.
// The mock API checks the same assumption with its own code.
func EmailAddress() validator.String {
	return stringCheck{description: "must be a valid email address such as name@example.com", check: checkEmail}
}

func checkEmail(s string) error {
	t := strings.TrimSpace(s)
	addr, err := mail.ParseAddress(t)
	if err != nil {
		return fmt.Errorf("%q is not an email address", s)
	}
	if addr.Name != "" || addr.Address != t {
		return fmt.Errorf("%q must be the plain address, local@domain, without a display name, angle brackets, "+
			"comments or quotes", s)
	}
	return nil
}

// PhoneNumber accepts a phone number Bland can read (see customtypes.NormalizePhoneNumber): with its
// country code after a leading +, or a 10-digit US number, in any spacing and punctuation.
func PhoneNumber() validator.String {
	return stringCheck{description: "must be a phone number such as +14155550192", check: func(s string) error {
		_, err := customtypes.NormalizePhoneNumber(s)
		return err
	}}
}

// NotBlank refuses text that is empty or only whitespace; why says what the vendor does with it.
func NotBlank(why string) validator.String {
	return stringCheck{description: "must not be empty or only spaces", check: func(s string) error {
		if strings.TrimSpace(s) == "" {
			return fmt.Errorf("got %q: %s", s, why)
		}
		return nil
	}}
}

// Duration accepts a Go duration string greater than zero, such as "30s" or "2m".
func Duration() validator.String {
	return stringCheck{description: `must be a positive duration such as "30s" or "2m"`, check: func(s string) error {
		d, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("%q is not a duration", s)
		}
		if d <= 0 {
			return fmt.Errorf("%q is not greater than zero", s)
		}
		return nil
	}}
}

// HTTPURL accepts an absolute http or https URL with a host.
func HTTPURL() validator.String {
	return stringCheck{description: "must be an absolute http:// or https:// URL", check: func(s string) error {
		u, err := url.Parse(s)
		if err != nil {
			return fmt.Errorf("%q does not parse as a URL", s)
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%q has no http(s) scheme or no host", s)
		}
		return nil
	}}
}
