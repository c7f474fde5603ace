package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/contacts-provider/terraform-provider-contacts/internal/providerdata"
	"github.com/contacts-provider/terraform-provider-contacts/internal/validate"
)

// unknown and unknownNumber stand for values Terraform knows only after apply, in providerConfig's maps.
var (
	unknown       = tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	unknownNumber = tftypes.NewValue(tftypes.Number, tftypes.UnknownValue)
)

// providerConfig builds the provider's configuration: top-level arguments and vendor blocks, each
// argument a Go string or int, or unknown (a string) / unknownNumber; everything not given is null.
func providerConfig(t *testing.T, top map[string]any, blocks map[string]map[string]any) tfsdk.Config {
	t.Helper()
	ctx := context.Background()
	var resp provider.SchemaResponse
	New("test")().Schema(ctx, provider.SchemaRequest{}, &resp)
	value := func(typ tftypes.Type, given any) tftypes.Value {
		switch g := given.(type) {
		case nil:
			return tftypes.NewValue(typ, nil)
		case tftypes.Value:
			return g // unknown or unknownNumber
		case string, int:
			return tftypes.NewValue(typ, g)
		}
		t.Fatalf("unsupported %T", given)
		return tftypes.Value{}
	}
	object := func(typ tftypes.Object, given map[string]any) tftypes.Value {
		vals := map[string]tftypes.Value{}
		for name, at := range typ.AttributeTypes {
			vals[name] = value(at, given[name])
		}
		return tftypes.NewValue(typ, vals)
	}
	root := resp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	vals := map[string]tftypes.Value{}
	for name, at := range root.AttributeTypes {
		if _, isBlock := resp.Schema.Blocks[name]; isBlock {
			vals[name] = tftypes.NewValue(at, nil)
			if block, ok := blocks[name]; ok {
				vals[name] = object(at.(tftypes.Object), block)
			}
			continue
		}
		vals[name] = value(at, top[name])
	}
	return tfsdk.Config{Schema: resp.Schema, Raw: tftypes.NewValue(root, vals)}
}

// configure runs the provider's Configure with no environment variables.
func configure(t *testing.T, cfg tfsdk.Config) (*providerdata.Data, diag.Diagnostics) {
	t.Helper()
	var resp provider.ConfigureResponse
	NewWithEnvironment("test", func(string) string { return "" })().Configure(context.Background(),
		provider.ConfigureRequest{Config: cfg}, &resp)
	data, _ := resp.ResourceData.(*providerdata.Data)
	return data, resp.Diagnostics
}

