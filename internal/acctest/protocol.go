package acctest

import (
	"context"
	"fmt"
	"math/big"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/contacts-provider/terraform-provider-contacts/internal/mockapi"
	"github.com/contacts-provider/terraform-provider-contacts/internal/protoserver"
	"github.com/contacts-provider/terraform-provider-contacts/internal/provider"
)

// Protocol drives the provider the way Terraform does, one RPC at a time, so that a test can do what
// terraform-plugin-testing cannot: cancel the context of one apply, as Terraform does when the
// operator presses Ctrl-C (it asks the provider to stop, which cancels every call in flight).
type Protocol struct {
	t       testing.TB
	srv     tfprotov6.ProviderServer
	schemas *tfprotov6.GetProviderSchemaResponse
}

// Values is a configuration: attribute values as Go strings, int64s and bools, nested blocks as
// Values. What is left out is null.
type Values map[string]any

// NewProtocol starts the provider and configures it with cfg (the provider block).
func NewProtocol(t testing.TB, cfg Values) *Protocol {
	t.Helper()
	srv, err := protoserver.NewProtocol6(provider.NewWithEnvironment("test", func(string) string { return "" })())()
	if err != nil {
		t.Fatal(err)
	}
	p := &Protocol{t: t, srv: srv}
	ctx := context.Background()
	p.schemas, err = srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || hasError(p.schemas.Diagnostics) {
		t.Fatalf("GetProviderSchema: %v %v", err, p.schemas.Diagnostics)
	}
	raw := p.dynamic(p.value(p.schemas.Provider.Block, cfg, false))
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.0", Config: raw})
	if err != nil || hasError(resp.Diagnostics) {
		t.Fatalf("ConfigureProvider: %v %s", err, describe(resp.Diagnostics))
	}
	return p
}

// Applied is the outcome of one create.
type Applied struct {
	State       map[string]tftypes.Value // nil when the provider returned no object
	Private     []byte                   // the provider's private state for the object
	Diagnostics []*tfprotov6.Diagnostic
}

// Errors and Warnings render the diagnostics of one severity.
func (a *Applied) Errors() string {
	return describeSeverity(a.Diagnostics, tfprotov6.DiagnosticSeverityError)
}
func (a *Applied) Warnings() string {
	return describeSeverity(a.Diagnostics, tfprotov6.DiagnosticSeverityWarning)
}

// String returns a string attribute of the new state ("" when null or absent).
func (a *Applied) String(name string) string {
	v, ok := a.State[name]
	if !ok || v.IsNull() || !v.IsKnown() {
		return ""
	}
	var s string
	if err := v.As(&s); err != nil {
		return ""
	}
	return s
}

// Create plans a new resource of typeName from cfg (with a background context, as Terraform plans
// before the apply starts) and applies it with applyCtx.
func (p *Protocol) Create(applyCtx context.Context, typeName string, cfg Values) *Applied {
	p.t.Helper()
	rs, ok := p.schemas.ResourceSchemas[typeName]
	if !ok {
		p.t.Fatalf("no resource type %s", typeName)
	}
	config := p.value(rs.Block, cfg, false)
	proposed := p.value(rs.Block, cfg, true)
	typ := rs.ValueType()
	prior := p.dynamic(tftypes.NewValue(typ, nil))
	plan, err := p.srv.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, PriorState: prior, ProposedNewState: p.dynamic(proposed), Config: p.dynamic(config),
	})
	if err != nil || hasError(plan.Diagnostics) {
		p.t.Fatalf("PlanResourceChange: %v %s", err, describe(plan.Diagnostics))
	}
	resp, err := p.srv.ApplyResourceChange(applyCtx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: typeName, PriorState: prior, PlannedState: plan.PlannedState, Config: p.dynamic(config),
		PlannedPrivate: plan.PlannedPrivate,
	})
	if err != nil {
		p.t.Fatalf("ApplyResourceChange: %v", err)
	}
	out := p.decode(typ, resp.NewState, resp.Diagnostics)
	out.Private = resp.Private
	return out
}

