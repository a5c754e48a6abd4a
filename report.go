package thingsboard

// ReportService generates dashboard reports (Professional Edition). See Client.Reports.
type ReportService service
