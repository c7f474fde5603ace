package settle

import "strings"

// CutImportPrefix is strings.CutPrefix for an import id's prefix ("email:"), ignoring the prefix's
// letter case, so that `EMAIL:ada@example.com` imports like `email:ada@example.com`.
func CutImportPrefix(id, prefix string) (string, bool) {
	if len(id) >= len(prefix) && strings.EqualFold(id[:len(prefix)], prefix) {
		return id[len(prefix):], true
	}
	return id, false
}
