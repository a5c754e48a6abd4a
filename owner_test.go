package thingsboard

import (
	"context"
	"testing"
)

func ownerCases() []peCase {
	return []peCase{
		{name: "Owners.ChangeToTenant", method: "POST", path: "/api/owner/TENANT/" + peTenant + "/DEVICE/" + peDevice,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Owners.ChangeToTenant(ctx, peTenant, peDeviceID)
			}},
		{name: "Owners.ChangeToCustomer", method: "POST", path: "/api/owner/CUSTOMER/" + peCustomer + "/DEVICE/" + peDevice,
			body: `["` + peGroup + `"]`, model: "List<String>",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Owners.ChangeToCustomer(ctx, peCustomer, peDeviceID, peGroup)
			}},
	}
}

func TestOwnerService(t *testing.T) { runPECases(t, ownerCases()) }