// A vendor argument known only after apply leaves that vendor without a client, naming the argument,
// and configures the other vendors as usual; no error stops the plan.
func TestConfigureWithUnknownVendorArguments(t *testing.T) {
	const url = "http://127.0.0.1:1"
	cases := []struct {
		name        string
		blocks      map[string]map[string]any
		wantUnknown map[string][]string
		wantClient  []string // vendors that must have a client
		wantMissing []string // vendors without credentials
	}{
		{"maildiver key unknown, revyops known",
			map[string]map[string]any{"maildiver": {"api_key": unknown}, "revyops": {"api_key": "k", "base_url": url}},
			map[string][]string{"maildiver": {"maildiver.api_key"}}, []string{"revyops"}, []string{"bland", "corporatemerch"}},
		{"maildiver domain unknown",
			map[string]map[string]any{"maildiver": {"api_key": "k", "domain": unknown}},
			map[string][]string{"maildiver": {"maildiver.domain"}}, nil, []string{"bland", "revyops", "corporatemerch"}},
		{"bland base URL unknown, corporatemerch known",
			map[string]map[string]any{"bland": {"api_key": "k", "base_url": unknown}, "corporatemerch": {"api_token": "t"}},
			map[string][]string{"bland": {"bland.base_url"}}, []string{"corporatemerch"}, []string{"maildiver", "revyops"}},
		{"revyops key and client id unknown",
			map[string]map[string]any{"revyops": {"api_key": unknown, "client_id": unknown}, "bland": {"api_key": "k"}},
			map[string][]string{"revyops": {"revyops.api_key", "revyops.client_id"}}, []string{"bland"}, []string{"maildiver", "corporatemerch"}},
		{"revyops client id unknown while the key is known",
			map[string]map[string]any{"revyops": {"api_key": "k", "client_id": unknown}},
			map[string][]string{"revyops": {"revyops.client_id"}}, nil, []string{"maildiver", "bland", "corporatemerch"}},
		{"corporatemerch token unknown",
			map[string]map[string]any{"corporatemerch": {"api_token": unknown}, "maildiver": {"api_key": "k"}},
			map[string][]string{"corporatemerch": {"corporatemerch.api_token"}}, []string{"maildiver"}, []string{"bland", "revyops"}},
		{"a base URL unknown but no key anywhere: credentials are missing, whatever the URL",
			map[string]map[string]any{"maildiver": {"base_url": unknown}},
			map[string][]string{}, nil, []string{"maildiver", "bland", "revyops", "corporatemerch"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data, diags := configure(t, providerConfig(t, nil, tc.blocks))
			if diags.HasError() {
				t.Fatalf("an unknown vendor argument must not fail the configuration: %v", diags)
			}
			if data == nil {
				t.Fatal("no provider data")
			}
			if len(data.Unknown) != len(tc.wantUnknown) {
				t.Fatalf("unknown: got %v, want %v", data.Unknown, tc.wantUnknown)
			}
			for vendor, want := range tc.wantUnknown {
				if got := strings.Join(data.Unknown[vendor], ","); got != strings.Join(want, ",") {
					t.Errorf("unknown[%s] = %q, want %q", vendor, got, want)
				}
				if clientOf(data, vendor) {
					t.Errorf("%s has a client although its configuration is unknown", vendor)
				}
			}
			for _, vendor := range tc.wantClient {
				if !clientOf(data, vendor) {
					t.Errorf("%s has no client; its configuration is known", vendor)
				}
			}
			for _, vendor := range tc.wantMissing {
				if data.Unconfigured[vendor] == "" {
					t.Errorf("%s must be reported as missing credentials", vendor)
				}
			}
		})
	}
}

func clientOf(d *providerdata.Data, vendor string) bool {
	switch vendor {
	case "maildiver":
		return d.MailDiver != nil
	case "bland":
		return d.Bland != nil
	case "revyops":
		return d.RevyOps != nil
	case "corporatemerch":
		return d.CorporateMerch != nil
	}
	panic(vendor)
}

// Settings that change only how requests are sent take their default while unknown, with a warning
// on the argument; every vendor is configured.
func TestConfigureWithUnknownTransportSettings(t *testing.T) {
	cfg := providerConfig(t, map[string]any{"max_retries": unknownNumber, "request_timeout": unknown, "max_rate_limit_wait": unknown},
		map[string]map[string]any{
			"maildiver":      {"api_key": "k", "requests_per_minute": unknownNumber},
			"bland":          {"api_key": "k"},
			"revyops":        {"api_key": "k", "requests_per_minute": unknownNumber},
			"corporatemerch": {"api_token": "t", "requests_per_minute": unknownNumber},
		})
	data, diags := configure(t, cfg)
	if diags.HasError() {
		t.Fatalf("unknown transport settings must not fail the configuration: %v", diags)
	}
	for _, vendor := range []string{"maildiver", "bland", "revyops", "corporatemerch"} {
		if !clientOf(data, vendor) {
			t.Errorf("%s has no client", vendor)
		}
	}
	warned := map[string]bool{}
	for _, d := range diags {
		if p, ok := d.(diag.DiagnosticWithPath); ok && d.Severity() == diag.SeverityWarning {
			warned[p.Path().String()] = true
		}
	}
	for _, p := range []path.Path{path.Root("max_retries"), path.Root("request_timeout"), path.Root("max_rate_limit_wait"),
		path.Root("maildiver").AtName("requests_per_minute"), path.Root("revyops").AtName("requests_per_minute"),
		path.Root("corporatemerch").AtName("requests_per_minute")} {
		if !warned[p.String()] {
			t.Errorf("no warning on %s; got %v", p, diags)
		}
	}
}

