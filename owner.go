package thingsboard

import (
	"context"
	"net/http"
)

// OwnerService changes the owner of entities (Professional Edition). See Client.Owners.
//
// Devices, assets, entity views, edges, customers, users and dashboards belong to a
// tenant or a customer. Changing the owner moves the entity from the old owner's group
// "All" to the new owner's, and out of the old owner's other groups.
type OwnerService service

// ChangeToTenant makes the tenant tenantID (the caller's own tenant) the owner of the
// entity, and adds it to the tenant's entity groups entityGroupIDs, if any.
//
//tb:operation POST /api/owner/TENANT/{ownerId}/{entityType}/{entityId}
func (s *OwnerService) ChangeToTenant(ctx context.Context, tenantID string, entity EntityID, entityGroupIDs ...string) error {
	return s.change(ctx, "Owners.ChangeToTenant", "TENANT", tenantID, entity, entityGroupIDs)
}

// ChangeToCustomer makes the customer customerID the owner of the entity, and adds it
// to the customer's entity groups entityGroupIDs, if any.
//
//tb:operation POST /api/owner/CUSTOMER/{ownerId}/{entityType}/{entityId}
func (s *OwnerService) ChangeToCustomer(ctx context.Context, customerID string, entity EntityID, entityGroupIDs ...string) error {
	return s.change(ctx, "Owners.ChangeToCustomer", "CUSTOMER", customerID, entity, entityGroupIDs)
}

func (s *OwnerService) change(ctx context.Context, m, ownerType, ownerID string, entity EntityID, groups []string) error {
	if err := checkArgsOf(m, "ownerID", ownerID); err != nil {
		return err
	}
	if err := checkEntityID(m+": entity", entity); err != nil {
		return err
	}
	var body any
	if len(groups) > 0 {
		if err := peCheckIDs(m, "entityGroupIDs", groups); err != nil {
			return err
		}
		body = groups
	}
	p := pathf("/api/owner/"+ownerType+"/%s/%s/%s", ownerID, string(entity.EntityType), entity.ID)
	return s.client.do(ctx, http.MethodPost, p, nil, body, nil)
}
