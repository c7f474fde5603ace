package tfmodel

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/contacts-provider/terraform-provider-contacts/internal/customtypes"
)

// The shapes the provider's models use: plain and custom strings, bools, integers, a list of nested
// objects, a map, a set and normalized JSON.
var identifierType = types.ObjectType{AttrTypes: map[string]attr.Type{"type": types.StringType, "value": types.StringType, "primary": types.BoolType}}

var testSchema = schema.Schema{Attributes: map[string]schema.Attribute{
	"id":          schema.StringAttribute{Computed: true},
	"email":       schema.StringAttribute{Optional: true, CustomType: customtypes.EmailLowerCase.Type()},
	"subscribed":  schema.BoolAttribute{Optional: true},
	"company_id":  schema.Int64Attribute{Optional: true},
	"identifiers": schema.ListAttribute{Computed: true, ElementType: identifierType},
	"fields":      schema.MapAttribute{Optional: true, ElementType: types.StringType},
	"labels":      schema.SetAttribute{Optional: true, ElementType: types.StringType},
	"metadata":    schema.StringAttribute{Optional: true, CustomType: jsontypes.NormalizedType{}},
}}

type testModel struct {
	ID          types.String         `tfsdk:"id"`
	Email       customtypes.String   `tfsdk:"email"`
	Subscribed  types.Bool           `tfsdk:"subscribed"`
	CompanyID   types.Int64          `tfsdk:"company_id"`
	Identifiers types.List           `tfsdk:"identifiers"`
	Fields      types.Map            `tfsdk:"fields"`
	Labels      types.Set            `tfsdk:"labels"`
	Metadata    jsontypes.Normalized `tfsdk:"metadata"`
}

// randomRaw is a random object of testSchema: each attribute null, unknown (when unknowns is true)
// or a value.
func randomRaw(ctx context.Context, r *rand.Rand, unknowns bool) tftypes.Value {
	obj := testSchema.Type().TerraformType(ctx).(tftypes.Object)
	values := map[string]tftypes.Value{}
	for name, typ := range obj.AttributeTypes {
		switch n := r.IntN(10); {
		case n == 0:
			values[name] = tftypes.NewValue(typ, nil)
			continue
		case n == 1 && unknowns:
			values[name] = tftypes.NewValue(typ, tftypes.UnknownValue)
			continue
		}
		values[name] = randomValue(r, name, typ)
	}
	return tftypes.NewValue(obj, values)
}

func randomValue(r *rand.Rand, name string, typ tftypes.Type) tftypes.Value {
	word := func() string { return fmt.Sprintf("w%d", r.IntN(1000)) }
	switch name {
	case "metadata":
		return tftypes.NewValue(typ, fmt.Sprintf(`{"k": %d, "s": %q}`, r.IntN(100), word()))
	case "email":
		return tftypes.NewValue(typ, word()+"@Example.com")
	}
	switch t := typ.(type) {
	case tftypes.List:
		var elems []tftypes.Value
		for range r.IntN(3) {
			elems = append(elems, randomValue(r, "", t.ElementType))
		}
		return tftypes.NewValue(t, elems)
	case tftypes.Set:
		seen := map[string]bool{}
		var elems []tftypes.Value
		for range r.IntN(4) {
			w := word()
			if !seen[w] {
				seen[w] = true
				elems = append(elems, tftypes.NewValue(t.ElementType, w))
			}
		}
		return tftypes.NewValue(t, elems)
	case tftypes.Map:
		m := map[string]tftypes.Value{}
		for range r.IntN(3) {
			m[word()] = tftypes.NewValue(t.ElementType, word())
		}
		return tftypes.NewValue(t, m)
	case tftypes.Object:
		m := map[string]tftypes.Value{}
		for n, at := range t.AttributeTypes {
			m[n] = randomValue(r, n, at)
		}
		return tftypes.NewValue(t, m)
	}
	switch {
	case typ.Is(tftypes.Bool):
		return tftypes.NewValue(typ, r.IntN(2) == 0)
	case typ.Is(tftypes.Number):
		return tftypes.NewValue(typ, int64(r.IntN(1_000_000)))
	default:
		return tftypes.NewValue(typ, word())
	}
}