// Update plans the resource from its state after prior (a create or update) to cfg, and applies the
// change with applyCtx.
func (p *Protocol) Update(applyCtx context.Context, typeName string, prior *Applied, cfg Values) *Applied {
	p.t.Helper()
	rs := p.schemas.ResourceSchemas[typeName]
	typ := rs.ValueType()
	config := p.value(rs.Block, cfg, false)
	priorVal := tftypes.NewValue(typ, prior.State)
	// Terraform's proposed new state: the configuration, with computed attributes it leaves out
	// taken from the prior state.
	proposedAttrs := map[string]tftypes.Value{}
	var configAttrs map[string]tftypes.Value
	if err := config.As(&configAttrs); err != nil {
		p.t.Fatal(err)
	}
	for _, a := range rs.Block.Attributes {
		proposedAttrs[a.Name] = configAttrs[a.Name]
		if _, set := cfg[a.Name]; !set && a.Computed {
			proposedAttrs[a.Name] = prior.State[a.Name]
		}
	}
	proposed := tftypes.NewValue(typ, proposedAttrs)
	plan, err := p.srv.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, PriorState: p.dynamic(priorVal), ProposedNewState: p.dynamic(proposed), Config: p.dynamic(config),
	})
	if err != nil || hasError(plan.Diagnostics) {
		p.t.Fatalf("PlanResourceChange: %v %s", err, describe(plan.Diagnostics))
	}
	resp, err := p.srv.ApplyResourceChange(applyCtx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: typeName, PriorState: p.dynamic(priorVal), PlannedState: plan.PlannedState, Config: p.dynamic(config),
		PlannedPrivate: plan.PlannedPrivate,
	})
	if err != nil {
		p.t.Fatalf("ApplyResourceChange: %v", err)
	}
	out := p.decode(typ, resp.NewState, resp.Diagnostics)
	out.Private = resp.Private
	return out
}

// Delete destroys the object prior describes without refreshing it first (as terraform destroy
// -refresh=false does), with applyCtx.
func (p *Protocol) Delete(applyCtx context.Context, typeName string, prior *Applied) *Applied {
	p.t.Helper()
	rs := p.schemas.ResourceSchemas[typeName]
	typ := rs.ValueType()
	priorVal := p.dynamic(tftypes.NewValue(typ, prior.State))
	null := p.dynamic(tftypes.NewValue(typ, nil))
	plan, err := p.srv.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, PriorState: priorVal, ProposedNewState: null, Config: null, PriorPrivate: prior.Private,
	})
	if err != nil || hasError(plan.Diagnostics) {
		p.t.Fatalf("PlanResourceChange (destroy): %v %s", err, describe(plan.Diagnostics))
	}
	resp, err := p.srv.ApplyResourceChange(applyCtx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: typeName, PriorState: priorVal, PlannedState: plan.PlannedState, Config: null,
		PlannedPrivate: plan.PlannedPrivate,
	})
	if err != nil {
		p.t.Fatalf("ApplyResourceChange (destroy): %v", err)
	}
	return p.decode(typ, resp.NewState, resp.Diagnostics)
}

func (p *Protocol) decode(typ tftypes.Type, state *tfprotov6.DynamicValue, diags []*tfprotov6.Diagnostic) *Applied {
	out := &Applied{Diagnostics: diags}
	if state != nil {
		v, err := state.Unmarshal(typ)
		if err != nil {
			p.t.Fatalf("decoding the new state: %v", err)
		}
		if !v.IsNull() {
			out.State = map[string]tftypes.Value{}
			if err := v.As(&out.State); err != nil {
				p.t.Fatalf("decoding the new state: %v", err)
			}
		}
	}
	return out
}

// value builds an object of block's type from vals. With proposed, computed attributes left out are
// unknown, as in the proposed new state Terraform sends for a create.
func (p *Protocol) value(block *tfprotov6.SchemaBlock, vals Values, proposed bool) tftypes.Value {
	attrs := map[string]tftypes.Value{}
	types := map[string]tftypes.Type{}
	for _, a := range block.Attributes {
		types[a.Name] = a.ValueType()
		v, set := vals[a.Name]
		switch {
		case set:
			attrs[a.Name] = p.scalar(a.ValueType(), v)
		case proposed && a.Computed:
			attrs[a.Name] = tftypes.NewValue(a.ValueType(), tftypes.UnknownValue)
		default:
			attrs[a.Name] = tftypes.NewValue(a.ValueType(), nil)
		}
	}
	for _, nb := range block.BlockTypes {
		typ := nb.ValueType()
		types[nb.TypeName] = typ
		sub, set := vals[nb.TypeName].(Values)
		if !set || nb.Nesting != tfprotov6.SchemaNestedBlockNestingModeSingle {
			attrs[nb.TypeName] = tftypes.NewValue(typ, nil)
			continue
		}
		attrs[nb.TypeName] = p.value(nb.Block, sub, proposed)
	}
	return tftypes.NewValue(tftypes.Object{AttributeTypes: types}, attrs)
}

