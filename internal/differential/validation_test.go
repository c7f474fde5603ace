package differential

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/contacts-provider/terraform-provider-contacts/internal/mockapi"
	"github.com/contacts-provider/terraform-provider-contacts/internal/provider"
)

const apiKey = "differential-test-key"

// vendorCase is one resource: a configuration that both sides accept, and how the vendor is asked
// to create a contact with a given configuration (the test's own knowledge of the wire names).
type vendorCase struct {
	typeName string
	base     map[string]any // attribute -> string, bool, int64, []int64 or map[string]string
	request  func(attrs map[string]any) (method, path string, header http.Header, body any)
}

// row is one edge value of one attribute, in the vendor's valid base configuration; with sets other
// attributes the value depends on (the country of a state, say).
type row struct {
	vendor string
	attr   string
	value  any
	with   map[string]any
}

func (r row) key() string {
	k := fmt.Sprintf("%s.%s=%#v", r.vendor, r.attr, r.value)
	names := make([]string, 0, len(r.with))
	for n := range r.with {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		k += fmt.Sprintf(" %s=%#v", n, r.with[n])
	}
	return k
}

// disagreement is a kind of disagreement that is meant, with its reason: rows of vendor's attrs whose
// value matches. planRefuses says which way: the plan refuses what the vendor accepts, or the reverse.
// Every other disagreement fails the test, and so does a listed one that no row shows any more.
type disagreement struct {
	vendor      string
	attrs       []string
	matches     func(v any) bool
	planRefuses bool
	reason      string
}

func (d disagreement) covers(r row, planOK bool) bool {
	return d.vendor == r.vendor && slices.Contains(d.attrs, r.attr) && d.matches(r.value) && d.planRefuses == !planOK
}

func isBlank(v any) bool { s, ok := v.(string); return ok && strings.TrimSpace(s) == "" }
func isEmpty(v any) bool { s, ok := v.(string); return ok && s == "" }

var deliberate = []disagreement{
	{
		vendor: "corporatemerch", matches: isBlank, planRefuses: true,
		attrs: []string{"address", "address2", "phone", "company", "department", "job_title", "employment_status",
			"employment_type", "classification", "birthday", "start_date", "anniversary_date", "client_since", "gender", "shirt_size"},
		reason: "Corporate Merch takes blank text as no value (assumed), so a blank optional argument would read back as " +
			"null: a diff on every plan. The plan refuses it and says to leave the argument out.",
	},
	{
		vendor: "revyops", matches: isEmpty, planRefuses: true,
		attrs: []string{"first_name", "last_name", "linkedin_url", "origin", "contact_status"},
		reason: "RevyOps takes an empty string as clearing the field (assumed) and answers it as empty, which reads as " +
			"null: a diff on every plan. The plan refuses it; removing the argument clears the value.",
	},
	{
		vendor: "bland", attrs: []string{"metadata"}, planRefuses: true,
		matches: func(v any) bool {
			var top map[string]json.RawMessage
			if json.Unmarshal([]byte(v.(string)), &top) != nil {
				return false
			}
			for _, raw := range top {
				if string(raw) == "null" {
					return true
				}
			}
			return false
		},
		reason: "Bland drops a top-level metadata key sent as null (assumed), so the configuration could never match " +
			"what Bland holds. The plan refuses it and says to remove the key instead.",
	},
	{
		vendor: "corporatemerch", attrs: []string{"lists", "labels"}, planRefuses: false,
		matches: func(v any) bool {
			for _, id := range v.([]int64) {
				if id < 1 || id > 3 { // the mock seeds lists and labels 1-3
					return true
				}
			}
			return false
		},
		reason: "Which list and label ids exist only Corporate Merch knows; its 422 names the unknown ids and the " +
			"provider puts that error on the attribute.",
	},
}

