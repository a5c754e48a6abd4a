package emulator

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	tb "github.com/tbgo/thingsboard"
)

// PageLink is a parsed page link: the pageSize, page, textSearch, sortProperty and
// sortOrder query parameters.
type PageLink struct {
	PageSize     int
	Page         int
	TextSearch   string
	SortProperty string
	// SortOrder is "ASC" or "DESC" ("ASC" when only sortProperty is given).
	SortOrder string
}

// ParsePageLink reads the page link of a list request with the server's validation:
// pageSize and page are required integers, pageSize at least 1, page at least 0,
// sortOrder ASC or DESC in any case.
func ParsePageLink(r *http.Request) (PageLink, error) {
	var pl PageLink
	var err error
	if pl.PageSize, err = RequiredIntParam(r, "pageSize"); err != nil {
		return pl, err
	}
	if pl.Page, err = RequiredIntParam(r, "page"); err != nil {
		return pl, err
	}
	if pl.PageSize < 1 {
		return pl, BadRequest("Page size must not be less than one")
	}
	if pl.Page < 0 {
		return pl, BadRequest("Page index must not be less than zero")
	}
	q := r.URL.Query()
	pl.TextSearch = q.Get("textSearch")
	pl.SortProperty = q.Get("sortProperty")
	pl.SortOrder = strings.ToUpper(q.Get("sortOrder"))
	switch pl.SortOrder {
	case "":
		pl.SortOrder = "ASC"
	case "ASC", "DESC":
	default:
		return pl, BadRequest("Unsupported sort order '%s'! Only 'ASC' or 'DESC' types are allowed.", q.Get("sortOrder"))
	}
	return pl, nil
}

// CheckSort returns 400 "Invalid sort property" unless the link's sortProperty is
// empty or one of allowed.
func (pl PageLink) CheckSort(allowed ...string) error {
	if pl.SortProperty == "" || slices.Contains(allowed, pl.SortProperty) {
		return nil
	}
	return BadRequest("Invalid sort property")
}

// RequiredParam returns a required query parameter, or the server's 400 answer when
// it is missing.
func RequiredParam(r *http.Request, name, javaType string) (string, error) {
	q := r.URL.Query()
	if !q.Has(name) {
		return "", BadRequest("Required request parameter '%s' for method parameter type %s is not present", name, javaType)
	}
	return q.Get(name), nil
}

// RequiredIntParam returns a required integer query parameter.
func RequiredIntParam(r *http.Request, name string) (int, error) {
	v, err := RequiredParam(r, name, "int")
	if err != nil {
		return 0, err
	}
	return parseIntParam(name, v, "int")
}

// IntParam returns an optional integer query parameter, def when absent.
func IntParam(r *http.Request, name string, def int64) (int64, error) {
	q := r.URL.Query()
	if !q.Has(name) || q.Get(name) == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(q.Get(name), 10, 64)
	if err != nil {
		return 0, typeMismatch(name, q.Get(name), "long")
	}
	return n, nil
}

func parseIntParam(name, v, javaType string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, typeMismatch(name, v, javaType)
	}
	return n, nil
}

func typeMismatch(name, v, javaType string) error {
	return BadRequest("Method parameter '%s': Failed to convert value of type 'java.lang.String' to required type '%s'; For input string: \"%s\"", name, javaType, v)
}

// PathUUID returns the path wildcard name as a lower-case UUID, or 400/31
// "Invalid UUID string: x".
func PathUUID(r *http.Request, name string) (string, error) {
	return ParseUUID(r.PathValue(name))
}

// ParseUUID validates a UUID string as Java's UUID.fromString does for canonical ids
// and returns it in lower case; otherwise 400/31 "Invalid UUID string: x".
func ParseUUID(s string) (string, error) {
	if !IsUUID(s) {
		return "", BadRequest("Invalid UUID string: %s", s)
	}
	return strings.ToLower(s), nil
}

// IsUUID reports whether s is a canonical 8-4-4-4-12 hexadecimal UUID.
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// entityTypes are the EntityType names the server knows (CE and PE, 4.3).
var entityTypes = map[string]bool{}

