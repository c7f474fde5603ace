package bland

import (
	"sync"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/bland"
)

// Bland has no delete endpoint, so destroying a contact resource only lets the contact go: it stays at
// Bland. When the destroy is the first half of a replacement (terraform apply -replace, a tainted
// resource, a forced replacement), the create half resolves the same identifiers and Bland answers
// with that very contact. released remembers, per configured provider (one Bland client each), the
// contacts this run's destroys let go, so that the create can take such a contact back instead of
// refusing it as someone else's. Nothing is kept beyond the provider process, which Terraform runs
// once per plan or apply.
var released sync.Map // *bland.Client -> *sync.Map of contact id -> struct{}

func releasedSet(c *bland.Client) *sync.Map {
	v, _ := released.LoadOrStore(c, &sync.Map{})
	set, _ := v.(*sync.Map) // released holds nothing else
	return set
}

// markReleased records that this run's destroy let contact id go.
func markReleased(c *bland.Client, id string) {
	if c != nil && id != "" {
		releasedSet(c).Store(id, struct{}{})
	}
}

// takeReleased reports whether this run's destroy let contact id go, and forgets it: one release
// lets one create take the contact back.
func takeReleased(c *bland.Client, id string) bool {
	if c == nil {
		return false
	}
	_, ok := releasedSet(c).LoadAndDelete(id)
	return ok
}
