package maildiver

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// idPattern is a MailDiver id as MailDiver writes it: a UUID (documented: UUIDv7 strings such as
// 01959b50-eda7-7597-acb1-cfeffdd53400) in lower case. The version is not checked: the form is
// enough to tell an id from a typo, and an id of the right form that names nothing is MailDiver's
// to refuse (404).
var idPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func mailDiverID() validator.String {
	return stringvalidator.RegexMatches(idPattern,
		"must be a MailDiver id: a UUID in lower case such as 01959b50-eda7-7597-acb1-cfeffdd53400, without spaces")
}
