package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestBlandSettings(t *testing.T) {
	env := map[string]string{"BLAND_API_KEY": "env-key", "BLAND_BASE_URL": "http://127.0.0.1:1/bland"}
	cases := []struct {
		name        string
		model       blandModel
		env         map[string]string
		wantKey     string
		wantBaseURL string
	}{
		{"nothing set", blandModel{}, nil, "", "https://api.bland.ai"},
		{"environment only", blandModel{}, env, "env-key", "http://127.0.0.1:1/bland"},
		{"arguments win over environment",
			blandModel{APIKey: types.StringValue("arg-key"), BaseURL: types.StringValue("https://bland.internal")}, env,
			"arg-key", "https://bland.internal"},
		{"key from the argument, base URL from the environment", blandModel{APIKey: types.StringValue("arg-key")}, env,
			"arg-key", "http://127.0.0.1:1/bland"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			key, base := blandSettings(&tc.model, func(k string) string { return tc.env[k] })
			if key != tc.wantKey || base != tc.wantBaseURL {
				t.Fatalf("got key %q base %q, want key %q base %q", key, base, tc.wantKey, tc.wantBaseURL)
			}
		})
	}
}
