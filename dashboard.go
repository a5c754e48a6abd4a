package thingsboard

// DashboardService manages dashboards. See Client.Dashboards.
type DashboardService service