func init() {
	for _, t := range strings.Fields(`TENANT CUSTOMER USER DASHBOARD ASSET DEVICE ALARM RULE_CHAIN RULE_NODE ENTITY_VIEW
		WIDGETS_BUNDLE WIDGET_TYPE TENANT_PROFILE DEVICE_PROFILE ASSET_PROFILE API_USAGE_STATE TB_RESOURCE OTA_PACKAGE EDGE
		RPC QUEUE NOTIFICATION_TARGET NOTIFICATION_TEMPLATE NOTIFICATION_REQUEST NOTIFICATION NOTIFICATION_RULE QUEUE_STATS
		OAUTH2_CLIENT DOMAIN MOBILE_APP MOBILE_APP_BUNDLE CALCULATED_FIELD JOB ADMIN_SETTINGS AI_MODEL API_KEY
		ENTITY_GROUP CONVERTER INTEGRATION SCHEDULER_EVENT BLOB_ENTITY ROLE GROUP_PERMISSION`) {
		entityTypes[t] = true
	}
}

// ParseEntityType validates an entity type name as the server's enum does; an
// unknown name gives 400/31 "No enum constant ...".
func ParseEntityType(s string) (tb.EntityType, error) {
	if !entityTypes[s] {
		return "", BadRequest("No enum constant org.thingsboard.server.common.data.EntityType.%s", s)
	}
	return tb.EntityType(s), nil
}

// ParseEntityID validates an entity type name and a UUID.
func ParseEntityID(entityType, id string) (tb.EntityID, error) {
	t, err := ParseEntityType(entityType)
	if err != nil {
		return tb.EntityID{}, err
	}
	u, err := ParseUUID(id)
	if err != nil {
		return tb.EntityID{}, err
	}
	return tb.NewEntityID(t, u), nil
}

// DecodeJSON decodes the request body into v leniently, as Spring does: unknown
// fields are ignored. A missing body or bad JSON gives 400/31.
func DecodeJSON(r *http.Request, v any) error {
	b, err := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	if err != nil {
		return BadRequest("Failed to read request body: %v", err)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return BadRequest("Required request body is missing")
	}
	if err := json.Unmarshal(b, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return BadRequest("JSON parse error: Cannot deserialize value of type `%s` from %s (field %q)", te.Type, te.Value, te.Field)
		}
		return BadRequest("JSON parse error: %v", err)
	}
	return nil
}

// remarshal converts v into out through JSON.
func remarshal(v, out any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}

func sortStrings(s []string) { slices.Sort(s) }

// SearchRecords keeps the records for which some of the fields contains the link's
// textSearch, ignoring case (every record when textSearch is empty).
func SearchRecords(recs []Record, pl PageLink, fields ...string) []Record {
	if pl.TextSearch == "" {
		return recs
	}
	needle := strings.ToLower(pl.TextSearch)
	var out []Record
	for _, r := range recs {
		for _, f := range fields {
			if strings.Contains(strings.ToLower(r.Fields[f]), needle) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// SortRecords sorts records by the link's sortProperty (a field; createdTime and
// other numeric fields compare as numbers, text ignoring case) and sortOrder. Without
// a sortProperty the records keep their order (creation order from the store).
func SortRecords(recs []Record, pl PageLink) {
	if pl.SortProperty == "" {
		return
	}
	prop, desc := pl.SortProperty, pl.SortOrder == "DESC"
	slices.SortStableFunc(recs, func(a, b Record) int {
		c := compareValues(a.Fields[prop], b.Fields[prop])
		if desc {
			return -c
		}
		return c
	})
}

func compareValues(a, b string) int {
	if x, err := strconv.ParseFloat(a, 64); err == nil {
		if y, err := strconv.ParseFloat(b, 64); err == nil {
			return cmp.Compare(x, y)
		}
	}
	return cmp.Or(cmp.Compare(strings.ToLower(a), strings.ToLower(b)), cmp.Compare(a, b))
}

// Paginate returns the page of items the link selects.
func Paginate[T any](items []T, pl PageLink) tb.Page[T] {
	size := max(pl.PageSize, 1)
	total := len(items)
	start := min(pl.Page*size, total)
	end := min(start+size, total)
	data := items[start:end]
	if data == nil {
		data = []T{}
	}
	return tb.Page[T]{Data: data, TotalPages: (total + size - 1) / size, TotalElements: int64(total), HasNext: end < total}
}

// RecordPage searches (in searchFields), sorts and pages records and returns the page
// of their Values, ready for WriteJSON.
func RecordPage(recs []Record, pl PageLink, searchFields ...string) tb.Page[any] {
	recs = SearchRecords(recs, pl, searchFields...)
	recs = slices.Clone(recs)
	SortRecords(recs, pl)
	page := Paginate(recs, pl)
	vals := make([]any, len(page.Data))
	for i, r := range page.Data {
		vals[i] = r.Value
	}
	return tb.Page[any]{Data: vals, TotalPages: page.TotalPages, TotalElements: page.TotalElements, HasNext: page.HasNext}
}
