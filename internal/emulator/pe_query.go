package emulator

import (
	tb "github.com/tbgo/thingsboard"
	"github.com/tbgo/thingsboard/internal/emulator/query"
)

// peQueryEngine gives a query engine the PE permission model and entity groups: the
// caller sees exactly the entities it may read, and the group filters resolve against
// the stored groups. It does nothing in CE mode.
func peQueryEngine(tx *Tx, p *Principal, e *query.Engine) {
	if !isPE(tx) {
		return
	}
	readable := Readable(tx, p)
	e.Visible = func(ent query.Entity) bool {
		rec, ok := tx.Get(ent.ID.ID)
		return ok && readable(rec)
	}
	e.Groups = peGroupResolver{tx}
}

// peGroupResolver lists group members from the store.
type peGroupResolver struct{ tx *Tx }

// GroupMembers returns the ids of the entities in the group.
func (r peGroupResolver) GroupMembers(groupID string) []tb.EntityID {
	g, ok := peGroup(r.tx, groupID)
	if !ok {
		return nil
	}
	recs := peMembers(r.tx, g)
	out := make([]tb.EntityID, len(recs))
	for i, rec := range recs {
		out[i] = rec.ID
	}
	return out
}
