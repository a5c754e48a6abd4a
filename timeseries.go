package thingsboard

// TimeseriesService reads, writes and deletes time series over REST. See Client.Timeseries.
type TimeseriesService service
