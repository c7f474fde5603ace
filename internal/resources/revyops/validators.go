package revyops

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/contacts-provider/terraform-provider-contacts/internal/validate"
)

// domainPattern is a DNS name: labels of letters, digits and hyphens separated by dots.
var domainPattern = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$`)

// companyDomain accepts a bare domain such as acme.com: what RevyOps resolves to a company (seed).
// Surrounding whitespace, letter case and one trailing dot are allowed, since RevyOps ignores them when
// it resolves the domain (assumed, as the mock models it; see domainRule).
func companyDomain() validator.String {
	return validate.Check("must be a domain name such as acme.com, without a scheme, path or @", func(s string) error {
		if !domainPattern.MatchString(strings.TrimSuffix(strings.TrimSpace(s), ".")) {
			return fmt.Errorf("got %q", s)
		}
		return nil
	})
}

// idPattern is a RevyOps contact id: a positive integer in decimal (ids are integers: documented).
var idPattern = regexp.MustCompile(`^[1-9][0-9]{0,18}$`)

func contactID() validator.String {
	return stringvalidator.RegexMatches(idPattern, "must be a RevyOps contact id, a positive integer such as \"4021\"")
}
