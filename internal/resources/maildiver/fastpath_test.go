package maildiver

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/contacts-provider/terraform-provider-contacts/internal/tfmodel"
)

// TestModelsTakeTheFastPath: every model is read and written without the framework's per-call
// reflection (internal/tfmodel), which is most of what a refresh costs the provider beyond the protocol.
func TestModelsTakeTheFastPath(t *testing.T) {
	ctx := context.Background()
	var rs resource.SchemaResponse
	NewContactResource().Schema(ctx, resource.SchemaRequest{}, &rs)
	var ds datasource.SchemaResponse
	NewContactDataSource().Schema(ctx, datasource.SchemaRequest{}, &ds)
	var ls list.ListResourceSchemaResponse
	NewContactList().ListResourceConfigSchema(ctx, list.ListResourceSchemaRequest{}, &ls)
	for name, c := range map[string]struct {
		schema tfmodel.Schema
		model  any
	}{
		"resource":    {rs.Schema, contactModel{}},
		"data source": {ds.Schema, contactModel{}},
		"list":        {ls.Schema, contactListConfig{}},
	} {
		if !tfmodel.Handled(ctx, c.schema, c.model) {
			t.Errorf("the %s model %T goes through the framework's reflection", name, c.model)
		}
	}
}
