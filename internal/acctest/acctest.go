// Package acctest holds what every vendor's acceptance tests share: provider factories that see only
// the environment a test gives them, and an in-process mock vendor API per test.
package acctest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/contacts-provider/terraform-provider-contacts/internal/mockapi"
	"github.com/contacts-provider/terraform-provider-contacts/internal/protoserver"
	"github.com/contacts-provider/terraform-provider-contacts/internal/provider"
)

// APIKey is the key every test mock accepts.
const APIKey = "acc-test-secret-key"

// MailDiverAudienceID is the audience the mock seeds.
const MailDiverAudienceID = "01959b50-eda7-7597-acb1-cfeffdd53400"

// Factories returns provider factories whose provider reads environment variables from env only
// (nil: none), so a developer's own MAILDIVER_API_KEY never leaks into a test. The provider is served
// through the same wrapper as the released binary (internal/protoserver).
func Factories(env map[string]string) map[string]func() (tfprotov6.ProviderServer, error) {
	getenv := func(k string) string { return env[k] }
	return map[string]func() (tfprotov6.ProviderServer, error){
		"contacts": protoserver.NewProtocol6(provider.NewWithEnvironment("test", getenv)()),
	}
}

// Mock is one test's mock vendor API.
type Mock struct {
	*mockapi.Server
	URL string
}

// NewMock starts a mock vendor API for one test and stops it when the test ends.
func NewMock(t testing.TB) *Mock {
	t.Helper()
	srv := mockapi.New(mockapi.Options{APIKey: APIKey, Seed: 1})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return &Mock{Server: srv, URL: hs.URL}
}

// MailDiverBaseURL is the mock's MailDiver base URL.
func (m *Mock) MailDiverBaseURL() string { return m.URL + "/maildiver/v1" }

// ProviderConfig is a provider block pointing MailDiver at the mock with fast retries.
func (m *Mock) ProviderConfig() string {
	return fmt.Sprintf(`
provider "contacts" {
  max_retries = 3
  maildiver {
    api_key  = %q
    base_url = %q
  }
}
`, APIKey, m.MailDiverBaseURL())
}

// StoredContact returns the mock's copy of one of vendor's contacts, in the vendor's JSON shape.
func (m *Mock) StoredContact(vendor, id string) (map[string]any, bool) {
	for _, c := range m.Contacts(vendor) {
		if fmt.Sprint(c["id"]) == id {
			return c, true
		}
	}
	return nil, false
}

// HoldsContacts checks that the mock holds exactly n of vendor's contacts.
func (m *Mock) HoldsContacts(vendor string, n int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := len(m.Contacts(vendor)); got != n {
			return fmt.Errorf("the mock holds %d %s contacts, want %d", got, vendor, n)
		}
		return nil
	}
}

// QueueRateLimitThenUnavailable makes the mock answer vendor's next two requests with a 429 (with
// Retry-After: 1) and then a 503, neither processed, so a test can show both are retried to success.
func (m *Mock) QueueRateLimitThenUnavailable(vendor string) {
	m.SetFaults(mockapi.Faults{FailNext: []mockapi.CannedFailure{
		{Vendor: vendor, Status: http.StatusTooManyRequests, RetryAfter: "1"},
		{Vendor: vendor, Status: http.StatusServiceUnavailable},
	}})
}

// RetriedToSuccess checks that the mock answered exactly one 429 and one 503 (those queued by
// QueueRateLimitThenUnavailable) and holds exactly n of vendor's contacts, none duplicated.
func (m *Mock) RetriedToSuccess(vendor string, n int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		st := m.Stats()
		if st.ByStatus["429"] != 1 || st.ByStatus["503"] != 1 {
			return fmt.Errorf("want one 429 and one 503 answered, got %v", st.ByStatus)
		}
		return m.HoldsContacts(vendor, n)(nil)
	}
}

// RequireAnsweredOnce fails the test unless the mock answered status exactly once: an error such as
// a rejected credential must reach the user without being retried.
func (m *Mock) RequireAnsweredOnce(t testing.TB, status string) {
	t.Helper()
	if got := m.Stats().ByStatus[status]; got != 1 {
		t.Fatalf("the mock answered %s %d times, want exactly 1 (a %s is not retried)", status, got, status)
	}
}

// CaptureID stores the id of the resource at addr from state, for later steps that change it out of band.
func CaptureID(addr string, id *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		*id = rs.Primary.ID
		return nil
	}
}

// Requests is how many vendor requests the mock has answered.
func (m *Mock) Requests() int { return m.Stats().Total }

// RouteCount is how many requests reached one route, e.g. "PATCH /maildiver/v1/audiences/{audienceId}/contacts/{contactId}".
func (m *Mock) RouteCount(route string) int { return m.Stats().ByRoute[route] }

// VendorRequest sends a request straight to the mock as a vendor client would (with the right
// credentials), to set up data outside Terraform. It fails the test on a transport error.
func (m *Mock) VendorRequest(t testing.TB, method, path string, header http.Header, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, m.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header = header.Clone()
	if req.Header == nil {
		req.Header = http.Header{}
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(resp.Body)
	if err := errors.Join(err, resp.Body.Close()); err != nil {
		t.Fatalf("%s %s: reading the answer: %v", method, path, err)
	}
	return resp.StatusCode, out
}
