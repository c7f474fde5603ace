package maildiver

import (
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/tfmodel/tfmodeltest"
)

// TestModelsTakeTheFastPath: every model is read and written without the framework's per-call
// reflection (internal/tfmodel).
func TestModelsTakeTheFastPath(t *testing.T) {
	tfmodeltest.RequireFastPath(t, tfmodeltest.FastPathModels{
		Resource: NewContactResource(), ResourceModel: contactModel{},
		DataSource: NewContactDataSource(), DataSourceModel: contactModel{},
		List: NewContactList(), ListModel: contactListConfig{},
	})
}
