package transport

import (
	"net/http"
	"strings"
)

// Auth adds credentials to an outgoing request and reports the secret values
// that must never be logged.
type Auth interface {
	Apply(r *http.Request)
	Secrets() []string
}

// sensitiveKeyer is implemented by the Auth values of this package: it names
// the header or query parameter that carries the secret, so that a log field
// with that name is masked whatever its value.
type sensitiveKeyer interface {
	sensitiveKeys() []string
}

// BearerToken sends "Authorization: Bearer <token>". An empty token sends nothing.
func BearerToken(token string) Auth {
	return headerAuth{name: "Authorization", prefix: "Bearer ", value: token}
}

// RawAuthorization sends "authorization: <key>", the raw key without a scheme.
// An empty key sends nothing.
func RawAuthorization(key string) Auth {
	return headerAuth{name: "Authorization", value: key}
}

// APIKeyHeader sends "<header>: <key>". An empty key sends nothing.
func APIKeyHeader(header, key string) Auth {
	return headerAuth{name: header, value: key}
}

// QueryParam adds ?name=value to the request URL. An empty value sends nothing.
func QueryParam(name, value string) Auth {
	return queryAuth{name: name, value: value}
}

// Combine applies each non-nil Auth in order; Secrets is the union of theirs.
func Combine(auths ...Auth) Auth {
	var c combinedAuth
	for _, a := range auths {
		if a != nil {
			c = append(c, a)
		}
	}
	return c
}

type headerAuth struct {
	name   string
	prefix string
	value  string
}

func (a headerAuth) Apply(r *http.Request) {
	if a.value == "" || a.name == "" {
		return
	}
	if r.Header == nil {
		r.Header = make(http.Header)
	}
	r.Header.Set(a.name, a.prefix+a.value)
}

func (a headerAuth) Secrets() []string {
	if a.value == "" {
		return nil
	}
	return []string{a.value}
}

func (a headerAuth) sensitiveKeys() []string {
	return []string{strings.ToLower(a.name)}
}

type queryAuth struct {
	name  string
	value string
}

func (a queryAuth) Apply(r *http.Request) {
	if a.value == "" || a.name == "" || r.URL == nil {
		return
	}
	q := r.URL.Query()
	q.Set(a.name, a.value)
	r.URL.RawQuery = q.Encode()
}

func (a queryAuth) Secrets() []string {
	if a.value == "" {
		return nil
	}
	return []string{a.value}
}

func (a queryAuth) sensitiveKeys() []string {
	return []string{strings.ToLower(a.name)}
}

type combinedAuth []Auth

func (c combinedAuth) Apply(r *http.Request) {
	for _, a := range c {
		a.Apply(r)
	}
}

func (c combinedAuth) Secrets() []string {
	var out []string
	seen := make(map[string]bool)
	for _, a := range c {
		for _, s := range a.Secrets() {
			if s != "" && !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}

func (c combinedAuth) sensitiveKeys() []string {
	var out []string
	for _, a := range c {
		if k, ok := a.(sensitiveKeyer); ok {
			out = append(out, k.sensitiveKeys()...)
		}
	}
	return out
}