// Surrounding whitespace is removed from every credential and base URL, from arguments and
// environment variables alike; a value of only whitespace counts as not set.
func TestSettingsIgnoreSurroundingWhitespace(t *testing.T) {
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	s := types.StringValue
	t.Run("maildiver", func(t *testing.T) {
		key, base := mailDiverSettings(&maildiverModel{APIKey: s("key\n"), BaseURL: s("  http://127.0.0.1:1/maildiver/v1 \n")}, env(nil))
		if key != "key" || base != "http://127.0.0.1:1/maildiver/v1" {
			t.Errorf("arguments: got %q %q", key, base)
		}
		key, base = mailDiverSettings(&maildiverModel{}, env(map[string]string{EnvMailDiverAPIKey: "\tkey\r\n", EnvMailDiverBaseURL: " http://h/v1\n"}))
		if key != "key" || base != "http://h/v1" {
			t.Errorf("environment: got %q %q", key, base)
		}
		key, base = mailDiverSettings(&maildiverModel{APIKey: s(" \n"), Domain: s(" example.com\n")}, env(map[string]string{EnvMailDiverAPIKey: "env-key"}))
		if key != "env-key" || base != "https://api.example.com/v1" {
			t.Errorf("a blank argument falls back to the environment; the domain is trimmed: got %q %q", key, base)
		}
		key, base = mailDiverSettings(&maildiverModel{}, env(map[string]string{EnvMailDiverAPIKey: "  \n", EnvMailDiverBaseURL: " "}))
		if key != "" || base != "https://api.maildiver.com/v1" {
			t.Errorf("blank environment variables count as unset: got %q %q", key, base)
		}
	})
	t.Run("bland", func(t *testing.T) {
		key, base := blandSettings(&blandModel{APIKey: s(" key\n"), BaseURL: s("http://h/bland\n")}, env(nil))
		if key != "key" || base != "http://h/bland" {
			t.Errorf("arguments: got %q %q", key, base)
		}
		key, base = blandSettings(&blandModel{}, env(map[string]string{EnvBlandAPIKey: "key\n", EnvBlandBaseURL: "\thttp://h/bland"}))
		if key != "key" || base != "http://h/bland" {
			t.Errorf("environment: got %q %q", key, base)
		}
		if key, _ = blandSettings(&blandModel{APIKey: s("\n")}, env(map[string]string{EnvBlandAPIKey: " "})); key != "" {
			t.Errorf("only whitespace counts as unset: got %q", key)
		}
	})
	t.Run("revyops", func(t *testing.T) {
		key, client, base := revyOpsSettings(&revyopsModel{APIKey: s("key\n"), ClientID: s(" client "), BaseURL: s(" http://h/revyops")}, env(nil))
		if key != "key" || client != "client" || base != "http://h/revyops" {
			t.Errorf("arguments: got %q %q %q", key, client, base)
		}
		key, client, base = revyOpsSettings(&revyopsModel{}, env(map[string]string{
			EnvRevyOpsAPIKey: "key\n", EnvRevyOpsClientID: "client\r\n", EnvRevyOpsBaseURL: "http://h/revyops\n"}))
		if key != "key" || client != "client" || base != "http://h/revyops" {
			t.Errorf("environment: got %q %q %q", key, client, base)
		}
		if key, client, _ = revyOpsSettings(&revyopsModel{APIKey: s(" ")}, env(map[string]string{EnvRevyOpsClientID: "\n"})); key != "" || client != "" {
			t.Errorf("only whitespace counts as unset: got %q %q", key, client)
		}
	})
	t.Run("corporatemerch", func(t *testing.T) {
		token, base := corporateMerchSettings(&corporateMerchModel{APIToken: s("token\n"), BaseURL: s("http://h/v2 ")}, env(nil))
		if token != "token" || base != "http://h/v2" {
			t.Errorf("arguments: got %q %q", token, base)
		}
		token, base = corporateMerchSettings(&corporateMerchModel{}, env(map[string]string{
			EnvCorporateMerchAPIToken: " token\n", EnvCorporateMerchBaseURL: "http://h/v2\n"}))
		if token != "token" || base != "http://h/v2" {
			t.Errorf("environment: got %q %q", token, base)
		}
		if token, _ = corporateMerchSettings(&corporateMerchModel{APIToken: s("\t")}, env(nil)); token != "" {
			t.Errorf("only whitespace counts as unset: got %q", token)
		}
	})
}

