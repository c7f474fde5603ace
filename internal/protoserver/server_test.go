package protoserver_test

import (
	"context"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
	"weak"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/contacts-provider/terraform-provider-contacts/internal/protoserver"
)

// probe is what a test hangs on a call's context; it is large enough to get an allocation of its own.
type probe struct{ _ [4096]byte }

type probeKey struct{}

// callWithProbe calls method of srv with a context carrying a fresh probe and a zero request, reads a
// streamed answer to its end as tf6server does, ends the caller's context as gRPC does, and returns a
// weak pointer to the probe: nil after a garbage collection unless something kept the call's context.
func callWithProbe(t *testing.T, srv protoserver.Inner, method string) weak.Pointer[probe] {
	t.Helper()
	p := &probe{}
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), probeKey{}, p))
	m := reflect.ValueOf(srv).MethodByName(method)
	out := m.Call([]reflect.Value{reflect.ValueOf(ctx), reflect.New(m.Type().In(1).Elem())})
	if resp := out[0]; resp.Kind() == reflect.Pointer && !resp.IsNil() {
		drainStreams(resp.Elem())
	}
	cancel()
	return weak.Make(p)
}

// drainStreams ranges over every iterator field (func(yield func(T) bool)) of a response struct.
func drainStreams(resp reflect.Value) {
	if resp.Kind() != reflect.Struct {
		return
	}
	for i := range resp.NumField() {
		f := resp.Field(i)
		if f.Kind() != reflect.Func || f.IsNil() || f.Type().NumIn() != 1 || f.Type().In(0).Kind() != reflect.Func {
			continue
		}
		yield := reflect.MakeFunc(f.Type().In(0), func([]reflect.Value) []reflect.Value {
			return []reflect.Value{reflect.ValueOf(true)}
		})
		f.Call([]reflect.Value{yield})
	}
}

// collected reports whether the probe behind w has been garbage collected after full collections.
func collected(w weak.Pointer[probe]) bool {
	runtime.GC()
	runtime.GC()
	return w.Value() == nil
}

// frameworkServer is the framework's protocol 6 server, unwrapped, for a provider with nothing in it:
// every zero request then gets a diagnostic, after the framework has registered the call's context.
func frameworkServer(t *testing.T) protoserver.Inner {
	t.Helper()
	srv, err := providerserver.NewProtocol6WithError(emptyProvider{})()
	if err != nil {
		t.Fatal(err)
	}
	inner, ok := srv.(protoserver.Inner)
	if !ok {
		t.Fatalf("%T does not implement protoserver.Inner", srv)
	}
	return inner
}

// The regression test for the framework keeping every RPC's context: for each method of the protocol
// (found by reflection, so a method the wrapper passes through unwrapped fails here), a context
// handed to the wrapped server must be collectable once the call has returned. Requests are zero
// values: the framework registers the context before it looks at the request.
func TestEveryRPCReleasesItsContext(t *testing.T) {
	methods := reflect.TypeFor[protoserver.Inner]()
	if methods.NumMethod() < 36 {
		t.Fatalf("Inner has %d methods, want the 36 RPCs of terraform-plugin-go v0.31.0's protocol 6", methods.NumMethod())
	}
	for i := range methods.NumMethod() {
		method := methods.Method(i).Name
		t.Run(method, func(t *testing.T) {
			srv := protoserver.Wrap(frameworkServer(t))
			w := callWithProbe(t, srv, method)
			if !collected(w) {
				t.Errorf("the context of a %s call is still reachable after it returned", method)
			}
			runtime.KeepAlive(srv)
		})
	}
}

// The control for the test above: without the wrapper the framework keeps the context, so the probe
// method can see a leak. If this fails after an upgrade, the framework no longer keeps contexts and
// the wrapper may be removed (see the package documentation).
func TestFrameworkKeepsUnwrappedContexts(t *testing.T) {
	srv := frameworkServer(t)
	for _, method := range []string{"ReadResource", "ValidateResourceConfig", "ListResource"} {
		if collected(callWithProbe(t, srv, method)) {
			t.Errorf("terraform-plugin-framework no longer keeps the context of a %s call: the wrapper in internal/protoserver may be unnecessary", method)
		}
	}
	runtime.KeepAlive(srv)
}

// Memory must not grow with the number of calls: many calls with a large value on each caller's
// context leave none of those values reachable.
func TestManyCallsKeepNoCallersValues(t *testing.T) {
	srv := protoserver.Wrap(frameworkServer(t))
	probes := make([]weak.Pointer[probe], 0, 1000)
	for range 1000 {
		probes = append(probes, callWithProbe(t, srv, "ReadResource"))
	}
	runtime.GC()
	runtime.GC()
	kept := 0
	for _, w := range probes {
		if w.Value() != nil {
			kept++
		}
	}
	if kept > 0 {
		t.Errorf("%d of 1000 callers' contexts are still reachable after their ReadResource calls returned", kept)
	}
	runtime.KeepAlive(srv)
}

