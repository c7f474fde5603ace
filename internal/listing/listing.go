// Package listing streams a vendor's contacts to `terraform query` (list resources, Terraform 1.14+):
// one page of the vendor's listing at a time, paced like every other request, up to the limit
// Terraform asks for.
package listing

import (
	"context"
	"iter"
	"strings"

	"github.com/contacts-provider/terraform-provider-contacts/internal/tfmodel"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Walk visits a vendor's contacts in listing order, fetching the next page only when visit has
// consumed the previous one, and stops when visit returns false. It returns the listing's error, if
// any (after the contacts it could visit).
type Walk[T any] func(ctx context.Context, visit func(T) bool) error

// Stream turns walk into the results Terraform reads: keep filters a contact in (nil keeps every one),
// result converts one (its identity always, its resource object when req.IncludeResource). It stops
// after req.Limit results (when positive) or when Terraform stops reading, and a listing error becomes
// a last result carrying an error diagnostic whose summary is failure.
func Stream[T any](ctx context.Context, req list.ListRequest, walk Walk[T], keep func(T) bool,
	result func(ctx context.Context, c T, r *list.ListResult), failure string) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		var sent int64
		stopped := false
		err := walk(ctx, func(c T) bool {
			if keep != nil && !keep(c) {
				return true
			}
			r := req.NewListResult(ctx)
			result(ctx, c, &r)
			if !push(r) {
				stopped = true
				return false
			}
			sent++
			return req.Limit <= 0 || sent < req.Limit
		})
		if err != nil && !stopped {
			var diags diag.Diagnostics
			diags.AddError(failure, err.Error())
			push(list.ListResult{Diagnostics: diags})
		}
	}
}

// NullModel fills target (a resource's model struct) from a resource object whose attributes are all
// null, typed as the resource's schema types them, as an import's Read starts from: the caller then
// copies the listed contact in with the same code Read uses, so a result holds what a refresh after
// import would. res is the result's Resource (its schema is the resource's).
func NullModel(ctx context.Context, res *tfsdk.Resource, target any) diag.Diagnostics {
	typ, ok := res.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		var diags diag.Diagnostics
		diags.AddError("Unexpected resource schema", "The resource's schema is not an object. This is a bug in the provider.")
		return diags
	}
	nulls := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, t := range typ.AttributeTypes {
		nulls[name] = tftypes.NewValue(t, nil)
	}
	res.Raw = tftypes.NewValue(typ, nulls)
	return res.Get(ctx, target)
}

// Config reads a list block's configuration into target and checks with ready that the vendor can be
// called. On a failure it sets stream to report the diagnostics and returns false: List returns.
func Config(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, target any, ready func(*diag.Diagnostics) bool) bool {
	diags := tfmodel.GetConfig(ctx, req.Config, target)
	if !diags.HasError() {
		ready(&diags)
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return false
	}
	return true
}

// DisplayName is how `terraform query` shows a contact: its non-empty names and its email,
// "First Last <email>", or the email alone when it has no name.
func DisplayName(email string, names ...*string) string {
	var parts []string
	for _, p := range names {
		if p != nil && *p != "" {
			parts = append(parts, *p)
		}
	}
	if len(parts) == 0 {
		return email
	}
	return strings.Join(parts, " ") + " <" + email + ">"
}
