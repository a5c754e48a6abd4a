package thingsboard

// CustomMenuService manages custom menus (Professional Edition). See Client.CustomMenus.
type CustomMenuService service
