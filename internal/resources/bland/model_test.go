package bland

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/bland"
)

func normalized(s string) jsontypes.Normalized {
	if s == "" {
		return jsontypes.NewNormalizedNull()
	}
	return jsontypes.NewNormalizedValue(s)
}

func encode(md bland.Metadata) string {
	if md == nil {
		return "<none>"
	}
	return encodeMetadata(md)
}

func TestMetadataChanges(t *testing.T) {
	for _, tc := range []struct {
		name, plan, state, want string
	}{
		{"unchanged, other spacing", `{"a": 1, "b": {"x": true}}`, `{"b":{"x":true},"a":1}`, `{}`},
		{"changed and added keys only", `{"a":2,"b":{"x":true},"c":"new"}`, `{"a":1,"b":{"x":true}}`, `{"a":2,"c":"new"}`},
		{"removed key sent as null", `{"a":1}`, `{"a":1,"gone":"x"}`, `{"gone":null}`},
		{"metadata removed: every managed key null", ``, `{"a":1,"b":2}`, `{"a":null,"b":null}`},
		{"first managed keys after an import", `{"a":1}`, ``, `{"a":1}`},
		{"number spelling counts, as in jsontypes", `{"a":1.0}`, `{"a":1}`, `{"a":1.0}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := metadataChanges(normalized(tc.plan), normalized(tc.state))
			if err != nil || encode(got) != tc.want {
				t.Fatalf("got %s (%v), want %s", encode(got), err, tc.want)
			}
		})
	}
}

func TestManagedMetadata(t *testing.T) {
	server := bland.Metadata{"a": json.RawMessage(`2`), "other": json.RawMessage(`"from a call"`)}
	for _, tc := range []struct {
		name, managed, want string
	}{
		{"only managed keys, with the server's values", `{"a":1}`, `{"a":2}`},
		{"a managed key gone at the server is left out", `{"a":1,"b":1}`, `{"a":2}`},
		{"no managed keys", `{}`, `{}`},
		{"metadata not set stays null", ``, ``},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := managedMetadata(normalized(tc.managed), server)
			if err != nil {
				t.Fatal(err)
			}
			if tc.want == "" {
				if !got.IsNull() {
					t.Fatalf("got %s, want null", got)
				}
				return
			}
			if got.ValueString() != tc.want {
				t.Fatalf("got %s, want %s", got.ValueString(), tc.want)
			}
		})
	}
}

func contact(name *string, md string, ids ...bland.Identifier) *bland.Contact {
	var m bland.Metadata
	if err := json.Unmarshal([]byte(md), &m); err != nil {
		panic(err)
	}
	return &bland.Contact{ID: "c1", Name: name, Metadata: m, Identifiers: ids}
}

func ident(typ, v string, primary bool) bland.Identifier {
	return bland.Identifier{Type: typ, Value: v, IsPrimary: primary}
}

func ptr(s string) *string { return &s }

func TestAdoptionUpdateSendsOnlyWhatTheConfigurationSetsAndLacks(t *testing.T) {
	existing := contact(ptr("Grace"), `{"source":"call","tier":"bronze","same":{"a":1}}`,
		ident("phone_number", "+1555", true), ident("email", "grace@example.com", true))
	for _, tc := range []struct {
		name  string
		model contactModel
		want  string
	}{
		{"nothing set but the identifier it was found by", contactModel{PhoneNumber: phoneRule.Value("+1555")}, `{}`},
		{"same values need nothing", contactModel{Name: types.StringValue("Grace"), Email: emailRule.Value("GRACE@example.com"),
			Metadata: normalized(`{"same": {"a": 1}}`)}, `{}`},
		{"differing name, a new external id, differing and new keys", contactModel{Name: types.StringValue("Grace Hopper"),
			ExternalID: externalIDRule.Value("crm-1"), Metadata: normalized(`{"tier":"gold","new":true,"same":{"a":1}}`)},
			`{"name":"Grace Hopper","external_id":"crm-1","metadata":{"new":true,"tier":"gold"}}`},
		{"another email replaces it", contactModel{Email: emailRule.Value("g.hopper@example.com")}, `{"email":"g.hopper@example.com"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, err := tc.model.adoptionUpdate(existing)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(u)
			if string(b) != tc.want {
				t.Fatalf("got %s, want %s", b, tc.want)
			}
		})
	}
}

