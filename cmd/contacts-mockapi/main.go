// Command contacts-mockapi serves the mock vendor APIs (internal/mockapi) over HTTP.
//
//	contacts-mockapi --listen 127.0.0.1:8089 --api-key mock-api-key \
//	    [--latency-ms N] [--error-rate F] [--drop-response-rate F] \
//	    [--rate-limit vendor=N[,vendor=N]] [--seed N]
//
// Once the listener is open it prints exactly one line, "listening on http://ADDR", to stdout.
// It logs one line per request (method, path without query, status, duration) to stderr and
// stops cleanly on SIGINT or SIGTERM.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/contacts-provider/terraform-provider-contacts/internal/mockapi"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "contacts-mockapi:", err)
		os.Exit(2)
	}
}

// run serves until ctx is done.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("contacts-mockapi", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8089", "address to listen on (port 0 picks a free port)")
	apiKey := fs.String("api-key", mockapi.DefaultAPIKey, "the one valid API key / token for every vendor")
	latency := fs.Int("latency-ms", 0, "delay every vendor request by this many milliseconds")
	errorRate := fs.Float64("error-rate", 0, "fraction of vendor requests answered 500 or 503 (0-1)")
	dropRate := fs.Float64("drop-response-rate", 0, "fraction of writes committed, then the connection closed with no response (0-1)")
	rateLimit := fs.String("rate-limit", "", "per-vendor requests per minute, e.g. maildiver=60,corporatemerch=40")
	seed := fs.Int64("seed", 0, "seed of the fault-injection randomness (0 = time-based)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	limits, err := parseRateLimits(*rateLimit)
	if err != nil {
		return err
	}
	faults := mockapi.Faults{
		LatencyMS:          *latency,
		ErrorRate:          *errorRate,
		DropResponseRate:   *dropRate,
		RateLimitPerMinute: limits,
	}
	if err := faults.Validate(); err != nil {
		return err
	}
	srv := mockapi.New(mockapi.Options{APIKey: *apiKey, Seed: *seed, Faults: faults})

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	logger := log.New(stderr, "", log.LstdFlags|log.Lmicroseconds)
	hs := &http.Server{
		Handler:           logRequests(srv, logger),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0), // dropped connections are intended
	}

	if _, err := fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr()); err != nil {
		return errors.Join(err, ln.Close())
	}
	if f, ok := stdout.(interface{ Sync() error }); ok {
		_ = f.Sync()
	}

	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		_ = hs.Close()
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// parseRateLimits parses "vendor=N[,vendor=N]".
func parseRateLimits(s string) (map[string]int, error) {
	limits := map[string]int{}
	if strings.TrimSpace(s) == "" {
		return limits, nil
	}
	for _, part := range strings.Split(s, ",") {
		name, num, ok := strings.Cut(strings.TrimSpace(part), "=")
		n, err := strconv.Atoi(strings.TrimSpace(num))
		if !ok || strings.TrimSpace(name) == "" || err != nil || n < 0 {
			return nil, fmt.Errorf("--rate-limit: %q is not vendor=N", part)
		}
		limits[strings.TrimSpace(name)] = n
	}
	return limits, nil
}

// logRequests logs method, path (never the query, which may carry a client id, and never a
// header), status and duration of every request.
func logRequests(next http.Handler, logger *log.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			p := recover()
			status := "200"
			switch {
			case sw.hijacked:
				status = "dropped"
			case sw.status != 0:
				status = strconv.Itoa(sw.status)
			case p != nil:
				status = "aborted"
			}
			logger.Printf("%s %s %s %s", r.Method, r.URL.Path, status, time.Since(start).Round(time.Microsecond))
			if p != nil {
				panic(p)
			}
		}()
		next.ServeHTTP(sw, r)
	})
}

// statusWriter records the status; Unwrap lets http.ResponseController reach Hijack.
type statusWriter struct {
	http.ResponseWriter
	status   int
	hijacked bool
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, rw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err == nil {
		w.hijacked = true
	}
	return conn, rw, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
