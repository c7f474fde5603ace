package protoserver

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"
	"weak"
)

type testKey struct{}

// waitDone fails the test unless ctx is done within a generous bound (a guard against hanging, not a
// measurement: every context here is done by something the test did).
func waitDone(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: not done", what)
	}
}

func TestCallContextCarriesTheCallersValuesAndDeadlineUntilReleased(t *testing.T) {
	deadline := time.Now().Add(time.Hour)
	caller, cancel := context.WithDeadline(context.WithValue(context.Background(), testKey{}, "value"), deadline)
	defer cancel()

	cc := newCallContext(caller)
	if got := cc.Value(testKey{}); got != "value" {
		t.Errorf("during the call Value = %v, want the caller's value", got)
	}
	if got, ok := cc.Deadline(); !ok || !got.Equal(deadline) {
		t.Errorf("Deadline = %v, %v; want the caller's %v", got, ok, deadline)
	}
	if cc.Err() != nil {
		t.Errorf("during the call Err = %v", cc.Err())
	}
	child, cancelChild := context.WithCancel(cc)
	defer cancelChild()

	cc.release()
	if got := cc.Value(testKey{}); got != nil {
		t.Errorf("after release Value = %v, want nil", got)
	}
	waitDone(t, cc, "the released call context")
	if !errors.Is(cc.Err(), context.Canceled) {
		t.Errorf("after release Err = %v, want context.Canceled", cc.Err())
	}
	waitDone(t, child, "a context derived from the released call context")
	if caller.Err() != nil {
		t.Errorf("releasing the call cancelled the caller: %v", caller.Err())
	}
}

func TestCallersCancellationReachesDerivedContexts(t *testing.T) {
	for _, tc := range []struct {
		name    string
		caller  func() (context.Context, context.CancelFunc)
		wantErr error
	}{
		{"cancelled", func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) }, context.Canceled},
		{"cancelled with a deadline", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), time.Hour)
		}, context.Canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			caller, cancel := tc.caller()
			cc := newCallContext(caller)
			defer cc.release()
			child, cancelChild := context.WithTimeout(cc, time.Hour)
			defer cancelChild()
			cancel()
			waitDone(t, child, "the derived context")
			if !errors.Is(cc.Err(), tc.wantErr) || !errors.Is(child.Err(), tc.wantErr) {
				t.Errorf("Err = %v (derived: %v), want %v", cc.Err(), child.Err(), tc.wantErr)
			}
		})
	}
	t.Run("deadline passes", func(t *testing.T) {
		caller, cancel := context.WithTimeout(context.Background(), time.Millisecond)
		defer cancel()
		cc := newCallContext(caller)
		defer cc.release()
		child, cancelChild := context.WithCancel(cc)
		defer cancelChild()
		waitDone(t, child, "the derived context")
		if !errors.Is(child.Err(), context.DeadlineExceeded) {
			t.Errorf("Err = %v, want context.DeadlineExceeded", child.Err())
		}
	})
	t.Run("already done", func(t *testing.T) {
		caller, cancel := context.WithCancel(context.Background())
		cancel()
		cc := newCallContext(caller)
		defer cc.release()
		if !errors.Is(cc.Err(), context.Canceled) {
			t.Errorf("Err = %v, want context.Canceled at once", cc.Err())
		}
		child, cancelChild := context.WithCancel(cc)
		defer cancelChild()
		waitDone(t, child, "a context derived from a done call context")
	})
}

// Without the AfterFunc method, every context.WithCancel of a custom context starts a goroutine that
// lives until the parent or the child is done: one per RPC for the framework's kept context.
func TestDerivedContextsNeedNoGoroutine(t *testing.T) {
	caller, cancel := context.WithCancel(context.Background())
	defer cancel()
	cc := newCallContext(caller)
	defer cc.release()

	const n = 200
	before := runtime.NumGoroutine()
	cancels := make([]context.CancelFunc, 0, n)
	for range n {
		_, c := context.WithCancel(cc)
		cancels = append(cancels, c)
	}
	grew := runtime.NumGoroutine() - before
	for _, c := range cancels {
		c()
	}
	if grew > n/4 {
		t.Errorf("%d contexts derived from a call context started %d goroutines, want none", n, grew)
	}
}

func TestAfterFuncStop(t *testing.T) {
	cc := newCallContext(context.Background())
	ran := make(chan struct{}, 2)
	stopped := cc.AfterFunc(func() { ran <- struct{}{} })
	kept := cc.AfterFunc(func() { ran <- struct{}{} })
	if !stopped() {
		t.Error("stop before the call ended reported false")
	}
	if stopped() {
		t.Error("a second stop reported true")
	}
	cc.release()
	select {
	case <-ran:
	case <-time.After(10 * time.Second):
		t.Fatal("the registered callback did not run after release")
	}
	if kept() {
		t.Error("stop after the callback started reported true")
	}
	select {
	case <-ran:
		t.Error("the stopped callback ran")
	case <-time.After(50 * time.Millisecond):
	}
}

// A call context must not stay reachable from its caller's context after release (the caller's
// context outlives the call in tests and, in tf6server, until gRPC cancels it).
func TestReleaseUnregistersFromTheCaller(t *testing.T) {
	caller, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := func() weak.Pointer[callContext] {
		cc := newCallContext(caller)
		cc.release()
		return weak.Make(cc)
	}()
	runtime.GC()
	runtime.GC()
	if w.Value() != nil {
		t.Error("a released call context is still reachable from its caller's context")
	}
	runtime.KeepAlive(caller)
}
