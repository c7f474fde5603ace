package customtypes

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// UseStateWhenSame plans the state's value when the configuration's is the same by rule, so a value
// that differs only by the vendor's normalization plans no change: a configured email in other
// letter case, a phone number in another format, an external id with a trailing space. The
// framework's semantic equality runs only after an apply or read, never at plan, hence this modifier.
// Terraform accepts a planned value equal to the prior one in place of an equivalent configured
// value, for required arguments too.
func UseStateWhenSame(rule Rule) planmodifier.String {
	return useStateWhenSame{what: rule.String(), same: rule.Same}
}

// UseStateWhenSameFunc is UseStateWhenSame for an equality that is not a Rule (JSON that differs only
// in key order or spacing, say); what says in words when two values are the same.
func UseStateWhenSameFunc(what string, same func(config, state string) bool) planmodifier.String {
	return useStateWhenSame{what: what, same: same}
}

type useStateWhenSame struct {
	what string
	same func(config, state string) bool
}

func (m useStateWhenSame) Description(context.Context) string {
	return "a value that is the same as the current one plans no change (" + m.what + ")"
}

func (m useStateWhenSame) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (m useStateWhenSame) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.StateValue.IsUnknown() || req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if m.same(req.ConfigValue.ValueString(), req.StateValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}

// UseStateWhenConfigUnchanged plans a computed attribute (an update time, say) as its state value when
// nothing the configuration sets differs from the state: every argument is the same by its own
// equality (its Rule for a customtypes.String, exact otherwise), and an optional+computed argument
// left out of the configuration counts as unchanged (its state value is kept). The framework marks
// computed attributes unknown whenever the configuration's text differs from the state, so without
// this a value that is the same by its rule (an email in other letter case) would still plan an
// update that sends nothing.
func UseStateWhenConfigUnchanged() interface {
	planmodifier.String
	planmodifier.Map
} {
	return useStateWhenConfigUnchanged{}
}

type useStateWhenConfigUnchanged struct{}

func (useStateWhenConfigUnchanged) Description(context.Context) string {
	return "kept from the state unless an argument of the configuration changes"
}

func (m useStateWhenConfigUnchanged) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (useStateWhenConfigUnchanged) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.PlanValue.IsUnknown() && configUnchanged(ctx, req.Config, req.State) {
		resp.PlanValue = req.StateValue
	}
}

func (useStateWhenConfigUnchanged) PlanModifyMap(ctx context.Context, req planmodifier.MapRequest, resp *planmodifier.MapResponse) {
	if req.PlanValue.IsUnknown() && configUnchanged(ctx, req.Config, req.State) {
		resp.PlanValue = req.StateValue
	}
}

// configUnchanged reports whether every argument of config is the same as in state (false on create).
func configUnchanged(ctx context.Context, config tfsdk.Config, state tfsdk.State) bool {
	if state.Raw.IsNull() || config.Raw.IsNull() {
		return false
	}
	for name, a := range config.Schema.GetAttributes() {
		if !a.IsRequired() && !a.IsOptional() {
			continue // computed only: not an argument
		}
		var c, s attr.Value
		if config.GetAttribute(ctx, path.Root(name), &c).HasError() || state.GetAttribute(ctx, path.Root(name), &s).HasError() {
			return false
		}
		switch {
		case c.IsUnknown():
			return false
		case c.IsNull() && a.IsComputed():
			continue // left to the state's value
		case c.Equal(s):
			continue
		}
		cs, okC := c.(String)
		ss, okS := s.(String)
		if !okC || !okS || !cs.Same(ss) {
			return false
		}
	}
	return true
}