// emptyProvider is a provider with no resources, data sources or configuration.
type emptyProvider struct{}

func (emptyProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "test"
}
func (emptyProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (emptyProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}
func (emptyProvider) Resources(context.Context) []func() resource.Resource       { return nil }
func (emptyProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// waitProvider has one resource, test_wait, whose Read reports what its context carries and then
// waits for that context to be done.
type waitProvider struct {
	emptyProvider
	entered chan readCall
}

type readCall struct {
	value       any
	deadline    time.Time
	hasDeadline bool
}

func (p *waitProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return &waitResource{entered: p.entered} }}
}

type waitResource struct{ entered chan readCall }

func (r *waitResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "test_wait"
}
func (r *waitResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{"id": schema.StringAttribute{Computed: true}}}
}
func (r *waitResource) Create(context.Context, resource.CreateRequest, *resource.CreateResponse) {}
func (r *waitResource) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {}
func (r *waitResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
func (r *waitResource) Read(ctx context.Context, _ resource.ReadRequest, resp *resource.ReadResponse) {
	deadline, ok := ctx.Deadline()
	r.entered <- readCall{value: ctx.Value(probeKey{}), deadline: deadline, hasDeadline: ok}
	<-ctx.Done()
	resp.Diagnostics.AddError("call ended", ctx.Err().Error())
}

// readInFlight starts a ReadResource of test_wait through the wrapped server with ctx, waits until the
// resource's Read runs, and returns what Read saw and a channel that gets the response.
func readInFlight(t *testing.T, srv *protoserver.Server, entered chan readCall, ctx context.Context) (readCall, chan *tfprotov6.ReadResourceResponse) {
	t.Helper()
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String}}
	state, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, "x")}))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan *tfprotov6.ReadResourceResponse, 1)
	go func() {
		resp, err := srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "test_wait", CurrentState: &state})
		if err != nil {
			t.Error(err)
		}
		done <- resp
	}()
	select {
	case call := <-entered:
		return call, done
	case resp := <-done:
		t.Fatalf("ReadResource returned before Read waited: %+v", resp)
	case <-time.After(10 * time.Second):
		t.Fatal("Read was not called")
	}
	return readCall{}, nil
}

// requireEnded waits for the response of a call readInFlight started and checks Read saw want.
func requireEnded(t *testing.T, done chan *tfprotov6.ReadResourceResponse, want string) {
	t.Helper()
	select {
	case resp := <-done:
		if resp == nil || len(resp.Diagnostics) != 1 || !strings.Contains(resp.Diagnostics[0].Detail, want) {
			t.Errorf("ReadResource answered %+v, want one diagnostic with %q", resp, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the call in flight did not end")
	}
}

func newWaitServer(t *testing.T) (*protoserver.Server, chan readCall) {
	t.Helper()
	entered := make(chan readCall, 1)
	srv, err := protoserver.NewProtocol6(&waitProvider{entered: entered})()
	if err != nil {
		t.Fatal(err)
	}
	return srv.(*protoserver.Server), entered
}

// Terraform's Ctrl-C: StopProvider must cancel the calls in flight through the wrapper.
func TestStopProviderReachesCallsInFlight(t *testing.T) {
	srv, entered := newWaitServer(t)
	p := &probe{}
	deadline := time.Now().Add(time.Hour)
	ctx, cancel := context.WithDeadline(context.WithValue(context.Background(), probeKey{}, p), deadline)
	defer cancel()

	call, done := readInFlight(t, srv, entered, ctx)
	if call.value != p {
		t.Errorf("Read saw the value %v, want the caller's", call.value)
	}
	if !call.hasDeadline || !call.deadline.Equal(deadline) {
		t.Errorf("Read saw the deadline %v, %v; want the caller's %v", call.deadline, call.hasDeadline, deadline)
	}
	if _, err := srv.StopProvider(context.Background(), &tfprotov6.StopProviderRequest{}); err != nil {
		t.Fatal(err)
	}
	requireEnded(t, done, context.Canceled.Error())
}

// gRPC cancels a call's context when Terraform gives up on it; that must reach the provider's code.
func TestCallersCancellationReachesCallsInFlight(t *testing.T) {
	srv, entered := newWaitServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, done := readInFlight(t, srv, entered, ctx)
	cancel()
	requireEnded(t, done, context.Canceled.Error())
}

func TestCallersDeadlineReachesCallsInFlight(t *testing.T) {
	srv, entered := newWaitServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, done := readInFlight(t, srv, entered, ctx)
	requireEnded(t, done, context.DeadlineExceeded.Error())
}
