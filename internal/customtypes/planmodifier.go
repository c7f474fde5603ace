package customtypes

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
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