// TestMatchesFramework reads and writes random states both ways and requires the framework's result.
func TestMatchesFramework(t *testing.T) {
	ctx := context.Background()
	if !Handled(ctx, testSchema, testModel{}) {
		t.Fatal("the test model does not take the fast path")
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 500 {
		raw := randomRaw(ctx, r, i%2 == 0)
		state := tfsdk.State{Schema: testSchema, Raw: raw}

		var want, got testModel
		wantDiags := state.Get(ctx, &want)
		gotDiags := GetState(ctx, state, &got)
		if wantDiags.HasError() != gotDiags.HasError() {
			t.Fatalf("case %d: Get errors: framework %v, tfmodel %v", i, wantDiags, gotDiags)
		}
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("case %d: Get of %s:\nframework %#v\ntfmodel   %#v", i, raw, want, got)
		}

		wantState := tfsdk.State{Schema: testSchema}
		gotState := tfsdk.State{Schema: testSchema}
		wantDiags = wantState.Set(ctx, &want)
		gotDiags = SetState(ctx, &gotState, &got)
		if wantDiags.HasError() != gotDiags.HasError() {
			t.Fatalf("case %d: Set errors: framework %v, tfmodel %v", i, wantDiags, gotDiags)
		}
		if !wantState.Raw.Equal(gotState.Raw) || !gotState.Raw.Equal(raw) {
			t.Fatalf("case %d: Set:\nframework %s\ntfmodel   %s\nread      %s", i, wantState.Raw, gotState.Raw, raw)
		}
	}
}

func TestPlanAndConfig(t *testing.T) {
	ctx := context.Background()
	raw := randomRaw(ctx, rand.New(rand.NewPCG(3, 4)), true)
	var fromPlan, fromConfig, want testModel
	if d := (tfsdk.State{Schema: testSchema, Raw: raw}).Get(ctx, &want); d.HasError() {
		t.Fatal(d)
	}
	if d := GetPlan(ctx, tfsdk.Plan{Schema: testSchema, Raw: raw}, &fromPlan); d.HasError() {
		t.Fatal(d)
	}
	if d := GetConfig(ctx, tfsdk.Config{Schema: testSchema, Raw: raw}, &fromConfig); d.HasError() {
		t.Fatal(d)
	}
	if !reflect.DeepEqual(fromPlan, want) || !reflect.DeepEqual(fromConfig, want) {
		t.Fatalf("plan %#v\nconfig %#v\nwant %#v", fromPlan, fromConfig, want)
	}
}

