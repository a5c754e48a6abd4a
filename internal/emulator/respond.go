package emulator

import "net/http"

// writeOK ends a handler whose answer has no body: err when it is not nil, else
// 200 OK.
func writeOK(w http.ResponseWriter, err error) error {
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

// writeResult ends a handler that answers v as JSON: err when it is not nil, else v.
func writeResult(w http.ResponseWriter, v any, err error) error {
	if err != nil {
		return err
	}
	return WriteJSON(w, v)
}