func (p *Protocol) scalar(typ tftypes.Type, v any) tftypes.Value {
	switch x := v.(type) {
	case string, bool:
		return tftypes.NewValue(typ, x)
	case int:
		return tftypes.NewValue(typ, big.NewFloat(float64(x)))
	case int64:
		return tftypes.NewValue(typ, big.NewFloat(float64(x)))
	}
	p.t.Fatalf("unsupported value %T", v)
	return tftypes.Value{}
}

func (p *Protocol) dynamic(v tftypes.Value) *tfprotov6.DynamicValue {
	dv, err := tfprotov6.NewDynamicValue(v.Type(), v)
	if err != nil {
		p.t.Fatalf("encoding %v: %v", v, err)
	}
	return &dv
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

func describe(diags []*tfprotov6.Diagnostic) string {
	return describeSeverity(diags, tfprotov6.DiagnosticSeverityError) + describeSeverity(diags, tfprotov6.DiagnosticSeverityWarning)
}

func describeSeverity(diags []*tfprotov6.Diagnostic, sev tfprotov6.DiagnosticSeverity) string {
	var out string
	for _, d := range diags {
		if d.Severity == sev {
			out += fmt.Sprintf("%s: %s\n", d.Summary, d.Detail)
		}
	}
	return out
}

// InterruptFixture describes one vendor's resource for RunInterruptTable.
type InterruptFixture struct {
	Vendor   string // the mock's vendor name
	Type     string // the resource type
	Provider func(m *Mock) Values
	Resource Values
}

// RunInterruptTable interrupts a create the way Terraform's Ctrl-C does (the apply's context is
// cancelled) at three moments, and checks that the state the provider returns and the vendor's store
// agree: a create already sent is finished and recorded, also when its answer is then lost; one not
// yet sent is not sent, and the error says nothing was created.
func RunInterruptTable(t *testing.T, f InterruptFixture) {
	const latency = 300 // ms, so that the interrupt lands while the create is at the vendor
	cases := []struct {
		name       string
		faults     mockapi.Faults
		cancelAt   time.Duration // -1: before the apply starts
		wantStored int
		wantInText string // in the warnings (stored) or errors (not stored)
	}{
		{"while the create is at the vendor", mockapi.Faults{LatencyMS: latency}, 100 * time.Millisecond, 1, ""},
		{"while the create is at the vendor, and its answer is lost",
			mockapi.Faults{LatencyMS: latency, FailNext: []mockapi.CannedFailure{{Vendor: f.Vendor, Method: "POST", Drop: true}}},
			100 * time.Millisecond, 1, "lost"},
		{"before the create is sent", mockapi.Faults{}, -1, 0, "not created"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := NewMock(t)
			p := NewProtocol(t, f.Provider(m))
			m.SetFaults(tc.faults)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.cancelAt < 0 {
				cancel()
			} else {
				time.AfterFunc(tc.cancelAt, cancel)
			}
			got := p.Create(ctx, f.Type, f.Resource)
			stored := m.Contacts(f.Vendor)
			if len(stored) != tc.wantStored {
				t.Fatalf("the vendor holds %d contacts, want %d; diagnostics:\n%s%s", len(stored), tc.wantStored, got.Errors(), got.Warnings())
			}
			if tc.wantStored == 0 {
				if got.State != nil {
					t.Errorf("state recorded for a contact that does not exist: %v", got.State)
				}
				if !strings.Contains(got.Errors(), tc.wantInText) {
					t.Errorf("errors %q do not say %q", got.Errors(), tc.wantInText)
				}
				return
			}
			if got.Errors() != "" {
				t.Errorf("the interrupted create failed: %s", got.Errors())
			}
			if id := got.String("id"); id == "" || id != fmt.Sprint(stored[0]["id"]) {
				t.Errorf("state id %q, the vendor's contact %v: the contact is not recorded", id, stored[0]["id"])
			}
			if tc.wantInText == "" && strings.Contains(got.Warnings(), "lost") {
				// The create was sent before the interrupt: it must have been let finish, not cut off
				// and then looked up.
				t.Errorf("the create sent before the interrupt was cut off: %s", got.Warnings())
			}
			if !strings.Contains(got.Warnings(), tc.wantInText) {
				t.Errorf("warnings %q do not say %q", got.Warnings(), tc.wantInText)
			}
		})
	}
}

