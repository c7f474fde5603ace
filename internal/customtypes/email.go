// Package customtypes holds Terraform attribute types whose values compare by meaning rather than by
// their exact text, so that a value the vendor normalizes never shows up as a diff.
package customtypes

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var (
	_ basetypes.StringTypable                    = EmailType{}
	_ basetypes.StringValuableWithSemanticEquals = Email{}
)

// EmailType is a string attribute type for email addresses. Vendors store addresses in lower case,
// so two addresses that differ only in letter case are the same address and plan no change.
type EmailType struct {
	basetypes.StringType
}

func (t EmailType) String() string { return "customtypes.EmailType" }

func (t EmailType) Equal(o attr.Type) bool {
	other, ok := o.(EmailType)
	return ok && t.StringType.Equal(other.StringType)
}

func (t EmailType) ValueType(context.Context) attr.Value { return Email{} }

func (t EmailType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return Email{StringValue: in}, nil
}

func (t EmailType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return Email{StringValue: s}, nil
}

// Email is an email address value; see EmailType.
type Email struct {
	basetypes.StringValue
}

// NewEmailValue, NewEmailNull and NewEmailPointerValue mirror the framework's string constructors.
func NewEmailValue(s string) Email { return Email{StringValue: basetypes.NewStringValue(s)} }
func NewEmailNull() Email          { return Email{StringValue: basetypes.NewStringNull()} }
func NewEmailUnknown() Email       { return Email{StringValue: basetypes.NewStringUnknown()} }

func (v Email) Type(context.Context) attr.Type { return EmailType{} }

func (v Email) Equal(o attr.Value) bool {
	other, ok := o.(Email)
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals reports whether both addresses are the same mailbox as the vendors see it:
// equal ignoring letter case (vendors lower-case addresses on write).
func (v Email) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	newValue, ok := newValuable.(Email)
	if !ok {
		diags.AddError("Semantic equality check error",
			fmt.Sprintf("expected an Email value, got %T; this is a bug in the provider", newValuable))
		return false, diags
	}
	if v.IsNull() || v.IsUnknown() || newValue.IsNull() || newValue.IsUnknown() {
		return false, diags
	}
	return SameEmail(v.ValueString(), newValue.ValueString()), diags
}

// SameEmail is the comparison Email uses, for code that compares plain strings.
func SameEmail(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}
