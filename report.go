package thingsboard

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
)

// ReportService generates dashboard reports (Professional Edition). See Client.Reports.
//
// The server renders a dashboard with its report server (a headless browser) and
// answers with the file. Rendering takes seconds; give the context enough time.
type ReportService service

// Report file formats, for the Type of ReportParams and DashboardReportConfig.
const (
	ReportPDF  = "pdf"
	ReportPNG  = "png"
	ReportJPEG = "jpeg"
)

// ReportParams say how to render a dashboard report.
type ReportParams struct {
	// Type is the file format: ReportPDF (the default), ReportPNG or ReportJPEG.
	Type string `json:"type,omitzero"`
	// State is the dashboard state to render, as the UI encodes it in the URL.
	State string `json:"state,omitzero"`
	// Timewindow is the UI's JSON time window object; the dashboard's own when nil.
	Timewindow json.RawMessage `json:"timewindow,omitzero"`
	// Timezone is an IANA time zone, such as "Europe/Kiev".
	Timezone string `json:"timezone,omitzero"`
}

// DashboardReportConfig is a full report configuration, as a "generateReport"
// scheduler event holds it.
type DashboardReportConfig struct {
	// BaseURL is the address of the ThingsBoard UI that the report server opens.
	BaseURL     string `json:"baseUrl"`
	DashboardID string `json:"dashboardId"`
	// Type is the file format: ReportPDF, ReportPNG or ReportJPEG.
	Type     string `json:"type"`
	State    string `json:"state,omitzero"`
	Timezone string `json:"timezone"`
	// UseDashboardTimewindow renders with the dashboard's time window instead of Timewindow.
	UseDashboardTimewindow bool            `json:"useDashboardTimewindow"`
	Timewindow             json.RawMessage `json:"timewindow,omitzero"`
	// NamePattern is the file name pattern, such as "report-%d{yyyy-MM-dd_HH:mm:ss}".
	NamePattern string `json:"namePattern"`
	// UserID is the user whose view of the dashboard is rendered.
	UserID string `json:"userId"`
	// UseCurrentUserCredentials renders as the user that calls the server.
	UseCurrentUserCredentials bool `json:"useCurrentUserCredentials,omitzero"`
}

// Download renders the dashboard with the given id as the caller sees it and returns
// the file. params may be nil for a PDF of the dashboard's default state and time
// window.
//
//tb:operation POST /api/report/{dashboardId}/download
func (s *ReportService) Download(ctx context.Context, dashboardID string, params *ReportParams) ([]byte, error) {
	if err := checkArgsOf("Reports.Download", "dashboardID", dashboardID); err != nil {
		return nil, err
	}
	if params == nil {
		params = &ReportParams{}
	}
	var data []byte
	if err := s.client.do(ctx, http.MethodPost, pathf("/api/report/%s/download", dashboardID), nil, params, &data); err != nil {
		return nil, err
	}
	return data, nil
}

// DownloadTest renders a report from a full configuration, as a scheduler event
// would, and returns the file. reportsServerURL, when not empty, is the report server
// to use instead of the server's own (such as "http://localhost:8383").
//
//tb:operation POST /api/report/test
func (s *ReportService) DownloadTest(ctx context.Context, config *DashboardReportConfig, reportsServerURL string) ([]byte, error) {
	if config == nil {
		return nil, errors.New("thingsboard: Reports.DownloadTest: nil config")
	}
	if err := checkArgsOf("Reports.DownloadTest", "DashboardID", config.DashboardID); err != nil {
		return nil, err
	}
	var q url.Values
	if reportsServerURL != "" {
		q = url.Values{"reportsServerEndpointUrl": {reportsServerURL}}
	}
	var data []byte
	if err := s.client.do(ctx, http.MethodPost, "/api/report/test", q, config, &data); err != nil {
		return nil, err
	}
	return data, nil
}