// TestErrorsAsFramework: what the framework refuses, the fast path refuses too, and a failed Set
// leaves the state as it was.
func TestErrorsAsFramework(t *testing.T) {
	ctx := context.Background()
	obj := testSchema.Type().TerraformType(ctx)

	t.Run("null and unknown state", func(t *testing.T) {
		for _, raw := range []tftypes.Value{tftypes.NewValue(obj, nil), tftypes.NewValue(obj, tftypes.UnknownValue)} {
			var m testModel
			if d := GetState(ctx, tfsdk.State{Schema: testSchema, Raw: raw}, &m); !d.HasError() {
				t.Fatalf("GetState of %s: no error", raw)
			}
			if d := (tfsdk.State{Schema: testSchema, Raw: raw}).Get(ctx, &m); !d.HasError() {
				t.Fatalf("the framework accepts %s: the test's premise is wrong", raw)
			}
		}
	})

	t.Run("invalid JSON in a state is refused on read", func(t *testing.T) {
		raw := randomRaw(ctx, rand.New(rand.NewPCG(5, 6)), false)
		var values map[string]tftypes.Value
		_ = raw.As(&values)
		values["metadata"] = tftypes.NewValue(tftypes.String, "{not json")
		raw = tftypes.NewValue(obj, values)
		var m testModel
		got := GetState(ctx, tfsdk.State{Schema: testSchema, Raw: raw}, &m)
		want := (tfsdk.State{Schema: testSchema, Raw: raw}).Get(ctx, &m)
		if !got.HasError() || !want.HasError() {
			t.Fatalf("invalid JSON: tfmodel %v, framework %v; want both errors", got, want)
		}
		if got[0].Summary() != want[0].Summary() {
			t.Fatalf("summary %q, framework's %q", got[0].Summary(), want[0].Summary())
		}
	})

	t.Run("invalid JSON in a model is refused on write, state kept", func(t *testing.T) {
		before := randomRaw(ctx, rand.New(rand.NewPCG(7, 8)), false)
		state := tfsdk.State{Schema: testSchema, Raw: before}
		var m testModel
		if d := GetState(ctx, state, &m); d.HasError() {
			t.Fatal(d)
		}
		m.Metadata = jsontypes.NewNormalizedValue("{not json")
		if d := SetState(ctx, &state, &m); !d.HasError() {
			t.Fatal("SetState accepted invalid JSON")
		}
		if !state.Raw.Equal(before) {
			t.Fatal("a failed SetState changed the state")
		}
		if d := (&tfsdk.State{Schema: testSchema}).Set(ctx, &m); !d.HasError() {
			t.Fatal("the framework accepts invalid JSON: the test's premise is wrong")
		}
	})

	t.Run("a value of the wrong type is refused on write", func(t *testing.T) {
		var m testModel
		_ = GetState(ctx, tfsdk.State{Schema: testSchema, Raw: randomRaw(ctx, rand.New(rand.NewPCG(9, 10)), false)}, &m)
		m.Fields = types.MapValueMust(types.BoolType, map[string]attr.Value{"a": types.BoolValue(true)})
		d := SetState(ctx, &tfsdk.State{Schema: testSchema}, &m)
		if !d.HasError() || !strings.Contains(d[0].Detail(), "Path: fields") {
			t.Fatalf("SetState of a bool map for a string map: %v", d)
		}
	})
}

// Shapes the fast path leaves to the framework, which then gives its own result.
func TestOtherShapesGoToTheFramework(t *testing.T) {
	ctx := context.Background()
	type missingField struct {
		ID types.String `tfsdk:"id"`
	}
	type goTyped struct {
		testModel
	}
	type untaggedExported struct {
		testModel `tfsdk:"-"`
		Extra     string
	}
	for _, m := range []any{missingField{}, goTyped{}, untaggedExported{}, "a string", 42} {
		if Handled(ctx, testSchema, m) {
			t.Errorf("%T takes the fast path", m)
		}
	}
	raw := randomRaw(ctx, rand.New(rand.NewPCG(11, 12)), false)
	var m missingField
	got := GetState(ctx, tfsdk.State{Schema: testSchema, Raw: raw}, &m)
	want := (tfsdk.State{Schema: testSchema, Raw: raw}).Get(ctx, &m)
	// The framework's own error (its detail lists the fields in map order, so compare the summary).
	if !got.HasError() || !want.HasError() || got[0].Summary() != want[0].Summary() || !strings.Contains(got[0].Detail(), "Object defines fields not found in struct") {
		t.Fatalf("missing field: %v, framework %v", got, want)
	}
}

// BenchmarkRefreshModel is what a Read does with its model: read the prior state, write the new one.
func BenchmarkRefreshModel(b *testing.B) {
	ctx := context.Background()
	raw := randomRaw(ctx, rand.New(rand.NewPCG(13, 14)), false)
	b.Run("framework", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var m testModel
			state := tfsdk.State{Schema: testSchema, Raw: raw}
			_ = state.Get(ctx, &m)
			_ = state.Set(ctx, &m)
		}
	})
	b.Run("tfmodel", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var m testModel
			state := tfsdk.State{Schema: testSchema, Raw: raw}
			_ = GetState(ctx, state, &m)
			_ = SetState(ctx, &state, &m)
		}
	})
}
