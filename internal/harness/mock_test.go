package harness

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/contacts-provider/terraform-provider-contacts/internal/mockapi"
)

// TestMockControl drives an in-process mock through the client the suites use: a vendor request
// counted in Stats by vendor, route and status, a rate limit set at run time answered 429, and Reset.
func TestMockControl(t *testing.T) {
	srv := httptest.NewServer(mockapi.New(mockapi.Options{APIKey: "k", Seed: 1}))
	defer srv.Close()
	m := MockAt(srv.URL)
	ctx := context.Background()
	auth := http.Header{"Authorization": {"Bearer k"}}
	list := "/maildiver/v1/audiences/" + mockapi.MailDiverDemoAudienceID + "/contacts"

	if _, err := m.Send(ctx, http.MethodPost, list, map[string]string{"email": "a@example.com"}, auth); err != nil {
		t.Fatal(err)
	}
	if err := m.SetFaults(ctx, map[string]any{"rate_limit_per_minute": map[string]int{"maildiver": 1}}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Send(ctx, http.MethodGet, list, nil, auth); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Send(ctx, http.MethodGet, list, nil, auth); err == nil || !strings.Contains(err.Error(), "429") {
		t.Fatalf("second GET over a limit of 1/min: err %v, want a 429", err)
	}
	s, err := m.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.ByVendor["maildiver"] != 3 || s.ByStatus["429"] != 1 || s.ByRoute["POST /maildiver/v1/audiences/{audienceId}/contacts"] != 1 ||
		s.ByRoute["GET /maildiver/v1/audiences/{audienceId}/contacts"] != 2 {
		t.Fatalf("stats %+v", s)
	}
	body, err := m.Store(ctx, "maildiver")
	if err != nil || !strings.Contains(string(body), "a@example.com") {
		t.Fatalf("store %s, %v", body, err)
	}
	if err := m.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if s, err := m.Stats(ctx); err != nil || s.Total != 0 {
		t.Fatalf("after reset: %+v, %v", s, err)
	}
	if _, err := m.Send(ctx, http.MethodGet, list, nil, auth); err != nil {
		t.Fatalf("the reset put back the starting faults (no limit): %v", err)
	}
}
