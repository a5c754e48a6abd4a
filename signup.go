package thingsboard

// SignupService handles self sign-up (Professional Edition). See Client.Signup.
type SignupService service
