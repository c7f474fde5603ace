// Package settle brings a create whose outcome is uncertain to a known state, the same way for every
// vendor, and keeps the follow-up steps of a write that was already sent going when Terraform is
// interrupted.
//
// The transport never sends a create twice blindly: when the answer to a create is lost (the
// connection closed, the attempt timed out, a 5xx other than 503, or an interrupt after the request
// went out), its error wraps transport.ErrOutcomeUnknown. Run then asks the vendor, through a lookup
// the vendor offers (by email, say), whether the create took effect:
//   - found: the object is the one the create made; the caller adopts it and warns;
//   - not found: the create did not take effect, so it is sent again (bounded by Policy.MaxSends),
//     unless Terraform is stopping, in which case nothing new is started;
//   - the lookup itself fails (after the transport's own retries): an *UnknownError that the caller
//     turns into a message naming the contact and how to import it.
//
// The lookup runs on a context an interrupt does not cancel at once: it goes on for Policy.Grace
// after the interrupt, so that a contact created just before Ctrl-C is found and recorded in state
// rather than left behind at the vendor.
package settle

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/transport"
	"github.com/contacts-provider/terraform-provider-contacts/internal/tfmodel"
)

// Defaults of Policy.
const (
	// DefaultMaxSends matches the provider's default max_retries (10) plus the first send.
	DefaultMaxSends = 11
	// DefaultGrace is how long, after an interrupt, a lookup or the recording of a write already sent
	// may go on.
	DefaultGrace = time.Minute
)

// Policy bounds Run and Detached. Zero fields take the defaults.
type Policy struct {
	// MaxSends bounds how many times one create is sent in all, each resend only after a lookup
	// showed the previous one did not take effect.
	MaxSends int
	// Grace bounds how long work on a context given by Detached goes on after the caller's context
	// is cancelled (Terraform was interrupted).
	Grace time.Duration
}

func (p Policy) maxSends() int {
	if p.MaxSends <= 0 {
		return DefaultMaxSends
	}
	return p.MaxSends
}

func (p Policy) grace() time.Duration {
	if p.Grace <= 0 {
		return DefaultGrace
	}
	return p.Grace
}

// Detached returns a context that keeps ctx's values (logging) but is not cancelled with it: it is
// cancelled Policy.Grace after ctx is, or when the returned CancelFunc is called. Use it for what must
// finish once a write was sent: finding out what a create did, reading back what an update did.
func (p Policy) Detached(ctx context.Context) (context.Context, context.CancelFunc) {
	dctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	var timer atomic.Pointer[time.Timer]
	grace := p.grace()
	stop := context.AfterFunc(ctx, func() { timer.Store(time.AfterFunc(grace, cancel)) })
	return dctx, func() {
		stop()
		if t := timer.Load(); t != nil {
			t.Stop()
		}
		cancel()
	}
}

// Create describes one create for Run.
type Create[T any] struct {
	// Send sends the create once. An error wrapping transport.ErrOutcomeUnknown means it may have
	// taken effect; any other error means it did not.
	Send func(ctx context.Context) (T, error)
	// Find looks for the object the create would have made. found is false when there is none.
	Find func(ctx context.Context) (v T, found bool, err error)
	// Conflict, when set, reports an error saying the object already exists (a 409). After an earlier
	// send whose outcome was unknown, such a refusal means that send took effect: Find is asked.
	Conflict func(error) bool
}

// Result is what Run learned.
type Result[T any] struct {
	Value T
	// Recovered is true when the answer to a create was lost and Find found the object it made.
	Recovered bool
	// Lost holds the errors that left a send's outcome unknown, oldest first.
	Lost []error
	// Sends is how many times the create was sent.
	Sends int
}

// ExistsError is returned by a lookup (and then by Run, as a clear refusal) when the object it found
// is not the one the create made: it holds other values than the create sent, or it was created
// before the create was sent. An earlier object with the same key means the create did not take effect
// (a vendor that refuses duplicates refused it), and the object must not be taken over.
type ExistsError struct {
	ID     string // the vendor's id of the object found
	Reason string // why it is not the create's, e.g. "it holds other values than the create sent"
}

func (e *ExistsError) Error() string {
	return fmt.Sprintf("an existing contact (id %s) has this key, and is not the one this create made: %s", e.ID, e.Reason)
}

// ErrAmbiguous is wrapped by a lookup's error when more than one object could be the one the create
// made: that does not resolve itself (someone must remove the extras), so the create is not recorded as
// pending.
var ErrAmbiguous = errors.New("more than one object could be the one the create made")

// UnknownError is returned by Run when a send's outcome was unknown and the lookup that should have
// told failed too: the object may or may not exist.
type UnknownError struct {
	Lost   error // why the send's outcome was unknown
	Lookup error // why looking it up failed
}

