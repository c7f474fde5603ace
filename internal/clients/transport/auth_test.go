package transport

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
)

func TestAuthStyles(t *testing.T) {
	t.Parallel()

	type seen struct {
		header http.Header
		query  url.Values
	}
	tests := []struct {
		name        string
		auth        Auth
		wantHeaders map[string]string // expected header values ("" = must be absent)
		wantQuery   map[string]string
		wantSecrets []string
	}{
		{
			name:        "bearer",
			auth:        BearerToken("md-secret-1"),
			wantHeaders: map[string]string{"Authorization": "Bearer md-secret-1"},
			wantSecrets: []string{"md-secret-1"},
		},
		{
			name:        "raw authorization",
			auth:        RawAuthorization("bland-secret-2"),
			wantHeaders: map[string]string{"Authorization": "bland-secret-2"},
			wantSecrets: []string{"bland-secret-2"},
		},
		{
			name:        "api key header",
			auth:        APIKeyHeader("x-api-key", "revy-secret-3"),
			wantHeaders: map[string]string{"X-Api-Key": "revy-secret-3", "Authorization": ""},
			wantSecrets: []string{"revy-secret-3"},
		},
		{
			name:        "query param",
			auth:        QueryParam("client_id", "revy id/4+&"),
			wantHeaders: map[string]string{"Authorization": ""},
			wantQuery:   map[string]string{"client_id": "revy id/4+&", "page": "2"},
			wantSecrets: []string{"revy id/4+&"},
		},
		{
			name:        "combine header and query, nil skipped",
			auth:        Combine(APIKeyHeader("x-api-key", "k5"), nil, QueryParam("client_id", "c5")),
			wantHeaders: map[string]string{"X-Api-Key": "k5"},
			wantQuery:   map[string]string{"client_id": "c5", "page": "2"},
			wantSecrets: []string{"k5", "c5"},
		},
		{
			name:        "empty credentials send nothing",
			auth:        Combine(BearerToken(""), QueryParam("client_id", "")),
			wantHeaders: map[string]string{"Authorization": ""},
			wantQuery:   map[string]string{"client_id": "", "page": "2"},
			wantSecrets: nil,
		},
		{
			name:        "nil auth",
			auth:        nil,
			wantHeaders: map[string]string{"Authorization": ""},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := make(chan seen, 1)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got <- seen{header: r.Header.Clone(), query: r.URL.Query()}
				w.WriteHeader(http.StatusOK)
			}))
			defer srv.Close()

			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Auth = tc.auth })
			resp, err := c.Do(context.Background(), Request{Method: "GET", Path: "/x", Query: url.Values{"page": {"2"}}})
			if err != nil {
				t.Fatalf("Do: %v", err)
			}
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			s := <-got
			for k, want := range tc.wantHeaders {
				if g := s.header.Get(k); g != want {
					t.Errorf("header %s = %q, want %q", k, g, want)
				}
			}
			for k, want := range tc.wantQuery {
				if g := s.query.Get(k); g != want {
					t.Errorf("query %s = %q, want %q", k, g, want)
				}
			}
			if tc.auth != nil {
				if g := tc.auth.Secrets(); !slices.Equal(g, tc.wantSecrets) {
					t.Errorf("Secrets() = %q, want %q", g, tc.wantSecrets)
				}
			}
		})
	}
}
