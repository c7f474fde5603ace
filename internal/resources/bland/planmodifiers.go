package bland

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/bland"
	"github.com/contacts-provider/terraform-provider-contacts/internal/customtypes"
)

var (
	pathPhoneNumber = path.Root("phone_number")
	pathEmail       = path.Root("email")
	pathExternalID  = path.Root("external_id")
	pathName        = path.Root("name")
	pathMetadata    = path.Root("metadata")
	pathIdentifiers = path.Root("identifiers")
)

// sameJSON keeps the state's metadata when the configuration's means the same JSON (key order and
// spacing do not matter), so such a change plans no update that would send nothing.
var sameJSON = customtypes.UseStateWhenSameFunc("JSON key order and spacing do not matter",
	func(a, b string) bool { return jsonEqual([]byte(a), []byte(b)) })

// watched is an argument whose change makes a computed attribute change at Bland.
type watched struct {
	path path.Path
	// optionalComputed: when the configuration leaves it unset, the state's value is kept
	// (UseStateForUnknown), so that is no change.
	optionalComputed bool
	same             func(a, b string) bool
}

var (
	watchName       = watched{pathName, true, func(a, b string) bool { return a == b }}
	watchEmail      = watched{pathEmail, true, emailRule.Same}
	watchExternalID = watched{pathExternalID, true, externalIDRule.Same}
	watchMetadata   = watched{pathMetadata, false, func(a, b string) bool { return jsonEqual([]byte(a), []byte(b)) }}
)

// unchangedAtBland keeps a computed attribute's state value in the plan when none of the watched
// arguments change, so an update that does not touch what it derives from shows no "(known after
// apply)" noise. When one of them changes, the value is genuinely unknown until Bland answers.
type unchangedAtBland struct{ watch []watched }

func (m unchangedAtBland) Description(context.Context) string {
	names := make([]string, 0, len(m.watch))
	for _, w := range m.watch {
		names = append(names, w.path.String())
	}
	return "kept from the state unless " + strings.Join(names, ", ") + " change"
}
func (m unchangedAtBland) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

// keep reports whether the state value can stand in for the unknown planned value.
func (m unchangedAtBland) keep(ctx context.Context, cfg tfsdk.Config, state tfsdk.State, planValue, stateValue attr.Value) bool {
	if state.Raw.IsNull() || !planValue.IsUnknown() || stateValue.IsNull() || stateValue.IsUnknown() {
		return false
	}
	for _, w := range m.watch {
		c, okC := stringAt(ctx, cfg.GetAttribute, w.path)
		s, okS := stringAt(ctx, state.GetAttribute, w.path)
		if !okC || !okS || c.IsUnknown() {
			return false
		}
		switch {
		case c.IsNull() && w.optionalComputed:
			continue
		case c.IsNull() != s.IsNull():
			return false
		case !c.IsNull() && !w.same(c.ValueString(), s.ValueString()):
			return false
		}
	}
	return true
}

func (m unchangedAtBland) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if m.keep(ctx, req.Config, req.State, req.PlanValue, req.StateValue) {
		resp.PlanValue = req.StateValue
	}
}

func (m unchangedAtBland) PlanModifyList(ctx context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	if m.keep(ctx, req.Config, req.State, req.PlanValue, req.StateValue) {
		resp.PlanValue = req.StateValue
	}
}

// stringAt reads a string-typed attribute (custom types included) as a plain string value.
func stringAt(ctx context.Context, get func(context.Context, path.Path, any) diag.Diagnostics, p path.Path) (basetypes.StringValue, bool) {
	var v attr.Value
	if get(ctx, p, &v).HasError() {
		return basetypes.StringValue{}, false
	}
	sv, ok := v.(basetypes.StringValuable)
	if !ok {
		return basetypes.StringValue{}, false
	}
	s, diags := sv.ToStringValue(ctx)
	return s, !diags.HasError()
}

// phoneRequiresReplace plans a replacement when phone_number changes to a number the contact does not
// already hold: Bland cannot change a contact's phone number (the seed's PATCH has no phone_number).
func phoneRequiresReplace() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(
		func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
				resp.RequiresReplace = !req.ConfigValue.IsNull()
				return
			}
			var held attr.Value
			if req.State.GetAttribute(ctx, pathIdentifiers, &held).HasError() {
				resp.RequiresReplace = true
				return
			}
			phones := identifierValuesOf(ctx, held, bland.IdentifierPhoneNumber)
			resp.RequiresReplace = !containsIdentifier(phones, bland.IdentifierPhoneNumber, req.ConfigValue.ValueString())
		},
		"Bland cannot change a contact's phone number, so a new number creates a new contact; the old one stays at Bland.",
		"Bland cannot change a contact's phone number, so a new number creates a new contact; the old one stays at Bland.",
	)
}

func identifierValuesOf(ctx context.Context, v attr.Value, typ string) []string {
	l, ok := v.(basetypes.ListValue)
	if !ok {
		return nil
	}
	return identifierValues(ctx, l, typ)
}
