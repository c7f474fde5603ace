package transport

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// isIdempotent reports whether a method may be replayed after a failure whose
// outcome is unknown. PATCH is included: every PATCH in our vendor APIs sets
// fields to given values, so applying it twice has the same effect as once.
func isIdempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

// isSafe reports whether a method only reads: cancelling it mid-flight loses nothing.
func isSafe(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	return false
}

// retryableStatus reports whether a response status is worth another attempt.
// A request that is safe to repeat is retried on a rate limit (429) and on
// every server error (5xx): repeating it cannot do harm. A request that must
// not be replayed blindly (a create) is retried only on the statuses that say
// the server refused it without processing it: 429 and 503.
func retryableStatus(code int, idempotent bool) bool {
	switch {
	case code == http.StatusTooManyRequests, code == http.StatusServiceUnavailable:
		return true
	case code >= 500 && code <= 599:
		return idempotent
	}
	return false
}

// mayHaveTakenEffect reports whether an answer with this status leaves open
// whether a write took effect: any server error but 503 (a gateway error or an
// internal error may come after the server committed the change).
func mayHaveTakenEffect(code int) bool {
	return code >= 500 && code <= 599 && code != http.StatusServiceUnavailable
}

// serverWait returns how long the server asked the client to wait before the
// next attempt, from Retry-After (seconds or an HTTP date) or, on a 429, from
// X-RateLimit-Reset (a Unix timestamp in seconds). ok is false when the
// response carries no usable hint. Dates are measured against the response's
// Date header when present, so that a skewed local clock does not matter.
func serverWait(resp *http.Response) (wait time.Duration, ok bool) {
	if resp == nil {
		return 0, false
	}
	ref := time.Now()
	if d := resp.Header.Get("Date"); d != "" {
		if t, err := http.ParseTime(d); err == nil {
			ref = t
		}
	}

	if v := strings.TrimSpace(resp.Header.Get("Retry-After")); v != "" {
		if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
			if secs < 0 {
				return 0, true
			}
			return secondsToDuration(float64(secs)), true
		}
		if t, err := http.ParseTime(v); err == nil {
			return nonNegative(t.Sub(ref)), true
		}
	}

	if resp.StatusCode == http.StatusTooManyRequests {
		return rateLimitReset(resp)
	}
	return 0, false
}

func secondsToDuration(s float64) time.Duration {
	const maxSeconds = float64(1<<63-1) / float64(time.Second)
	if s >= maxSeconds {
		return time.Duration(1<<63 - 1)
	}
	return time.Duration(s * float64(time.Second))
}

func nonNegative(d time.Duration) time.Duration {
	if d < 0 {
		return 0
	}
	return d
}

// exponentialBackoff returns a wait for the retry after attempt number n
// (0-based): the ceiling doubles from minWait with every attempt up to maxWait,
// and the wait is drawn uniformly between minWait and that ceiling.
func exponentialBackoff(minWait, maxWait time.Duration, n int) time.Duration {
	if maxWait < minWait {
		maxWait = minWait
	}
	ceiling := minWait
	for i := 0; i < n && ceiling < maxWait; i++ {
		ceiling *= 2
		if ceiling <= 0 { // overflow
			ceiling = maxWait
		}
	}
	if ceiling > maxWait {
		ceiling = maxWait
	}
	if ceiling <= minWait {
		return minWait
	}
	return minWait + rand.N(ceiling-minWait+1)
}

// serverWaitJitter is the small random extra added on top of a server-requested
// wait, so that parallel requests told the same reset time do not all come
// back in the same instant: up to a tenth of the wait, at most one second.
func serverWaitJitter(wait time.Duration) time.Duration {
	j := wait / 10
	if j > time.Second {
		j = time.Second
	}
	if j <= 0 {
		return 0
	}
	return rand.N(j + 1)
}

// isBeforeSendError reports whether err certainly happened before any of the
// request was sent: the connection could not be established (dial error,
// DNS failure, proxy connect) or the TLS handshake failed.
func isBeforeSendError(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && (opErr.Op == "dial" || opErr.Op == "proxyconnect") {
		return true
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	return isTLSHandshakeError(err)
}

func isTLSHandshakeError(err error) bool {
	var (
		certErr   *tls.CertificateVerificationError
		recErr    tls.RecordHeaderError
		alertErr  tls.AlertError
		unknownCA x509.UnknownAuthorityError
		hostErr   x509.HostnameError
		invalid   x509.CertificateInvalidError
	)
	return errors.As(err, &certErr) || errors.As(err, &recErr) || errors.As(err, &alertErr) ||
		errors.As(err, &unknownCA) || errors.As(err, &hostErr) || errors.As(err, &invalid)
}

// isPermanentError reports errors another attempt cannot fix.
func isPermanentError(err error) bool {
	var (
		certErr   *tls.CertificateVerificationError
		unknownCA x509.UnknownAuthorityError
		hostErr   x509.HostnameError
		invalid   x509.CertificateInvalidError
		pacing    *pacingError
		rateWait  *rateLimitWaitError
	)
	return errors.Is(err, errBodyTooLarge) ||
		errors.As(err, &pacing) || errors.As(err, &rateWait) ||
		errors.As(err, &certErr) || errors.As(err, &unknownCA) ||
		errors.As(err, &hostErr) || errors.As(err, &invalid)
}

// describeError turns a transport error into a short phrase for an end user.
// The error must already be stripped of its *url.Error wrapper, which would
// carry the full URL (and with it a secret query parameter).
func describeError(err error) string {
	var (
		dnsErr    *net.DNSError
		timeout   *attemptTimeoutError
		certErr   *tls.CertificateVerificationError
		unknownCA x509.UnknownAuthorityError
		hostErr   x509.HostnameError
		pacing    *pacingError
		rateWait  *rateLimitWaitError
		status    *statusError
		netErr    net.Error
	)
	switch {
	case errors.As(err, &status):
		return status.Error()
	case errors.As(err, &rateWait):
		return rateWait.Error()
	case errors.Is(err, errBodyTooLarge):
		return errBodyTooLarge.Error()
	case errors.As(err, &pacing):
		return pacing.Error()
	case errors.As(err, &timeout):
		return timeout.Error()
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return "could not resolve host " + dnsErr.Name + " (no such host)"
		}
		return "could not resolve host " + dnsErr.Name + ": " + dnsErr.Err
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.As(err, &certErr), errors.As(err, &unknownCA), errors.As(err, &hostErr):
		return "TLS certificate verification failed: " + err.Error()
	case isTLSHandshakeError(err):
		return "TLS handshake failed: " + err.Error()
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset by the server"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed by the server before a complete response was received"
	case errors.As(err, &netErr) && netErr.Timeout():
		return "timed out: " + err.Error()
	}
	return err.Error()
}
