package thingsboard

import (
	"context"
	"errors"
	"testing"
)

func TestPageLinkValues(t *testing.T) {
	pl := PageLink{PageSize: 5, Page: 2, TextSearch: "a b", SortProperty: "name", SortOrder: DESC}
	if got := pl.Values().Encode(); got != "page=2&pageSize=5&sortOrder=DESC&sortProperty=name&textSearch=a+b" {
		t.Fatalf("values = %s", got)
	}
	if got := NewPageLink(0).Values().Encode(); got != "page=0&pageSize=10" {
		t.Fatalf("default values = %s", got)
	}
	tl := NewTimePageLink(3, 100, 200).Next()
	if got := tl.Values().Encode(); got != "endTime=200&page=1&pageSize=3&startTime=100" {
		t.Fatalf("time values = %s", got)
	}
}

func TestAllIteratesEveryPageWithoutMutatingTheLink(t *testing.T) {
	data := []int{1, 2, 3, 4, 5, 6, 7}
	calls := 0
	fetch := func(_ context.Context, pl PageLink) (*Page[int], error) {
		calls++
		start := pl.Page * pl.PageSize
		end := min(start+pl.PageSize, len(data))
		return &Page[int]{Data: data[start:end], HasNext: end < len(data)}, nil
	}
	first := NewPageLink(3)
	for range 2 { // an iterator can be ranged twice
		var got []int
		for v, err := range All(context.Background(), first, fetch) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, v)
		}
		if len(got) != 7 || got[6] != 7 {
			t.Fatalf("got %v", got)
		}
	}
	if first.Page != 0 || calls != 6 {
		t.Fatalf("first=%+v calls=%d", first, calls)
	}
}

func TestAllStopsOnErrorAndEarlyBreak(t *testing.T) {
	boom := errors.New("boom")
	fetch := func(_ context.Context, pl PageLink) (*Page[int], error) {
		if pl.Page == 1 {
			return nil, boom
		}
		return &Page[int]{Data: []int{1, 2}, HasNext: true}, nil
	}
	var n int
	var last error
	for _, err := range All(context.Background(), NewPageLink(2), fetch) {
		n++
		last = err
	}
	if n != 3 || !errors.Is(last, boom) {
		t.Fatalf("n=%d last=%v", n, last)
	}
	n = 0
	for range All(context.Background(), NewPageLink(2), fetch) {
		n++
		break
	}
	if n != 1 {
		t.Fatalf("break: n=%d", n)
	}
	// A page that claims more but holds nothing ends the iteration.
	empty := func(context.Context, PageLink) (*Page[int], error) { return &Page[int]{HasNext: true}, nil }
	for range All(context.Background(), NewPageLink(2), empty) {
		t.Fatal("no items expected")
	}
}
