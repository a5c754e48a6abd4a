package thingsboard

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// entityDataPageJSON returns a PageData<EntityData> of n rows as the server writes it:
// three entity fields, two attributes and two time series per row.
func entityDataPageJSON(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"data":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"entityId":{"entityType":"DEVICE","id":"%08x-42b6-11ee-983c-b7beff2784f9"},"latest":{`+
			`"ENTITY_FIELD":{"name":{"ts":1700000000123,"value":"Device %d"},"type":{"ts":1700000000123,"value":"thermostat"},`+
			`"createdTime":{"ts":1700000000123,"value":"%d"}},`+
			`"SERVER_ATTRIBUTE":{"active":{"ts":1699999000000,"value":"%t"},"inactivityAlarmTime":{"ts":0,"value":""}},`+
			`"TIME_SERIES":{"temperature":{"ts":1699999999000,"value":"%d.5"},"humidity":{"ts":1699999999000,"value":"%d"}}},`+
			`"timeseries":{},"aggLatest":null}`, i, i, 1690000000000+int64(i), i%2 == 0, i%40, i%100)
	}
	fmt.Fprintf(&b, `],"totalPages":%d,"totalElements":%d,"hasNext":true}`, 10, 10*n)
	return []byte(b.String())
}

// BenchmarkDecodeEntityDataPage compares decoding a 1,000-row page into the typed
// Page[EntityData] with decoding the same bytes into map[string]any.
func BenchmarkDecodeEntityDataPage(b *testing.B) {
	data := entityDataPageJSON(1000)
	b.Run("typed", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var p Page[EntityData]
			if err := json.Unmarshal(data, &p); err != nil || len(p.Data) != 1000 {
				b.Fatal(err)
			}
		}
	})
	b.Run("map", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var m map[string]any
			if err := json.Unmarshal(data, &m); err != nil || len(m["data"].([]any)) != 1000 {
				b.Fatal(err)
			}
		}
	})
}

func TestBenchmarkInputDecodes(t *testing.T) {
	var p Page[EntityData]
	if err := json.Unmarshal(entityDataPageJSON(3), &p); err != nil {
		t.Fatal(err)
	}
	if v, _ := p.Data[2].TimeseriesLatest("temperature"); v != "2.5" || len(p.Data) != 3 || p.TotalElements != 30 {
		t.Fatalf("%+v", p)
	}
}