func TestValidatorsAgreeWithVendors(t *testing.T) {
	ctx := context.Background()
	server := providerserver.NewProtocol6(provider.NewWithEnvironment("test", func(string) string { return "" })())()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("provider schema: %v %v", err, schemas.Diagnostics)
	}
	mock := mockapi.New(mockapi.Options{APIKey: apiKey, Seed: 1})
	hs := httptest.NewServer(mock)
	defer hs.Close()

	rows := edgeRows()
	var agree, meant, disagree int
	used := make([]bool, len(deliberate))
	for _, r := range rows {
		vc := vendors[r.vendor]
		attrs := map[string]any{}
		for k, v := range vc.base {
			attrs[k] = v
		}
		for k, v := range r.with {
			attrs[k] = v
		}
		attrs[r.attr] = r.value
		for k, v := range attrs {
			if v == nil {
				delete(attrs, k)
			}
		}

		planOK, planWhy := providerVerdict(ctx, t, server, schemas.ResourceSchemas[vc.typeName], vc.typeName, attrs, r.attr)
		mock.Reset()
		apiOK, apiWhy := vendorVerdict(t, hs.URL, vc, attrs)

		which := -1
		for i, d := range deliberate {
			if d.covers(r, planOK) {
				which = i
			}
		}
		switch {
		case planOK == apiOK:
			agree++
		case which >= 0:
			meant++
			used[which] = true
		default:
			disagree++
			t.Errorf("%s: the plan %s it (%s) but the vendor %s it (%s)", r.key(), verdictWord(planOK), planWhy,
				verdictWord(apiOK), apiWhy)
		}
	}
	for i, d := range deliberate {
		if !used[i] {
			t.Errorf("the deliberate disagreement on %s %v (%s) no longer shows: remove it", d.vendor, d.attrs, d.reason)
		}
	}
	t.Logf("%d edge values: %d agree, %d differ deliberately, %d differ", len(rows), agree, meant, disagree)
}

func verdictWord(ok bool) string {
	if ok {
		return "accepts"
	}
	return "refuses"
}

// providerVerdict validates a configuration as Terraform does before a plan: attribute validators,
// config validators and ValidateConfig, all from the resource itself. A refusal must name attr.
func providerVerdict(ctx context.Context, t *testing.T, server tfprotov6.ProviderServer, schema *tfprotov6.Schema,
	typeName string, attrs map[string]any, attr string) (bool, string) {
	t.Helper()
	typ := schema.ValueType()
	val, err := objectValue(typ.(tftypes.Object), attrs)
	if err != nil {
		t.Fatalf("%s: building the configuration: %v", typeName, err)
	}
	dv, err := tfprotov6.NewDynamicValue(typ, val)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: typeName, Config: &dv})
	if err != nil {
		t.Fatal(err)
	}
	var errs []string
	named := false
	for _, d := range resp.Diagnostics {
		if d.Severity != tfprotov6.DiagnosticSeverityError {
			continue
		}
		errs = append(errs, d.Summary+": "+d.Detail)
		if d.Attribute != nil && len(d.Attribute.Steps()) > 0 {
			if name, ok := d.Attribute.Steps()[0].(tftypes.AttributeName); ok && (string(name) == attr || attrs[string(name)] != nil) {
				named = true
			}
		}
		// A configuration validator (at least one of ...) has no path but names the attributes.
		if d.Attribute == nil && strings.Contains(d.Summary+d.Detail, attr) {
			named = true
		}
	}
	if len(errs) == 0 {
		return true, ""
	}
	if !named {
		t.Errorf("%s %s=%#v: the plan's error does not name the attribute: %s", typeName, attr, attrs[attr], strings.Join(errs, "; "))
	}
	return false, strings.Join(errs, "; ")
}

func objectValue(typ tftypes.Object, attrs map[string]any) (tftypes.Value, error) {
	vals := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, at := range typ.AttributeTypes {
		v, ok := attrs[name]
		if !ok {
			vals[name] = tftypes.NewValue(at, nil)
			continue
		}
		tv, err := goValue(at, v)
		if err != nil {
			return tftypes.Value{}, fmt.Errorf("%s: %w", name, err)
		}
		vals[name] = tv
	}
	for name := range attrs {
		if _, ok := typ.AttributeTypes[name]; !ok {
			return tftypes.Value{}, fmt.Errorf("the schema has no attribute %q", name)
		}
	}
	return tftypes.NewValue(typ, vals), nil
}

func goValue(typ tftypes.Type, v any) (tftypes.Value, error) {
	switch x := v.(type) {
	case string:
		return tftypes.NewValue(tftypes.String, x), nil
	case bool:
		return tftypes.NewValue(tftypes.Bool, x), nil
	case int64:
		return tftypes.NewValue(tftypes.Number, new(big.Float).SetInt64(x)), nil
	case []int64:
		elems := make([]tftypes.Value, 0, len(x))
		for _, n := range x {
			elems = append(elems, tftypes.NewValue(tftypes.Number, new(big.Float).SetInt64(n)))
		}
		return tftypes.NewValue(typ, elems), nil
	case map[string]string:
		elems := make(map[string]tftypes.Value, len(x))
		for k, s := range x {
			elems[k] = tftypes.NewValue(tftypes.String, s)
		}
		return tftypes.NewValue(typ, elems), nil
	}
	return tftypes.Value{}, fmt.Errorf("no conversion for %T", v)
}

