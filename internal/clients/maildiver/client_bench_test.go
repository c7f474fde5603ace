package maildiver_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/clients/maildiver"
)

// BenchmarkGetContact measures one read through the whole client stack (transport with retries,
// pacing off, logging, JSON decoding) against the in-process mock over loopback HTTP.
func BenchmarkGetContact(b *testing.B) {
	ctx := context.Background()
	c := newClient(b, "right-key")
	created, err := c.CreateContact(ctx, audience, maildiver.ContactFields{Email: ptr("bench@example.com")})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.GetContact(ctx, audience, created.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFindContactByEmail500 measures the by-email lookup (used by the data source, import hints
// and lost-create recovery) in an audience of 500 contacts: 10 pages of 50.
func BenchmarkFindContactByEmail500(b *testing.B) {
	ctx := context.Background()
	c := newClient(b, "right-key")
	for i := range 500 {
		if _, err := c.CreateContact(ctx, audience, maildiver.ContactFields{Email: ptr(fmt.Sprintf("u%03d@example.com", i))}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.FindContactByEmail(ctx, audience, "u499@example.com", strings.EqualFold); err != nil {
			b.Fatal(err)
		}
	}
}
