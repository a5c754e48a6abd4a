package thingsboard

import (
	"fmt"
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

// checkEntityID reports an id without a type or a UUID; name says which argument, as in
// "Alarms.ListByEntity: entity".
func checkEntityID(name string, id EntityID) error {
	if strings.TrimSpace(string(id.EntityType)) == "" {
		return fmt.Errorf("thingsboard: %s has no entity type", name)
	}
	if strings.TrimSpace(id.ID) == "" {
		return fmt.Errorf("thingsboard: %s has an empty UUID", name)
	}
	return nil
}

// firstEmpty returns the name of the first blank value of name, value pairs.
func firstEmpty(args []string) (string, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		if strings.TrimSpace(args[i+1]) == "" {
			return args[i], true
		}
	}
	return "", false
}

func errEmptyArg(name string) error {
	return fmt.Errorf("thingsboard: %s must not be empty", name)
}

// checkArgs returns an error for the first empty value; args are name, value pairs.
func checkArgs(args ...string) error {
	if name, ok := firstEmpty(args); ok {
		return errEmptyArg(name)
	}
	return nil
}

// checkArgsOf is checkArgs with the calling method named in the message, as in
// "thingsboard: EntityGroups.Get: empty entityGroupID".
func checkArgsOf(method string, args ...string) error {
	if name, ok := firstEmpty(args); ok {
		return fmt.Errorf("thingsboard: %s: empty %s", method, name)
	}
	return nil
}
