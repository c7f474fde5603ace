package customtypes

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Each row is a pair of values and whether the rule takes them for the same value. The rows are the
// inputs that showed a disagreement with a vendor's normalization (issue 9) and their neighbours.
func TestRuleSame(t *testing.T) {
	cases := []struct {
		rule Rule
		a, b string
		want bool
	}{
		// Lower-casing vendors: strings.ToLower, not case folding.
		{EmailLowerCase, "ada@example.com", "ADA@Example.COM", true},
		{EmailLowerCase, "İnci@example.com", "inci@example.com", true}, // U+0130 lower-cases to i
		{EmailLowerCase, "ſ@example.com", "s@example.com", false},      // long s is already lower case
		{EmailLowerCase, "ΣΑΣ@example.com", "σας@example.com", false},  // ToLower gives σασ (no final sigma)
		{EmailLowerCase, "ΣΑΣ@example.com", "σασ@example.com", true},
		{EmailLowerCase, " ada@example.com\t", "ada@example.com", true},
		{EmailLowerCase, "ada@example.com", "bob@example.com", false},
		// RevyOps: case folding.
		{EmailCaseInsensitive, "ada@example.com", "ADA@Example.COM", true},
		{EmailCaseInsensitive, "İnci@example.com", "inci@example.com", false},
		{EmailCaseInsensitive, "ſ@example.com", "s@example.com", true},
		{EmailCaseInsensitive, "ΣΑΣ@example.com", "σας@example.com", true},
		{EmailCaseInsensitive, " ada@example.com ", "Ada@example.com", true},
		{EmailCaseInsensitive, "ada@example.com", "ada@example.org", false},
		// Bland phone numbers, by meaning.
		{PhoneNumber, "+1 415-555-0192", "+14155550192", true},
		{PhoneNumber, " +14155550192 ", "+14155550192", true},
		{PhoneNumber, "(415) 555-0192", "+14155550192", true},
		{PhoneNumber, "415.555.0192", "+1 (415) 555-0192", true},
		{PhoneNumber, "+44 (0)20 7946 0018", "+442079460018", true},
		{PhoneNumber, "+14155550192", "+14155550193", false},
		{PhoneNumber, "+442079460018", "+12079460018", false},
		{PhoneNumber, "14155550192", "+14155550192", false}, // not a phone number: compared as text
		{PhoneNumber, "not a number", " not a number ", true},
		// Trimmed text.
		{Trimmed, "crm-1 ", "crm-1", true},
		{Trimmed, "crm-1", "CRM-1", false},
		// Domain names.
		{DomainName, " Acme.COM. ", "acme.com", true},
		{DomainName, "acme.com", "acme.co", false},
		{DomainName, "acme.com..", "acme.com", false},
	}
	for _, tc := range cases {
		if got := tc.rule.Same(tc.a, tc.b); got != tc.want {
			t.Errorf("rule %d: Same(%q, %q) = %v, want %v", tc.rule, tc.a, tc.b, got, tc.want)
		}
		if got := tc.rule.Same(tc.b, tc.a); got != tc.want {
			t.Errorf("rule %d: Same(%q, %q) = %v, want %v (not symmetric)", tc.rule, tc.b, tc.a, got, tc.want)
		}
	}
}

