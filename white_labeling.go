package thingsboard

// WhiteLabelingService reads and writes white-labeling parameters (Professional Edition). See Client.WhiteLabeling.
type WhiteLabelingService service
