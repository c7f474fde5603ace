// Package identity gives the provider's resources their resource identity (Terraform 1.12 and later):
// the typed attributes that name a contact at its vendor, which `import` blocks can give instead of an
// id string and which Terraform keeps beside the state.
//
// Each identity attribute copies the state attribute of the same name. Ids that the vendor issues as
// integers (RevyOps, Corporate Merch) are numbers in the identity and strings in the state.
package identity

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Attr is one identity attribute.
type Attr struct {
	// Name is the attribute's name, in the identity and in the state.
	Name string
	// Int says the identity holds a whole number (the state holds it as a string of digits).
	Int bool
	// Description is the attribute's documentation.
	Description string
	// Normalize, when set, gives the state's form of a string identity value on import (MailDiver's
	// UUIDs in lower case, say).
	Normalize func(string) string
}

// Schema is the identity schema of attrs, every attribute required for import.
func Schema(attrs ...Attr) identityschema.Schema {
	s := identityschema.Schema{Attributes: map[string]identityschema.Attribute{}}
	for _, a := range attrs {
		if a.Int {
			s.Attributes[a.Name] = identityschema.Int64Attribute{RequiredForImport: true, Description: a.Description}
		} else {
			s.Attributes[a.Name] = identityschema.StringAttribute{RequiredForImport: true, Description: a.Description}
		}
	}
	return s
}

// Record sets identity from the state the operation leaves (state) when every attribute of attrs is
// known and set in it. Meant to be deferred at the top of Create, Read and Update, so that every path
// that records an id records the identity too. It does nothing when state lacks an attribute (a
// contact recorded without its id because a create's outcome is unknown: that apply or refresh reports
// an error, and the identity is recorded once the id is learned).
//
// Read passes the state it was given as prior: when Read removed the resource (the contact is gone),
// the identity is taken from prior, so that a state written before the provider had identities (or by
// Terraform before 1.12) does not fail the refresh with "Missing Resource Identity After Read": the
// framework (v1.19) requires a non-null identity after every Read without errors, even one that removes
// the resource. When prior has no id either (a create whose outcome was unknown turned out not to have
// created anything), the identity is set to its attributes' zero values: Terraform drops the identity
// of a removed resource, and the framework accepts no null one.
func Record(ctx context.Context, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics, attrs []Attr, state, prior *tfsdk.State) {
	if identity == nil || state == nil {
		return
	}
	if !state.Raw.IsNull() {
		if values, ok := fromState(ctx, state, attrs, diags); ok {
			set(ctx, identity, values, attrs, diags)
		}
		return
	}
	if prior == nil {
		return
	}
	values, ok := fromState(ctx, prior, attrs, diags)
	if !ok {
		values = map[string]any{}
		for _, a := range attrs {
			if a.Int {
				values[a.Name] = types.Int64Value(0)
			} else {
				values[a.Name] = types.StringValue("")
			}
		}
	}
	set(ctx, identity, values, attrs, diags)
}

// fromState reads attrs from state, as identity values; ok is false when one is null, unknown, empty
// or (for an Int attribute) not a whole number.
func fromState(ctx context.Context, state *tfsdk.State, attrs []Attr, diags *diag.Diagnostics) (map[string]any, bool) {
	if state.Raw.IsNull() {
		return nil, false
	}
	values := make(map[string]any, len(attrs))
	for _, a := range attrs {
		var v types.String
		if d := state.GetAttribute(ctx, path.Root(a.Name), &v); d.HasError() || v.IsNull() || v.IsUnknown() || v.ValueString() == "" {
			return nil, false
		}
		if !a.Int {
			values[a.Name] = v
			continue
		}
		n, err := strconv.ParseInt(v.ValueString(), 10, 64)
		if err != nil {
			diags.AddAttributeError(path.Root(a.Name), "Invalid id in state",
				fmt.Sprintf("The state's %s %q is not a whole number, so it cannot be the resource's identity: %s.", a.Name, v.ValueString(), err))
			return nil, false
		}
		values[a.Name] = types.Int64Value(n)
	}
	return values, true
}

func set(ctx context.Context, identity *tfsdk.ResourceIdentity, values map[string]any, attrs []Attr, diags *diag.Diagnostics) {
	for _, a := range attrs {
		diags.Append(identity.SetAttribute(ctx, path.Root(a.Name), values[a.Name])...)
	}
}

// ToState copies an import block's identity into the state attributes of the same names, for
// ImportState to hand to Read. The caller has checked that the import uses an identity (req.ID is
// empty).
func ToState(ctx context.Context, identity *tfsdk.ResourceIdentity, state *tfsdk.State, attrs []Attr) diag.Diagnostics {
	var diags diag.Diagnostics
	if identity == nil {
		diags.AddError("Missing import identity", "The import gave neither an id nor an identity.")
		return diags
	}
	for _, a := range attrs {
		var s string
		if a.Int {
			var v types.Int64
			diags.Append(identity.GetAttribute(ctx, path.Root(a.Name), &v)...)
			if v.IsNull() || v.IsUnknown() || v.ValueInt64() <= 0 {
				diags.AddAttributeError(path.Root(a.Name), "Invalid import identity",
					fmt.Sprintf("The identity's %s must be a positive whole number; got %s.", a.Name, v))
				continue
			}
			s = strconv.FormatInt(v.ValueInt64(), 10)
		} else {
			var v types.String
			diags.Append(identity.GetAttribute(ctx, path.Root(a.Name), &v)...)
			if v.IsNull() || v.IsUnknown() || v.ValueString() == "" {
				diags.AddAttributeError(path.Root(a.Name), "Invalid import identity",
					fmt.Sprintf("The identity's %s must be set.", a.Name))
				continue
			}
			s = v.ValueString()
			if a.Normalize != nil {
				s = a.Normalize(s)
			}
		}
		diags.Append(state.SetAttribute(ctx, path.Root(a.Name), s)...)
	}
	return diags
}