func (e *UnknownError) Error() string {
	return fmt.Sprintf("%v; looking it up to learn whether it was created also failed: %v", e.Lost, e.Lookup)
}

func (e *UnknownError) Unwrap() []error {
	return []error{e.Lost, e.Lookup, transport.ErrOutcomeUnknown}
}

// NotCreatedError is returned by Run when every send's outcome was unknown and lookups showed none
// took effect, and Run stopped sending: Terraform was interrupted, or MaxSends was reached.
type NotCreatedError struct {
	Sends       int
	Interrupted bool
	Last        error
}

func (e *NotCreatedError) Error() string {
	if e.Interrupted {
		return fmt.Sprintf("%v; Terraform was interrupted, and a lookup showed the create had not taken effect, so it was "+
			"not sent again: nothing was created", e.Last)
	}
	return fmt.Sprintf("the create was sent %d times, each time without a usable answer (last: %v), and a lookup after each "+
		"showed it had not taken effect: nothing was created", e.Sends, e.Last)
}

func (e *NotCreatedError) Unwrap() error { return e.Last }

// Run sends c and settles its outcome; see the package documentation. Errors: the error of Send when
// it was a clear refusal (or the request was never sent), *ExistsError (the lookup found an object the
// create did not make), *UnknownError, *NotCreatedError.
func Run[T any](ctx context.Context, p Policy, c Create[T]) (Result[T], error) {
	var res Result[T]
	for {
		v, err := c.Send(ctx)
		res.Sends++
		if err == nil {
			res.Value = v
			return res, nil
		}
		unknown := errors.Is(err, transport.ErrOutcomeUnknown)
		conflictAfterLoss := !unknown && len(res.Lost) > 0 && c.Conflict != nil && c.Conflict(err)
		if !unknown && !conflictAfterLoss {
			return res, err
		}
		if unknown {
			res.Lost = append(res.Lost, err)
		}

		fctx, cancel := p.Detached(ctx)
		found, ok, ferr := c.Find(fctx)
		cancel()
		var exists *ExistsError
		switch {
		case errors.As(ferr, &exists):
			return res, ferr
		case ferr != nil:
			return res, &UnknownError{Lost: res.Lost[len(res.Lost)-1], Lookup: ferr}
		case ok:
			res.Value, res.Recovered = found, true
			return res, nil
		case conflictAfterLoss:
			// Refused as a duplicate, yet not found: report the refusal as it is.
			return res, err
		case ctx.Err() != nil:
			return res, &NotCreatedError{Sends: res.Sends, Interrupted: true, Last: err}
		case res.Sends >= p.maxSends():
			return res, &NotCreatedError{Sends: res.Sends, Last: err}
		}
		// The create certainly did not take effect: sending it again cannot duplicate it.
	}
}

// describe explains a failed create to the user: what happened to it and what to do. subject names
// the object ("MailDiver contact ada@example.com in audience 0195..."); adopt says how to bring it
// under Terraform if it exists (an import command and block).
func describe(err error, subject, adopt string) string {
	var (
		unknown    *UnknownError
		notCreated *NotCreatedError
	)
	switch {
	case errors.As(err, &unknown):
		return fmt.Sprintf("Whether the %s was created is unknown: %v.\n\nBefore applying again, check the vendor for it. "+
			"If it exists, bring it under Terraform so that no second one is made:\n\n%s\n\nIf it does not, apply again.",
			subject, err, adopt)
	case errors.As(err, &notCreated), errors.Is(err, transport.ErrNotSent):
		return fmt.Sprintf("The %s was not created: %v. Apply again to create it.", subject, err)
	}
	return err.Error()
}

// unsettled reports whether a create failed without a clear answer from the vendor: it was never
// sent, its outcome stayed unknown, or it was given up. describe explains such errors; a clear refusal
// (a 400, a 409, an *ExistsError) is the vendor's to explain.
func unsettled(err error) bool {
	var (
		unknown    *UnknownError
		notCreated *NotCreatedError
	)
	return errors.As(err, &unknown) || errors.As(err, &notCreated) || errors.Is(err, transport.ErrNotSent)
}

// ReportCreateFailure reports a create that Run could not settle, the same way for every vendor: an
// outcome that stayed unknown is kept as pending (keepPending; plan points to the resource's model)
// and explained with describePending; an ambiguous lookup, a create given up or never sent is
// explained with describe. It reports false, adding nothing, for a clear refusal by the vendor (or an
// *ExistsError), which the caller explains in the vendor's terms.
func ReportCreateFailure(ctx context.Context, resp *resource.CreateResponse, err error, plan any, since time.Time,
	summary, subject, adopt string) bool {
	var unknown *UnknownError
	switch {
	case errors.As(err, &unknown) && !errors.Is(err, ErrAmbiguous):
		resp.Diagnostics.Append(keepPending(ctx, resp, plan, since)...)
		resp.Diagnostics.AddError(summary, describePending(err, subject, adopt))
	case unsettled(err):
		resp.Diagnostics.AddError(summary, describe(err, subject, adopt))
	default:
		return false
	}
	return true
}

