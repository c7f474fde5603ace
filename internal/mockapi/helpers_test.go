package mockapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

const (
	testKey   = "test-key"
	mdBase    = "/maildiver/v1"
	demoAud   = MailDiverDemoAudienceID
	demoPath  = mdBase + "/audiences/" + demoAud + "/contacts"
	authValue = "Bearer " + testKey
)

// result is one answer of the mock.
type result struct {
	status int
	header http.Header
	raw    []byte
	body   map[string]any
}

func (r result) str(key string) string {
	s, _ := r.body[key].(string)
	return s
}

// call sends a request through ServeHTTP. body may be nil, a string (sent raw) or any value
// (sent as JSON). auth is the Authorization header value; "-" sends none.
func call(t *testing.T, h http.Handler, method, path, auth string, body any) result {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req := httptest.NewRequest(method, path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth != "-" {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := result{status: rec.Code, header: rec.Header(), raw: rec.Body.Bytes()}
	if len(res.raw) > 0 {
		if err := json.Unmarshal(res.raw, &res.body); err != nil {
			t.Fatalf("%s %s: answer is not a JSON object: %v: %s", method, path, err, res.raw)
		}
	}
	return res
}

// md sends an authenticated MailDiver request.
func md(t *testing.T, h http.Handler, method, path string, body any) result {
	t.Helper()
	return call(t, h, method, path, authValue, body)
}

func newTest(t *testing.T) *Server {
	t.Helper()
	return New(Options{APIKey: testKey, Seed: 1})
}

// createContact creates a contact in the Demo audience and returns its id.
func createContact(t *testing.T, h http.Handler, body map[string]any) string {
	t.Helper()
	res := md(t, h, "POST", demoPath, body)
	if res.status != http.StatusCreated {
		t.Fatalf("create %v: status %d: %s", body, res.status, res.raw)
	}
	return res.str("id")
}

func expectError(t *testing.T, res result, status int, code, message string) {
	t.Helper()
	if res.status != status || res.str("code") != code || (message != "" && res.str("message") != message) {
		t.Fatalf("got %d %s, want %d {code %q message %q}", res.status, res.raw, status, code, message)
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprint(err))
	}
	return string(b)
}