func TestUpdateRequestSkipsIdentifiersTheContactHolds(t *testing.T) {
	ctx := context.Background()
	held := contact(nil, `{}`, ident("email", "a@example.com", true), ident("email", "b@example.com", false),
		ident("external_id", "x", true))
	ids, diags := identifiersValue(ctx, held)
	if diags.HasError() {
		t.Fatal(diags)
	}
	state := contactModel{Email: emailRule.Value("a@example.com"), ExternalID: externalIDRule.Value("x"),
		Name: types.StringValue("Ann"), Identifiers: ids, Metadata: jsontypes.NewNormalizedNull()}
	for _, tc := range []struct {
		name string
		plan contactModel
		want string
	}{
		{"letter case only", contactModel{Email: emailRule.Value("A@Example.com")}, `{}`},
		{"an email the contact already holds", contactModel{Email: emailRule.Value("b@example.com")}, `{}`},
		{"a new email and name", contactModel{Email: emailRule.Value("c@example.com"), Name: types.StringValue("Ann Lee")},
			`{"name":"Ann Lee","email":"c@example.com"}`},
		{"unset arguments send nothing", contactModel{Email: emailRule.Null(), Name: types.StringUnknown()}, `{}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.plan.Metadata = jsontypes.NewNormalizedNull()
			u, err := updateRequest(ctx, &tc.plan, &state)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(u)
			if string(b) != tc.want {
				t.Fatalf("got %s, want %s", b, tc.want)
			}
		})
	}
}

func TestPickIdentifier(t *testing.T) {
	c := contact(nil, `{}`, ident("phone_number", "+1", false), ident("phone_number", "+2", true), ident("email", "a@example.com", true))
	for _, tc := range []struct {
		typ  string
		want types.String
		out  types.String
	}{
		{"phone_number", types.StringNull(), types.StringValue("+2")},      // the primary one
		{"phone_number", types.StringValue("+1"), types.StringValue("+1")}, // the one held and wanted
		{"phone_number", types.StringValue("+9"), types.StringValue("+2")}, // wanted but gone: the primary
		{"email", types.StringValue("A@Example.com"), types.StringValue("a@example.com")},
		{"external_id", types.StringValue("x"), types.StringNull()},
	} {
		if got := pickIdentifier(c, tc.typ, equalityOf(tc.typ).From(tc.want)); !got.StringValue.Equal(tc.out) {
			t.Errorf("pickIdentifier(%s, %s) = %s, want %s", tc.typ, tc.want, got, tc.out)
		}
	}
}

func TestMetadataObjectValidator(t *testing.T) {
	for _, tc := range []struct {
		in, wantErr string
	}{
		{`{"a":1,"b":{"c":null}}`, ""},
		{`{}`, ""},
		{`[1]`, "must be a JSON object"},
		{`"x"`, "must be a JSON object"},
		{`null`, "must be a JSON object, not null"},
		{`{"b":null,"a":null,"c":1}`, "sets a, b to null"},
	} {
		var resp validator.StringResponse
		metadataObject{}.ValidateString(context.Background(), validator.StringRequest{
			Path: path.Root("metadata"), ConfigValue: types.StringValue(tc.in),
		}, &resp)
		got := ""
		if resp.Diagnostics.HasError() {
			got = resp.Diagnostics.Errors()[0].Detail()
		}
		if (tc.wantErr == "") != (got == "") || !strings.Contains(got, tc.wantErr) {
			t.Errorf("%s: got %q, want an error containing %q", tc.in, got, tc.wantErr)
		}
	}
}

// Delete sends nothing (the resource has no client here) and warns that the contact remains at Bland.
func TestDeleteWarnsThatTheContactRemains(t *testing.T) {
	ctx := context.Background()
	r := &contactResource{}
	var schemaResp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	state := tfsdk.State{Schema: schemaResp.Schema}
	diags := state.Set(ctx, &contactModel{
		ID: types.StringValue("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"), PhoneNumber: phoneRule.Null(),
		Email: emailRule.Null(), ExternalID: externalIDRule.Value("x"), Name: types.StringNull(),
		Metadata: jsontypes.NewNormalizedNull(), MetadataAll: jsontypes.NewNormalizedValue("{}"), AdoptExisting: types.BoolNull(),
		OrgID: types.StringNull(), Identifiers: types.ListNull(identifierType), CreatedAt: types.StringNull(), UpdatedAt: types.StringNull(),
	})
	if diags.HasError() {
		t.Fatal(diags)
	}
	resp := resource.DeleteResponse{State: state}
	r.Delete(ctx, resource.DeleteRequest{State: state}, &resp)
	if resp.Diagnostics.HasError() || resp.Diagnostics.WarningsCount() != 1 {
		t.Fatalf("want exactly one warning, got %v", resp.Diagnostics)
	}
	w := resp.Diagnostics.Warnings()[0]
	if !strings.Contains(w.Summary(), "still exists at Bland") || !strings.Contains(w.Detail(), "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee") ||
		!strings.Contains(w.Detail(), "no delete endpoint") {
		t.Fatalf("warning %q: %q", w.Summary(), w.Detail())
	}
}
