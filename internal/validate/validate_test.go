package validate

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func run(v validator.String, value types.String) *validator.StringResponse {
	resp := &validator.StringResponse{}
	v.ValidateString(context.Background(), validator.StringRequest{
		Path:        path.Root("email"),
		ConfigValue: value,
	}, resp)
	return resp
}

func TestValidators(t *testing.T) {
	cases := []struct {
		name    string
		v       validator.String
		value   types.String
		wantErr string // empty: valid
	}{
		{"plain email", EmailAddress(), types.StringValue("ann@example.com"), ""},
		{"plus and subdomain", EmailAddress(), types.StringValue("ann+tag@mail.example.co.uk"), ""},
		{"upper case accepted", EmailAddress(), types.StringValue("Ann@Example.COM"), ""},
		{"missing at", EmailAddress(), types.StringValue("ann.example.com"), "must be a valid email address"},
		{"missing local part", EmailAddress(), types.StringValue("@example.com"), "must be a valid email address"},
		{"display name", EmailAddress(), types.StringValue("Ann <ann@example.com>"), "plain address"},
		{"angle brackets", EmailAddress(), types.StringValue("<ann@example.com>"), "plain address"},
		{"quoted local part", EmailAddress(), types.StringValue(`"ann"@example.com`), "plain address"},
		{"comment", EmailAddress(), types.StringValue("ann@example.com (Ann)"), "plain address"},
		{"trailing dot", EmailAddress(), types.StringValue("ann@example.com."), "is not an email address"},
		{"surrounding space trimmed", EmailAddress(), types.StringValue(" ann@example.com\t"), ""},
		{"dotless I", EmailAddress(), types.StringValue("İnci@example.com"), ""},
		{"blank", EmailAddress(), types.StringValue("   "), "is not an email address"},
		{"phone E.164", PhoneNumber(), types.StringValue("+14155550192"), ""},
		{"phone formatted", PhoneNumber(), types.StringValue(" +1 (415) 555-0192 "), ""},
		{"phone US national", PhoneNumber(), types.StringValue("415-555-0192"), ""},
		{"phone 11 digits without +", PhoneNumber(), types.StringValue("14155550192"), "no country code"},
		{"phone extension", PhoneNumber(), types.StringValue("+14155550192 ext. 7"), "extension"},
		{"not blank ok", NotBlank("x"), types.StringValue(" a "), ""},
		{"not blank tab", NotBlank("Bland stores it trimmed"), types.StringValue("\t"), "Bland stores it trimmed"},
		{"empty", EmailAddress(), types.StringValue(""), "is not an email address"},
		{"null skipped", EmailAddress(), types.StringNull(), ""},
		{"unknown skipped", EmailAddress(), types.StringUnknown(), ""},
		{"duration ok", Duration(), types.StringValue("1m30s"), ""},
		{"duration unitless", Duration(), types.StringValue("30"), "is not a duration"},
		{"duration zero", Duration(), types.StringValue("0s"), "not greater than zero"},
		{"url https", HTTPURL(), types.StringValue("https://api.maildiver.com/v1"), ""},
		{"url http loopback", HTTPURL(), types.StringValue("http://127.0.0.1:8089/maildiver/v1"), ""},
		{"url no scheme", HTTPURL(), types.StringValue("api.maildiver.com/v1"), "no http(s) scheme"},
		{"url ftp", HTTPURL(), types.StringValue("ftp://example.com"), "no http(s) scheme"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := run(tc.v, tc.value)
			if tc.wantErr == "" {
				if resp.Diagnostics.HasError() {
					t.Fatalf("unexpected error: %v", resp.Diagnostics)
				}
				return
			}
			if !resp.Diagnostics.HasError() {
				t.Fatalf("expected an error containing %q, got none", tc.wantErr)
			}
			detail := resp.Diagnostics[0].Detail()
			if !strings.Contains(detail, tc.wantErr) || !strings.Contains(detail, "email") {
				t.Fatalf("error %q should name the attribute and contain %q", detail, tc.wantErr)
			}
		})
	}
}
