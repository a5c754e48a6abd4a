package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	tb "github.com/tbgo/thingsboard"
)

// benchServer returns a server whose demo tenant has n more devices, each with a
// temperature time series and an active attribute, and the tenant administrator's token.
func benchServer(tb testing.TB, n int) (*Server, string) {
	s := New()
	demo := s.Demo()
	_ = s.store.Write(func(tx *Tx) error {
		for i := range n {
			rec := tx.Put(Record{ID: tbDevice(""), TenantID: demo.TenantID,
				Fields: map[string]string{"name": fmt.Sprintf("Bench %05d", i), "type": "bench", "label": ""},
				Value:  map[string]any{"name": fmt.Sprintf("Bench %05d", i)}})
			var v any = float64(i%500) / 10
			if i%3 == 0 {
				v = int64(i % 50)
			}
			tx.SaveTimeseries(rec.ID, []TsEntry{{Key: "temperature", TsPoint: TsPoint{Ts: int64(1_700_000_000_000 + i), Value: v}}})
			tx.SaveAttributes(rec.ID, ServerScope, []Attribute{{Key: "active", Value: i%2 == 0}})
		}
		return nil
	})
	body := `{"username":"` + TenantEmail + `","password":"` + TenantPassword + `"}`
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/api/auth/login", bytes.NewBufferString(body)))
	var tok struct{ Token string }
	if err := json.Unmarshal(w.Body.Bytes(), &tok); err != nil || tok.Token == "" {
		tb.Fatalf("login: %d %s", w.Code, w.Body)
	}
	return s, tok.Token
}

func tbDevice(id string) tb.EntityID { return tb.NewEntityID(tb.EntityTypeDevice, id) }

// BenchmarkEntityQuery10kDevices measures POST /api/entitiesQuery/find over 10,000
// devices with a NUMERIC key filter on a time series, sorted by that time series.
func BenchmarkEntityQuery10kDevices(b *testing.B) {
	s, token := benchServer(b, 10_000)
	q, _ := json.Marshal(tb.EntityDataQuery{
		EntityFilter: tb.EntityTypeFilter{EntityType: tb.EntityTypeDevice},
		KeyFilters: []tb.KeyFilter{{Key: tb.TimeSeriesKey("temperature"), ValueType: tb.ValueTypeNumeric,
			Predicate: tb.NumericFilterPredicate{Operation: tb.NumericGreater, Value: tb.PredicateValue(25.0)}}},
		EntityFields: []tb.EntityKey{tb.FieldKey("name")},
		LatestValues: []tb.EntityKey{tb.TimeSeriesKey("temperature"), tb.AttributeKey("active")},
		PageLink: tb.EntityDataPageLink{PageSize: 20,
			SortOrder: &tb.EntityDataSortOrder{Key: tb.TimeSeriesKey("temperature"), Direction: tb.DESC}},
	})
	run := func() *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		r := httptest.NewRequest(http.MethodPost, "/api/entitiesQuery/find", bytes.NewReader(q))
		r.Header.Set("X-Authorization", "Bearer "+token)
		r.Header.Set("Content-Type", "application/json")
		s.ServeHTTP(w, r)
		return w
	}
	var page tb.Page[tb.EntityData]
	if w := run(); w.Code != 200 || json.Unmarshal(w.Body.Bytes(), &page) != nil || page.TotalElements < 1000 || len(page.Data) != 20 {
		b.Fatalf("%d %s", w.Code, w.Body.String()[:min(300, w.Body.Len())])
	}
	if v, _ := page.Data[0].TimeseriesLatest("temperature"); v != "49.9" {
		b.Fatalf("first temperature = %q", v)
	}
	b.ReportAllocs()
	for b.Loop() {
		if w := run(); w.Code != 200 {
			b.Fatal(w.Code)
		}
	}
}
