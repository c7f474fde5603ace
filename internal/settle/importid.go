package settle

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// CutImportPrefix is strings.CutPrefix for an import id's prefix ("email:"), ignoring the prefix's
// letter case, so that `EMAIL:ada@example.com` imports like `email:ada@example.com`.
func CutImportPrefix(id, prefix string) (string, bool) {
	if len(id) >= len(prefix) && strings.EqualFold(id[:len(prefix)], prefix) {
		return id[len(prefix):], true
	}
	return id, false
}

// ImportByEmail turns the ADDRESS of an `email:ADDRESS` import id into the id of the one contact with
// that email, which find (the vendor's lookup by email, returning every match's id) finds. It adds an
// error naming the vendor and the address to diags, and returns false, when the address is not an
// email address, the lookup fails, or there is not exactly one such contact (then by id is the way).
func ImportByEmail(ctx context.Context, diags *diag.Diagnostics, vendor, importID, email string,
	find func(ctx context.Context, email string) ([]string, error)) (string, bool) {
	email = strings.TrimSpace(email)
	if email == "" || !strings.Contains(email, "@") {
		diags.AddError("Invalid import ID",
			fmt.Sprintf("Expected email:someone@example.com with an email address after the prefix; got %q.", importID))
		return "", false
	}
	ids, err := find(ctx, email)
	switch {
	case err != nil:
		diags.AddError("Looking up the "+vendor+" contact to import failed", err.Error())
	case len(ids) == 0:
		diags.AddError("No "+vendor+" contact to import", fmt.Sprintf("%s has no contact with email %s.", vendor, email))
	case len(ids) > 1:
		diags.AddError("Ambiguous "+vendor+" contact to import", fmt.Sprintf("%s has %d contacts with email %s (ids %s); "+
			"import one of them by id.", vendor, len(ids), email, strings.Join(ids, ", ")))
	default:
		return ids[0], true
	}
	return "", false
}
