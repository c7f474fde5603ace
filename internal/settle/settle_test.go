package settle

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/transport"
	"github.com/contacts-provider/terraform-provider-contacts/internal/customtypes"
)

var (
	errLost     = fmt.Errorf("POST /contacts: connection closed: %w", transport.ErrOutcomeUnknown)
	errConflict = errors.New("409 already exists")
	errRefused  = errors.New("400 bad email")
	errLookup   = errors.New("GET /contacts: 500 after 11 attempts")
)

// fakeVendor scripts what each send does and what the store holds.
type fakeVendor struct {
	sends   []func() error // per send: nil = created and answered; errLost after storing = answer lost
	stored  bool
	nSend   int
	nFind   int
	findErr error
}

func (f *fakeVendor) create() Create[string] {
	return Create[string]{
		Send: func(context.Context) (string, error) {
			i := f.nSend
			f.nSend++
			if i >= len(f.sends) {
				f.stored = true
				return "c1", nil
			}
			err := f.sends[i]()
			if err == nil {
				f.stored = true
				return "c1", nil
			}
			return "", err
		},
		Find: func(context.Context) (string, bool, error) {
			f.nFind++
			if f.findErr != nil {
				return "", false, f.findErr
			}
			return "c1", f.stored, nil
		},
		Conflict: func(err error) bool { return errors.Is(err, errConflict) },
	}
}

