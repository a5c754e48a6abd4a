package thingsboard

import (
	"context"
	"iter"
	"net/url"
	"strconv"
)

// SortOrder is the direction of a sorted list: ASC or DESC.
type SortOrder string

// Sort directions.
const (
	ASC  SortOrder = "ASC"
	DESC SortOrder = "DESC"
)

// PageLink selects one page of a list endpoint: the server's pageSize, page (0-based),
// textSearch, sortProperty and sortOrder query parameters.
type PageLink struct {
	PageSize     int
	Page         int
	TextSearch   string
	SortProperty string
	SortOrder    SortOrder
}

// NewPageLink returns the first page of the given size.
func NewPageLink(pageSize int) PageLink { return PageLink{PageSize: pageSize} }

// Next returns the link to the following page.
func (p PageLink) Next() PageLink { p.Page++; return p }

// Values returns the link as query parameters. A zero PageSize is sent as 10.
func (p PageLink) Values() url.Values {
	v := url.Values{}
	p.addTo(v)
	return v
}

func (p PageLink) addTo(v url.Values) {
	size := p.PageSize
	if size == 0 {
		size = 10
	}
	v.Set("pageSize", strconv.Itoa(size))
	v.Set("page", strconv.Itoa(p.Page))
	if p.TextSearch != "" {
		v.Set("textSearch", p.TextSearch)
	}
	if p.SortProperty != "" {
		v.Set("sortProperty", p.SortProperty)
		if p.SortOrder != "" {
			v.Set("sortOrder", string(p.SortOrder))
		}
	}
}

// TimePageLink is a PageLink bounded in time, for alarms, events, audit logs and
// notifications. StartTime and EndTime are epoch milliseconds; 0 leaves a bound open.
type TimePageLink struct {
	PageLink
	StartTime int64
	EndTime   int64
}

// NewTimePageLink returns the first page of the given size, bounded by start and end
// (epoch milliseconds; 0 leaves a bound open).
func NewTimePageLink(pageSize int, start, end int64) TimePageLink {
	return TimePageLink{PageLink: NewPageLink(pageSize), StartTime: start, EndTime: end}
}

// Next returns the link to the following page.
func (p TimePageLink) Next() TimePageLink { p.Page++; return p }

// Values returns the link as query parameters.
func (p TimePageLink) Values() url.Values {
	v := p.PageLink.Values()
	if p.StartTime != 0 {
		v.Set("startTime", strconv.FormatInt(p.StartTime, 10))
	}
	if p.EndTime != 0 {
		v.Set("endTime", strconv.FormatInt(p.EndTime, 10))
	}
	return v
}

// Page is one page of a list, ThingsBoard's PageData.
type Page[T any] struct {
	Data          []T   `json:"data"`
	TotalPages    int   `json:"totalPages"`
	TotalElements int64 `json:"totalElements"`
	HasNext       bool  `json:"hasNext"`
}

// PageFetcher fetches the page that link selects.
type PageFetcher[T any, L any] func(ctx context.Context, link L) (*Page[T], error)

// All returns an iterator over every item of every page, starting at first.
// It never modifies the caller's link, can be ranged more than once (each range
// starts again from first), and stops after a page with HasNext false or no data.
// An error is yielded once, as the last pair.
func All[T any](ctx context.Context, first PageLink, fetch PageFetcher[T, PageLink]) iter.Seq2[T, error] {
	return iterate(ctx, first, PageLink.Next, fetch)
}

// AllTime is All for time-bounded lists.
func AllTime[T any](ctx context.Context, first TimePageLink, fetch PageFetcher[T, TimePageLink]) iter.Seq2[T, error] {
	return iterate(ctx, first, TimePageLink.Next, fetch)
}

func iterate[T any, L any](ctx context.Context, first L, next func(L) L, fetch PageFetcher[T, L]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		link := first
		for {
			page, err := fetch(ctx, link)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, item := range page.Data {
				if !yield(item, nil) {
					return
				}
			}
			if !page.HasNext || len(page.Data) == 0 {
				return
			}
			link = next(link)
		}
	}
}
