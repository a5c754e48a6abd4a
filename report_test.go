package thingsboard

import (
	"context"
	"encoding/json"
	"testing"
)

func TestReportService(t *testing.T) {
	pdf := "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
	runPEFCases(t, []pefCase{
		{name: "Download", method: "POST", path: "/api/report/" + pefDashboard + "/download",
			body:  `{"type": "pdf", "state": "W3siaWQiOiJkZWZhdWx0In1d", "timezone": "Europe/Kiev", "timewindow": {"selectedTab": 0, "realtime": {"timewindowMs": 60000}}}`,
			ctype: "application/pdf", answer: pdf,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Reports.Download(ctx, pefDashboard, &ReportParams{Type: ReportPDF, State: "W3siaWQiOiJkZWZhdWx0In1d",
					Timezone: "Europe/Kiev", Timewindow: json.RawMessage(`{"selectedTab":0,"realtime":{"timewindowMs":60000}}`)})
			},
			want: []byte(pdf)},
		{name: "Download defaults", method: "POST", path: "/api/report/" + pefDashboard + "/download", body: `{}`,
			ctype: "image/png", answer: "\x89PNG\r\n\x1a\n",
			call: func(ctx context.Context, c *Client) (any, error) { return c.Reports.Download(ctx, pefDashboard, nil) },
			want: []byte("\x89PNG\r\n\x1a\n")},
		{name: "DownloadTest", method: "POST", path: "/api/report/test",
			query: map[string]string{"reportsServerEndpointUrl": "http://localhost:8383"},
			body: `{"baseUrl": "https://iot.acme.com", "dashboardId": "` + pefDashboard + `", "type": "jpeg", "timezone": "UTC",
				"useDashboardTimewindow": true, "namePattern": "report-%d{yyyy-MM-dd_HH:mm:ss}", "userId": "` + pefUser + `",
				"useCurrentUserCredentials": true}`,
			ctype: "image/jpeg", answer: "\xff\xd8\xff\xe0",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Reports.DownloadTest(ctx, &DashboardReportConfig{
					BaseURL: "https://iot.acme.com", DashboardID: pefDashboard, Type: ReportJPEG, Timezone: "UTC",
					UseDashboardTimewindow: true, NamePattern: "report-%d{yyyy-MM-dd_HH:mm:ss}", UserID: pefUser,
					UseCurrentUserCredentials: true,
				}, "http://localhost:8383")
			},
			want: []byte("\xff\xd8\xff\xe0")},
		{name: "DownloadTest on the server's report server", method: "POST", path: "/api/report/test",
			body: `{"baseUrl": "https://iot.acme.com", "dashboardId": "` + pefDashboard + `", "type": "pdf", "state": "s",
				"timezone": "UTC", "useDashboardTimewindow": false, "timewindow": {"history": {"timewindowMs": 3600000}},
				"namePattern": "r", "userId": "` + pefUser + `"}`,
			ctype: "application/pdf", answer: pdf,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Reports.DownloadTest(ctx, &DashboardReportConfig{
					BaseURL: "https://iot.acme.com", DashboardID: pefDashboard, Type: ReportPDF, State: "s", Timezone: "UTC",
					Timewindow: json.RawMessage(`{"history":{"timewindowMs":3600000}}`), NamePattern: "r", UserID: pefUser,
				}, "")
			},
			want: []byte(pdf)},
	})
}

func TestReportInputValidation(t *testing.T) {
	c := pefNoRequest(t)
	ctx := t.Context()
	_, err := c.Reports.Download(ctx, "", nil)
	pefWantErr(t, "Download", err, "empty dashboardID")
	_, err = c.Reports.DownloadTest(ctx, nil, "")
	pefWantErr(t, "DownloadTest nil", err, "nil config")
	_, err = c.Reports.DownloadTest(ctx, &DashboardReportConfig{BaseURL: "x"}, "")
	pefWantErr(t, "DownloadTest dashboard", err, "empty DashboardID")
}
