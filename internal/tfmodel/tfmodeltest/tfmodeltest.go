// Package tfmodeltest checks from a vendor's tests that its models take internal/tfmodel's fast path.
package tfmodeltest

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/contacts-provider/terraform-provider-contacts/internal/tfmodel"
)

// FastPathModels are a vendor's resource, data source and list resource with the model each reads and
// writes (zero values of the model types).
type FastPathModels struct {
	Resource        resource.Resource
	ResourceModel   any
	DataSource      datasource.DataSource
	DataSourceModel any
	List            list.ListResource
	ListModel       any
}

// RequireFastPath fails t for each model that would go through the framework's per-call reflection
// rather than internal/tfmodel, which is most of what a refresh costs the provider beyond the protocol.
func RequireFastPath(t *testing.T, m FastPathModels) {
	t.Helper()
	ctx := context.Background()
	var rs resource.SchemaResponse
	m.Resource.Schema(ctx, resource.SchemaRequest{}, &rs)
	var ds datasource.SchemaResponse
	m.DataSource.Schema(ctx, datasource.SchemaRequest{}, &ds)
	var ls list.ListResourceSchemaResponse
	m.List.ListResourceConfigSchema(ctx, list.ListResourceSchemaRequest{}, &ls)
	for name, c := range map[string]struct {
		schema tfmodel.Schema
		model  any
	}{
		"resource":    {rs.Schema, m.ResourceModel},
		"data source": {ds.Schema, m.DataSourceModel},
		"list":        {ls.Schema, m.ListModel},
	} {
		if !tfmodel.Handled(ctx, c.schema, c.model) {
			t.Errorf("the %s model %T goes through the framework's reflection", name, c.model)
		}
	}
}