// UncertainUpdateFixture describes one vendor's update for RunUncertainUpdate.
type UncertainUpdateFixture struct {
	InterruptFixture
	UpdateMethod string // PATCH or PUT
	Attribute    string // the argument the update changes, e.g. "first_name"
	StoreField   string // its name in the vendor's store
	NewValue     string
	MaxRetries   int // the provider's max_retries in Provider
}

// RunUncertainUpdate makes an update whose request is applied but whose answer is lost, with every
// later attempt refused, so the apply fails: the state the provider returns must hold what the vendor
// holds (the new value), not the value before the update, and the error must say the update may have
// been applied.
func RunUncertainUpdate(t *testing.T, f UncertainUpdateFixture) {
	m := NewMock(t)
	p := NewProtocol(t, f.Provider(m))
	created := p.Create(context.Background(), f.Type, f.Resource)
	if created.Errors() != "" {
		t.Fatalf("create: %s", created.Errors())
	}
	q := []mockapi.CannedFailure{{Vendor: f.Vendor, Method: f.UpdateMethod, Drop: true}}
	for range f.MaxRetries {
		q = append(q, mockapi.CannedFailure{Vendor: f.Vendor, Method: f.UpdateMethod, Status: 500})
	}
	m.SetFaults(mockapi.Faults{FailNext: q})
	cfg := Values{}
	for k, v := range f.Resource {
		cfg[k] = v
	}
	cfg[f.Attribute] = f.NewValue
	got := p.Update(context.Background(), f.Type, created, cfg)
	if !strings.Contains(got.Errors(), "may or may not have been applied") {
		t.Fatalf("errors %q do not say the update may have been applied", got.Errors())
	}
	stored := m.Contacts(f.Vendor)
	if len(stored) != 1 || fmt.Sprint(stored[0][f.StoreField]) != f.NewValue {
		t.Fatalf("the vendor holds %v, want %s = %q (the lost update was applied)", stored, f.StoreField, f.NewValue)
	}
	if v := got.String(f.Attribute); v != f.NewValue {
		t.Errorf("the state records %s = %q after the failed update, the vendor holds %q", f.Attribute, v, f.NewValue)
	}
}

// RunPendingDestroy makes a create whose answer is lost and whose lookup keeps failing (lookup: the
// lookup's method and how many attempts fail), so the resource is recorded without an id; then it
// destroys that resource without refreshing it first. The destroy must look the contact up and delete
// it (keeps: the vendor cannot delete, so the contact stays), with no error.
func RunPendingDestroy(t *testing.T, f InterruptFixture, lookupMethod string, lookupAttempts int, keeps bool) {
	m := NewMock(t)
	p := NewProtocol(t, f.Provider(m))
	q := []mockapi.CannedFailure{{Vendor: f.Vendor, Method: http.MethodPost, Drop: true}}
	for range lookupAttempts {
		q = append(q, mockapi.CannedFailure{Vendor: f.Vendor, Method: lookupMethod, Status: http.StatusInternalServerError})
	}
	m.SetFaults(mockapi.Faults{FailNext: q})
	created := p.Create(context.Background(), f.Type, f.Resource)
	if !strings.Contains(created.Errors(), "was created is unknown") || created.State == nil || created.String("id") != "" {
		t.Fatalf("want the create recorded without an id and an unknown-outcome error; state %v, errors %s", created.State, created.Errors())
	}
	if n := len(m.Contacts(f.Vendor)); n != 1 {
		t.Fatalf("the lost create left %d contacts at the vendor, want 1", n)
	}
	destroyed := p.Delete(context.Background(), f.Type, created)
	if destroyed.Errors() != "" {
		t.Fatalf("destroy: %s", destroyed.Errors())
	}
	want := 0
	if keeps {
		want = 1
	}
	if n := len(m.Contacts(f.Vendor)); n != want {
		t.Errorf("after the destroy the vendor holds %d contacts, want %d", n, want)
	}
}
