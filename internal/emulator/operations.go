package emulator

//go:generate go run ./internal/genops -out operations_gen.go

// Operation is one operation of the real ThingsBoard REST API.
type Operation struct {
	// Method is the HTTP verb, Path the path template as the OpenAPI spec writes it,
	// such as "/api/device/{deviceId}".
	Method, Path string
	// ID is the spec's operationId.
	ID string
	// Authority lists the authorities the server allows, comma-separated, when known.
	Authority string
	// PEOnly marks operations that only Professional Edition servers have.
	PEOnly bool
}

// Pattern returns "METHOD /path", the form Server.Handle takes.
func (o Operation) Pattern() string { return o.Method + " " + o.Path }

// Operations returns every operation of the real API (CE and PE), sorted by path.
func Operations() []Operation { return append([]Operation(nil), operations...) }
