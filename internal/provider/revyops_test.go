package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestRevyOpsSettings(t *testing.T) {
	env := map[string]string{"REVYOPS_API_KEY": "env-key", "REVYOPS_CLIENT_ID": "env-client", "REVYOPS_BASE_URL": "http://127.0.0.1:1/revyops"}
	cases := []struct {
		name                             string
		model                            revyopsModel
		env                              map[string]string
		wantKey, wantClient, wantBaseURL string
	}{
		{"nothing set", revyopsModel{}, nil, "", "", "https://api.revyops.com"},
		{"environment only", revyopsModel{}, env, "env-key", "env-client", "http://127.0.0.1:1/revyops"},
		{"client id alone", revyopsModel{ClientID: types.StringValue("arg-client")}, nil, "", "arg-client", "https://api.revyops.com"},
		{"arguments win over environment",
			revyopsModel{APIKey: types.StringValue("arg-key"), ClientID: types.StringValue("arg-client"), BaseURL: types.StringValue("https://app.revyops.com/api")},
			env, "arg-key", "arg-client", "https://app.revyops.com/api"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			key, client, base := revyOpsSettings(&tc.model, func(k string) string { return tc.env[k] })
			if key != tc.wantKey || client != tc.wantClient || base != tc.wantBaseURL {
				t.Fatalf("got key %q client %q base %q, want %q %q %q", key, client, base, tc.wantKey, tc.wantClient, tc.wantBaseURL)
			}
		})
	}
}

// The default pace stays under the 10 requests a second RevyOps asks for, and a burst never exceeds one
// second's worth of the configured pace.
func TestRevyOpsPacing(t *testing.T) {
	if revyOpsDefaultPerMinute >= 10*60 || revyOpsDefaultPerMinute <= 0 {
		t.Fatalf("default pacing %d/min is not under 10 requests per second", revyOpsDefaultPerMinute)
	}
	for perMinute, want := range map[int]int{revyOpsDefaultPerMinute: 9, 60: 1, 30: 1, 0: 1, 6000: 100} {
		if got := revyOpsBurst(perMinute); got != want {
			t.Errorf("revyOpsBurst(%d) = %d, want %d", perMinute, got, want)
		}
	}
}

func TestRevyOpsClientIDIsSensitive(t *testing.T) {
	var resp provider.SchemaResponse
	New("test")().Schema(context.Background(), provider.SchemaRequest{}, &resp)
	attrs := resp.Schema.Blocks["revyops"].GetNestedObject().GetAttributes()
	for _, name := range []string{"api_key", "client_id"} {
		a, ok := attrs[name]
		if !ok || !a.IsSensitive() {
			t.Errorf("revyops.%s must exist and be sensitive", name)
		}
	}
}
