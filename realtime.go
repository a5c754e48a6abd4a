package thingsboard

// TelemetryService subscribes to live data over the WebSocket API. See Client.Telemetry.
type TelemetryService struct {
	client *Client
}

func newTelemetryService(c *Client) *TelemetryService { return &TelemetryService{client: c} }