// RecordUncertainUpdate handles an update whose outcome is unknown (its error wraps
// transport.ErrOutcomeUnknown: an answer was lost, then every attempt failed): read reads the contact
// back, on a context that survives an interrupt for the grace period, and returns the resource's model
// set from it; the state then records what the vendor holds. The error says the update may or may not
// have been applied.
func (p Policy) RecordUncertainUpdate(ctx context.Context, resp *resource.UpdateResponse, err error, summary, vendor string,
	read func(ctx context.Context) (state any, diags diag.Diagnostics, readErr error)) {
	dctx, cancel := p.Detached(ctx)
	defer cancel()
	state, diags, rerr := read(dctx)
	resp.Diagnostics.Append(diags...)
	if rerr == nil {
		resp.Diagnostics.Append(tfmodel.SetState(ctx, &resp.State, state)...)
	}
	resp.Diagnostics.AddError(summary, uncertainUpdate(err, rerr, vendor))
}

// RecentWindow is how long before a create whose answer was lost an object found by the lookup may
// have been created to be taken as the one that create made; it allows for skewed clocks at either end.
const RecentWindow = 5 * time.Minute

// CreatedSince reports whether a vendor's creation (or, lacking one, update) timestamp (RFC 3339) is
// at or after t. An empty or unreadable timestamp may be recent, so it counts as such.
func CreatedSince(createdAt string, t time.Time) bool {
	created, err := time.Parse(time.RFC3339Nano, createdAt)
	return err != nil || !created.Before(t)
}

// pendingKey is the private-state key of a create whose outcome could not be learned.
const pendingKey = "settle_pending_create"

// Pending records, in a resource's private state, a create whose outcome could not be learned: the
// resource is kept in the state without an id (and tainted, as its create failed), so that the next
// refresh or destroy looks the contact up before anything is created again. Since is when that create
// was first sent.
type Pending struct {
	Since time.Time `json:"since"`
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// savePending records p in a resource's private state.
func savePending(ctx context.Context, private privateSetter, p Pending) diag.Diagnostics {
	b, err := json.Marshal(p)
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Recording a create whose outcome is unknown failed", err.Error())
		return diags
	}
	return private.SetKey(ctx, pendingKey, b)
}

// clearPending removes the record from a resource's private state.
func clearPending(ctx context.Context, private privateSetter) diag.Diagnostics {
	return private.SetKey(ctx, pendingKey, nil)
}

// loadPending reads the record; without one it is the zero Pending.
func loadPending(ctx context.Context, private privateGetter) (p Pending, diags diag.Diagnostics) {
	b, diags := private.GetKey(ctx, pendingKey)
	if diags.HasError() || len(b) == 0 {
		return p, diags
	}
	if err := json.Unmarshal(b, &p); err != nil {
		diags.AddError("Unreadable record of a create whose outcome is unknown", err.Error())
		return p, diags
	}
	return p, diags
}

// describePending explains a create whose outcome could not be learned and that was recorded as
// pending: what the next apply does, and how to keep the contact instead if it exists.
func describePending(err error, subject, adopt string) string {
	return fmt.Sprintf("Whether the %s was created is unknown: %v.\n\n"+
		"So that no second one is made, the resource is recorded in the state without an id (marked tainted): the next "+
		"plan or apply looks the contact up first. If it exists, that apply replaces it (it is deleted and created "+
		"again); if it does not, it is created.\n\nTo keep the existing contact as it is instead, remove the record and "+
		"import the contact:\n\n  terraform state rm <resource address>\n\n%s", subject, err, adopt)
}

// NullUnknowns sets every unknown attribute value among the fields of the struct model points to
// to null of the same type: what the state can hold of a planned object when the apply could not
// learn those values (the next refresh fills them in).
func NullUnknowns(ctx context.Context, model any) error {
	rv := reflect.ValueOf(model)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("NullUnknowns needs a pointer to a struct, got %T", model)
	}
	rv = rv.Elem()
	for i := 0; i < rv.NumField(); i++ {
		f := rv.Field(i)
		if !f.CanSet() || !f.CanInterface() {
			continue
		}
		v, ok := f.Interface().(attr.Value)
		if !ok || !v.IsUnknown() {
			continue
		}
		t := v.Type(ctx)
		null, err := t.ValueFromTerraform(ctx, tftypes.NewValue(t.TerraformType(ctx), nil))
		if err != nil {
			return fmt.Errorf("field %s: %w", rv.Type().Field(i).Name, err)
		}
		nv := reflect.ValueOf(null)
		if !nv.Type().AssignableTo(f.Type()) {
			return fmt.Errorf("field %s: a null %s is a %s", rv.Type().Field(i).Name, f.Type(), nv.Type())
		}
		f.Set(nv)
	}
	return nil
}

