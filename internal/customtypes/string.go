package customtypes

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var (
	_ basetypes.StringTypable                    = StringType{}
	_ basetypes.StringValuableWithSemanticEquals = String{}
)

// StringType is a string attribute type whose values compare by a Rule. Give it as the schema's
// CustomType (rule.Type()); the framework then keeps the prior value after a create, update or read
// whose answer is the same by the rule, so a value the vendor normalizes never shows as a change.
type StringType struct {
	basetypes.StringType
	Rule Rule
}

// Type is the attribute type that compares by r.
func (r Rule) Type() StringType { return StringType{Rule: r} }

func (t StringType) String() string { return fmt.Sprintf("customtypes.StringType[%d]", t.Rule) }

func (t StringType) Equal(o attr.Type) bool {
	other, ok := o.(StringType)
	return ok && other.Rule == t.Rule && t.StringType.Equal(other.StringType)
}

func (t StringType) ValueType(context.Context) attr.Value { return String{rule: t.Rule} }

func (t StringType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return String{StringValue: in, rule: t.Rule}, nil
}

func (t StringType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return String{StringValue: s, rule: t.Rule}, nil
}

// String is a string value that compares by its Rule; see StringType.
type String struct {
	basetypes.StringValue
	rule Rule
}

// Value, Null, Unknown and PointerValue make values that compare by r, as the framework's string
// constructors do.
func (r Rule) Value(s string) String {
	return String{StringValue: basetypes.NewStringValue(s), rule: r}
}
func (r Rule) Null() String    { return String{StringValue: basetypes.NewStringNull(), rule: r} }
func (r Rule) Unknown() String { return String{StringValue: basetypes.NewStringUnknown(), rule: r} }
func (r Rule) PointerValue(s *string) String {
	return String{StringValue: basetypes.NewStringPointerValue(s), rule: r}
}

// From gives v the rule r, keeping its null, unknown or known value.
func (r Rule) From(v basetypes.StringValue) String { return String{StringValue: v, rule: r} }

// Rule is the value's rule.
func (v String) Rule() Rule { return v.rule }

func (v String) Type(context.Context) attr.Type { return StringType{Rule: v.rule} }

func (v String) Equal(o attr.Value) bool {
	other, ok := o.(String)
	return ok && other.rule == v.rule && v.StringValue.Equal(other.StringValue)
}

// Same reports whether both values are known and the same by v's rule.
func (v String) Same(o basetypes.StringValuable) bool {
	other, diags := o.ToStringValue(context.Background())
	if diags.HasError() || v.IsNull() || v.IsUnknown() || other.IsNull() || other.IsUnknown() {
		return false
	}
	return v.rule.Same(v.ValueString(), other.ValueString())
}

// StringSemanticEquals reports whether the new value (the receiver, as the vendor answered it) is
// the same as the prior one by the rule, so the framework keeps the prior value.
func (v String) StringSemanticEquals(_ context.Context, priorValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	prior, ok := priorValuable.(String)
	if !ok || prior.rule != v.rule || v.rule == ruleUnset {
		diags.AddError("Semantic equality check error",
			fmt.Sprintf("expected a customtypes.String with rule %d, got %T with rule %d; this is a bug in the provider",
				v.rule, priorValuable, prior.rule))
		return false, diags
	}
	return v.Same(prior), diags
}
