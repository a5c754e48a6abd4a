package thingsboard

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// EntityQueryService runs Entity Data Query API requests: find and count entities and alarms. See Client.EntityQuery.
type EntityQueryService service

func checkQuery(method string, f EntityFilter, pageSize int, paged bool) error {
	if f == nil {
		return errors.New("thingsboard: EntityQuery." + method + ": nil EntityFilter")
	}
	if paged && pageSize < 1 {
		return errors.New("thingsboard: EntityQuery." + method + ": PageLink.PageSize must be at least 1")
	}
	return nil
}

// FindEntityData returns one page of the entities q selects, with the fields and latest
// values it asks for. Every value is returned as a string; see EntityData.
//
//tb:operation POST /api/entitiesQuery/find
func (s *EntityQueryService) FindEntityData(ctx context.Context, q EntityDataQuery) (*Page[EntityData], error) {
	if err := checkQuery("FindEntityData", q.EntityFilter, q.PageLink.PageSize, true); err != nil {
		return nil, err
	}
	return call[Page[EntityData]](ctx, s.client, http.MethodPost, "/api/entitiesQuery/find", nil, q)
}

// FindEntityDataAll iterates over every entity q selects, page by page from q's page.
// It never modifies q and may be ranged more than once; an error ends the iteration.
//
//tb:operation POST /api/entitiesQuery/find
func (s *EntityQueryService) FindEntityDataAll(ctx context.Context, q EntityDataQuery) iter.Seq2[EntityData, error] {
	return iterate(ctx, q, EntityDataQuery.Next, s.FindEntityData)
}

// CountEntities returns the number of entities q selects.
//
//tb:operation POST /api/entitiesQuery/count
func (s *EntityQueryService) CountEntities(ctx context.Context, q EntityCountQuery) (int64, error) {
	if err := checkQuery("CountEntities", q.EntityFilter, 0, false); err != nil {
		return 0, err
	}
	var n int64
	if err := s.client.do(ctx, http.MethodPost, "/api/entitiesQuery/count", nil, q, &n); err != nil {
		return 0, err
	}
	return n, nil
}

// FindAlarmData returns one page of the alarms of the entities q selects, filtered by
// q.PageLink's time window, types, statuses, severities and assignee.
//
//tb:operation POST /api/alarmsQuery/find
func (s *EntityQueryService) FindAlarmData(ctx context.Context, q AlarmDataQuery) (*Page[AlarmData], error) {
	if err := checkQuery("FindAlarmData", q.EntityFilter, q.PageLink.PageSize, true); err != nil {
		return nil, err
	}
	return call[Page[AlarmData]](ctx, s.client, http.MethodPost, "/api/alarmsQuery/find", nil, q)
}

// FindAlarmDataAll iterates over every alarm q selects, page by page from q's page.
// It never modifies q and may be ranged more than once; an error ends the iteration.
//
//tb:operation POST /api/alarmsQuery/find
func (s *EntityQueryService) FindAlarmDataAll(ctx context.Context, q AlarmDataQuery) iter.Seq2[AlarmData, error] {
	return iterate(ctx, q, AlarmDataQuery.Next, s.FindAlarmData)
}

// CountAlarms returns the number of alarms q selects.
//
//tb:operation POST /api/alarmsQuery/count
func (s *EntityQueryService) CountAlarms(ctx context.Context, q AlarmCountQuery) (int64, error) {
	if err := checkQuery("CountAlarms", q.EntityFilter, 0, false); err != nil {
		return 0, err
	}
	var n int64
	if err := s.client.do(ctx, http.MethodPost, "/api/alarmsQuery/count", nil, q, &n); err != nil {
		return 0, err
	}
	return n, nil
}

// FindKeysOptions narrows FindAvailableKeys. The zero value (or nil) asks for time series
// and attribute keys of every scope.
type FindKeysOptions struct {
	// SkipTimeseries leaves time series keys out.
	SkipTimeseries bool
	// SkipAttributes leaves attribute keys out.
	SkipAttributes bool
	// Scope keeps the attribute keys of one scope: SERVER_SCOPE, SHARED_SCOPE or CLIENT_SCOPE.
	Scope string
}

// FindAvailableKeys returns the distinct time series and attribute keys of the entities q
// selects (at most 100 entities are examined). The server deprecates it in 4.3.1.2 in
// favour of FindAvailableKeysV2, which older servers do not have.
//
//tb:operation POST /api/entitiesQuery/find/keys
func (s *EntityQueryService) FindAvailableKeys(ctx context.Context, q EntityDataQuery, opts *FindKeysOptions) (*AvailableEntityKeys, error) {
	if err := checkQuery("FindAvailableKeys", q.EntityFilter, 0, false); err != nil {
		return nil, err
	}
	var o FindKeysOptions
	if opts != nil {
		o = *opts
	}
	v := url.Values{}
	v.Set("timeseries", strconv.FormatBool(!o.SkipTimeseries))
	v.Set("attributes", strconv.FormatBool(!o.SkipAttributes))
	if o.Scope != "" {
		v.Set("scope", o.Scope)
	}
	return call[AvailableEntityKeys](ctx, s.client, http.MethodPost, "/api/entitiesQuery/find/keys", v, q)
}

// FindKeysV2Options narrows FindAvailableKeysV2. The zero value (or nil) asks for time
// series and attribute keys without samples, in the scopes the server picks (all three
// for devices, SERVER_SCOPE for other entities).
type FindKeysV2Options struct {
	// SkipTimeseries leaves time series keys out.
	SkipTimeseries bool
	// SkipAttributes leaves attribute keys out.
	SkipAttributes bool
	// Scopes keeps the attribute keys of these scopes.
	Scopes []string
	// IncludeSamples returns each key's most recent value.
	IncludeSamples bool
}

// FindAvailableKeysV2 returns the distinct time series and attribute keys of the entities
// q selects (at most 100 entities are examined), optionally with a sample value of each.
// It needs ThingsBoard 4.3.1.2 or later.
//
//tb:operation POST /api/v2/entitiesQuery/find/keys
func (s *EntityQueryService) FindAvailableKeysV2(ctx context.Context, q EntityDataQuery, opts *FindKeysV2Options) (*AvailableEntityKeysV2, error) {
	if err := checkQuery("FindAvailableKeysV2", q.EntityFilter, 0, false); err != nil {
		return nil, err
	}
	v := url.Values{}
	if opts != nil {
		if opts.SkipTimeseries {
			v.Set("includeTimeseries", "false")
		}
		if opts.SkipAttributes {
			v.Set("includeAttributes", "false")
		}
		if len(opts.Scopes) > 0 {
			v.Set("scopes", strings.Join(opts.Scopes, ","))
		}
		if opts.IncludeSamples {
			v.Set("includeSamples", "true")
		}
	}
	return call[AvailableEntityKeysV2](ctx, s.client, http.MethodPost, "/api/v2/entitiesQuery/find/keys", v, q)
}