// vendorVerdict asks the mock to create a contact with attrs: 2xx accepts; 400, 404 and 422 refuse.
func vendorVerdict(t *testing.T, base string, vc vendorCase, attrs map[string]any) (bool, string) {
	t.Helper()
	method, path, header, body := vc.request(attrs)
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(method, base+path, bytes.NewReader(raw))
	if err != nil {
		return false, "no request can carry it: " + err.Error()
	}
	req.Header = header
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	answer, err := io.ReadAll(resp.Body)
	if err := errors.Join(err, resp.Body.Close()); err != nil {
		t.Fatalf("%s %s: reading the answer: %v", method, path, err)
	}
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return true, ""
	case resp.StatusCode == http.StatusBadRequest || resp.StatusCode == http.StatusNotFound ||
		resp.StatusCode == http.StatusUnprocessableEntity || resp.StatusCode == http.StatusUnauthorized:
		return false, fmt.Sprintf("%d %s", resp.StatusCode, bytes.TrimSpace(answer))
	}
	t.Fatalf("%s %s answered %d %s: not a verdict on the values", method, path, resp.StatusCode, answer)
	return false, ""
}

func bearer() http.Header { return http.Header{"Authorization": {"Bearer " + apiKey}} }

// putIfSet copies attrs[attr] to body[wire] when it is set.
func putIfSet(body map[string]any, attrs map[string]any, attr, wire string) {
	if v, ok := attrs[attr]; ok {
		body[wire] = v
	}
}

var vendors = map[string]vendorCase{
	"maildiver": {
		typeName: "contacts_maildiver_contact",
		base:     map[string]any{"audience_id": mockapi.MailDiverDemoAudienceID, "email": "ada@example.com"},
		request: func(attrs map[string]any) (string, string, http.Header, any) {
			body := map[string]any{}
			for _, f := range []string{"email", "first_name", "last_name", "is_subscribed"} {
				putIfSet(body, attrs, f, f)
			}
			aud, _ := attrs["audience_id"].(string)
			return http.MethodPost, "/maildiver/v1/audiences/" + url.PathEscape(aud) + "/contacts", bearer(), body
		},
	},
	"bland": {
		typeName: "contacts_bland_contact",
		base:     map[string]any{"email": "ada@example.com"},
		request: func(attrs map[string]any) (string, string, http.Header, any) {
			body := map[string]any{}
			for _, f := range []string{"phone_number", "email", "external_id", "name"} {
				putIfSet(body, attrs, f, f)
			}
			if md, ok := attrs["metadata"].(string); ok {
				body["metadata"] = json.RawMessage(md)
				if !json.Valid([]byte(md)) {
					body["metadata"] = md // not JSON: sent as a string, which is not an object
				}
			}
			return http.MethodPost, "/bland/v1/contacts/resolve", http.Header{"Authorization": {apiKey}}, body
		},
	},
	"revyops": {
		typeName: "contacts_revyops_contact",
		base:     map[string]any{"email": "ada@example.com"},
		request: func(attrs map[string]any) (string, string, http.Header, any) {
			body := map[string]any{}
			for _, f := range []string{"email", "first_name", "last_name", "linkedin_url", "origin", "contact_status"} {
				putIfSet(body, attrs, f, f)
			}
			putIfSet(body, attrs, "company_id", "company_id")
			putIfSet(body, attrs, "company_domain", "company_id") // a domain goes in company_id (seed)
			if fields, ok := attrs["custom_fields"].(map[string]string); ok {
				var list []map[string]any
				for k, v := range fields {
					list = append(list, map[string]any{"field_name": k, "field_value": v})
				}
				body["contact_custom_fields"] = list
			}
			return http.MethodPost, "/revyops/public/v2/contacts", http.Header{"X-Api-Key": {apiKey}}, body
		},
	},
	"corporatemerch": {
		typeName: "contacts_corporatemerch_contact",
		base: map[string]any{
			"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com", "country": "US",
			"address": "1 Main St", "city": "Springfield", "state": "IL", "postal_code": "62701", "contact_type": "employee",
		},
		request: func(attrs map[string]any) (string, string, http.Header, any) {
			wire := map[string]string{
				"phone": "phone_number", "address2": "unit", "postal_code": "zip_code", "company": "company_name",
				"job_title": "position", "contact_type": "type", "anniversary_date": "wedding_anniversary",
				"address_force_accepted": "address_forced",
			}
			body := map[string]any{}
			for k, v := range attrs {
				name := k
				if w, ok := wire[k]; ok {
					name = w
				}
				body[name] = v
			}
			return http.MethodPost, "/corporatemerch/v2/contacts", bearer(), body
		},
	},
}
