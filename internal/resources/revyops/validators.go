package revyops

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// domainPattern is a DNS name: labels of letters, digits and hyphens separated by dots.
var domainPattern = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$`)

// companyDomain accepts a bare domain such as acme.com: what RevyOps resolves to a company (seed).
func companyDomain() validator.String {
	return stringvalidator.RegexMatches(domainPattern, "must be a domain name such as acme.com, without a scheme, path or @")
}

// idPattern is a RevyOps contact id: a positive integer in decimal (ids are integers: documented).
var idPattern = regexp.MustCompile(`^[1-9][0-9]{0,18}$`)

func contactID() validator.String {
	return stringvalidator.RegexMatches(idPattern, "must be a RevyOps contact id, a positive integer such as \"4021\"")
}
