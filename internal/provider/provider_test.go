package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/transport"
)

func TestMailDiverSettings(t *testing.T) {
	env := map[string]string{"MAILDIVER_API_KEY": "env-key", "MAILDIVER_BASE_URL": "http://127.0.0.1:1/maildiver/v1"}
	cases := []struct {
		name        string
		model       maildiverModel
		env         map[string]string
		wantKey     string
		wantBaseURL string
	}{
		{"nothing set", maildiverModel{}, nil, "", "https://api.maildiver.com/v1"},
		{"environment only", maildiverModel{}, env, "env-key", "http://127.0.0.1:1/maildiver/v1"},
		{"arguments win over environment",
			maildiverModel{APIKey: types.StringValue("arg-key"), BaseURL: types.StringValue("https://mail.internal/v1")}, env,
			"arg-key", "https://mail.internal/v1"},
		{"self-hosted domain", maildiverModel{APIKey: types.StringValue("k"), Domain: types.StringValue("example.com")}, nil,
			"k", "https://api.example.com/v1"},
		{"domain wins over the environment's base URL", maildiverModel{Domain: types.StringValue("example.com")}, env,
			"env-key", "https://api.example.com/v1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			key, base := mailDiverSettings(&tc.model, func(k string) string { return tc.env[k] })
			if key != tc.wantKey || base != tc.wantBaseURL {
				t.Fatalf("got key %q base %q, want key %q base %q", key, base, tc.wantKey, tc.wantBaseURL)
			}
		})
	}
}

func TestSchemaMarksSecretsSensitive(t *testing.T) {
	var resp provider.SchemaResponse
	New("test")().Schema(context.Background(), provider.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatal(diags)
	}
	// Every credential argument of every vendor block is sensitive.
	secrets := map[string]bool{"api_key": true, "api_token": true, "client_id": true}
	found := 0
	for name, block := range resp.Schema.Blocks {
		for attrName, attr := range block.GetNestedObject().GetAttributes() {
			if secrets[attrName] {
				found++
				if !attr.IsSensitive() {
					t.Errorf("%s.%s must be sensitive", name, attrName)
				}
			}
		}
	}
	if found < len(vendors) {
		t.Fatalf("found %d credential arguments for %d vendors", found, len(vendors))
	}
}

func TestHostnamePattern(t *testing.T) {
	for in, want := range map[string]bool{
		"example.com": true, "mail.example.co.uk": true, "localhost": false,
		"https://example.com": false, "example.com/v1": false, "-bad.com": false,
	} {
		if got := hostnamePattern.MatchString(in); got != want {
			t.Errorf("hostnamePattern(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestNewTransportReportsAnUnusableBaseURL(t *testing.T) {
	env := vendorEnv{getenv: func(string) string { return "" }}
	_, diags := env.newTransport("bland", "Bland", "base_url or "+EnvBlandBaseURL, transport.Config{BaseURL: "api.bland.ai"})
	if !diags.HasError() {
		t.Fatal("a base URL without a scheme must be an error")
	}
	d, ok := diags[0].(diag.DiagnosticWithPath)
	if !ok || !d.Path().Equal(path.Root("bland").AtName("base_url")) {
		t.Fatalf("the error must be on bland.base_url, got %v", diags[0])
	}
	if detail := diags[0].Detail(); !strings.Contains(detail, "BLAND_BASE_URL") || !strings.Contains(detail, "api.bland.ai") {
		t.Fatalf("the error should name the URL and where it came from: %s", detail)
	}

	tc, diags := env.newTransport("bland", "Bland", "base_url", transport.Config{BaseURL: "http://127.0.0.1:1/bland/"})
	if diags.HasError() || tc.BaseURL() != "http://127.0.0.1:1/bland" {
		t.Fatalf("a usable base URL: %v %v", tc, diags)
	}
}
