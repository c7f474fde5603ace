package identity

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var testAttrs = []Attr{{Name: "audience_id", Normalize: strings.ToLower}, {Name: "id", Int: true}}

var stateSchema = schema.Schema{Attributes: map[string]schema.Attribute{
	"audience_id": schema.StringAttribute{Required: true},
	"id":          schema.StringAttribute{Computed: true},
}}

func state(t *testing.T, audience, id any) *tfsdk.State {
	t.Helper()
	typ := stateSchema.Type().TerraformType(context.Background())
	if audience == nil && id == nil {
		return &tfsdk.State{Schema: stateSchema, Raw: tftypes.NewValue(typ, nil)}
	}
	val := func(v any) tftypes.Value {
		if v == nil {
			return tftypes.NewValue(tftypes.String, nil)
		}
		return tftypes.NewValue(tftypes.String, v)
	}
	return &tfsdk.State{Schema: stateSchema, Raw: tftypes.NewValue(typ, map[string]tftypes.Value{"audience_id": val(audience), "id": val(id)})}
}

func emptyIdentity() *tfsdk.ResourceIdentity {
	s := Schema(testAttrs...)
	return &tfsdk.ResourceIdentity{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(context.Background()), nil)}
}

func identityString(t *testing.T, id *tfsdk.ResourceIdentity) string {
	t.Helper()
	return id.Raw.String()
}

func TestRecord(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name         string
		state, prior *tfsdk.State
		want         string // "" = left null
	}{
		{"state with every attribute", state(t, "aud", "42"), nil, `tftypes.Object["audience_id":tftypes.String, "id":tftypes.Number]<"audience_id":tftypes.String<"aud">, "id":tftypes.Number<"42">>`},
		{"state without its id (outcome unknown)", state(t, "aud", nil), nil, ""},
		{"removed: from the prior state", state(t, nil, nil), state(t, "aud", "7"), `tftypes.Object["audience_id":tftypes.String, "id":tftypes.Number]<"audience_id":tftypes.String<"aud">, "id":tftypes.Number<"7">>`},
		{"removed, prior without id: zero values", state(t, nil, nil), state(t, "aud", nil), `tftypes.Object["audience_id":tftypes.String, "id":tftypes.Number]<"audience_id":tftypes.String<"">, "id":tftypes.Number<"0">>`},
		{"removed, no prior (create)", state(t, nil, nil), nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			id := emptyIdentity()
			var diags diag.Diagnostics
			Record(ctx, id, &diags, testAttrs, c.state, c.prior)
			if diags.HasError() {
				t.Fatal(diags)
			}
			got := identityString(t, id)
			if c.want == "" {
				if !id.Raw.IsNull() {
					t.Errorf("identity set to %s, want it left null", got)
				}
				return
			}
			if got != c.want {
				t.Errorf("identity = %s\nwant %s", got, c.want)
			}
		})
	}

	// A state id that is not a number cannot be an Int identity.
	var diags diag.Diagnostics
	Record(ctx, emptyIdentity(), &diags, testAttrs, state(t, "aud", "x1"), nil)
	if !diags.HasError() {
		t.Error("a non-numeric id gave no error")
	}
}

func TestToState(t *testing.T) {
	ctx := context.Background()
	id := emptyIdentity()
	var diags diag.Diagnostics
	Record(ctx, id, &diags, testAttrs, state(t, "AUD", "42"), nil)
	st := state(t, "", "")
	if d := ToState(ctx, id, st, testAttrs); d.HasError() {
		t.Fatal(d)
	}
	want := state(t, "aud", "42") // the audience normalized, the number as a string
	if !st.Raw.Equal(want.Raw) {
		t.Errorf("state = %s, want %s", st.Raw, want.Raw)
	}

	zero := emptyIdentity()
	Record(ctx, zero, &diags, testAttrs, state(t, nil, nil), state(t, "", nil))
	if d := ToState(ctx, zero, state(t, "", ""), testAttrs); !d.HasError() || len(d.Errors()) != 2 {
		t.Errorf("an identity of zero values gave %v, want an error per attribute", d)
	}
	if d := ToState(ctx, nil, state(t, "", ""), testAttrs); !d.HasError() {
		t.Error("no identity gave no error")
	}
}
