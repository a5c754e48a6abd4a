package thingsboard

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestMessageID(t *testing.T) {
	cases := []struct {
		msg  string
		id   int
		want bool
	}{
		{`{"subscriptionId":7,"errorCode":0}`, 7, true},
		{`{"cmdId":12,"errorCode":0,"cmdUpdateType":"ENTITY_DATA"}`, 12, true},
		{` { "errorCode" : 2 , "errorMsg":"a \"quoted\" } {", "data":{"x":[[1,"}"]]},"cmdId" : 3 }`, 3, true},
		{`{"data":{"cmdId":9},"list":[{"subscriptionId":8}],"subscriptionId":4}`, 4, true},
		{`{"n":-1.5e3,"t":true,"z":null,"cmdId":-2}`, -2, true},
		{`{"errorCode":1}`, 0, false},
		{`[1,2]`, 0, false},
		{`{"cmdId":"x"}`, 0, false},
		{`{"a":"unterminated`, 0, false},
		{``, 0, false},
	}
	for _, c := range cases {
		id, ok := messageID([]byte(c.msg))
		if id != c.id || ok != c.want {
			t.Errorf("messageID(%s) = %d, %v; want %d, %v", c.msg, id, ok, c.id, c.want)
		}
	}
}

func TestTelemetryValueJSON(t *testing.T) {
	var u TelemetryUpdate
	err := json.Unmarshal([]byte(`{"subscriptionId":1,"data":{"a":[[5,"x"],[0,""]],"b":[[6,12.5,"extra"]],"c":[[7,null]],"d":[[8.0,true]]}}`), &u)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]TelemetryValue{
		"a": {{5, "x"}, {0, ""}}, "b": {{6, "12.5"}}, "c": {{7, ""}}, "d": {{8, "true"}},
	}
	for k, vs := range want {
		for i, v := range vs {
			if u.Data[k][i] != v {
				t.Errorf("%s[%d] = %+v, want %+v", k, i, u.Data[k][i], v)
			}
		}
	}
	if !u.Data["a"][1].Deleted() || u.Data["a"][0].Deleted() {
		t.Error("Deleted")
	}
	b, _ := json.Marshal(TelemetryValue{Ts: 3, Value: `q"`})
	if string(b) != `[3,"q\""]` {
		t.Errorf("marshal = %s", b)
	}
	for _, bad := range []string{`[1]`, `{"ts":1}`, `["x","y"]`} {
		var v TelemetryValue
		if err := json.Unmarshal([]byte(bad), &v); err == nil {
			t.Errorf("%s decoded", bad)
		}
	}
	if _, ok := (&TelemetryUpdate{}).Latest("x"); ok {
		t.Error("Latest of a missing key")
	}
}

func TestBuildMessages(t *testing.T) {
	var cmds []encodedCmd
	for i := range 25 {
		data, err := encodeCmd(false, wsCmd{typ: cmdEntityCountUnsubscribe, body: wsIDBody{CmdID: i}})
		if err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, encodedCmd{typ: cmdEntityCountUnsubscribe, data: data})
	}
	msgs, err := buildMessages(false, &wsAuthBody{Token: "tok"}, cmds, 32768)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 3 || !strings.HasPrefix(string(msgs[0]), `{"authCmd":{"cmdId":0,"token":"tok"},"cmds":[{"type":"ENTITY_COUNT_UNSUBSCRIBE","cmdId":0},`) ||
		strings.Contains(string(msgs[1]), "authCmd") || strings.Count(string(msgs[2]), "cmdId") != 5 {
		t.Fatalf("messages %q", msgs)
	}
	// The size limit splits frames too, and a command too big alone is refused.
	msgs, err = buildMessages(false, nil, cmds, 150)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if len(m) > 150 {
			t.Fatalf("frame of %d bytes", len(m))
		}
	}
	if _, err := buildMessages(false, nil, cmds, 20); !errors.Is(err, ErrCommandTooBig) {
		t.Fatalf("err = %v", err)
	}
	// An authCmd that leaves no room for the first command goes alone.
	msgs, err = buildMessages(false, &wsAuthBody{Token: strings.Repeat("t", 100)}, cmds[:1], 150)
	if err != nil || len(msgs) != 2 || strings.Contains(string(msgs[0]), "cmds") || strings.Contains(string(msgs[1]), "authCmd") {
		t.Fatalf("messages %q, %v", msgs, err)
	}
	// Auth alone makes one frame; legacy frames group commands by array.
	msgs, _ = buildMessages(false, &wsAuthBody{APIKey: "k"}, nil, 32768)
	if len(msgs) != 1 || string(msgs[0]) != `{"authCmd":{"cmdId":0,"apiKey":"k"}}` {
		t.Fatalf("auth frame %q", msgs)
	}
	a, _ := encodeCmd(true, AttributesSubscriptionCmd{EntityID: devA}.wire(2, false))
	ts, _ := encodeCmd(true, TimeseriesSubscriptionCmd{EntityID: devA}.wire(3, false))
	a2, _ := encodeCmd(true, AttributesSubscriptionCmd{EntityID: devA}.wire(4, true))
	msgs, _ = buildMessages(true, nil, []encodedCmd{{cmdAttributes, a}, {cmdTimeseries, ts}, {cmdAttributes, a2}}, 32768)
	want := `{"attrSubCmds":[` + string(a) + `,` + string(a2) + `],"tsSubCmds":[` + string(ts) + `]}`
	if len(msgs) != 1 || string(msgs[0]) != want {
		t.Fatalf("legacy frame %s\nwant %s", msgs[0], want)
	}
}

func TestSubscriptionErrorAndCodes(t *testing.T) {
	e := &SubscriptionError{CmdID: 4, Code: SubscriptionBadRequest, Message: "Query is empty!"}
	if e.Error() != "thingsboard: subscription 4: BAD_REQUEST (errorCode 2): Query is empty!" || errors.Is(e, ErrTooManyUpdates) {
		t.Fatal(e.Error())
	}
	if SubscriptionErrorCode(99).String() != "SubscriptionErrorCode(99)" || CloseCode(4001).String() != "close code 4001" {
		t.Fatal("String of unknown codes")
	}
	if (&CloseError{Code: CloseBadData, Reason: "JWT Token expired"}).Error() != "thingsboard: websocket closed with status 1007 (bad data): JWT Token expired" {
		t.Fatal("CloseError message")
	}
}
