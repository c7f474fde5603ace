package listing

import (
	"context"
	"errors"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// pages walks 1..n in pages of 10, counting the pages fetched, and fails after failAfter items
// when failAfter > 0.
func pages(n, failAfter int, fetched *int) Walk[int] {
	return func(_ context.Context, visit func(int) bool) error {
		for start := 1; start <= n; start += 10 {
			*fetched++
			for i := start; i < start+10 && i <= n; i++ {
				if failAfter > 0 && i > failAfter {
					return errors.New("503 from the vendor")
				}
				if !visit(i) {
					return nil
				}
			}
		}
		return nil
	}
}

func request(limit int64) list.ListRequest {
	return list.ListRequest{
		Limit: limit,
		ResourceSchema: schema.Schema{Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true},
		}},
		ResourceIdentitySchema: identityschema.Schema{Attributes: map[string]identityschema.Attribute{
			"id": identityschema.Int64Attribute{RequiredForImport: true},
		}},
	}
}

func collect(t *testing.T, req list.ListRequest, walk Walk[int], keep func(int) bool, stopAfter int) (ids []int64, errs int) {
	t.Helper()
	ctx := context.Background()
	results := Stream(ctx, req, walk, keep, func(ctx context.Context, i int, r *list.ListResult) {
		r.Diagnostics.Append(r.Identity.SetAttribute(ctx, pathID, types.Int64Value(int64(i)))...)
	}, "Listing failed")
	for r := range results {
		if r.Diagnostics.HasError() {
			errs++
			continue
		}
		var id types.Int64
		r.Identity.GetAttribute(ctx, pathID, &id)
		ids = append(ids, id.ValueInt64())
		if stopAfter > 0 && len(ids) == stopAfter {
			break
		}
	}
	return ids, errs
}

func TestStreamStopsAtTheLimitWithoutFetchingMorePages(t *testing.T) {
	fetched := 0
	ids, errs := collect(t, request(12), pages(100, 0, &fetched), nil, 0)
	if len(ids) != 12 || errs != 0 || ids[11] != 12 {
		t.Errorf("got %v (%d errors), want 1..12", ids, errs)
	}
	if fetched != 2 {
		t.Errorf("fetched %d pages for 12 results, want 2", fetched)
	}
}

func TestStreamFiltersAndStopsWhenTerraformStops(t *testing.T) {
	fetched := 0
	ids, _ := collect(t, request(0), pages(100, 0, &fetched), func(i int) bool { return i%2 == 0 }, 3)
	if len(ids) != 3 || ids[0] != 2 || ids[2] != 6 {
		t.Errorf("got %v, want 2, 4, 6", ids)
	}
	if fetched != 1 {
		t.Errorf("fetched %d pages, want 1 (Terraform stopped reading)", fetched)
	}
}

func TestStreamReportsAListingErrorAfterTheResults(t *testing.T) {
	fetched := 0
	ids, errs := collect(t, request(0), pages(100, 15, &fetched), nil, 0)
	if len(ids) != 15 || errs != 1 {
		t.Errorf("got %d results and %d errors, want 15 and 1", len(ids), errs)
	}
}

var pathID = path.Root("id")

func TestDisplayName(t *testing.T) {
	first, last, empty := "Ada", "Lovelace", ""
	for _, c := range []struct {
		names []*string
		want  string
	}{
		{[]*string{&first, &last}, "Ada Lovelace <ada@example.com>"},
		{[]*string{&first, nil}, "Ada <ada@example.com>"},
		{[]*string{&empty, nil}, "ada@example.com"},
		{nil, "ada@example.com"},
	} {
		if got := DisplayName("ada@example.com", c.names...); got != c.want {
			t.Errorf("DisplayName(%v) = %q, want %q", c.names, got, c.want)
		}
	}
}
