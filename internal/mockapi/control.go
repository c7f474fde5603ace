package mockapi

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// controlMux serves the /_mock/ endpoints. They are never counted in Stats and never subject
// to faults or authentication.
//
//	GET    /_mock/health               {"status":"ok"}
//	GET    /_mock/stats                Stats
//	POST   /_mock/reset                204; clears stored data (keeps fixtures), stats, faults
//	GET    /_mock/faults               Faults
//	PUT    /_mock/faults               Faults in, Faults out (200)
//	GET    /_mock/store/{vendor}       {"contacts":[...]} in creation order
//	PATCH  /_mock/store/{vendor}/{id}  JSON object merged into the contact, in the shape GET shows (read-only
//	                                   fields only as shown) or the vendor's shorthand; 200 with the contact
//	DELETE /_mock/store/{vendor}/{id}  204
//
// Control errors answer {"error":"..."}.
func (s *Server) controlMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_mock/health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /_mock/stats", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.Stats())
	})
	mux.HandleFunc("POST /_mock/reset", func(w http.ResponseWriter, r *http.Request) {
		s.Reset()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /_mock/faults", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.Faults())
	})
	mux.HandleFunc("PUT /_mock/faults", func(w http.ResponseWriter, r *http.Request) {
		var f Faults
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			controlError(w, http.StatusBadRequest, "faults: "+err.Error())
			return
		}
		if err := f.Validate(); err != nil {
			controlError(w, http.StatusBadRequest, err.Error())
			return
		}
		s.SetFaults(f)
		writeJSON(w, http.StatusOK, s.Faults())
	})
	mux.HandleFunc("GET /_mock/store/{vendor}", func(w http.ResponseWriter, r *http.Request) {
		list := s.Contacts(r.PathValue("vendor"))
		if list == nil {
			controlError(w, http.StatusNotFound, "unknown vendor "+r.PathValue("vendor"))
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"contacts": list})
	})
	mux.HandleFunc("PATCH /_mock/store/{vendor}/{id}", func(w http.ResponseWriter, r *http.Request) {
		raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
		if err != nil {
			controlError(w, http.StatusBadRequest, "body could not be read")
			return
		}
		var fields map[string]any
		if err := json.Unmarshal(raw, &fields); err != nil || fields == nil {
			controlError(w, http.StatusBadRequest, "body must be a JSON object")
			return
		}
		c, err := s.patchContact(r.PathValue("vendor"), r.PathValue("id"), fields)
		if err != nil {
			controlError(w, storeErrorStatus(err), err.Error())
			return
		}
		writeJSON(w, http.StatusOK, c)
	})
	mux.HandleFunc("DELETE /_mock/store/{vendor}/{id}", func(w http.ResponseWriter, r *http.Request) {
		if err := s.DeleteContact(r.PathValue("vendor"), r.PathValue("id")); err != nil {
			controlError(w, storeErrorStatus(err), err.Error())
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("/_mock/", func(w http.ResponseWriter, r *http.Request) {
		controlError(w, http.StatusNotFound, "no control endpoint "+r.Method+" "+r.URL.Path)
	})
	return mux
}

func controlError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func storeErrorStatus(err error) int {
	switch {
	case errors.Is(err, ErrUnknownVendor), errors.Is(err, ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, ErrConflict):
		return http.StatusConflict
	default:
		return http.StatusBadRequest
	}
}