func TestRun(t *testing.T) {
	committedThenLost := func(f *fakeVendor) func() error {
		return func() error { f.stored = true; return errLost }
	}
	lostUncommitted := func() error { return errLost }
	tests := []struct {
		name          string
		setup         func(f *fakeVendor)
		wantValue     string
		wantRecovered bool
		wantSends     int
		wantFinds     int
		wantErr       func(error) bool
	}{
		{name: "answered", setup: func(f *fakeVendor) {}, wantValue: "c1", wantSends: 1},
		{name: "clear refusal is returned as is, no lookup",
			setup:   func(f *fakeVendor) { f.sends = []func() error{func() error { return errRefused }} },
			wantErr: func(err error) bool { return errors.Is(err, errRefused) }, wantSends: 1},
		{name: "answer lost after commit: found, not sent again",
			setup:     func(f *fakeVendor) { f.sends = []func() error{committedThenLost(f)} },
			wantValue: "c1", wantRecovered: true, wantSends: 1, wantFinds: 1},
		{name: "lost before commit: looked up, then sent again",
			setup:     func(f *fakeVendor) { f.sends = []func() error{lostUncommitted, lostUncommitted} },
			wantValue: "c1", wantSends: 3, wantFinds: 2},
		{name: "lost, then a resend refused as a duplicate: the first took effect after all",
			setup: func(f *fakeVendor) {
				f.sends = []func() error{lostUncommitted, func() error { f.stored = true; return errConflict }}
			},
			wantValue: "c1", wantRecovered: true, wantSends: 2, wantFinds: 2},
		{name: "lookup fails: unknown, with both causes",
			setup: func(f *fakeVendor) { f.sends = []func() error{committedThenLost(f)}; f.findErr = errLookup },
			wantErr: func(err error) bool {
				var u *UnknownError
				return errors.As(err, &u) && errors.Is(err, errLookup) && errors.Is(err, transport.ErrOutcomeUnknown)
			}, wantSends: 1, wantFinds: 1},
		{name: "every send lost before commit: stops at MaxSends",
			setup: func(f *fakeVendor) {
				for range 10 {
					f.sends = append(f.sends, lostUncommitted)
				}
			},
			wantErr: func(err error) bool {
				var nc *NotCreatedError
				return errors.As(err, &nc) && nc.Sends == 3 && !nc.Interrupted
			}, wantSends: 3, wantFinds: 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeVendor{}
			tc.setup(f)
			res, err := Run(context.Background(), Policy{MaxSends: 3}, f.create())
			if tc.wantErr != nil {
				if err == nil || !tc.wantErr(err) {
					t.Fatalf("error %v is not the expected one", err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if res.Value != tc.wantValue || res.Recovered != tc.wantRecovered {
				t.Errorf("value %q recovered %v, want %q %v", res.Value, res.Recovered, tc.wantValue, tc.wantRecovered)
			}
			if f.nSend != tc.wantSends || res.Sends != tc.wantSends || f.nFind != tc.wantFinds {
				t.Errorf("sent %d (result says %d), looked up %d; want %d sends, %d lookups", f.nSend, res.Sends, f.nFind, tc.wantSends, tc.wantFinds)
			}
		})
	}
}

// After an interrupt the lookup still runs (on a context the interrupt does not cancel), and when
// it shows nothing was created nothing new is sent.
func TestRunInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var findCtxErr error
	sends := 0
	c := Create[string]{
		Send: func(context.Context) (string, error) {
			sends++
			cancel() // Ctrl-C while the create was in flight; its answer is lost
			return "", errLost
		},
		Find: func(fctx context.Context) (string, bool, error) {
			findCtxErr = fctx.Err()
			return "", false, nil
		},
	}
	_, err := Run(ctx, Policy{}, c)
	var nc *NotCreatedError
	if !errors.As(err, &nc) || !nc.Interrupted {
		t.Fatalf("want an interrupted NotCreatedError, got %v", err)
	}
	if findCtxErr != nil {
		t.Errorf("the lookup ran on a cancelled context: %v", findCtxErr)
	}
	if sends != 1 {
		t.Errorf("sent %d times after the interrupt, want 1", sends)
	}
}

func TestDetachedOutlivesCancelByGrace(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	dctx, stop := Policy{Grace: 100 * time.Millisecond}.Detached(ctx)
	defer stop()
	cancel()
	if dctx.Err() != nil {
		t.Fatal("cancelled with its parent")
	}
	select {
	case <-dctx.Done():
	case <-time.After(2 * time.Second):
		t.Fatal("not cancelled after the grace period")
	}
}

func TestNullUnknowns(t *testing.T) {
	ctx := context.Background()
	type model struct {
		ID    types.String         `tfsdk:"id"`
		Email customtypes.String   `tfsdk:"email"`
		JSON  jsontypes.Normalized `tfsdk:"json"`
		List  types.List           `tfsdk:"list"`
		Set   types.Set            `tfsdk:"set"`
		Map   types.Map            `tfsdk:"map"`
		Count types.Int64          `tfsdk:"count"`
		Flag  types.Bool           `tfsdk:"flag"`
		Kept  types.String         `tfsdk:"kept"`
		_     string               // not exported: NullUnknowns must pass it by
	}
	obj := types.ObjectType{AttrTypes: map[string]attr.Type{"v": types.StringType}}
	m := model{
		ID:    types.StringUnknown(),
		Email: customtypes.EmailLowerCase.Unknown(),
		JSON:  jsontypes.NewNormalizedUnknown(),
		List:  types.ListUnknown(obj),
		Set:   types.SetUnknown(types.Int64Type),
		Map:   types.MapUnknown(types.StringType),
		Count: types.Int64Unknown(),
		Flag:  types.BoolUnknown(),
		Kept:  types.StringValue("configured"),
	}
	if err := NullUnknowns(ctx, &m); err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]attr.Value{"id": m.ID, "email": m.Email, "json": m.JSON, "list": m.List, "set": m.Set,
		"map": m.Map, "count": m.Count, "flag": m.Flag} {
		if !v.IsNull() {
			t.Errorf("%s is %v, want null", name, v)
		}
	}
	if !m.Email.Equal(customtypes.EmailLowerCase.Null()) || !m.List.Type(ctx).Equal(types.ListType{ElemType: obj}) {
		t.Errorf("a null lost its type: email %#v, list %v", m.Email, m.List.Type(ctx))
	}
	if m.Kept.ValueString() != "configured" {
		t.Errorf("a known value changed: %v", m.Kept)
	}
}
