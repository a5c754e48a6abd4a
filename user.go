package thingsboard

// UserService manages users: the current user, user lists, activation links. See Client.Users.
type UserService service