// A blank credential argument is no error at configure: the vendor counts as unconfigured, so only
// its own resources fail (at plan, naming the environment variable and the block).
func TestConfigureWithBlankCredentials(t *testing.T) {
	data, diags := configure(t, providerConfig(t, nil, map[string]map[string]any{
		"maildiver": {"api_key": " \n"}, "bland": {"api_key": ""}, "revyops": {"api_key": "\t", "client_id": " "},
		"corporatemerch": {"api_token": "\n"},
	}))
	if diags.HasError() {
		t.Fatalf("blank credentials must not fail the configuration: %v", diags)
	}
	for vendor, env := range map[string]string{"maildiver": EnvMailDiverAPIKey, "bland": EnvBlandAPIKey,
		"revyops": EnvRevyOpsAPIKey, "corporatemerch": EnvCorporateMerchAPIToken} {
		if clientOf(data, vendor) || !strings.Contains(data.Unconfigured[vendor], env) {
			t.Errorf("%s: want no client and the missing-credentials hint naming %s, got %q", vendor, env, data.Unconfigured[vendor])
		}
	}
}

// The URL and domain validators judge the value the provider uses: without surrounding whitespace.
func TestTrimmedValidator(t *testing.T) {
	v := trimmed(validate.HTTPURL())
	for in, wantErr := range map[string]bool{
		"https://api.bland.ai": false, "  https://api.bland.ai\n": false, "\thttp://127.0.0.1:1/x ": false,
		"   ": true, "": true, " api.bland.ai ": true,
	} {
		resp := &validator.StringResponse{}
		v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("bland").AtName("base_url"), ConfigValue: types.StringValue(in)}, resp)
		if resp.Diagnostics.HasError() != wantErr {
			t.Errorf("%q: error %v, want %v (%v)", in, resp.Diagnostics.HasError(), wantErr, resp.Diagnostics)
		}
	}
	for _, in := range []types.String{types.StringNull(), types.StringUnknown()} {
		resp := &validator.StringResponse{}
		v.ValidateString(context.Background(), validator.StringRequest{ConfigValue: in}, resp)
		if resp.Diagnostics.HasError() {
			t.Errorf("%v must pass: %v", in, resp.Diagnostics)
		}
	}
}

// The provider-wide transport settings: their defaults, the configured values, and the create
// settling policy that follows max_retries (one send more than the retries).
func TestTransportSettings(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		top                   map[string]any
		retries, sends        int
		timeout, rateLimitMax time.Duration
	}{
		{"defaults", nil, 10, 11, 30 * time.Second, 5 * time.Minute},
		{"configured", map[string]any{"max_retries": 2, "request_timeout": "5s", "max_rate_limit_wait": "90s"}, 2, 3,
			5 * time.Second, 90 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := providerConfig(t, tc.top, map[string]map[string]any{"maildiver": {"api_key": "k"}})
			p := &ContactsProvider{version: "test", getenv: func(string) string { return "" }}
			shared, diags := p.sharedTransportConfig(context.Background(), cfg, "1.11.0")
			if diags.HasError() {
				t.Fatal(diags)
			}
			if shared.MaxRetries != tc.retries || shared.Timeout != tc.timeout || shared.MaxRateLimitWait != tc.rateLimitMax {
				t.Errorf("got retries %d, timeout %s, max rate-limit wait %s", shared.MaxRetries, shared.Timeout, shared.MaxRateLimitWait)
			}
			data, diags := configure(t, cfg)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if data.Settle.MaxSends != tc.sends {
				t.Errorf("a create is sent at most %d times, want %d", data.Settle.MaxSends, tc.sends)
			}
		})
	}
}
