package thingsboard

import (
	"net/url"
	"strings"
)

// EntityInfo is an entity's id and name.
type EntityInfo struct {
	ID   EntityID `json:"id"`
	Name string   `json:"name"`
}

// NameConflictPolicy says what a save does when the name is taken (4.3+).
type NameConflictPolicy string

// Name conflict policies.
const (
	NameConflictFail     NameConflictPolicy = "FAIL"
	NameConflictUniquify NameConflictPolicy = "UNIQUIFY"
)

// UniquifyStrategy says how NameConflictUniquify makes a name unique.
type UniquifyStrategy string

// Uniquify strategies.
const (
	UniquifyRandom      UniquifyStrategy = "RANDOM"
	UniquifyIncremental UniquifyStrategy = "INCREMENTAL"
)

// EntitySaveOptions are the optional query parameters of saving a device, asset,
// customer or entity view.
type EntitySaveOptions struct {
	// EntityGroupID and EntityGroupIDs add a new entity to entity groups
	// (Professional Edition).
	EntityGroupID  string
	EntityGroupIDs []string
	// NameConflictPolicy, UniquifySeparator (default "_") and UniquifyStrategy
	// handle a name that is already taken (4.3+).
	NameConflictPolicy NameConflictPolicy
	UniquifySeparator  string
	UniquifyStrategy   UniquifyStrategy
}

func (o *EntitySaveOptions) values() url.Values {
	v := url.Values{}
	if o == nil {
		return v
	}
	setIf(v, "entityGroupId", o.EntityGroupID)
	if len(o.EntityGroupIDs) > 0 {
		v.Set("entityGroupIds", strings.Join(o.EntityGroupIDs, ","))
	}
	setIf(v, "nameConflictPolicy", string(o.NameConflictPolicy))
	setIf(v, "uniquifySeparator", o.UniquifySeparator)
	setIf(v, "uniquifyStrategy", string(o.UniquifyStrategy))
	return v
}

func setIf(v url.Values, key, value string) {
	if value != "" {
		v.Set(key, value)
	}
}
