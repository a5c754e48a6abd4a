package thingsboard

// WidgetService manages widget bundles and widget types. See Client.Widgets.
type WidgetService service
