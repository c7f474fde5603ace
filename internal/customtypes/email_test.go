package customtypes

import (
	"context"
	"testing"
)

func TestEmailSemanticEquals(t *testing.T) {
	cases := []struct {
		name     string
		old, new Email
		want     bool
	}{
		{"identical", NewEmailValue("ann@example.com"), NewEmailValue("ann@example.com"), true},
		{"case differs", NewEmailValue("Ann@Example.COM"), NewEmailValue("ann@example.com"), true},
		{"different mailbox", NewEmailValue("ann@example.com"), NewEmailValue("bob@example.com"), false},
		{"old null", NewEmailNull(), NewEmailValue("ann@example.com"), false},
		{"new unknown", NewEmailValue("ann@example.com"), NewEmailUnknown(), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, diags := tc.old.StringSemanticEquals(context.Background(), tc.new)
			if diags.HasError() {
				t.Fatalf("unexpected diagnostics: %v", diags)
			}
			if got != tc.want {
				t.Fatalf("StringSemanticEquals(%q, %q) = %v, want %v", tc.old, tc.new, got, tc.want)
			}
		})
	}
}

func TestEmailTypeRoundTrip(t *testing.T) {
	ctx := context.Background()
	v := NewEmailValue("ann@example.com")
	tv, err := v.ToTerraformValue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	back, err := EmailType{}.ValueFromTerraform(ctx, tv)
	if err != nil {
		t.Fatal(err)
	}
	if !back.Equal(v) {
		t.Fatalf("round trip changed the value: %v != %v", back, v)
	}
}
