package thingsboard

// BlobEntityService reads blob entities such as generated reports (Professional Edition). See Client.BlobEntities.
type BlobEntityService service
