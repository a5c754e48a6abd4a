package thingsboard

// CustomerService manages customers. See Client.Customers.
type CustomerService service