// keepPending records a create whose outcome could not be learned (an *UnknownError from Run): the
// planned object, with its unknown values (the id among them) null, goes into the state, and a
// Pending record into the private state. plan points to the resource's model.
func keepPending(ctx context.Context, resp *resource.CreateResponse, plan any, since time.Time) diag.Diagnostics {
	var diags diag.Diagnostics
	if err := NullUnknowns(ctx, plan); err != nil {
		diags.AddError("Recording a create whose outcome is unknown failed", err.Error())
		return diags
	}
	diags.Append(tfmodel.SetState(ctx, &resp.State, plan)...)
	diags.Append(savePending(ctx, resp.Private, Pending{Since: since})...)
	return diags
}

// ReadPending settles, during a refresh, a create that keepPending recorded. find is the lookup the
// create used: when it finds the contact it also writes it into resp.State. found: the pending
// record is cleared; not found: the resource leaves the state, so the plan creates it; a failing
// lookup fails the refresh, keeping the record for the next one.
func ReadPending(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse, subject string,
	find func(ctx context.Context, since time.Time) (found bool, err error)) {
	p, diags := loadPending(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	if diags.HasError() {
		return
	}
	found, err := find(ctx, p.Since)
	var exists *ExistsError
	switch {
	case errors.As(err, &exists):
		// Someone else's contact has the key: the earlier create did not take effect.
		resp.State.RemoveResource(ctx)
		resp.Diagnostics.AddWarning("The "+subject+" was not created",
			"An earlier apply could not learn whether it created the "+subject+"; it did not ("+err.Error()+"), so the plan "+
				"creates it.")
	case err != nil:
		resp.Diagnostics.AddError("Could not learn whether the "+subject+" was created",
			fmt.Sprintf("An earlier apply could not learn whether it created the %s, and looking it up failed again: %v. "+
				"Try again; nothing is created until the lookup succeeds.", subject, err))
	case found:
		resp.Diagnostics.Append(clearPending(ctx, resp.Private)...)
		resp.Diagnostics.AddWarning("The "+subject+" was created",
			"An earlier apply could not learn whether it created the "+subject+"; it exists, and is now recorded in the state. "+
				"It is still marked tainted, so the plan replaces it.")
	default:
		resp.State.RemoveResource(ctx)
		resp.Diagnostics.AddWarning("The "+subject+" was not created",
			"An earlier apply could not learn whether it created the "+subject+"; it does not exist, so the plan creates it.")
	}
}

// PendingSince is when the create recorded in private state was first sent (the zero time without a
// record).
func PendingSince(ctx context.Context, private privateGetter) time.Time {
	p, _ := loadPending(ctx, private)
	return p.Since
}

// uncertainUpdate explains an update that failed after a request that may have been applied, and
// what the state now records: readErr is nil when the object was read back (the state holds what the
// vendor holds), else why that failed too (the state is left as it was; the next refresh corrects it).
func uncertainUpdate(err, readErr error, vendor string) string {
	if readErr == nil {
		return fmt.Sprintf("%v.\n\nThe update may or may not have been applied: the state records what %s holds now, "+
			"and the next plan shows what still differs.", err, vendor)
	}
	return fmt.Sprintf("%v.\n\nThe update may or may not have been applied, and reading the contact back failed too (%v): "+
		"the state is left as it was, and the next plan refreshes it from %s.", err, readErr, vendor)
}

// DeletePending finds, during a destroy, what a create that keepPending recorded made (the resource
// was not refreshed since, as with -refresh=false). find is the lookup the create used, returning the
// contact's id. ok is false when there is nothing to delete: the create did not take effect (nothing,
// or someone else's contact, has the key), the lookup is ambiguous (a warning says so, and nothing is
// deleted), or the lookup failed (an error, and the resource stays in the state for the next try).
func DeletePending(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse, subject string,
	find func(ctx context.Context, since time.Time) (id string, found bool, err error)) (string, bool) {
	id, found, err := find(ctx, PendingSince(ctx, req.Private))
	var exists *ExistsError
	switch {
	case errors.As(err, &exists):
		return "", false
	case errors.Is(err, ErrAmbiguous):
		resp.Diagnostics.AddWarning("The "+subject+" was left in place", fmt.Sprintf("%s. Nothing was deleted.", err))
		return "", false
	case err != nil:
		resp.Diagnostics.AddError("Deleting the "+subject+" failed",
			fmt.Sprintf("An earlier create of the %s may or may not have taken effect, and looking it up failed: %s.", subject, err))
		return "", false
	}
	return id, found
}
