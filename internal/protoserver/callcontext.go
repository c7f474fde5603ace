package protoserver

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// callContext is the context one wrapped RPC hands the inner server. While the call runs it carries
// the caller's values, deadline and cancellation; once released it holds nothing of the caller's, so
// whatever keeps a reference to it after the call (terraform-plugin-framework v1.19.0 keeps one per
// call until StopProvider) keeps only this small struct alive, not the caller's context chain.
//
// It implements the AfterFunc method that the context package looks for on a custom parent: a
// context.WithCancel (or WithTimeout, AfterFunc...) derived from it registers a callback here instead
// of starting a goroutine that waits for this context or the child to finish.
type callContext struct {
	// done is closed when the caller's context is done or the call is released, whichever is first.
	done chan struct{}
	// deadline and hasDeadline are the caller's deadline, copied so that no reference is needed.
	deadline    time.Time
	hasDeadline bool

	// values is the caller's context without its cancellation (context.WithoutCancel), through which
	// Value looks keys up; nil once the call is released.
	values atomic.Pointer[valueSource]

	mu sync.Mutex
	// err is why done was closed (the caller's error, or context.Canceled on release); nil while open.
	err error
	// afters are the callbacks registered through AfterFunc that have not run or been stopped yet.
	afters map[*afterFunc]struct{}
	// unwatch stops watching the caller's context; nil when there is nothing to stop.
	unwatch func() bool
}

// valueSource holds the context Value lookups go to, so it can be swapped atomically.
type valueSource struct{ ctx context.Context }

// afterFunc is one callback registered through AfterFunc; its address identifies the registration.
type afterFunc struct{ f func() }

var _ context.Context = (*callContext)(nil)

// newCallContext returns a context for one call that follows caller until release is called.
func newCallContext(caller context.Context) *callContext {
	c := &callContext{done: make(chan struct{})}
	c.deadline, c.hasDeadline = caller.Deadline()
	c.values.Store(&valueSource{ctx: context.WithoutCancel(caller)})
	if err := caller.Err(); err != nil {
		c.err = err
		close(c.done)
		return c
	}
	if caller.Done() != nil {
		// Registered as a child of the caller's context (no goroutine while it waits), and removed from
		// it by finish, so the caller does not keep this call's context either.
		c.mu.Lock()
		c.unwatch = context.AfterFunc(caller, func() { c.finish(caller.Err()) })
		c.mu.Unlock()
	}
	return c
}

// release ends the call: it drops the caller's values, closes Done (Err is context.Canceled unless the
// caller was done first) and cancels what was derived from this context, as gRPC does to a call's
// context once the call has returned.
func (c *callContext) release() {
	c.values.Store(nil)
	c.finish(context.Canceled)
}

// finish closes done with err, unless it is already closed, stops watching the caller and runs the
// registered callbacks.
func (c *callContext) finish(err error) {
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return
	}
	c.err = err
	close(c.done)
	afters, unwatch := c.afters, c.unwatch
	c.afters, c.unwatch = nil, nil
	c.mu.Unlock()

	if unwatch != nil {
		unwatch()
	}
	for a := range afters {
		go a.f()
	}
}

// Deadline returns the caller's deadline.
func (c *callContext) Deadline() (time.Time, bool) { return c.deadline, c.hasDeadline }

// Done is closed when the caller's context is done or the call has returned.
func (c *callContext) Done() <-chan struct{} { return c.done }

// Err is nil while Done is open, then the caller's error or context.Canceled.
func (c *callContext) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Value looks key up in the caller's context while the call runs, and returns nil once it has returned.
func (c *callContext) Value(key any) any {
	if v := c.values.Load(); v != nil {
		return v.ctx.Value(key)
	}
	return nil
}

// AfterFunc arranges for f to run in its own goroutine once c is done, like context.AfterFunc; the
// returned stop unregisters f and reports whether it did so before f was started. The context package
// calls it to propagate this context's cancellation to contexts derived from it.
func (c *callContext) AfterFunc(f func()) (stop func() bool) {
	a := &afterFunc{f: f}
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		// Never call f here: the context package holds the child's lock while it registers.
		go f()
		return func() bool { return false }
	}
	if c.afters == nil {
		c.afters = map[*afterFunc]struct{}{}
	}
	c.afters[a] = struct{}{}
	c.mu.Unlock()
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		_, registered := c.afters[a]
		delete(c.afters, a)
		return registered
	}
}
