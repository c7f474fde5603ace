package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestCorporateMerchSettings(t *testing.T) {
	env := map[string]string{"CORPORATEMERCH_API_TOKEN": "env-token", "CORPORATEMERCH_BASE_URL": "http://127.0.0.1:1/corporatemerch/v2"}
	cases := []struct {
		name        string
		model       corporateMerchModel
		env         map[string]string
		wantToken   string
		wantBaseURL string
	}{
		{"nothing set", corporateMerchModel{}, nil, "", "https://api.corporatemerch.com/v2"},
		{"environment only", corporateMerchModel{}, env, "env-token", "http://127.0.0.1:1/corporatemerch/v2"},
		{"arguments win over environment",
			corporateMerchModel{APIToken: types.StringValue("arg-token"), BaseURL: types.StringValue("https://merch.internal/v2")}, env,
			"arg-token", "https://merch.internal/v2"},
		{"token from the argument, base URL from the environment", corporateMerchModel{APIToken: types.StringValue("arg-token")}, env,
			"arg-token", "http://127.0.0.1:1/corporatemerch/v2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			token, base := corporateMerchSettings(&tc.model, func(k string) string { return tc.env[k] })
			if token != tc.wantToken || base != tc.wantBaseURL {
				t.Fatalf("got token %q base %q, want token %q base %q", token, base, tc.wantToken, tc.wantBaseURL)
			}
		})
	}
}