func TestNormalizePhoneNumber(t *testing.T) {
	cases := []struct {
		in, want, wantErr string
	}{
		{"+14155550192", "+14155550192", ""},
		{"+1 415-555-0192", "+14155550192", ""},
		{"  +1 (415) 555 0192\n", "+14155550192", ""},
		{"4155550192", "+14155550192", ""},
		{"415-555-0192", "+14155550192", ""},
		{"+442079460018", "+442079460018", ""},
		{"+61 2 2333 4444", "+61223334444", ""},
		{"", "", "is empty"},
		{"   ", "", "is empty"},
		{"14155550192", "", "no country code"},
		{"552223334444", "", "no country code"},
		{"020 7946 0018", "", "no country code"},
		{"+1 415 555 0192 ext. 12", "", "without letters or an extension"},
		{"1-800-FLOWERS", "", "without letters"},
		{"+1/415/555/0192", "", "may hold only digits"},
		{"＋１４１５５５５０１９２", "", "may hold only digits"}, // full-width digits
		{"41+55550192", "", "may hold only digits"},
		{"+999 1234", "", "known country code"},
		{"+1 2", "", "known country code"},
	}
	for _, tc := range cases {
		got, err := NormalizePhoneNumber(tc.in)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("NormalizePhoneNumber(%q): unexpected error %v", tc.in, err)
		case tc.wantErr == "" && got != tc.want:
			t.Errorf("NormalizePhoneNumber(%q) = %q, want %q", tc.in, got, tc.want)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("NormalizePhoneNumber(%q) = %q, %v; want an error containing %q", tc.in, got, err, tc.wantErr)
		}
	}
}

func TestSemanticEquals(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name         string
		prior, fresh String
		want         bool
		wantErr      bool
	}{
		{"lower-cased by the vendor", EmailLowerCase.Value("İnci@example.com"), EmailLowerCase.Value("inci@example.com"), true, false},
		{"another mailbox", EmailLowerCase.Value("ann@example.com"), EmailLowerCase.Value("bob@example.com"), false, false},
		{"case kept, folded", EmailCaseInsensitive.Value("Ada@Example.com"), EmailCaseInsensitive.Value("ada@example.com"), true, false},
		{"phone reformatted", PhoneNumber.Value("+1 415-555-0192"), PhoneNumber.Value("+14155550192"), true, false},
		{"prior null", EmailLowerCase.Null(), EmailLowerCase.Value("ann@example.com"), false, false},
		{"new unknown", EmailLowerCase.Value("ann@example.com"), EmailLowerCase.Unknown(), false, false},
		{"rules differ", EmailLowerCase.Value("a@b.c"), EmailCaseInsensitive.Value("a@b.c"), false, true},
		{"rule unset", String{StringValue: types.StringValue("a")}, String{StringValue: types.StringValue("a")}, false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, diags := tc.fresh.StringSemanticEquals(ctx, tc.prior)
			if diags.HasError() != tc.wantErr {
				t.Fatalf("diagnostics %v, want error %v", diags, tc.wantErr)
			}
			if got != tc.want {
				t.Fatalf("StringSemanticEquals = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestTypeRoundTripKeepsRule(t *testing.T) {
	ctx := context.Background()
	v := PhoneNumber.Value("+14155550192")
	tv, err := v.ToTerraformValue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	back, err := PhoneNumber.Type().ValueFromTerraform(ctx, tv)
	if err != nil {
		t.Fatal(err)
	}
	if !back.Equal(v) || back.(String).Rule() != PhoneNumber {
		t.Fatalf("round trip changed the value: %v != %v", back, v)
	}
	if PhoneNumber.Type().Equal(EmailLowerCase.Type()) {
		t.Fatal("types with different rules must differ")
	}
}

func TestUseStateWhenSame(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name                string
		config, state, want types.String
	}{
		{"same by rule keeps state", types.StringValue("ADA@Example.COM"), types.StringValue("ada@example.com"), types.StringValue("ada@example.com")},
		{"different keeps config", types.StringValue("bob@example.com"), types.StringValue("ada@example.com"), types.StringValue("bob@example.com")},
		{"create keeps config", types.StringValue("ada@example.com"), types.StringNull(), types.StringValue("ada@example.com")},
		{"unknown config kept", types.StringUnknown(), types.StringValue("ada@example.com"), types.StringUnknown()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := planmodifier.StringRequest{Path: path.Root("email"), ConfigValue: tc.config, StateValue: tc.state, PlanValue: tc.config}
			resp := &planmodifier.StringResponse{PlanValue: tc.config}
			UseStateWhenSame(EmailLowerCase).PlanModifyString(ctx, req, resp)
			if !resp.PlanValue.Equal(tc.want) {
				t.Fatalf("planned %v, want %v", resp.PlanValue, tc.want)
			}
		})
	}
}
